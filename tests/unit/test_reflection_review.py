"""Review of issue 14, items 10, 11 and 18 (domain): an extension is bounded however it
is asked, closing the case ends its reflection period, and how a period's days are
counted. Given events -> when command -> then events, or the named refusal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.case import Case
from domain.local_time import local_date
from domain.parts.case_reflection import MAX_EXTENSION_DAYS
from domain.reflection import ReflectionBasis, ReflectionEndReason, ReflectionPeriod, end_of
from domain.vocab import ApprovalSubject, ClosureReason, Stage
from tests.unit.dsl import then, when
from tests.unit.test_case import (
    LATER,
    MANAGER,
    NO_REFERRAL,
    OUT,
    WORKER,
    Command,
    case_in,
    refused_input,
    refused_rule,
)
from tests.unit.test_case_reflection import START, end, extend, started

CLOSED = ReflectionEndReason.CASE_CLOSED


def screened_out(on: date | None = None) -> Command:
    return lambda c: c.screen_out(
        OUT, "too little to say", no_referral_reason=NO_REFERRAL, screened_on=on,
        actor=WORKER, at=LATER,
    )  # fmt: skip


def closure_requested() -> Command:
    return lambda c: c.request_approval(
        ApprovalSubject.CLOSURE, ClosureReason.REINTEGRATED, actor=WORKER, at=LATER
    )


def closure_approved() -> Command:
    return lambda c: c.approve(ApprovalSubject.CLOSURE, actor=MANAGER, at=LATER)


# ------------------------------------------------- 10: one bound for both ways


@pytest.mark.parametrize(
    ("days", "new_end", "field"),
    [
        (MAX_EXTENSION_DAYS + 1, None, "extra_days"),
        (None, START + timedelta(days=90 + MAX_EXTENSION_DAYS + 1), "new_end"),
        (None, date(2099, 12, 1), "new_end"),
    ],
)
def test_an_extension_is_bounded_asked_by_days_or_by_date(
    days: int | None, new_end: date | None, field: str
) -> None:
    case = case_in(Stage.ASSESSMENT, started())
    refused_input(case, extend(days, new_end), field)


@pytest.mark.parametrize(
    ("days", "new_end"),
    [(MAX_EXTENSION_DAYS, None), (None, START + timedelta(days=90 + MAX_EXTENSION_DAYS))],
)
def test_the_longest_extension_is_the_same_by_days_or_by_date(
    days: int | None, new_end: date | None
) -> None:
    case = case_in(Stage.ASSESSMENT, started())
    then(
        when(case, extend(days, new_end)),
        (
            Case.ReflectionPeriodExtended,
            {
                "ends_on": START + timedelta(days=90 + MAX_EXTENSION_DAYS),
                "extended_by_days": MAX_EXTENSION_DAYS,
            },
        ),
    )


# --------------------------------------------- 11: closing the case ends it


def test_screening_out_ends_a_running_period_on_the_day_screened() -> None:
    case = case_in(Stage.SCREENING, started())
    day = LATER.date() - timedelta(days=2)
    then(
        when(case, screened_out(day)),
        (Case.ReflectionPeriodEnded, {"ended_on": day, "reason": CLOSED, "details": None}),
        (Case.ScreenedOut, {"screened_on": day}),
    )
    assert case.reflection is not None
    assert not case.reflection.running_on(LATER.date())
    assert case.reflection.days_left_on(LATER.date()) is None
    assert case.reflection_ends_on == day


def test_a_period_ends_with_the_closure_not_before_its_start() -> None:
    case = case_in(Stage.SCREENING, started())
    then(
        when(case, screened_out(START - timedelta(days=3))),
        (Case.ReflectionPeriodEnded, {"ended_on": START, "reason": CLOSED}),
        (Case.ScreenedOut, {}),
    )


def test_an_approved_closure_ends_a_running_period_on_its_day() -> None:
    case = case_in(Stage.FOLLOW_UP, started(), closure_requested())
    then(
        when(case, closure_approved()),
        (Case.ReflectionPeriodEnded, {"ended_on": local_date(LATER), "reason": CLOSED}),
        (Case.ApprovalGranted, {"subject": ApprovalSubject.CLOSURE}),
    )
    assert case.is_closed


def test_a_period_already_over_is_left_as_it_ended() -> None:
    ran_out = case_in(Stage.SCREENING, started(ReflectionBasis.COE_CONVENTION_ART_13, 5))
    then(when(ran_out, screened_out()), (Case.ScreenedOut, {}))
    ended = case_in(Stage.FOLLOW_UP, started(), end(ReflectionEndReason.OTHER))
    when(ended, closure_requested())
    then(when(ended, closure_approved()), (Case.ApprovalGranted, {}))
    assert ended.reflection is not None
    assert ended.reflection.end_reason is ReflectionEndReason.OTHER


def test_a_case_screened_again_does_not_restart_its_ended_period() -> None:
    case = case_in(
        Stage.SCREENING,
        started(),
        screened_out(),
        lambda c: c.rescreen("new information", actor=WORKER, at=LATER),
    )
    assert case.reflection is not None
    assert not case.reflection.running_on(LATER.date())
    refused_rule(case, extend(30), "reflection_not_running")
    then(
        when(case, lambda c: c.start_reflection_period(
            ReflectionBasis.KOSOVO_SOP, 90, actor=WORKER, at=LATER)),
        (Case.ReflectionPeriodStarted, {"started_on": local_date(LATER)}),
    )  # fmt: skip


def test_case_closed_is_recorded_by_closing_never_asked_for() -> None:
    case = case_in(Stage.ASSESSMENT, started())
    refused_input(case, end(CLOSED), "reason")


# ----------------------------------------------------- 18: counting the days


def test_a_period_of_n_days_from_day_s_ends_at_the_end_of_day_s_plus_n() -> None:
    """Counted from the day after the start (the start's day is not one of the N days);
    it ends at the end of its last day, S + N: it runs on its start day and its last."""
    period = ReflectionPeriod(
        ReflectionBasis.KOSOVO_SOP, date(2026, 3, 2), 90, end_of(date(2026, 3, 2), 90)
    )
    assert period.ends_on == date(2026, 5, 31)
    assert (period.running_on(date(2026, 3, 2)), period.running_on(date(2026, 5, 31))) == (
        True,
        True,
    )
    assert (period.running_on(date(2026, 3, 1)), period.running_on(date(2026, 6, 1))) == (
        False,
        False,
    )
    assert period.days_left_on(date(2026, 3, 2)) == 90  # its 90 days, all to come
    assert period.days_left_on(date(2026, 5, 30)) == 1
    assert period.days_left_on(date(2026, 5, 31)) == 0  # its last day: ends tonight
    assert period.days_left_on(date(2026, 6, 1)) is None


def test_a_30_day_period_gives_at_least_30_whole_days() -> None:
    """Art. 13 CETS 197: at least 30 days, whatever the hour it starts."""
    start = date(2026, 3, 2)
    ends = end_of(start, 30)
    whole_days_after_the_start = (ends - start).days
    assert whole_days_after_the_start == 30


def test_a_stored_legacy_period_keeps_the_end_it_stored() -> None:
    case = case_in(Stage.REFLECTION_PERIOD)
    assert case.reflection is not None
    assert case.reflection.ends_on == case.reflection.started_on + timedelta(days=90)
    assert case.reflection.length_days == 90
