"""Children: who is a minor on a given day, the guardian's appointment, the renewal of a
guardian's consent, and the best-interests assessment recorded before a key decision.

A person is a minor until the day they turn 18 (`ADULT_AGE`); that day is derived, in
this order of evidence (`AgeBasis`):

1. the birth date (personal data, sealed; known while not erased): the 18th birthday
   (someone born on 29 February turns 18 on 28 February of a common year);
2. else the latest age estimate (`AgeEstimate`, with its method): an estimated age A
   on day E counts as having just turned A then, so 18 falls (18 - A) years after E.
   Where age is uncertain the person is presumed a child (CoE Convention on Action
   against Trafficking art. 10(3); UNHCR Best Interests Procedure Guidelines 2021):
   the latest plausible 18th birthday is the one taken;
3. else the age at identification, the same way, on the day the person was registered.

A guardian's consent on behalf of a child must be renewed (`consent_renew_by`) twelve
months after it was given, whatever the child's age. Not by the 18th birthday, nor by
its month: a renewal date is non-identifying (stored in the clear, read by the due list
and shown to auditors), and a day or month derived from the birth date would give it
away (a month and year of birth narrow a small population down to a few people). When
the child turns 18 the person consents themselves; the caseworker, who sees the day
they turn 18 (`child.adult_on`), asks them then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from domain.checks.field_dates import add_months
from domain.described import Described
from domain.vocab import (
    AgeBasis,
    AgeEstimateMethod,
    BestInterestsDecision,
    BestInterestsParticipant,
    GuardianAppointedBy,
)

ADULT_AGE = 18
GUARDIAN_CONSENT_MONTHS = 12  # a guardian's consent is renewed at least yearly


@dataclass(frozen=True)
class AgeEstimate:
    """An estimate of the person's age in years, with how and when it was made."""

    age_years: Annotated[int, Described("The estimated age in whole years (0 to 120).", 16)]
    method: Annotated[
        AgeEstimateMethod,
        Described(
            "How it was estimated: identity_document, medical_examination, interview, "
            "self_declared or other.",
            "interview",
        ),
    ]
    estimated_on: Annotated[date, Described("The day of the estimate.", "2026-03-04")]


@dataclass(frozen=True)
class GuardianAppointment:
    """Who appointed the guardian, on which day, under which decision."""

    appointed_by: Annotated[
        GuardianAppointedBy,
        Described(
            "centre_for_social_work (Kosovo's guardianship authority), court, or other.",
            "centre_for_social_work",
        ),
    ]
    appointed_on: Annotated[date, Described("The day of the appointment.", "2026-03-03")]
    reference: Annotated[
        str | None,
        Described("The decision's number; null when none was recorded.", "QPS-PR-2026-041"),
    ] = None


@dataclass(frozen=True)
class BestInterestsAssessment:
    """A best-interests assessment of a child, made before a key decision."""

    number: Annotated[int, Described("Its number within the case: 1, 2, ... (never reused).", 1)]
    decision: Annotated[
        BestInterestsDecision,
        Described("The decision it was made for: placement, return or other.", "placement"),
    ]
    assessed_on: Annotated[date, Described("The day of the assessment.", "2026-03-04")]
    recommendation: Annotated[
        str,
        Described(
            "What the assessment recommends, and why, in staff's words (personal).",
            "Placement in the PVPT shelter; the aunt's home is not yet safe.",
        ),
    ]
    child_heard: Annotated[
        bool, Described("Whether the child's views were heard and taken into account.", True)
    ]
    participants: Annotated[
        tuple[BestInterestsParticipant, ...],
        Described("Who took part, by role.", ["child", "guardian", "centre_for_social_work"]),
    ]
    assessed_by: Annotated[
        str, Described("User name of the staff member who recorded it.", "besa.krasniqi")
    ]


def adult_from(age_years: int, on: date) -> date:
    """The day someone aged `age_years` on day `on` turns 18, taking them to have just
    turned that age then (the latest plausible day)."""
    return add_months(on, (ADULT_AGE - age_years) * 12)


def adult_on_birthday(birth_date: date) -> date:
    return add_months(birth_date, ADULT_AGE * 12)


def age_basis(birth_date: date | None, estimate: AgeEstimate | None) -> AgeBasis:
    if birth_date is not None:
        return AgeBasis.BIRTH_DATE
    if estimate is not None:
        return AgeBasis.AGE_ESTIMATE
    return AgeBasis.AGE_AT_IDENTIFICATION


def consent_renew_by(given_on: date) -> date:
    """When a guardian's consent given on `given_on` is to be renewed (module docstring)."""
    return add_months(given_on, GUARDIAN_CONSENT_MONTHS)
