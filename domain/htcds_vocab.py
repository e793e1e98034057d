"""HTCDS 2.0 picklists of a person's background (issue 15): values as HTCDS names them,
so exports carry them as they are. Kept apart from domain/vocab.py."""

from __future__ import annotations

from enum import StrEnum


class MaritalStatus(StrEnum):
    """HTCDS prs_MaritalStatus."""

    SINGLE = "Single"
    MARRIED = "Married"
    WIDOWED = "Widowed"
    DIVORCED = "Divorced"
    SEPARATED = "Separated"
    REGISTERED_PARTNERSHIP = "RegisteredPartnership"


class EducationLevel(StrEnum):
    """HTCDS prs_HighestLevelOfEducation: the ISCED 2011 levels 0 to 8."""

    EARLY_CHILDHOOD = "EarlyChildhoodEducation"
    PRIMARY = "PrimaryEducation"
    LOWER_SECONDARY = "LowerSecondaryEducation"
    UPPER_SECONDARY = "UpperSecondaryEducation"
    POST_SECONDARY_NON_TERTIARY = "PostSecondaryNonTertiaryEducation"
    SHORT_CYCLE_TERTIARY = "ShortCycleTertiaryEducation"
    BACHELORS = "BachelorsOrEquivalentLevel"
    MASTERS = "MastersOrEquivalentLevel"
    DOCTORAL = "DoctoralOrEquivalentLevel"


class CaseStatus(StrEnum):
    """HTCDS cas_Status, derived from a case's stage (projections/htcds_export.py)."""

    ACTIVE = "Active"
    FOLLOW_UP = "FollowUp"
    CLOSED = "Closed"
    CLOSED_REFERRED = "ClosedReferred"
