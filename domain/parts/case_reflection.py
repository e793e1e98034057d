"""The reflection and recovery period of a case, as a clock (domain/reflection.py):
started under a legal basis for the days that basis gives, extended with a reason and
a case manager's approval, ended early. It is not a stage: the case's stage does not
change, and no other command waits for it or is refused because of it.

Closing the case (screened out, or an approved closure) ends a period not yet over:
`ReflectionPeriodEnded` with reason case_closed, recorded with the closure, so the
history says when and why it stopped, reopening does not restart it, and nothing is
due for it any more.

Rules: one period at a time (a new one starts on or after the last day of the one
before), only on an open case; an extension only while the period runs (today within
it and not ended early), to a later end; an early end once, within the period.

A part of `Case` (domain/case.py), which holds the events these commands record.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol

from domain import checks
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.errors import DateOutsideWindow, InvalidInput, RuleViolated
from domain.local_time import local_date
from domain.parts.case_state import CaseState
from domain.reflection import (
    STARTABLE,
    ReflectionBasis,
    ReflectionEndReason,
    ReflectionPeriod,
    end_of,
)

# The most one extension adds, asked by days (extra_days) or by date (new_end); longer
# needs a new decision after this one (the command's `extra_days` has the same bound).
MAX_EXTENSION_DAYS = 365


class _HasPeriod(Protocol):
    reflection: ReflectionPeriod | None


class Reflection:
    """The reflection period commands of a case, and their events. The events are
    declared here and become `Case.ReflectionPeriodStarted` (and so on): eventsourcing
    redefines a base's events on the aggregate class, so their topics are the case's
    (`domain.case:Case.ReflectionPeriodStarted`), as if nested in domain/case.py."""

    class ReflectionPeriodStarted(JourneyAggregate.Event):
        legal_basis: ReflectionBasis
        started_on: date
        length_days: int
        ends_on: date

        def apply(self, case: _HasPeriod) -> None:
            case.reflection = ReflectionPeriod(
                self.legal_basis, self.started_on, self.length_days, self.ends_on
            )

    class ReflectionPeriodExtended(JourneyAggregate.Event):
        ends_on: date  # the new end
        extended_by_days: int
        reason: str
        approved_by: str

        def apply(self, case: _HasPeriod) -> None:
            assert case.reflection is not None  # only a running period is extended
            case.reflection = case.reflection.extended_to(self.ends_on, self.extended_by_days)

    class ReflectionPeriodEnded(JourneyAggregate.Event):
        """Ended early: before its end date."""

        ended_on: date
        reason: ReflectionEndReason
        details: str | None

        def apply(self, case: _HasPeriod) -> None:
            assert case.reflection is not None  # only a period not yet ended ends
            case.reflection = case.reflection.ended(self.ended_on, self.reason)

    def start_reflection_period(
        self: CaseState,
        legal_basis: ReflectionBasis,
        length_days: int,
        started_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Start a period of `length_days` (what `legal_basis` gives, as the installation
        sets it) on `started_on` (today when not stated), not before the referral."""
        self.require_open("start a reflection period")
        if legal_basis not in STARTABLE:
            raise InvalidInput("legal_basis", f"{legal_basis.value} is kept for stored periods")
        if length_days < 1:
            raise InvalidInput("length_days", f"{length_days} is not a number of days")
        day = field_dates.stated(
            "started_on",
            started_on,
            at,
            not_before=self.referral.referred_on,
            depends_on=f"the referral of {self.label}",
        )
        _check_no_period_on(self.label, self.reflection, day)
        ends = end_of(day, length_days)
        self._record(
            self.ReflectionPeriodStarted,
            actor,
            at,
            legal_basis=legal_basis,
            started_on=day,
            length_days=length_days,
            ends_on=ends,
        )

    def extend_reflection_period(
        self: CaseState,
        reason: str,
        approved_by: str,
        extra_days: int | None = None,
        new_end: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Extend the running period by `extra_days` or to `new_end` (one of them)."""
        self.require_open("extend its reflection period")
        period = _running_period(self.label, self.reflection, at.date())
        reason = checks.text("reason", reason, max_length=2000)
        approver = checks.text("approved_by", approved_by, max_length=100)
        ends = _new_end(period.ends_on, extra_days, new_end)
        self._record(
            self.ReflectionPeriodExtended,
            actor,
            at,
            ends_on=ends,
            extended_by_days=(ends - period.ends_on).days,
            reason=reason,
            approved_by=approver,
        )

    def _end_reflection_with_closure(
        self: CaseState, closed_on: date | None, *, actor: str, at: datetime
    ) -> None:
        """Called by each command that closes the case, before its closing event."""
        end_with_closure(self, closed_on, actor=actor, at=at)

    def end_reflection_period(
        self: CaseState,
        reason: ReflectionEndReason,
        ended_on: date | None = None,
        details: str | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """End the period early on `ended_on` (today when not stated), within it."""
        self.require_open("end its reflection period")
        if reason is ReflectionEndReason.CASE_CLOSED:
            raise InvalidInput("reason", f"{reason} is recorded by closing the case")
        period = self.reflection
        if period is None:
            raise _no_period(self.label)
        if period.ended_early:
            raise RuleViolated(
                f"{self.label}'s reflection period ended on {period.ended_on}",
                rule="reflection_ended",
            )
        details = checks.optional_text("details", details)
        day = field_dates.stated(
            "ended_on",
            ended_on,
            at,
            not_before=period.started_on,
            depends_on=f"the start of {self.label}'s reflection period",
        )
        if day > period.ends_on:
            window = (period.started_on, period.ends_on)
            raise DateOutsideWindow("ended_on", day, window, "the reflection period")
        self._record(
            self.ReflectionPeriodEnded, actor, at, ended_on=day, reason=reason, details=details
        )


def end_with_closure(case: CaseState, closed_on: date | None, *, actor: str, at: datetime) -> None:
    """Closing the case on `closed_on` (the day of `at` in Kosovo when None) ends a
    period not yet over then: recorded as ended (reason case_closed) on that day, not
    before its start, just before the closure's own event. A period that ran out, or
    ended early, before is left as it is."""
    period = case.reflection
    if period is None or period.ended_early:
        return
    closed_on = local_date(at) if closed_on is None else closed_on
    if closed_on > period.ends_on:
        return
    case._record(
        case.ReflectionPeriodEnded,
        actor,
        at,
        ended_on=max(closed_on, period.started_on),
        reason=ReflectionEndReason.CASE_CLOSED,
        details=None,
    )


def _check_no_period_on(label: str, period: ReflectionPeriod | None, day: date) -> None:
    if period is not None and day < period.last_day:
        raise RuleViolated(
            f"{label} has a reflection period until {period.last_day}; one period runs at a time",
            rule="reflection_running",
        )


def _running_period(label: str, period: ReflectionPeriod | None, today: date) -> ReflectionPeriod:
    if period is None:
        raise _no_period(label)
    if not period.running_on(today):
        raise RuleViolated(
            f"{label}'s reflection period is not running (it ran {period.started_on} to "
            f"{period.last_day}); only a running period is extended",
            rule="reflection_not_running",
        )
    return period


def _no_period(label: str) -> RuleViolated:
    return RuleViolated(f"{label} has no reflection period", rule="no_reflection_period")


def _new_end(ends_on: date, extra_days: int | None, new_end: date | None) -> date:
    """The end an extension asks for, by days or by date: one check for both, 1 to
    MAX_EXTENSION_DAYS days after the current end, refused naming the field given."""
    if (extra_days is None) == (new_end is None):
        raise InvalidInput("extra_days", "give extra_days or new_end, one of them")
    field, asked = (
        ("extra_days", ends_on + timedelta(days=extra_days))
        if extra_days is not None
        else ("new_end", new_end)
    )
    assert asked is not None  # one of the two, checked above
    days = (asked - ends_on).days
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise InvalidInput(
            field,
            f"an extension adds 1 to {MAX_EXTENSION_DAYS} days to the period's end on "
            f"{ends_on}; {field} asks {days}",
        )
    return asked
