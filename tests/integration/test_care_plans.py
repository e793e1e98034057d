"""Care plans through the command bus, on both databases: one per case, services on the
services consent (refused without it), a withdrawal stops them and shows on the case,
erasure destroys the care plan's key, and the read model counts planned vs delivered vs
achieved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.care_plan import CarePlan
from domain.errors import ConsentRequired, RuleViolated
from domain.parts.care_plan_values import DomainNeed
from domain.values import ERASED
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    ErasureBasis,
    NeedDomain,
    NeedLevel,
    PlannedServiceStatus,
    ProviderKind,
    ServiceAchievement,
    ServiceBasis,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
)
from projections.care import CareServices
from services.commands.beneficiary import ErasePersonalData, GiveConsent, WithdrawConsent
from services.commands.care_plan import (
    AddCareGoal,
    AssessNeeds,
    CancelService,
    PlanService,
    RecordDelivery,
    RecordServiceOutcome,
    StartCarePlan,
)
from services.commands.case import DeliverService
from services.commands.plan import AddGoal, DraftPlan
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    consent_to_services,
    open_case,
    register,
)
from tests.support.projecting import memory_engine, project, rows

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
NEEDS = (
    DomainNeed(NeedDomain.MENTAL_HEALTH, NeedLevel.HIGH, "nightmares since the return"),
    DomainNeed(NeedDomain.PHYSICAL_HEALTH, NeedLevel.IMMEDIATE),
)


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


@pytest.fixture
def journey(database_url: str, clock: ScriptedClock) -> Iterator[Journey]:
    system = build(database_url, clock)
    yield system
    system.close()


def consented_case(journey: Journey) -> UUID:
    """A case in service provision whose beneficiary gave the services consent."""
    case_id = case_in_service_provision(journey)
    consent_to_services(journey, journey.queries.case(case_id).beneficiary_id)
    return case_id


def started(journey: Journey, case_id: UUID) -> UUID:
    run = journey.bus.execute
    plan_id = run(None, StartCarePlan(case_id=case_id), actor=WORKER).id
    run(plan_id, AssessNeeds(domains=NEEDS), actor=WORKER)
    return plan_id


def psychological(basis: ServiceBasis = ServiceBasis.CONSENT) -> PlanService:
    return PlanService(
        service=ServiceType.PSYCHOLOGICAL,
        provider_kind=ProviderKind.PVPT,
        responsible="psy.shala",
        starts_on=TODAY,
        due_on=date(2026, 6, 1),
        domains=(NeedDomain.MENTAL_HEALTH,),
        basis=basis,
    )


def session(attended: bool = True) -> RecordDelivery:
    return RecordDelivery(
        number=1, attended=attended, duration_minutes=50 if attended else 0, delivered_by="psy"
    )


def test_one_care_plan_per_case_saved_with_the_case(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    plan_id = started(journey, case_id)
    case = journey.queries.case(case_id)
    assert case.care_plan_id == plan_id
    assert plan_id in case.record_ids
    with pytest.raises(RuleViolated) as refused:
        journey.bus.execute(None, StartCarePlan(case_id=case_id), actor=WORKER)
    assert refused.value.rule == "care_plan_exists"


def test_without_the_services_consent_a_service_is_neither_planned_nor_delivered(
    journey: Journey,
) -> None:
    case_id = open_case(journey, register(journey))  # no services consent given
    plan_id = started(journey, case_id)
    with pytest.raises(ConsentRequired) as refused:
        journey.bus.execute(plan_id, psychological(), actor=WORKER)
    assert refused.value.rule == "consent_required"
    delivery = DeliverService(
        service=ServiceType.MEDICAL,
        provider="UCCK",
        delivered_on=TODAY,
        outcome=ServiceOutcome.COMPLETED,
    )
    with pytest.raises(ConsentRequired):
        journey.bus.execute(case_id, delivery, actor=WORKER)
    emergency = DeliverService(
        service=ServiceType.MEDICAL,
        provider="UCCK",
        delivered_on=TODAY,
        outcome=ServiceOutcome.COMPLETED,
        basis=ServiceBasis.EMERGENCY_MEDICAL_CARE,
    )
    journey.bus.execute(case_id, emergency, actor=WORKER)
    journey.bus.execute(plan_id, psychological(ServiceBasis.VITAL_INTERESTS), actor=WORKER)
    assert journey.app.load(CarePlan, plan_id).services[1].basis is ServiceBasis.VITAL_INTERESTS


def test_a_withdrawal_stops_the_services_on_consent_and_shows_on_the_case(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = consented_case(journey)
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    plan_id = started(journey, case_id)
    run = journey.bus.execute
    run(plan_id, psychological(), actor=WORKER)
    run(plan_id, session(), actor=WORKER)
    run(beneficiary_id, WithdrawConsent(kind=ConsentKind.SERVICES), actor=WORKER)
    service = journey.app.load(CarePlan, plan_id).services[1]
    assert (service.status, service.cancelled_on) == (PlannedServiceStatus.CANCELLED, TODAY)
    assert journey.queries.case(case_id).services_consent_withdrawn_on == TODAY
    run(plan_id, session(), actor=WORKER)  # held on the day of the withdrawal: recorded
    clock.advance(days=1)
    with pytest.raises(ConsentRequired):
        run(plan_id, session(), actor=WORKER)  # the day after: refused
    given = GiveConsent(kind=ConsentKind.SERVICES, given_by=ConsentGiver.BENEFICIARY)
    run(beneficiary_id, given, actor=WORKER)
    assert journey.queries.case(case_id).services_consent_withdrawn_on is None


def test_erasure_destroys_the_care_plans_key(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    plan_id = started(journey, case_id)
    assert journey.app.load(CarePlan, plan_id).assessments[0].domains[0].notes == NEEDS[0].notes
    erasure = ErasePersonalData(legal_basis=ErasureBasis.CONSENT_WITHDRAWN, reference="DPO-1")
    journey.bus.execute(beneficiary_id, erasure, actor=MANAGER)
    erased = journey.app.load(CarePlan, plan_id).assessments[0].domains[0].notes
    assert erased == ERASED  # as every erased text reads (review item 16)


def test_planned_delivered_missed_cancelled_achieved(journey: Journey) -> None:
    case_id = consented_case(journey)
    plan_id = started(journey, case_id)
    run = journey.bus.execute
    run(plan_id, psychological(), actor=WORKER)
    run(plan_id, psychological(), actor=WORKER)
    for attended in (True, True, False):
        run(plan_id, session(attended), actor=WORKER)
    run(plan_id, RecordServiceOutcome(number=1, outcome=ServiceAchievement.ACHIEVED), actor=WORKER)
    run(plan_id, CancelService(number=2, reason="moved"), actor=WORKER)
    engine = memory_engine()
    tables = project(journey, CareServices(), engine)
    (plan,) = rows(engine, tables["care_plans"])
    assert plan["case_id"] == str(case_id)
    services = rows(engine, tables["care_planned_services"], order_by="number")
    assert [
        (s["status"], s["deliveries_attended"], s["deliveries_missed"], s["outcome"])
        for s in services
    ] == [("concluded", 2, 1, "achieved"), ("cancelled", 0, 0, None)]
    assert services[0]["support_type"] == "Health"


def test_a_reintegration_goal_serves_a_goal_the_care_plan_has(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    run = journey.bus.execute
    plan_id = run(None, DraftPlan(case_id=case_id), actor=WORKER).id
    goal = AddGoal(
        type=SupportPlanType.HEALTH, description="therapy", target_date=TODAY, care_goal=1
    )
    with pytest.raises(RuleViolated) as refused:
        run(plan_id, goal, actor=WORKER)  # no care plan yet
    assert refused.value.rule == "no_such_goal"
    care_plan_id = started(journey, case_id)
    with pytest.raises(RuleViolated):
        run(plan_id, goal, actor=WORKER)  # no care-plan goal 1 yet
    care_goal = AddCareGoal(description="recovery", domains=(NeedDomain.MENTAL_HEALTH,))
    run(care_plan_id, care_goal, actor=WORKER)
    run(plan_id, goal, actor=WORKER)
    assert journey.queries.plan(plan_id).goals[1].care_goal == 1
