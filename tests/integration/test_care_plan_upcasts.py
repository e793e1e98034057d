"""Events and snapshots stored before care plans still load (both databases): an
unplanned delivery without its basis (`Case.ServiceDelivered` v1: basis null), a
reintegration goal serving no care-plan goal (`ReintegrationPlan.GoalAdded` v1), and a
case's snapshot without a care plan (`Case` v1)."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Snapshot

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.case import Case
from domain.plan import ReintegrationPlan
from domain.vocab import ServiceOutcome, ServiceType, SupportPlanType
from services.commands.plan import AddGoal, DraftPlan
from tests.integration.test_field_dates import old_shape
from tests.support.factories import WORKER, case_in_service_provision


def test_an_unplanned_delivery_of_the_old_shape_loads_without_a_basis(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    case = journey.app.load(Case, case_id)
    case.deliver_service(
        ServiceType.LEGAL,
        "PVPT",
        clock().date(),
        ServiceOutcome.COMPLETED,
        consent_given_on=clock().date(),
        actor=WORKER,
        at=clock(),
    )
    (event,) = case.collect_events()
    journey.app.recorder.insert_events([old_shape(journey, event, "basis")])
    stored = [e for e in journey.app.events.get(case_id) if isinstance(e, Case.ServiceDelivered)]
    assert [e.basis for e in stored] == [None]
    assert journey.app.load(Case, case_id).services[-1].service is ServiceType.LEGAL


def test_a_goal_of_the_old_shape_serves_no_care_plan_goal(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    plan_id = journey.bus.execute(None, DraftPlan(case_id=case_id), actor=WORKER).id
    plan = journey.app.load(ReintegrationPlan, plan_id)
    plan.add_goal(SupportPlanType.LEGAL, "papers", clock().date(), actor=WORKER, at=clock())
    (event,) = plan.collect_events()
    journey.app.recorder.insert_events([old_shape(journey, event, "care_goal")])
    loaded = journey.app.load(ReintegrationPlan, plan_id)
    assert loaded.goals[1].care_goal is None
    goal = AddGoal(type=SupportPlanType.EDUCATION, description="school", target_date=clock().date())
    journey.bus.execute(plan_id, goal, actor=WORKER)

    stored = old_shape(journey, Snapshot.take(loaded), None, _strip_care_goals)
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events([stored])
    assert journey.app.load(ReintegrationPlan, plan_id).goals[1] == loaded.goals[1]


def test_a_case_snapshot_of_the_old_shape_has_no_care_plan(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    case = journey.app.load(Case, case_id)
    stored = old_shape(journey, Snapshot.take(case), None, _strip_care)
    assert journey.app.snapshots is not None
    journey.app.snapshots.recorder.insert_events([stored])
    loaded = journey.app.load(Case, case_id)
    assert (loaded.care_plan_id, loaded.services_consent_withdrawn_on) == (None, None)
    assert loaded.record_ids == (case_id,)


def _strip_care(state: dict[str, Any]) -> None:
    del state["state"]["care_plan_id"]
    del state["state"]["services_consent_withdrawn_on"]


def _strip_care_goals(state: dict[str, Any]) -> None:
    for goal in state["state"]["goals"].values():
        del goal["care_goal"]
