"""The reflection period on the store (both databases): screenings-in and case snapshots
stored before the period became a clock (ScreenedIn v1/v2 with `reflection_ends_on`, Case
snapshots v1) still load, the case in stage reflection_period with a legacy 90-day
period; a period recorded on its own round-trips."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import StoredEvent
from sqlalchemy import Engine, text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.case import Case
from domain.reflection import ReflectionBasis, ReflectionEndReason
from domain.vocab import RiskLevel, Stage
from projections.caseload import Caseload
from projections.catalog import point_views
from services.commands.case import (
    AssessRisk,
    AssignCaseworker,
    ScreenIn,
    StartAssessment,
    StartScreening,
)
from services.commands.reflection import (
    EndReflectionPeriod,
    ExtendReflectionPeriod,
    StartReflectionPeriod,
)
from tests.support.factories import MANAGER, WORKER, open_case, register
from tests.support.projecting import project


def in_screening(journey: Journey) -> UUID:
    case_id = open_case(journey, register(journey))
    run = journey.bus.execute
    run(case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    run(case_id, AssessRisk(level=RiskLevel.LOW), actor=WORKER)
    run(case_id, StartScreening(), actor=WORKER)
    return case_id


def store_screening_in(journey: Journey, case_id: UUID, clock: ScriptedClock, version: int) -> None:
    """A ScreenedIn as main stored it before: v2 with `screened_on`, v1 without; both with
    the end of the 90-day period it started."""
    case = journey.app.load(Case, case_id)
    case.screen_in(actor=WORKER, at=clock())
    (event,) = case.collect_events()
    stored = journey.app.mapper.to_stored_event(event)
    state: dict[str, Any] = msgspec.json.decode(stored.state)
    state["reflection_ends_on"] = (clock().date() + timedelta(days=90)).isoformat()
    state["class_version"] = version
    if version == 1:
        del state["screened_on"], state["class_version"]
    payload = msgspec.json.encode(state)
    journey.app.recorder.insert_events(
        [StoredEvent(stored.originator_id, stored.originator_version, stored.topic, payload)]
    )


def test_stored_screenings_in_keep_their_stage_and_90_day_period(
    journey: Journey, clock: ScriptedClock
) -> None:
    for version in (1, 2):
        case_id = in_screening(journey)
        store_screening_in(journey, case_id, clock, version)
        case = journey.app.load(Case, case_id)
        assert case.stage is Stage.REFLECTION_PERIOD
        assert case.reflection is not None
        assert case.reflection.legal_basis is ReflectionBasis.LEGACY_SCREENING
        assert case.reflection.started_on == clock().date()
        assert case.reflection.ends_on == clock().date() + timedelta(days=90)
        ended = EndReflectionPeriod(reason=ReflectionEndReason.DECIDED_TO_COOPERATE)
        journey.bus.execute(case_id, ended, actor=WORKER)
        journey.bus.execute(case_id, StartAssessment(), actor=WORKER)
        moved = journey.app.load(Case, case_id)
        assert moved.stage is Stage.ASSESSMENT
        assert moved.reflection is not None
        assert moved.reflection.end_reason is ReflectionEndReason.DECIDED_TO_COOPERATE


def test_a_case_snapshot_of_v1_loads_its_legacy_period(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = in_screening(journey)
    store_screening_in(journey, case_id, clock, 2)
    case = journey.app.load(Case, case_id)
    stored = journey.app.mapper.to_stored_event(Snapshot.take(case))
    snapshot: dict[str, Any] = msgspec.json.decode(stored.state)
    state = snapshot["state"]
    del state["reflection"], state["class_version"]
    state["reflection_ends_on"] = (clock().date() + timedelta(days=90)).isoformat()
    payload = msgspec.json.encode(snapshot)
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events(
        [StoredEvent(stored.originator_id, stored.originator_version, stored.topic, payload)]
    )
    loaded = journey.app.load(Case, case_id)
    assert loaded.stage is Stage.REFLECTION_PERIOD
    assert loaded.reflection == case.reflection


def test_a_period_started_extended_and_ended_round_trips(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = in_screening(journey)
    run = journey.bus.execute
    run(case_id, StartReflectionPeriod(legal_basis=ReflectionBasis.LAW_ON_FOREIGNERS), actor=WORKER)
    clock.advance(days=20)
    run(case_id, ExtendReflectionPeriod(reason="still in hospital", extra_days=15), actor=MANAGER)
    clock.advance(days=5)
    ended = EndReflectionPeriod(reason=ReflectionEndReason.LEFT_PROGRAMME, details="went home")
    run(case_id, ended, actor=WORKER)
    case = journey.app.load(Case, case_id)
    assert case.stage is Stage.SCREENING  # a period moves no stage
    assert case.reflection is not None
    assert (case.reflection.length_days, case.reflection.extended_by_days) == (30, 15)
    assert case.reflection.ended_on == clock().date()
    types = [type(e).__qualname__ for e in journey.app.events.get(case_id)][-3:]
    assert types == [
        "Case.ReflectionPeriodStarted",
        "Case.ReflectionPeriodExtended",
        "Case.ReflectionPeriodEnded",
    ]


def test_the_caseload_shows_stored_and_new_periods_on_either_database(
    journey: Journey, clock: ScriptedClock, engine: Engine
) -> None:
    legacy = in_screening(journey)
    store_screening_in(journey, legacy, clock, 2)
    new = in_screening(journey)
    journey.bus.execute(new, ScreenIn(), actor=WORKER)
    period = StartReflectionPeriod(legal_basis=ReflectionBasis.KOSOVO_SOP)
    journey.bus.execute(new, period, actor=WORKER)
    tables = project(journey, Caseload(), engine)
    with engine.begin() as conn:
        point_views(conn, Caseload(), tables)
        found = conn.execute(text("SELECT * FROM caseload")).mappings()
        by_case = {row["case_id"]: dict(row) for row in found}
        totals = conn.execute(text("SELECT * FROM caseload_by_worker")).mappings().one()
    stored, fresh = by_case[str(legacy)], by_case[str(new)]
    assert (stored["stage"], stored["reflection_basis"]) == (
        "reflection_period",
        "legacy_screening",
    )
    assert (fresh["stage"], fresh["reflection_basis"]) == ("assessment", "kosovo_sop")
    ends = clock().date() + timedelta(days=90)
    assert str(fresh["reflection_ends_on"]) == ends.isoformat()  # SQLite's view: ISO text
    # the scripted clock is in the past: neither period runs today
    assert (stored["reflection_days_left"], fresh["reflection_days_left"]) == (None, None)
    assert (totals["reflection_period"], totals["in_reflection_period"]) == (1, 0)
