"""The reflection and recovery period: given events -> when command -> then events, or
the named refusal (domain/parts/case_reflection.py, domain/reflection.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.case import Case
from domain.errors import DateInFuture, DateOutsideWindow, DateTooEarly
from domain.reflection import (
    STATUTES,
    ReflectionBasis,
    ReflectionEndReason,
    ReflectionLengths,
    ReflectionPeriod,
)
from domain.vocab import ScreeningOutcome, Stage
from tests.unit.dsl import at, then, when
from tests.unit.test_case import (
    LATER,
    MANAGER,
    REFERRAL,
    WORKER,
    Command,
    case_in,
    refused,
    refused_input,
    refused_rule,
)

SOP = ReflectionBasis.KOSOVO_SOP
START = LATER.date() - timedelta(days=10)  # a period stated to have begun ten days ago


def started(basis: ReflectionBasis = SOP, days: int = 90, on: date = START) -> Command:
    return lambda c: c.start_reflection_period(basis, days, on, actor=WORKER, at=LATER)


def case_with_period(*more: Command, stage: Stage = Stage.ASSESSMENT) -> Case:
    return case_in(stage, started(), *more)


def extend(days: int | None = None, new_end: date | None = None) -> Command:
    return lambda c: c.extend_reflection_period(
        "needs more time to recover", MANAGER, days, new_end, actor=MANAGER, at=LATER
    )


def end(reason: ReflectionEndReason, on: date | None = None) -> Command:
    return lambda c: c.end_reflection_period(reason, on, actor=WORKER, at=LATER)


# ----------------------------------------------------------------------- start


@pytest.mark.parametrize("stage", [Stage.SCREENING, Stage.ASSESSMENT, Stage.SERVICE_PROVISION])
def test_a_period_starts_in_any_open_stage_without_moving_the_case(stage: Stage) -> None:
    case = case_in(stage)
    then(
        when(case, started()),
        (
            Case.ReflectionPeriodStarted,
            {
                "legal_basis": SOP,
                "started_on": START,
                "length_days": 90,
                "ends_on": START + timedelta(days=90),
                "actor": WORKER,
            },
        ),
    )
    assert case.stage is stage
    assert case.reflection == ReflectionPeriod(SOP, START, 90, START + timedelta(days=90))
    assert case.reflection_ends_on == START + timedelta(days=90)


def test_a_period_starts_today_when_no_day_is_stated() -> None:
    case = case_in(Stage.ASSESSMENT)
    command = lambda c: c.start_reflection_period(SOP, 30, actor=WORKER, at=LATER)  # noqa: E731
    then(when(case, command), (Case.ReflectionPeriodStarted, {"started_on": LATER.date()}))


def test_a_period_runs_the_days_it_is_given() -> None:
    case = case_in(Stage.ASSESSMENT)
    when(case, started(ReflectionBasis.COE_CONVENTION_ART_13, 30))
    assert case.reflection is not None
    assert case.reflection.ends_on == START + timedelta(days=30)
    assert case.reflection.days_left_on(LATER.date()) == 20


def test_a_period_starts_not_before_the_referral_nor_in_the_future() -> None:
    case = case_in(Stage.ASSESSMENT)
    refused(case, started(on=REFERRAL.referred_on - timedelta(days=1)), DateTooEarly)
    refused(case, started(on=LATER.date() + timedelta(days=1)), DateInFuture)


def test_a_legacy_basis_is_not_started_anew() -> None:
    case = case_in(Stage.ASSESSMENT)
    refused_input(case, started(ReflectionBasis.LEGACY_SCREENING), "legal_basis")


@pytest.mark.parametrize("days", [0, -5])
def test_a_period_has_days(days: int) -> None:
    refused_input(case_in(Stage.ASSESSMENT), started(days=days), "length_days")


def test_one_period_at_a_time() -> None:
    case = case_with_period()
    refused_rule(
        case, started(ReflectionBasis.LAW_ON_FOREIGNERS, 30, LATER.date()), "reflection_running"
    )


def test_a_new_period_may_start_once_the_last_one_ended_early() -> None:
    case = case_with_period(end(ReflectionEndReason.LEFT_PROGRAMME, START + timedelta(days=3)))
    then(
        when(case, started(ReflectionBasis.LAW_ON_FOREIGNERS, 30, START + timedelta(days=3))),
        (Case.ReflectionPeriodStarted, {"legal_basis": ReflectionBasis.LAW_ON_FOREIGNERS}),
    )


def test_a_stored_cases_legacy_period_counts_as_the_one_running() -> None:
    case = case_in(Stage.REFLECTION_PERIOD)  # screened in at(4), 90 days
    refused_rule(case, started(on=at(50).date()), "reflection_running")


def test_no_period_starts_on_a_closed_case() -> None:
    refused_rule(case_in(Stage.CLOSED), started(), "case_closed")


# ---------------------------------------------------------------------- extend


def test_extending_by_days_moves_the_end_and_names_the_approver() -> None:
    case = case_with_period()
    old_end = START + timedelta(days=90)
    then(
        when(case, extend(30)),
        (
            Case.ReflectionPeriodExtended,
            {
                "ends_on": old_end + timedelta(days=30),
                "extended_by_days": 30,
                "reason": "needs more time to recover",
                "approved_by": MANAGER,
            },
        ),
    )
    assert case.reflection is not None
    assert (case.reflection.extended_by_days, case.reflection.extensions) == (30, 1)
    when(case, extend(new_end=old_end + timedelta(days=45)))
    assert (case.reflection.extended_by_days, case.reflection.extensions) == (45, 2)
    assert case.reflection.ends_on == old_end + timedelta(days=45)


def test_an_extension_gives_days_or_a_new_end_one_of_them() -> None:
    case = case_with_period()
    refused_input(case, extend(None, None), "extra_days")
    refused_input(case, extend(10, START + timedelta(days=120)), "extra_days")
    refused_input(case, extend(0), "extra_days")
    refused_input(case, extend(None, START + timedelta(days=90)), "new_end")


def test_an_extension_needs_a_reason_and_an_approver() -> None:
    case = case_with_period()
    refused_input(
        case,
        lambda c: c.extend_reflection_period(" ", MANAGER, 10, actor=MANAGER, at=LATER),
        "reason",
    )
    refused_input(
        case,
        lambda c: c.extend_reflection_period("why", " ", 10, actor=MANAGER, at=LATER),
        "approved_by",
    )


def test_only_a_running_period_is_extended() -> None:
    refused_rule(case_in(Stage.ASSESSMENT), extend(30), "no_reflection_period")
    ended = case_with_period(end(ReflectionEndReason.DECIDED_TO_COOPERATE))
    refused_rule(ended, extend(30), "reflection_not_running")
    ran_out = case_in(Stage.ASSESSMENT, started(ReflectionBasis.COE_CONVENTION_ART_13, 5))
    refused_rule(ran_out, extend(30), "reflection_not_running")


# ------------------------------------------------------------------------- end


def test_ending_early_stops_the_clock() -> None:
    case = case_with_period()
    on = START + timedelta(days=7)
    then(
        when(case, end(ReflectionEndReason.DECIDED_TO_COOPERATE, on)),
        (
            Case.ReflectionPeriodEnded,
            {"ended_on": on, "reason": ReflectionEndReason.DECIDED_TO_COOPERATE, "details": None},
        ),
    )
    assert case.reflection is not None
    assert case.reflection.ended_early
    assert case.reflection.days_left_on(LATER.date()) is None
    assert case.reflection_ends_on == on
    assert case.stage is Stage.ASSESSMENT  # nothing else waits for it


def test_a_period_ends_within_itself_and_once() -> None:
    case = case_with_period()
    refused(case, end(ReflectionEndReason.OTHER, START - timedelta(days=1)), DateTooEarly)
    ran_out = case_in(Stage.ASSESSMENT, started(ReflectionBasis.COE_CONVENTION_ART_13, 5))
    refused(ran_out, end(ReflectionEndReason.OTHER), DateOutsideWindow)
    case = case_with_period(end(ReflectionEndReason.LEFT_PROGRAMME))
    refused_rule(case, end(ReflectionEndReason.OTHER), "reflection_ended")
    refused_rule(case_in(Stage.ASSESSMENT), end(ReflectionEndReason.OTHER), "no_reflection_period")


def test_a_stored_cases_legacy_period_ends_early_too() -> None:
    case = case_in(Stage.REFLECTION_PERIOD)
    when(
        case,
        lambda c: c.end_reflection_period(
            ReflectionEndReason.DECLINED_ASSISTANCE,
            at(20).date(),
            "went home",
            actor=WORKER,
            at=LATER,
        ),
    )
    assert case.reflection is not None
    assert case.reflection.end_reason is ReflectionEndReason.DECLINED_ASSISTANCE
    assert case.stage is Stage.REFLECTION_PERIOD  # its assessment still starts on its own


def test_a_closed_cases_period_is_not_extended_nor_ended() -> None:
    case = case_with_period(
        lambda c: c.screen_out(
            ScreeningOutcome.DECLINED, "x", no_referral_reason="declined", actor=WORKER, at=LATER
        ),
        stage=Stage.SCREENING,
    )
    refused_rule(case, extend(30), "case_closed")
    refused_rule(case, end(ReflectionEndReason.OTHER), "case_closed")


# ---------------------------------------------------------------------- lengths


def test_every_basis_has_a_statutory_length_and_its_source() -> None:
    assert set(STATUTES) == set(ReflectionBasis)
    for statute in STATUTES.values():
        assert statute.days >= 30
        assert statute.source
    assert ReflectionLengths.statutory().days_for(SOP) == 90


def test_an_installation_overrides_some_bases_days() -> None:
    lengths = ReflectionLengths.statutory().overridden({ReflectionBasis.LAW_04_L_218: 60})
    assert lengths.days_for(ReflectionBasis.LAW_04_L_218) == 60
    assert lengths.days_for(SOP) == 90
