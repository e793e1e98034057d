"""Commands on a case's reflection and recovery period (domain/parts/case_reflection.py).

Starting one needs the installation's length for its legal basis, which the domain
does not read itself: `StartReflectionPeriod` has a workflow (services/reflection_workflows.py)
that hands it the days. Extending and ending need nothing but the case.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar

import msgspec

from domain.case import Case
from domain.reflection import ReflectionBasis, ReflectionEndReason
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text


class StartReflectionPeriod(Command, frozen=True):
    """Start a reflection and recovery period on the case, where the law gives one: it
    runs for the days its legal basis gives (docs/domain.md, "Reflection and recovery
    period"; an installation may set other lengths). One period at a time, on an open
    case. It moves no stage and gates nothing: assistance never waits for it, nor for
    the person's cooperation with the prosecution."""

    legal_basis: Annotated[
        ReflectionBasis,
        msgspec.Meta(
            description="The legal basis: kosovo_sop (90 days), law_04_l_218 (30), "
            "law_on_foreigners (30, a foreign victim), coe_convention_art_13 (30, the "
            "minimum); the installation's lengths may differ. legacy_screening is kept for "
            "periods stored before and is refused here.",
            examples=["kosovo_sop"],
        ),
    ]
    started_on: Annotated[
        FieldDate,
        day_of(
            "the period started",
            also="nor before the referral, nor before the end of a previous period",
        ),
    ] = None


class ExtendReflectionPeriod(RecordCommand, frozen=True):
    """Extend the running reflection period, by a number of days or to a new end date
    (one of them), saying why. Only a case manager may: the case manager who runs it is
    recorded as the one who approved the extension (`approved_by`)."""

    target: ClassVar[type[Case]] = Case

    reason: Annotated[
        str,
        free_text(
            "Why the period is extended",
            "Still in treatment after the hospital stay; not ready to decide.",
        ),
    ]

    extra_days: (
        Annotated[
            int,
            msgspec.Meta(
                ge=1,
                le=365,
                description="Days to add to the current end; or give new_end instead.",
                examples=[30],
            ),
        ]
        | None
    ) = None
    new_end: Annotated[
        date | None,
        msgspec.Meta(
            description="The new end date, after the current one; or give extra_days instead.",
            examples=["2026-07-01"],
        ),
    ] = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.extend_reflection_period(
            self.reason, actor, self.extra_days, self.new_end, actor=actor, at=at
        )


class EndReflectionPeriod(RecordCommand, frozen=True):
    """End the reflection period before its end date: the person decided to cooperate
    with the authorities, left the programme, declined assistance, or another reason.
    Ending it changes nothing else: services go on."""

    target: ClassVar[type[Case]] = Case

    reason: Annotated[
        ReflectionEndReason,
        msgspec.Meta(
            description="Why it ended early: decided_to_cooperate, left_programme, "
            "declined_assistance or other.",
            examples=["decided_to_cooperate"],
        ),
    ]
    ended_on: Annotated[FieldDate, day_of("the period ended", also="nor outside the period")] = None
    details: (
        Annotated[
            str,
            free_text(
                "What happened, in staff's words",
                "Gave a statement to the police on her own wish.",
                optional=True,
            ),
        ]
        | None
    ) = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.end_reflection_period(self.reason, self.ended_on, self.details, actor=actor, at=at)
