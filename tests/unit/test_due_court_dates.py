"""Court dates in the due model, fed by the events real commands record: a scheduled
hearing is due on its day, overdue once past; held, adjourned (the new hearing due on
its own day) or cancelled, it is met (docs/domain.md, What is due)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.justice_vocab import Cooperation, ProceedingsRole, ProceedingsStage
from services.commands.justice import (
    AdjournHearing,
    CancelHearing,
    HoldHearing,
    OpenProceedings,
    RecordCooperation,
    ScheduleHearing,
)
from tests.support.factories import MANAGER, case_in_service_provision
from tests.unit.test_due_real_events import due, items

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LAWYER = "av.gashi"


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


@pytest.fixture
def journey(clock: ScriptedClock) -> Iterator[Journey]:
    system = build("memory://", clock)
    yield system
    system.close()


def proceedings(journey: Journey) -> tuple[UUID, UUID]:
    case_id = case_in_service_provision(journey)
    command = OpenProceedings(
        case_id=case_id,
        role=ProceedingsRole.INJURED_PARTY,
        stage=ProceedingsStage.INDICTMENT,
        stage_on=date(2026, 2, 20),
    )
    return case_id, journey.bus.execute(None, command, actor=MANAGER).id


def run(journey: Journey, record: UUID, command: Any) -> None:
    journey.bus.execute(record, command, actor=LAWYER)


def test_a_hearing_is_due_on_its_day_and_met_when_held(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id, p = proceedings(journey)
    run(journey, p, ScheduleHearing(scheduled_on=date(2026, 3, 20)))
    (row,) = due(journey, "court_date")
    assert (row["case_id"], row["due_on"], row["source"]) == (
        str(case_id),
        "2026-03-20",
        "hearing 1",
    )
    clock.advance(days=20)
    run(journey, p, HoldHearing(number=1))
    assert due(journey, "court_date") == []
    (met,) = items(journey, "court_date")
    assert met["done_on"] == "2026-03-20"


def test_an_adjourned_hearing_moves_the_court_date_to_the_new_hearing(journey: Journey) -> None:
    _, p = proceedings(journey)
    run(journey, p, ScheduleHearing(scheduled_on=date(2026, 3, 20)))
    run(journey, p, AdjournHearing(number=1, new_date=date(2026, 4, 15)))
    (row,) = due(journey, "court_date")
    assert (row["due_on"], row["source"]) == ("2026-04-15", "hearing 2 (hearing 1 adjourned)")
    met = [r for r in items(journey, "court_date") if r["done_on"] is not None]
    assert [(r["due_on"], r["done_on"]) for r in met] == [("2026-03-20", "2026-03-02")]


def test_a_cancelled_hearing_is_no_longer_due(journey: Journey) -> None:
    _, p = proceedings(journey)
    run(journey, p, ScheduleHearing(scheduled_on=date(2026, 3, 20)))
    run(journey, p, CancelHearing(number=1))
    assert due(journey, "court_date") == []


def test_a_hearing_past_its_day_and_not_recorded_stays_due(
    journey: Journey, clock: ScriptedClock
) -> None:
    """Overdue is judged as the list is read: its day passed, nothing recorded."""
    _, p = proceedings(journey)
    run(journey, p, ScheduleHearing(scheduled_on=date(2026, 3, 5)))
    run(journey, p, RecordCooperation(choice=Cooperation.DECLINES))  # changes nothing due
    clock.advance(days=10)
    (row,) = due(journey, "court_date")
    assert (row["due_on"], row["overdue"]) == ("2026-03-05", 1)  # today is after it
