"""Review of issue 14, item 11 (due): closing a case ends its reflection period, so
the period's end is no longer due — not while closed, nor once screened again or
reopened. Fed by the events real commands record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.local_time import local_date
from domain.reflection import ReflectionBasis
from domain.vocab import ScreeningOutcome
from services.commands.case import AssignCaseworker, Reopen, ScreenOut, StartScreening
from services.commands.identification import Rescreen
from services.commands.reflection import StartReflectionPeriod
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    open_case,
    register,
)
from tests.unit.test_due_real_events import close, due, items

END = "reflection_period_end"


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(datetime.now(UTC))  # `due` lists a period's end until its day


@pytest.fixture
def journey(clock: ScriptedClock) -> Iterator[Journey]:
    system = build("memory://", clock)
    yield system
    system.close()


def in_screening_with_a_period(journey: Journey) -> UUID:
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    journey.bus.execute(case_id, StartScreening(), actor=WORKER)
    start = StartReflectionPeriod(legal_basis=ReflectionBasis.KOSOVO_SOP)
    journey.bus.execute(case_id, start, actor=WORKER)
    return case_id


def test_screening_out_meets_the_periods_end_and_screening_again_does_not_bring_it_back(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = in_screening_with_a_period(journey)
    assert [row["kind"] for row in due(journey, END)] == [END]
    clock.advance(days=1)
    out = ScreenOut(outcome=ScreeningOutcome.DECLINED, rationale="She declined",
                    no_referral_reason="She did not want a referral")  # fmt: skip
    journey.bus.execute(case_id, out, actor=WORKER)
    assert due(journey, END) == []
    (met,) = items(journey, END)
    assert met["done_on"] == local_date(clock()).isoformat()  # the day screened out
    clock.advance(days=1)
    journey.bus.execute(case_id, Rescreen(reason="She came back"), actor=WORKER)
    assert due(journey, END) == []


def test_an_approved_closure_meets_the_periods_end_and_reopening_does_not_bring_it_back(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    started_on = local_date(clock())
    start = StartReflectionPeriod(legal_basis=ReflectionBasis.KOSOVO_SOP)
    journey.bus.execute(case_id, start, actor=WORKER)
    clock.advance(days=2)
    close(journey, case_id)
    (met,) = items(journey, END)
    assert met["done_on"] == local_date(clock()).isoformat()
    assert met["due_on"] == (started_on + timedelta(days=90)).isoformat()
    journey.bus.execute(case_id, Reopen(reason="She asked for help again"), actor=MANAGER)
    assert due(journey, END) == []
