"""The case's reflection and recovery period as the case view shows it: the period
(domain/reflection.py) and, as of today in Kosovo when read, whether it runs and the
days left. Every field is non-identifying (codes, dates, numbers)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import msgspec
from msgspec import Meta

from domain.local_time import local_date
from domain.reflection import ReflectionBasis, ReflectionEndReason, ReflectionPeriod

Day = Annotated[date, Meta(description="a day (Kosovo's calendar)", examples=["2026-03-02"])]


class ReflectionPeriodView(msgspec.Struct, frozen=True):
    """The case's reflection and recovery period (the latest): a clock, not a stage;
    nothing waits for it (docs/domain.md, "Reflection and recovery period")."""

    legal_basis: Annotated[
        ReflectionBasis,
        Meta(description="the legal basis it was given under", examples=["kosovo_sop"]),
    ]
    started_on: Day
    length_days: Annotated[
        int, Meta(ge=0, description="its length when it started, in days", examples=[90])
    ]
    ends_on: Annotated[
        date, Meta(description="the day it ends, extensions included", examples=["2026-05-31"])
    ]
    extended: Annotated[bool, Meta(description="whether it was extended", examples=[False])]
    extended_by_days: Annotated[
        int, Meta(ge=0, description="days added by extensions, in all", examples=[0])
    ]
    ended_early: Annotated[
        bool, Meta(description="whether it ended before its end date", examples=[False])
    ]
    ended_on: Annotated[
        date | None,
        Meta(description="the day it ended early; null unless it did", examples=[None]),
    ]
    end_reason: Annotated[
        ReflectionEndReason | None,
        Meta(description="why it ended early; null unless it did", examples=[None]),
    ]
    running: Annotated[
        bool, Meta(description="whether it runs today (Kosovo's day when read)", examples=[True])
    ]
    days_left: Annotated[
        int | None,
        Meta(
            description="days from today to its end while it runs; null once ended",
            examples=[41],
        ),
    ]


def reflection_view(
    period: ReflectionPeriod | None, today: date | None = None
) -> ReflectionPeriodView | None:
    """The period as shown `today` (Kosovo's day now when not given); None without one."""
    if period is None:
        return None
    day = today if today is not None else local_date(datetime.now(UTC))
    return ReflectionPeriodView(
        period.legal_basis,
        period.started_on,
        period.length_days,
        period.ends_on,
        period.extensions > 0,
        period.extended_by_days,
        period.ended_early,
        period.ended_on,
        period.end_reason,
        period.running_on(day),
        period.days_left_on(day),
    )
