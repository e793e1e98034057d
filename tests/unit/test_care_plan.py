"""The care plan: given events -> when a command -> then events, or a named refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.care_plan import CarePlan
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.errors import ConsentRequired, DateInFuture, DateTooEarly, DomainError, InvalidInput
from domain.organisation import organisation_id
from domain.parts.care_plan_services import PVPT, WITHDRAWN
from domain.parts.care_plan_values import DomainNeed
from domain.vocab import (
    IncomingReferralReason,
    NeedDomain,
    NeedLevel,
    OrganisationType,
    PlannedServiceStatus,
    ProviderKind,
    ServiceAchievement,
    ServiceBasis,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
)
from tests.unit.dsl import at, given, history, then, when

UCCK = organisation_id("ucck")  # a registered partner (the service checks it)
WORKER = "besa"
CLINICIAN = "dr.hoxha"
DAY = at(10)
TODAY = DAY.date()
REFERRED = date(2026, 3, 1)  # the case's referral
CONSENTED = date(2026, 3, 2)  # the day the services consent in force was given
NEEDS = (
    DomainNeed(NeedDomain.MENTAL_HEALTH, NeedLevel.HIGH, " nightmares "),
    DomainNeed(NeedDomain.ACCOMMODATION, NeedLevel.IMMEDIATE, None),
    DomainNeed(NeedDomain.FINANCES, NeedLevel.NONE, None),
)
Command = Callable[[CarePlan], object]


def started() -> CarePlan:
    return CarePlan.start(uuid4(), "PVPT-C-2026-0007", uuid4(), REFERRED, actor=WORKER, at=at(1))


def assessed(plan: CarePlan) -> None:
    plan.assess_needs(NEEDS, date(2026, 3, 5), actor=WORKER, at=at(5))


def planned(plan: CarePlan, basis: ServiceBasis = ServiceBasis.CONSENT) -> None:
    plan.plan_service(
        ServiceType.PSYCHOLOGICAL,
        (ProviderKind.PVPT, None),
        CLINICIAN,
        (date(2026, 3, 9), date(2026, 6, 9)),
        basis,
        (NeedDomain.MENTAL_HEALTH,),
        consent_given_on=CONSENTED,
        actor=WORKER,
        at=at(6),
    )


def plan_with(*commands: Command) -> CarePlan:
    return given(CarePlan, history(started, *commands))


def refused(plan: CarePlan, command: Command, error: type[DomainError], rule: str) -> DomainError:
    with pytest.raises(error) as caught:
        command(plan)
    assert caught.value.rule == rule
    assert not plan.collect_events()
    return caught.value


def deliver(day: date, *, consent: date | None = CONSENTED, attended: bool = True) -> Command:
    return lambda p: p.record_delivery(
        1,
        attended,
        50 if attended else 0,
        CLINICIAN,
        day,
        consent_given_on=consent,
        actor=CLINICIAN,
        at=DAY,
    )


# ------------------------------------------------------------- needs assessment


def test_a_needs_assessment_is_version_1_reassessed_by_three_months_on() -> None:
    then(
        when(plan_with(), assessed),
        (
            CarePlan.NeedsAssessed,
            {
                "version": 1,
                "assessed_on": date(2026, 3, 5),
                "reassess_by": date(2026, 6, 5),
                "domains": (
                    DomainNeed(NeedDomain.MENTAL_HEALTH, NeedLevel.HIGH, "nightmares"),
                    *NEEDS[1:],
                ),
            },
        ),
    )


def test_a_reassessment_is_a_new_version_and_both_are_kept() -> None:
    plan = plan_with(assessed)
    needs = (DomainNeed(NeedDomain.MENTAL_HEALTH, NeedLevel.MEDIUM),)
    then(
        when(
            plan,
            lambda p: p.assess_needs(needs, reassess_by=date(2026, 5, 1), actor=WORKER, at=DAY),
        ),
        (
            CarePlan.NeedsAssessed,
            {"version": 2, "assessed_on": TODAY, "reassess_by": date(2026, 5, 1)},
        ),
    )
    assert [a.version for a in plan.assessments] == [1, 2]
    assert plan.assessments[1].assessed_by == WORKER


@pytest.mark.parametrize(
    "needs",
    [(), (NEEDS[0], NEEDS[0])],
    ids=["none", "twice"],
)
def test_an_assessment_names_each_domain_once(needs: tuple[DomainNeed, ...]) -> None:
    refused(
        plan_with(),
        lambda p: p.assess_needs(needs, actor=WORKER, at=DAY),
        InvalidInput,
        "invalid_input",
    )


def test_an_assessment_date_is_a_field_date() -> None:
    refused(
        plan_with(),
        lambda p: p.assess_needs(NEEDS, TODAY + timedelta(days=1), actor=WORKER, at=DAY),
        DateInFuture,
        "date_in_future",
    )
    refused(
        plan_with(assessed),
        lambda p: p.assess_needs(NEEDS, date(2026, 3, 4), actor=WORKER, at=DAY),
        DateTooEarly,
        "date_too_early",
    )


def test_reassess_by_is_after_the_assessment() -> None:
    refused(
        plan_with(),
        lambda p: p.assess_needs(NEEDS, TODAY, TODAY, actor=WORKER, at=DAY),
        InvalidInput,
        "invalid_input",
    )


# ------------------------------------------------------------------- goals


def test_a_goal_answers_assessed_needs() -> None:
    then(
        when(
            plan_with(assessed),
            lambda p: p.add_goal("A safe home", (NeedDomain.ACCOMMODATION,), actor=WORKER, at=DAY),
        ),
        (CarePlan.GoalAdded, {"number": 1, "domains": (NeedDomain.ACCOMMODATION,)}),
    )


def test_a_goal_needs_an_assessment_and_a_need_in_its_domains() -> None:
    goal: Command = lambda p: p.add_goal("x", (NeedDomain.FINANCES,), actor=WORKER, at=DAY)  # noqa: E731
    refused(plan_with(), goal, DomainError, "needs_not_assessed")
    refused(plan_with(assessed), goal, DomainError, "no_assessed_need")


# --------------------------------------------------------------- services


def test_a_service_is_planned_on_consent_with_its_htcds_support_type() -> None:
    then(
        when(plan_with(assessed), planned),
        (
            CarePlan.ServicePlanned,
            {
                "number": 1,
                "service": ServiceType.PSYCHOLOGICAL,
                "support_type": SupportPlanType.HEALTH,
                "provider": PVPT,
                "responsible": CLINICIAN,
                "starts_on": date(2026, 3, 9),
                "due_on": date(2026, 6, 9),
                "basis": ServiceBasis.CONSENT,
            },
        ),
    )


def test_planning_on_consent_without_the_services_consent_is_refused() -> None:
    plan = plan_with(assessed)
    refusal = refused(
        plan,
        lambda p: p.plan_service(
            ServiceType.MEDICAL,
            (ProviderKind.PARTNER, "UCCK"),
            WORKER,
            (TODAY, TODAY),
            ServiceBasis.CONSENT,
            (NeedDomain.MENTAL_HEALTH,),
            consent_given_on=None,
            actor=WORKER,
            at=DAY,
        ),
        ConsentRequired,
        "consent_required",
    )
    assert "services consent" in refusal.message


def test_emergency_medical_care_is_planned_without_consent_and_recorded_as_such() -> None:
    plan = plan_with(assessed)
    events = when(
        plan,
        lambda p: p.plan_service(
            ServiceType.MEDICAL,
            (ProviderKind.PARTNER, "UCCK"),
            WORKER,
            (TODAY, TODAY),
            ServiceBasis.EMERGENCY_MEDICAL_CARE,
            (NeedDomain.MENTAL_HEALTH,),
            consent_given_on=None,
            organisation_id=UCCK,
            actor=WORKER,
            at=DAY,
        ),
    )
    then(
        events,
        (
            CarePlan.ServicePlanned,
            {
                "basis": ServiceBasis.EMERGENCY_MEDICAL_CARE,
                "provider": "UCCK",
                "organisation_id": UCCK,
            },
        ),
    )


@pytest.mark.parametrize(
    ("provider", "field"),
    [
        ((ProviderKind.PARTNER, None), "organisation_id"),
        ((ProviderKind.PVPT, "IOM"), "organisation_id"),
    ],
)
def test_the_provider_is_pvpt_or_a_named_partner(
    provider: tuple[ProviderKind, str | None], field: str
) -> None:
    refusal = refused(
        plan_with(assessed),
        lambda p: p.plan_service(
            ServiceType.LEGAL,
            provider,
            WORKER,
            (TODAY, TODAY),
            ServiceBasis.CONSENT,
            (NeedDomain.MENTAL_HEALTH,),
            consent_given_on=CONSENTED,
            actor=WORKER,
            at=DAY,
        ),
        InvalidInput,
        "invalid_input",
    )
    assert isinstance(refusal, InvalidInput)
    assert refusal.field == field


def test_a_delivery_attended_and_one_missed() -> None:
    plan = plan_with(assessed, planned)
    then(
        when(plan, deliver(date(2026, 3, 9))),
        (
            CarePlan.ServiceDelivered,
            {"number": 1, "delivered_on": date(2026, 3, 9), "attended": True},
        ),
    )
    then(
        when(plan, deliver(date(2026, 3, 10), attended=False)),
        (CarePlan.ServiceDelivered, {"attended": False}),
    )
    assert [d.attended for d in plan.services[1].deliveries] == [True, False]


def test_a_delivery_on_consent_needs_the_consent_in_force_that_day() -> None:
    plan = plan_with(assessed, planned)
    refused(plan, deliver(TODAY, consent=None), ConsentRequired, "consent_required")
    refused(
        plan,
        deliver(date(2026, 3, 9), consent=date(2026, 3, 10)),
        ConsentRequired,
        "consent_required",
    )


def test_a_withdrawal_cancels_open_consent_services_and_stops_later_deliveries() -> None:
    plan = plan_with(assessed, planned, lambda p: planned(p, ServiceBasis.VITAL_INTERESTS))
    then(
        when(plan, lambda p: p.stop_for_withdrawal(date(2026, 3, 9), actor=WORKER, at=DAY)),
        (CarePlan.ServiceCancelled, {"number": 1, "reason": WITHDRAWN, "by_withdrawal": True}),
    )
    assert plan.services[2].status is PlannedServiceStatus.PLANNED
    refused(plan, deliver(date(2026, 3, 10), consent=None), ConsentRequired, "consent_required")
    then(when(plan, deliver(date(2026, 3, 9), consent=None)), (CarePlan.ServiceDelivered, {}))


def test_an_outcome_concludes_the_service() -> None:
    plan = plan_with(assessed, planned, deliver(date(2026, 3, 9)))
    then(
        when(
            plan,
            lambda p: p.record_service_outcome(
                1, ServiceAchievement.ACHIEVED, "sleeps", actor=WORKER, at=DAY
            ),
        ),
        (CarePlan.ServiceOutcomeRecorded, {"number": 1, "outcome": ServiceAchievement.ACHIEVED}),
    )
    refused(plan, deliver(TODAY), DomainError, "service_settled")
    refused(
        plan,
        lambda p: p.cancel_service(1, "no longer needed", actor=WORKER, at=DAY),
        DomainError,
        "service_settled",
    )


def test_a_cancelled_service_refuses_a_later_delivery() -> None:
    plan = plan_with(assessed, planned)
    then(
        when(plan, lambda p: p.cancel_service(1, "moved away", actor=WORKER, at=DAY)),
        (CarePlan.ServiceCancelled, {"number": 1, "cancelled_on": TODAY, "by_withdrawal": False}),
    )
    later: Command = lambda p: p.record_delivery(  # noqa: E731
        1, True, 5, CLINICIAN, consent_given_on=CONSENTED, actor=WORKER, at=at(11)
    )
    refused(plan, later, DomainError, "service_settled")


def test_no_such_service() -> None:
    refused(plan_with(assessed), deliver(TODAY), DomainError, "no_such_service")


@pytest.mark.parametrize(("attended", "minutes"), [(True, 0), (False, 30), (True, 24 * 60 + 1)])
def test_duration_fits_attendance(attended: bool, minutes: int) -> None:
    refused(
        plan_with(assessed, planned),
        lambda p: p.record_delivery(
            1, attended, minutes, CLINICIAN, TODAY, consent_given_on=CONSENTED, actor=WORKER, at=DAY
        ),
        InvalidInput,
        "invalid_input",
    )


# ----------------------------------------------------------------- reviews


def test_a_review_is_scheduled_then_recorded() -> None:
    plan = plan_with(assessed)
    then(
        when(plan, lambda p: p.schedule_review(date(2026, 4, 1), actor=WORKER, at=DAY)),
        (CarePlan.ReviewScheduled, {"due_on": date(2026, 4, 1)}),
    )
    assert plan.next_review_on == date(2026, 4, 1)
    then(
        when(plan, lambda p: p.review("on track", None, date(2026, 7, 1), actor=WORKER, at=DAY)),
        (CarePlan.Reviewed, {"reviewed_on": TODAY, "next_review_on": date(2026, 7, 1)}),
    )
    assert plan.next_review_on == date(2026, 7, 1)
    assert len(plan.reviews) == 1


def test_a_review_is_not_scheduled_in_the_past() -> None:
    refused(
        plan_with(),
        lambda p: p.schedule_review(TODAY - timedelta(days=1), actor=WORKER, at=DAY),
        InvalidInput,
        "invalid_input",
    )


# ------------------------------------------------------------------- the case


def opened_case() -> Case:
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        date(2026, 3, 1),
        IncomingReferralReason.OTHER,
    )
    return Case.open("PVPT-C-2026-0007", uuid4(), "PVPT-2026-0001", referral, actor=WORKER, at=at())


def test_a_case_has_one_care_plan() -> None:
    case = opened_case()
    care_id = uuid4()
    case.link_care_plan(care_id, actor=WORKER, at=at(1))
    assert case.care_plan_id == care_id
    assert care_id in case.record_ids
    with pytest.raises(DomainError) as caught:
        case.link_care_plan(uuid4(), actor=WORKER, at=at(2))
    assert caught.value.rule == "care_plan_exists"


def test_an_unplanned_delivery_needs_consent_or_a_lawful_basis() -> None:
    case = opened_case()
    with pytest.raises(ConsentRequired):
        case.deliver_service(
            ServiceType.MEDICAL,
            "UCCK",
            TODAY,
            ServiceOutcome.COMPLETED,
            consent_given_on=None,
            actor=WORKER,
            at=DAY,
        )
    case.deliver_service(
        ServiceType.MEDICAL,
        "UCCK",
        TODAY,
        ServiceOutcome.COMPLETED,
        ServiceBasis.EMERGENCY_MEDICAL_CARE,
        consent_given_on=None,
        actor=WORKER,
        at=DAY,
    )
    assert case.services[-1].service is ServiceType.MEDICAL


def test_the_case_shows_a_withdrawal_until_consent_is_given_again() -> None:
    case = opened_case()
    case.record_services_withdrawal(date(2026, 3, 8), 1, actor=WORKER, at=DAY)
    assert case.services_consent_withdrawn_on == date(2026, 3, 8)
    case.record_services_consent(TODAY, actor=WORKER, at=DAY)
    assert case.services_consent_withdrawn_on is None


def test_a_case_snapshot_from_before_care_plans_has_none() -> None:
    state: dict[str, object] = {"case_number": "PVPT-C-2026-0007"}
    Case.upcast_v5_v6(state)  # the care plan's step of the case's chain
    assert state["care_plan_id"] is None
    assert state["services_consent_withdrawn_on"] is None
