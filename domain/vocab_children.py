"""Controlled vocabularies of children (issue 14, section 4): age estimates, guardian
appointments, best interests.

Where IOM's Human Trafficking Case Data Standard (HTCDS 2.0) has the field, the
enum values are its picklist value names, spelled exactly as in
`shared/reference/htcds-field-standards-2.0.csv` (the HTCDS field is named in
each docstring). The rest follow the sources in the brief (Primero, HMIS).
Gathered, with the other areas', by domain/vocab.py.
"""

from enum import StrEnum


class AgeEstimateMethod(StrEnum):
    """How a person's age was estimated when no birth date is known or it is in doubt
    (UNHCR Best Interests Procedure Guidelines 2021; CoE Convention art. 10(3))."""

    IDENTITY_DOCUMENT = "identity_document"
    MEDICAL_EXAMINATION = "medical_examination"
    INTERVIEW = "interview"
    SELF_DECLARED = "self_declared"
    OTHER = "other"


class GuardianAppointedBy(StrEnum):
    """Who appointed a minor's guardian: in Kosovo the Centre for Social Work is the
    guardianship authority (Law No. 2004/32 on Family; Law on Social and Family
    Services); a court may decide it; other (e.g. a parent, guardian by law)."""

    CENTRE_FOR_SOCIAL_WORK = "centre_for_social_work"
    COURT = "court"
    OTHER = "other"


class BestInterestsDecision(StrEnum):
    """The key decision about a child a best-interests assessment is made for."""

    PLACEMENT = "placement"  # admission to a shelter, other care
    RETURN = "return"  # to the family, or to the country of origin
    OTHER = "other"


class BestInterestsParticipant(StrEnum):
    """Who took part in a best-interests assessment (by role, never by name)."""

    CHILD = "child"
    GUARDIAN = "guardian"
    CASEWORKER = "caseworker"
    CENTRE_FOR_SOCIAL_WORK = "centre_for_social_work"
    PSYCHOLOGIST = "psychologist"
    LAWYER = "lawyer"
    INTERPRETER = "interpreter"
    OTHER = "other"


class AgeBasis(StrEnum):
    """What a beneficiary's age (and so the day they turn 18) is derived from: the birth
    date when known, else the latest age estimate, else the age at identification."""

    BIRTH_DATE = "birth_date"
    AGE_ESTIMATE = "age_estimate"
    AGE_AT_IDENTIFICATION = "age_at_identification"
