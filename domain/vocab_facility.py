"""Controlled vocabularies of facilities: shelter stays and the day rehabilitation
centre (issue 14, section 5).

Where IOM's Human Trafficking Case Data Standard (HTCDS 2.0) has the field, the
enum values are its picklist value names, spelled exactly as in
`shared/reference/htcds-field-standards-2.0.csv` (the HTCDS field is named in
each docstring). The rest follow the sources in the brief (Primero, HMIS).
Gathered, with the other areas', by domain/vocab.py.
"""

from enum import StrEnum


class FacilityKind(StrEnum):
    """A shelter (residents stay the night) or a day rehabilitation centre."""

    SHELTER = "shelter"
    DAY_REHABILITATION_CENTRE = "day_rehabilitation_centre"


class DischargeReason(StrEnum):
    """Why a shelter stay ended."""

    COMPLETED_PROGRAMME = "completed_programme"
    LEFT_VOLUNTARILY = "left_voluntarily"
    MOVED_FOR_SAFETY = "moved_for_safety"
    REPATRIATED = "repatriated"
    RULES_BREACHED = "rules_breached"
    DECEASED = "deceased"
    OTHER = "other"


class ExitDestination(StrEnum):
    """Where a resident went on discharge (after HMIS exit destinations)."""

    FAMILY = "family"
    INDEPENDENT_LIVING = "independent_living"
    OTHER_SHELTER = "other_shelter"
    STATE_SECURITY_FACILITY = "state_security_facility"
    FOSTER_OR_INSTITUTIONAL_CARE = "foster_or_institutional_care"
    COUNTRY_OF_ORIGIN = "country_of_origin"
    HOSPITAL = "hospital"
    UNKNOWN = "unknown"


class DayCentreActivity(StrEnum):
    """What a day-centre session is (PVPT's long-term rehabilitation programme)."""

    VOCATIONAL_COURSE = "vocational_course"
    EDUCATION = "education"
    PSYCHOSOCIAL_GROUP = "psychosocial_group"
    INDIVIDUAL_COUNSELLING = "individual_counselling"
    CREATIVE_OCCUPATIONAL = "creative_occupational"
    LIFE_SKILLS = "life_skills"


class AttendanceStatus(StrEnum):
    """A participant's attendance at one session."""

    ATTENDED = "attended"
    ABSENT = "absent"
    EXCUSED = "excused"


class EnrolmentEndReason(StrEnum):
    """Why a day-centre enrolment ended."""

    COMPLETED = "completed"
    LEFT = "left"
    MOVED = "moved"
    OTHER = "other"
    WITHDREW_CONSENT = "withdrew_consent"  # day centre fixes: the services consent withdrawn
