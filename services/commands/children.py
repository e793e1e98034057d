"""Commands about a child: an age estimate, and a best-interests assessment before a key
decision (placement, return). The guardian's appointment is AppointGuardian
(services/commands/beneficiary.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

import msgspec

from domain.beneficiary import Beneficiary
from domain.checks.person import MAX_AGE
from domain.vocab import AgeEstimateMethod, BestInterestsDecision, BestInterestsParticipant
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text


class EstimateAge(RecordCommand, frozen=True):
    """Record an estimate of the person's age, and how it was made, when no birth date is
    known or it is in doubt. The latest estimate decides who is a minor on each day until a
    birth date is recorded; in doubt, the person is presumed a child."""

    target: ClassVar[type[Beneficiary]] = Beneficiary
    age_years: Annotated[
        int,
        msgspec.Meta(
            ge=0, le=MAX_AGE, description="The estimated age in whole years.", examples=[16]
        ),
    ]
    method: Annotated[
        AgeEstimateMethod,
        msgspec.Meta(
            description="How it was estimated: identity_document, medical_examination, "
            "interview, self_declared or other.",
            examples=["medical_examination"],
        ),
    ]
    estimated_on: Annotated[FieldDate, day_of("of the estimate")] = None

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.estimate_age(self.age_years, self.method, self.estimated_on, actor=actor, at=at)


class AssessBestInterests(Command, frozen=True):
    """Record a best-interests assessment of the child (under 18 on the day) before a key
    decision: a child is admitted to a shelter only after one for `placement`; a return,
    after one for `return` (UNHCR Best Interests Procedure Guidelines 2021; CoE
    Convention art. 10 and 16(7))."""

    decision: Annotated[
        BestInterestsDecision,
        msgspec.Meta(
            description="The decision it is made for: placement (in a shelter or other care), "
            "return (to the family or the country of origin) or other.",
            examples=["placement"],
        ),
    ]
    recommendation: Annotated[
        str,
        free_text(
            "What the assessment recommends and why, in staff's words (personal data)",
            "Placement in the PVPT shelter; the aunt's home is not yet safe.",
            most=5000,
        ),
    ]
    child_heard: Annotated[
        bool,
        msgspec.Meta(
            description="Whether the child's views were heard and taken into account; "
            "true when `child` is among the participants (false is refused then).",
            examples=[True],
        ),
    ]
    participants: Annotated[
        tuple[BestInterestsParticipant, ...],
        msgspec.Meta(
            description="Who took part, by role (never by name); at least one.",
            examples=[["child", "guardian", "caseworker", "centre_for_social_work"]],
        ),
    ]
    assessed_on: Annotated[
        FieldDate, day_of("of the assessment", also="nor before the referral")
    ] = None
