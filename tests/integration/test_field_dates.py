"""Field dates on the store (both databases): stated dates are kept, and events and
snapshots stored before field dates existed still load, their field date being
the day they were recorded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import msgspec
import pytest
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import StoredEvent

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import DateTooEarly
from domain.plan import ReintegrationPlan
from domain.stay import ShelterStay
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    DecidingBody,
    FollowUpStatus,
    RiskLevel,
    SupportPlanType,
    TraffickingStatus,
)
from services.commands.plan import AchieveGoal, AddGoal, CompletePlan, DraftPlan, RecordFollowUp
from services.commands.shelter import AdmitToShelter
from tests.support.factories import (
    WORKER,
    case_in_service_provision,
    facility,
    open_case,
    register,
)

COMPLETED_ON = START.date() - timedelta(days=20)  # written up three weeks later


def completed_plan(journey: Journey) -> UUID:
    run = journey.bus.execute
    case_id = case_in_service_provision(journey)
    plan_id = run(None, DraftPlan(case_id=case_id), actor=WORKER).id
    goal = AddGoal(type=SupportPlanType.EDUCATION, description="school", target_date=START.date())
    run(plan_id, goal, actor=WORKER)
    run(plan_id, AchieveGoal(number=1), actor=WORKER)
    run(plan_id, CompletePlan(completed_on=COMPLETED_ON), actor=WORKER)
    return plan_id


def test_stated_dates_are_stored_apart_from_the_recording_time(
    journey: Journey, clock: ScriptedClock
) -> None:
    plan_id = completed_plan(journey)
    clock.advance(days=100)
    visited = COMPLETED_ON + timedelta(days=92)
    command = RecordFollowUp(month=3, status=FollowUpStatus.AT_RISK, visited_on=visited)
    journey.bus.execute(plan_id, command, actor=WORKER)
    plan = journey.app.load(ReintegrationPlan, plan_id)
    assert plan.completed_on == COMPLETED_ON
    assert (plan.follow_ups[3].visited_on, plan.follow_ups[3].recorded_on) == (
        visited,
        (START + timedelta(days=100)).date(),
    )
    early = RecordFollowUp(month=6, status=FollowUpStatus.SUSTAINED, visited_on=date(2024, 1, 1))
    with pytest.raises(DateTooEarly):
        journey.bus.execute(plan_id, early, actor=WORKER)


def test_a_follow_up_and_a_snapshot_of_the_old_shape_still_load(
    journey: Journey, clock: ScriptedClock
) -> None:
    plan_id = completed_plan(journey)
    clock.advance(days=95)
    plan = journey.app.load(ReintegrationPlan, plan_id)
    plan.record_follow_up(3, FollowUpStatus.SUSTAINED, actor=WORKER, at=clock())
    (event,) = plan.collect_events()
    journey.app.recorder.insert_events([old_shape(journey, event, "visited_on")])
    loaded = journey.app.load(ReintegrationPlan, plan_id)
    recorded_on = loaded.follow_ups[3].recorded_on
    assert loaded.follow_ups[3].visited_on == recorded_on == clock().date()

    snapshot = Snapshot.take(loaded)
    stored = old_shape(journey, snapshot, None, lambda state: strip_visits(state["state"]))
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events([stored])
    from_snapshot = journey.app.load(ReintegrationPlan, plan_id)
    assert from_snapshot.follow_ups == loaded.follow_ups


def test_case_and_beneficiary_events_of_the_old_shape_still_load(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = open_case(journey, register(journey))
    case = journey.app.load(Case, case_id)
    person = journey.app.load(Beneficiary, case.beneficiary_id)
    clock.advance(days=3)
    case.assess_risk(RiskLevel.LOW, actor=WORKER, at=clock())
    person.give_consent(ConsentKind.SERVICES, ConsentGiver.BENEFICIARY, actor=WORKER, at=clock())
    person.withdraw_consent(ConsentKind.SERVICES, actor=WORKER, at=clock())
    person.decide_trafficking_status(
        TraffickingStatus.ACTUAL, DecidingBody.POLICE, actor=WORKER, at=clock()
    )
    fields = iter(("assessed_on", "given_on", "withdrawn_on", "decided_on"))
    events = [*case.collect_events(), *person.collect_events()]
    journey.app.recorder.insert_events([old_shape(journey, e, next(fields)) for e in events])
    day = clock().date()
    assert journey.app.load(Beneficiary, person.id).status_decided_on == day
    stored = journey.app.events.get(case_id)
    assessed = [e for e in stored if isinstance(e, Case.RiskAssessed)]
    assert [e.assessed_on for e in assessed] == [day]
    history = list(journey.app.events.get(person.id))
    consents = [e for e in history if isinstance(e, Beneficiary.ConsentGiven)]
    withdrawals = [e for e in history if isinstance(e, Beneficiary.ConsentWithdrawn)]
    assert (consents[0].given_on, withdrawals[0].withdrawn_on) == (day, day)


def test_a_stay_snapshot_of_the_old_shape_is_in_its_facility_since_the_admission(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    admission = AdmitToShelter(
        case_id=case_id, facility_id=facility(journey), admitted_on=START.date() - timedelta(days=2)
    )
    stay_id = journey.bus.execute(None, admission, actor=WORKER).id
    stay = journey.app.load(ShelterStay, stay_id)
    stored = old_shape(
        journey, Snapshot.take(stay), None, lambda state: state["state"].pop("in_facility_since")
    )
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events([stored])
    loaded = journey.app.load(ShelterStay, stay_id)
    assert loaded.in_facility_since == loaded.admitted_on == START.date() - timedelta(days=2)


def strip_visits(state: dict[str, Any]) -> None:
    for follow_up in state["follow_ups"].values():
        del follow_up["visited_on"]


def old_shape(
    journey: Journey,
    event: Any,
    field: str | None,
    change: Any = None,
) -> StoredEvent:
    """`event` stored as it was before field dates: without `field`, no class version."""
    stored = journey.app.mapper.to_stored_event(event)
    state: dict[str, Any] = msgspec.json.decode(stored.state)
    if field is not None:
        del state[field]
    state.pop("class_version", None)
    if "state" in state:
        state["state"].pop("class_version", None)
    if change is not None:
        change(state)
    return StoredEvent(
        stored.originator_id,
        stored.originator_version,
        stored.topic,
        msgspec.json.encode(state),
    )
