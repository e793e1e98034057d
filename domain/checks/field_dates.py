"""Field dates: when something happened, as staff state it, apart from when it was recorded.

Staff write things up after they happen (a follow-up visit days later, a paper file
months later). A command that records something that happened in the field takes
the date it happened, optional, defaulting to the command's today (the Kosovo date
of `at`); the event keeps that date in a field of its own while its `timestamp`
stays the moment the command was decided. A stated date is never after today
(`DateInFuture`) nor before the date of what it depends on (`DateTooEarly`).

Events stored before a field date existed are upcast: their field date is the
Kosovo day of their timestamp, the day they were recorded (`recorded_day`).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from domain.errors import DateInFuture, DateTooEarly, InvalidInput
from domain.local_time import local_date


def stated(
    field: str,
    value: date | None,
    at: datetime,
    *,
    not_before: date | None = None,
    depends_on: str = "",
) -> date:
    """The date something happened: `value`, or today when not stated; refused when
    after today or before `not_before` (the date of `depends_on`)."""
    today = at.date()
    day = today if value is None else value
    if day > today:
        raise DateInFuture(field, day, today)
    if not_before is not None and day < not_before:
        raise DateTooEarly(field, day, not_before, depends_on)
    return day


def not_too_far_ahead(field: str, day: date, at: datetime, months: int) -> date:
    """A planned date (a hearing, an organisation's first day): ahead is fine, but not
    more than `months` calendar months after today (a far-future day is a typing
    mistake, like 2999 for 2029)."""
    today = at.date()
    limit = add_months(today, months)
    if day > limit:
        raise InvalidInput(
            field, f"{day.isoformat()} is more than {months} months ahead (today is {today})"
        )
    return day


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), clamped to the
    month's last day: 31 January + 1 month is 28 (or 29) February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def recorded_day(state: dict[str, Any]) -> str:
    """For an upcast: the Kosovo day of a stored event's timestamp, as ISO text."""
    return local_date(datetime.fromisoformat(state["timestamp"])).isoformat()


def upcast_to_recorded_day(field: str) -> Callable[[dict[str, Any]], None]:
    """An event's `upcast_v1_v2`: fill in `field`, a field date added in v2, with the
    day the event was recorded."""

    def upcast(state: dict[str, Any]) -> None:
        state[field] = recorded_day(state)

    return staticmethod(upcast)
