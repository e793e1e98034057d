"""The due model fed by the events real commands record (no hand-built fields): each
kind appears, moves and is met as docs/domain.md ("What is due") says."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import DomainEvent
from sqlalchemy import text

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.day_centre_session import DayCentreSession
from domain.parts.care_plan_values import DomainNeed
from domain.plan import ReintegrationPlan
from domain.proceedings import CriminalProceedings
from domain.reflection import ReflectionBasis, ReflectionEndReason
from domain.return_process import ReturnProcess
from domain.values import Guardian, PersonalData
from domain.vocab import (
    ApprovalSubject,
    AttendanceStatus,
    BestInterestsDecision,
    BestInterestsParticipant,
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    DayCentreActivity,
    FacilityKind,
    Gender,
    GuardianAppointedBy,
    GuardianKind,
    NeedDomain,
    NeedLevel,
    ProviderKind,
    ScreeningOutcome,
    ServiceAchievement,
    ServiceType,
    TraffickingScope,
)
from projections.catalog import point_views
from projections.due import Due
from projections.due.events import HANDLERS
from services.commands.beneficiary import (
    AppointGuardian,
    GiveConsent,
    RegisterBeneficiary,
    WithdrawConsent,
)
from services.commands.care_plan import (
    AssessNeeds,
    CancelService,
    PlanService,
    RecordDelivery,
    RecordServiceOutcome,
    ReviewCarePlan,
    ScheduleReview,
    StartCarePlan,
)
from services.commands.case import (
    Approve,
    AssignCaseworker,
    RequestApproval,
    ScreenOut,
    StartScreening,
)
from services.commands.children import AssessBestInterests
from services.commands.day_centre import EnrolInDayCentre, RecordAttendance, ScheduleSession
from services.commands.identification import Rescreen
from services.commands.reflection import (
    EndReflectionPeriod,
    ExtendReflectionPeriod,
    StartReflectionPeriod,
)
from services.commands.shelter import RegisterFacility
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    consent_to_services,
    open_case,
    register,
    today_in_prishtina,
)
from tests.support.partners import partner
from tests.support.projecting import memory_engine, project

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)  # START's day in Prishtina
AGGREGATES: dict[str, type[Any]] = {
    "Case": Case,
    "CarePlan": CarePlan,
    "ReintegrationPlan": ReintegrationPlan,
    "Beneficiary": Beneficiary,
    "DayCentreSession": DayCentreSession,
    "CriminalProceedings": CriminalProceedings,
    "ReturnProcess": ReturnProcess,  # issue 15, return: tests/unit/test_due_returns.py
}


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


@pytest.fixture
def journey(clock: ScriptedClock) -> Iterator[Journey]:
    system = build("memory://", clock)
    yield system
    system.close()


def tables(journey: Journey) -> dict[str, list[dict[str, Any]]]:
    """The `due` view (as `due`) and every item, met ones too (as `due_items`)."""
    engine, model = memory_engine(), Due()
    projected = project(journey, model, engine)
    with engine.begin() as conn:
        point_views(conn, model, projected)
        due = conn.execute(text("SELECT * FROM due ORDER BY case_number, kind, due_on, source"))
        items = conn.execute(text("SELECT * FROM due_items ORDER BY item_key"))
        return {
            "due": [dict(row) for row in due.mappings()],
            "due_items": [dict(row) for row in items.mappings()],
        }


def due(journey: Journey, kind: str) -> list[dict[str, Any]]:
    return [row for row in tables(journey)["due"] if row["kind"] == kind]


def items(journey: Journey, kind: str) -> list[dict[str, Any]]:
    return [row for row in tables(journey)["due_items"] if row["kind"] == kind]


def last_contact(journey: Journey, case_id: UUID) -> str:
    (row,) = [r for r in due(journey, "no_contact") if r["case_id"] == str(case_id)]
    anchor: str = row["anchor_on"]
    return anchor


def test_every_handled_event_is_one_the_domain_records() -> None:
    for name in HANDLERS:
        aggregate, _, event = name.partition(".")
        event_class = getattr(AGGREGATES[aggregate], event, None)
        assert isinstance(event_class, type), name
        assert issubclass(event_class, DomainEvent), name


# ------------------------------------------------------------ reflection period


def test_a_reflection_period_is_due_at_its_end_moved_and_met(
    journey: Journey, clock: ScriptedClock
) -> None:
    clock.set(datetime.now(UTC))  # `due` lists a period's end until that day
    today = today_in_prishtina()
    case_id = case_in_service_provision(journey)
    start = StartReflectionPeriod(legal_basis=ReflectionBasis.KOSOVO_SOP, started_on=today)
    journey.bus.execute(case_id, start, actor=WORKER)
    (row,) = due(journey, "reflection_period_end")
    assert (row["due_on"], row["anchor_on"], row["source"], row["overdue"]) == (
        (today + timedelta(days=90)).isoformat(),
        today.isoformat(),
        "reflection period",
        0,
    )
    extend = ExtendReflectionPeriod(reason="Still in treatment", extra_days=30)
    journey.bus.execute(case_id, extend, actor=MANAGER)
    (row,) = due(journey, "reflection_period_end")
    assert (row["due_on"], row["anchor_on"], row["source"]) == (
        (today + timedelta(days=120)).isoformat(),
        today.isoformat(),
        "reflection period, extended by 30 days",
    )
    end = EndReflectionPeriod(reason=ReflectionEndReason.DECIDED_TO_COOPERATE)
    journey.bus.execute(case_id, end, actor=WORKER)
    assert due(journey, "reflection_period_end") == []
    (met,) = items(journey, "reflection_period_end")
    assert met["done_on"] == today.isoformat()


def test_a_period_that_ran_its_course_leaves_the_list_unmet(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    start = StartReflectionPeriod(legal_basis=ReflectionBasis.LAW_ON_FOREIGNERS)
    journey.bus.execute(case_id, start, actor=WORKER)  # 2026-03-02 to 2026-04-01: over
    assert due(journey, "reflection_period_end") == []
    (kept,) = items(journey, "reflection_period_end")
    assert (kept["due_on"], kept["done_on"]) == ("2026-04-01", None)


# --------------------------------------------------------------------- care plan


def care_plan(journey: Journey, case_id: UUID) -> UUID:
    """The case's care plan with the services consent given, needs assessed today."""
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    consent_to_services(journey, beneficiary_id)
    plan = journey.bus.execute(None, StartCarePlan(case_id=case_id), actor=WORKER).id
    needs = (DomainNeed(NeedDomain.ACCOMMODATION, NeedLevel.HIGH),)
    assess = AssessNeeds(domains=needs, reassess_by=date(2026, 4, 15))
    journey.bus.execute(plan, assess, actor=WORKER)
    return plan


def plan_housing(journey: Journey, plan: UUID, due_on: date = date(2026, 3, 31)) -> None:
    planned = PlanService(
        service=ServiceType.HOUSING,
        provider_kind=ProviderKind.PVPT,
        responsible=WORKER,
        starts_on=TODAY,
        due_on=due_on,
        domains=(NeedDomain.ACCOMMODATION,),
    )
    journey.bus.execute(plan, planned, actor=WORKER)


def test_needs_reassessment_follows_each_assessment(journey: Journey, clock: ScriptedClock) -> None:
    case_id = case_in_service_provision(journey)
    plan = care_plan(journey, case_id)
    (row,) = due(journey, "needs_reassessment")
    assert (row["due_on"], row["anchor_on"], row["source"]) == (
        "2026-04-15",
        "2026-03-02",
        "needs assessment v1",
    )
    clock.advance(days=20)
    needs = (DomainNeed(NeedDomain.ACCOMMODATION, NeedLevel.LOW),)
    journey.bus.execute(plan, AssessNeeds(domains=needs), actor=WORKER)  # 3 months on
    (row,) = due(journey, "needs_reassessment")
    assert (row["due_on"], row["anchor_on"], row["source"]) == (
        "2026-06-22",
        "2026-03-22",
        "needs assessment v2",
    )
    assert last_contact(journey, case_id) == "2026-03-22"


def test_a_planned_service_is_met_by_an_attended_delivery_a_cancellation_or_its_outcome(
    journey: Journey,
) -> None:
    case_id = case_in_service_provision(journey)
    plan = care_plan(journey, case_id)
    for _ in range(4):
        plan_housing(journey, plan)
    (first, *_) = due(journey, "planned_service")
    assert (first["due_on"], first["window_from"], first["window_to"], first["source"]) == (
        "2026-03-31",
        "2026-03-02",
        "2026-03-31",
        "service 1 (housing)",
    )
    run = journey.bus.execute
    run(plan, RecordDelivery(number=1, attended=False, duration_minutes=0, delivered_by=WORKER),
        actor=WORKER)  # fmt: skip
    run(plan, RecordDelivery(number=2, attended=True, duration_minutes=60, delivered_by=WORKER),
        actor=WORKER)  # fmt: skip
    run(plan, CancelService(number=3, reason="Found a flat herself"), actor=WORKER)
    run(plan, RecordServiceOutcome(number=4, outcome=ServiceAchievement.NOT_ACHIEVED),
        actor=WORKER)  # fmt: skip
    assert [row["source"] for row in due(journey, "planned_service")] == ["service 1 (housing)"]
    met = {row["source"]: row["done_on"] for row in items(journey, "planned_service")}
    assert met == {
        "service 1 (housing)": None,  # missed: still owed
        "service 2 (housing)": "2026-03-02",
        "service 3 (housing)": "2026-03-02",
        "service 4 (housing)": "2026-03-02",
    }


def test_withdrawing_the_services_consent_cancels_services_as_of_its_day(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    plan = care_plan(journey, case_id)
    plan_housing(journey, plan)
    plan_housing(journey, plan, due_on=date(2026, 4, 30))
    clock.advance(days=10)
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    withdrawal = WithdrawConsent(kind=ConsentKind.SERVICES, withdrawn_on=date(2026, 3, 5))
    journey.bus.execute(beneficiary_id, withdrawal, actor=WORKER)
    assert due(journey, "planned_service") == []
    assert {row["done_on"] for row in items(journey, "planned_service")} == {"2026-03-05"}


def test_a_care_plan_review_is_scheduled_moved_by_a_review_and_met_by_the_last(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    plan = care_plan(journey, case_id)
    journey.bus.execute(plan, ScheduleReview(due_on=date(2026, 4, 1)), actor=WORKER)
    (row,) = due(journey, "care_plan_review")
    assert (row["due_on"], row["source"]) == ("2026-04-01", "review scheduled")
    clock.advance(days=28)
    review = ReviewCarePlan(summary="Housing found", next_review_on=date(2026, 6, 30))
    journey.bus.execute(plan, review, actor=WORKER)
    (row,) = due(journey, "care_plan_review")
    assert (row["due_on"], row["anchor_on"], row["source"]) == (
        "2026-06-30",
        "2026-03-30",
        "review of 2026-03-30",
    )
    journey.bus.execute(plan, ReviewCarePlan(summary="Plan done"), actor=WORKER)
    assert due(journey, "care_plan_review") == []
    (met,) = items(journey, "care_plan_review")
    assert met["done_on"] == "2026-03-30"


# ---------------------------------------------------------------------- children

GUARDIAN = Guardian(GuardianKind.APPOINTED_LEGAL_GUARDIAN, "Valbona Hoxha", "+38349111222")


def child(journey: Journey) -> UUID:
    """A girl of 15 (18 on 2028-06-15) with a guardian appointed by the Centre for
    Social Work."""
    command = RegisterBeneficiary(
        personal=PersonalData("Blerta", "Gashi", date(2010, 6, 15)),
        gender=Gender.FEMININE,
        age_at_identification=15,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
    person = journey.bus.execute(None, command, actor=WORKER).id
    csw = GuardianAppointedBy.CENTRE_FOR_SOCIAL_WORK
    appointed = AppointGuardian(GUARDIAN, csw, TODAY, "QPS-PR-2026-041")
    journey.bus.execute(person, appointed, actor=WORKER)
    return person


def close(journey: Journey, case_id: UUID) -> None:
    subject, reason = ApprovalSubject.CLOSURE, ClosureReason.REINTEGRATED
    journey.bus.execute(
        case_id, RequestApproval(subject=subject, closure_reason=reason), actor=WORKER
    )
    journey.bus.execute(case_id, Approve(subject=subject), actor=MANAGER)


def test_a_guardians_consent_is_renewed_on_each_open_case_of_the_child(
    journey: Journey,
) -> None:
    person = child(journey)
    first, second = open_case(journey, person), open_case(journey, person)
    consent = GiveConsent(kind=ConsentKind.SERVICES, given_by=ConsentGiver.GUARDIAN)
    journey.bus.execute(person, consent, actor=WORKER)
    rows = due(journey, "guardian_consent_renewal")
    assert {row["case_id"] for row in rows} == {str(first), str(second)}
    assert {(row["due_on"], row["anchor_on"]) for row in rows} == {("2027-03-02", "2026-03-02")}
    assert {row["source"] for row in rows} == {"consent services given 2026-03-02"}
    close(journey, first)
    (row,) = due(journey, "guardian_consent_renewal")
    assert row["case_id"] == str(second)
    journey.bus.execute(person, WithdrawConsent(kind=ConsentKind.SERVICES), actor=WORKER)
    assert due(journey, "guardian_consent_renewal") == []


def test_each_partners_sharing_consent_is_renewed_on_its_own(journey: Journey) -> None:
    person = child(journey)
    open_case(journey, person)
    partners = (partner(journey, "iom-kosovo"), partner(journey, "csw-prizren"))
    for organisation in partners:
        consent = GiveConsent(kind=ConsentKind.SHARING, given_by=ConsentGiver.GUARDIAN,
                              organisation_id=organisation)  # fmt: skip
        journey.bus.execute(person, consent, actor=WORKER)
    kept = items(journey, "guardian_consent_renewal")
    assert len(kept) == 2
    assert all(len(row["item_key"]) <= 160 for row in kept)  # the column's length
    withdrawal = WithdrawConsent(kind=ConsentKind.SHARING, organisation_id=partners[0])
    journey.bus.execute(person, withdrawal, actor=WORKER)
    assert len(due(journey, "guardian_consent_renewal")) == 1


def test_the_persons_own_consent_owes_no_renewal(journey: Journey) -> None:
    person = register(journey)
    open_case(journey, person)
    consent = GiveConsent(kind=ConsentKind.SHARING, given_by=ConsentGiver.BENEFICIARY,
                          organisation_id=partner(journey))  # fmt: skip
    journey.bus.execute(person, consent, actor=WORKER)
    assert items(journey, "guardian_consent_renewal") == []


# ------------------------------------------------------------------------ contact


def test_a_best_interests_assessment_is_contact(journey: Journey, clock: ScriptedClock) -> None:
    case_id = open_case(journey, child(journey))
    clock.advance(days=8)
    assessment = AssessBestInterests(
        decision=BestInterestsDecision.PLACEMENT,
        recommendation="Shelter until the family home is safe.",
        child_heard=True,
        participants=(BestInterestsParticipant.CHILD, BestInterestsParticipant.GUARDIAN),
    )
    journey.bus.execute(case_id, assessment, actor=WORKER)
    assert last_contact(journey, case_id) == "2026-03-10"


def session(journey: Journey, centre: UUID, held_on: date) -> UUID:
    command = ScheduleSession(
        facility_id=centre,
        held_on=held_on,
        activity=DayCentreActivity.VOCATIONAL_COURSE,
        title="Hairdressing",
        facilitator="drita.berisha",
        places=4,
    )
    return journey.bus.execute(None, command, actor=MANAGER).id


def test_attending_the_day_centre_is_contact_missing_it_is_not(
    journey: Journey, clock: ScriptedClock
) -> None:
    centre = RegisterFacility(name="Day Centre Prishtina", beds=10, effective_from=TODAY,
                              kind=FacilityKind.DAY_REHABILITATION_CENTRE)  # fmt: skip
    centre_id = journey.bus.execute(None, centre, actor=MANAGER).id
    person = register(journey)
    consent_to_services(journey, person)  # the day centre is a service
    case_id = open_case(journey, person)
    enrol = EnrolInDayCentre(case_id=case_id, facility_id=centre_id, reason="Vocational course")
    enrolment = journey.bus.execute(None, enrol, actor=WORKER).id
    clock.advance(days=5)
    attended = RecordAttendance(enrolment_id=enrolment, status=AttendanceStatus.ATTENDED)
    journey.bus.execute(session(journey, centre_id, date(2026, 3, 7)), attended, actor=WORKER)
    clock.advance(days=5)
    absent = RecordAttendance(enrolment_id=enrolment, status=AttendanceStatus.ABSENT)
    journey.bus.execute(session(journey, centre_id, date(2026, 3, 12)), absent, actor=WORKER)
    assert last_contact(journey, case_id) == "2026-03-07"


# --------------------------------------------------------------------- screening


def test_a_screened_out_case_owes_nothing_until_screened_again(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    journey.bus.execute(case_id, StartScreening(), actor=WORKER)
    clock.advance(days=1)
    out = ScreenOut(outcome=ScreeningOutcome.INSUFFICIENT_INFORMATION, rationale="Too little",
                    no_referral_reason="She did not want a referral")  # fmt: skip
    journey.bus.execute(case_id, out, actor=WORKER)
    assert tables(journey)["due"] == []
    clock.advance(days=1)
    journey.bus.execute(case_id, Rescreen(reason="She came back"), actor=WORKER)
    rows = tables(journey)["due"]
    assert sorted(row["kind"] for row in rows) == ["no_contact", "risk_reassessment"]
    assert last_contact(journey, case_id) == "2026-03-03"  # the day screened out
