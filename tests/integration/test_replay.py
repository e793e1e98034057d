"""Replaying a case as of a moment, and its full history, from the store (both databases).

The moment is when events were recorded (the codec's `recorded_at`, the wall clock);
the scripted clock sets when commands were decided (`occurred_at`), days apart.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import InvalidInput, RecordNotFound
from domain.plan import ReintegrationPlan
from domain.vocab import DischargeReason, ExitDestination, NoteCategory, SupportPlanType
from services.commands.case import AddNote
from services.commands.plan import AddGoal, DraftPlan
from services.commands.shelter import AdmitToShelter, DischargeFromShelter
from tests.support.factories import MANAGER, WORKER, case_in_service_provision, facility

DAY = timedelta(days=1)


def state(record: Any) -> dict[str, Any]:
    """Everything a record holds, to compare two reconstructions."""
    return {k: v for k, v in vars(record).items() if k != "_pending_events"}


def a_case_over_weeks(journey: Journey, clock: ScriptedClock) -> tuple[UUID, UUID, UUID]:
    """A case in service provision, then a stay, notes, a plan and a discharge, days apart."""
    run = journey.bus.execute
    case_id = case_in_service_provision(journey)
    clock.advance(days=3)
    stay_id = run(
        None, AdmitToShelter(case_id=case_id, facility_id=facility(journey)), actor=WORKER
    ).id
    for category in (NoteCategory.GENERAL, NoteCategory.MEDICAL):
        clock.advance(days=2)
        run(case_id, AddNote(category=category, text=f"{category} note"), actor=MANAGER)
    clock.advance(days=5)
    plan_id = run(None, DraftPlan(case_id=case_id), actor=WORKER).id
    clock.advance(days=1)
    goal = AddGoal(
        type=SupportPlanType.EDUCATION, description="school", target_date=date(2030, 1, 1)
    )
    run(plan_id, goal, actor=WORKER)
    clock.advance(days=20)
    discharge = DischargeFromShelter(
        reason=DischargeReason.COMPLETED_PROGRAMME, destination=ExitDestination.FAMILY
    )
    run(stay_id, discharge, actor=WORKER)
    return case_id, stay_id, plan_id


def test_as_of_each_moment_is_the_state_recorded_by_then(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id, _, _ = a_case_over_weeks(journey, clock)
    queries = journey.queries
    times = queries.times(case_id)
    latest = queries.case(case_id).version
    assert len(times.recorded) == latest
    for version in range(1, latest + 1):
        expected = state(queries.case(case_id, version))
        assert state(queries.at(Case, case_id, times.time_of(version))) == expected
        if version < latest:  # just before the next event was recorded: still this version
            before_next = times.time_of(version + 1) - timedelta(microseconds=1)
            if before_next >= times.time_of(version):
                assert state(queries.at(Case, case_id, before_next)) == expected
    assert queries.at(Case, case_id, datetime.now(UTC)).version == latest
    with pytest.raises(InvalidInput) as future:  # nothing is known beyond now
        queries.at(Case, case_id, datetime.now(UTC) + DAY)
    assert future.value.field == "as_of"


def test_before_the_record_existed_is_not_found_and_bad_moments_are_refused(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id, _, _ = a_case_over_weeks(journey, clock)
    first = journey.queries.times(case_id).time_of(1)
    with pytest.raises(RecordNotFound, match="did not exist yet") as missing:
        journey.queries.at(Case, case_id, first - timedelta(microseconds=1))
    assert first.isoformat() in str(missing.value)
    with pytest.raises(InvalidInput) as both:
        journey.queries.at(Case, case_id, first, version=2)
    assert both.value.field == "as_of"
    with pytest.raises(InvalidInput, match="no time zone") as naive:
        journey.queries.at(Case, case_id, first.replace(tzinfo=None))
    assert naive.value.field == "as_of"
    with pytest.raises(RecordNotFound, match="no case with id"):
        journey.queries.at(Case, UUID(int=7), first)


def test_related_records_are_shown_as_of_the_same_moment(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id, stay_id, plan_id = a_case_over_weeks(journey, clock)
    queries = journey.queries
    times = queries.times(case_id)
    stay_times, plan_times = queries.times(stay_id), queries.times(plan_id)
    before_stay = queries.case_records(case_id, times.time_of(1))
    assert (before_stay.case.version, before_stay.stays, before_stay.plans) == (1, [], [])
    assert isinstance(before_stay.beneficiary, Beneficiary)

    admitted = stay_times.time_of(1)
    with_stay = queries.case_records(case_id, plan_times.time_of(1))
    assert [s.id for s in with_stay.stays] == [stay_id]
    assert with_stay.stays[0].version == stay_times.version_at(plan_times.time_of(1)) == 1
    assert [(p.id, p.version) for p in with_stay.plans] == [(plan_id, 1)]
    assert with_stay.case.version == times.version_at(plan_times.time_of(1))
    assert admitted <= with_stay.as_of

    now = queries.case_records(case_id)
    assert [(s.id, s.version) for s in now.stays] == [(stay_id, queries.stay(stay_id).version)]
    assert now.stays[0].is_discharged
    assert [p.version for p in now.plans] == [2]
    by_version = queries.case_records(case_id, version=with_stay.case.version)
    assert by_version.as_of == times.time_of(with_stay.case.version)
    assert [s.id for s in by_version.stays] == [stay_id]


def test_history_lists_every_event_in_order_with_actor_and_times(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id, stay_id, plan_id = a_case_over_weeks(journey, clock)
    queries = journey.queries
    case = queries.case(case_id)
    history = queries.case_history(case_id)
    versions: dict[UUID, list[int]] = {}
    for event in history:
        versions.setdefault(event.record_id, []).append(event.version)
    expected_records = {
        case_id: case.version,
        case.beneficiary_id: queries.beneficiary(case.beneficiary_id).version,
        stay_id: queries.stay(stay_id).version,
        plan_id: queries.plan(plan_id).version,
    }
    assert versions == {rid: list(range(1, n + 1)) for rid, n in expected_records.items()}
    recorded = [e.effective_at for e in history]
    assert recorded == sorted(recorded)
    assert all(e.recorded_at is not None for e in history)
    notes = [e for e in history if e.event_type == "Case.NoteAdded"]
    assert [(e.actor, e.record_type) for e in notes] == [(MANAGER, "case")] * 2
    assert notes[1].occurred_at - notes[0].occurred_at >= 2 * DAY  # the scripted clock
    assert history[0].event_type == "Beneficiary.Registered"
    assert history[-1].event_type in {"Case.ShelterStayEnded", "ShelterStay.Discharged"}


def test_a_long_case_replays_in_the_middle_from_a_snapshot(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    run = journey.bus.execute
    while journey.queries.case(case_id).version < 1000:
        clock.advance(hours=1)
        run(case_id, AddNote(category=NoteCategory.GENERAL, text="visit"), actor=WORKER)
    app = journey.app
    assert app.snapshots is not None
    snapshots = list(app.snapshots.get(case_id))
    assert [s.originator_version for s in snapshots] == list(range(50, 1001, 50))
    middle = 517
    no_snapshot = app.events.get(case_id, lte=middle)
    replayed = project_aggregate(cast("Case | None", None), no_snapshot)
    assert isinstance(replayed, Case)
    times = journey.queries.times(case_id)
    as_of = journey.queries.at(Case, case_id, times.time_of(middle))
    assert as_of.version == middle
    assert state(as_of) == state(replayed)
    assert len(as_of.notes) == middle - 9  # the 9 events of case_in_service_provision


def test_plans_are_found_for_their_own_case_only(journey: Journey, clock: ScriptedClock) -> None:
    first, _, plan_id = a_case_over_weeks(journey, clock)
    second = case_in_service_provision(journey)
    other_plan = journey.bus.execute(None, DraftPlan(case_id=second), actor=WORKER).id
    assert [p.id for p in journey.queries.case_records(first).plans] == [plan_id]
    assert [p.id for p in journey.queries.case_records(second).plans] == [other_plan]
    assert isinstance(journey.queries.plan(other_plan), ReintegrationPlan)
