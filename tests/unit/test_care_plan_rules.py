"""The care plan's rules found in review (issue 14): given events -> when a command ->
then events, or a named refusal. Dates not before the referral or the service's start,
no achievement without an attended delivery, a lawful basis only for the services it
covers, staff user names, and the records a case links (erased and exported alike)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from adapters.privacy.sealing import EVENT_SEALS
from domain.care_plan import CarePlan
from domain.errors import DateTooEarly, InvalidInput, RuleViolated
from domain.parts.care_plan_services import SERVICES_ON_BASIS
from domain.parts.care_plan_values import DomainNeed
from domain.sensitivity import CARE_TEXT, NEED_NOTES, OUTCOME_NOTE
from domain.values import ERASED
from domain.vocab import (
    NeedDomain,
    NeedLevel,
    ProviderKind,
    ServiceAchievement,
    ServiceBasis,
    ServiceOutcome,
    ServiceType,
)
from services.access import Role
from services.disclosure import WITHHELD, Disclosure
from tests.unit.dsl import then, when
from tests.unit.test_care_plan import (
    CLINICIAN,
    CONSENTED,
    DAY,
    NEEDS,
    REFERRED,
    TODAY,
    WORKER,
    Command,
    assessed,
    deliver,
    opened_case,
    plan_with,
    planned,
)


def _assess_on(day: date) -> Command:
    return lambda p: p.assess_needs(NEEDS, day, actor=WORKER, at=DAY)


def _too_early(plan: CarePlan, command: Command, field: str) -> DateTooEarly:
    with pytest.raises(DateTooEarly) as caught:
        command(plan)
    assert caught.value.field == field
    assert not plan.collect_events()
    return caught.value


# ------------------------------------------------------ dates (review items 6, 7)


def test_a_needs_assessment_is_not_dated_before_the_referral() -> None:
    refusal = _too_early(plan_with(), _assess_on(date(1999, 1, 1)), "assessed_on")
    assert (refusal.stated, refusal.earliest) == (date(1999, 1, 1), REFERRED)
    assert "1999-01-01" in refusal.message
    assert REFERRED.isoformat() in refusal.message
    assert "referral" in refusal.message
    then(when(plan_with(), _assess_on(REFERRED)), (CarePlan.NeedsAssessed, {"version": 1}))


def test_a_reassessment_is_not_dated_before_the_previous_one() -> None:
    refusal = _too_early(plan_with(assessed), _assess_on(date(2026, 3, 4)), "assessed_on")
    assert refusal.earliest == date(2026, 3, 5)
    assert "previous needs assessment" in refusal.message


def test_a_review_is_not_dated_before_the_referral() -> None:
    review: Command = lambda p: p.review("held", date(2026, 2, 28), actor=WORKER, at=DAY)  # noqa: E731
    refusal = _too_early(plan_with(), review, "reviewed_on")
    assert refusal.earliest == REFERRED


def test_the_care_plan_keeps_the_referral_day_of_its_case() -> None:
    plan = plan_with()
    assert plan.referred_on == REFERRED


def test_a_delivery_is_not_dated_before_its_service_starts() -> None:
    plan = plan_with(assessed, planned)  # starts on 2026-03-09
    refusal = _too_early(plan, deliver(date(2026, 3, 8)), "delivered_on")
    assert refusal.earliest == date(2026, 3, 9)
    assert "start of planned service 1" in refusal.message
    then(when(plan, deliver(date(2026, 3, 9))), (CarePlan.ServiceDelivered, {"number": 1}))


# ------------------------------------------------------- outcome (review item 8)


def _outcome(outcome: ServiceAchievement) -> Command:
    return lambda p: p.record_service_outcome(1, outcome, actor=WORKER, at=DAY)


@pytest.mark.parametrize(
    "outcome", [ServiceAchievement.ACHIEVED, ServiceAchievement.PARTIALLY_ACHIEVED]
)
def test_a_service_never_delivered_is_not_achieved(outcome: ServiceAchievement) -> None:
    missed = deliver(date(2026, 3, 9), attended=False)
    for plan in (plan_with(assessed, planned), plan_with(assessed, planned, missed)):
        with pytest.raises(RuleViolated) as caught:
            _outcome(outcome)(plan)
        assert caught.value.rule == "never_delivered"
        assert not plan.collect_events()


def test_a_service_never_delivered_may_be_not_achieved() -> None:
    then(
        when(plan_with(assessed, planned), _outcome(ServiceAchievement.NOT_ACHIEVED)),
        (CarePlan.ServiceOutcomeRecorded, {"outcome": ServiceAchievement.NOT_ACHIEVED}),
    )


def test_an_outcome_names_the_kind_of_service_its_note_is_about() -> None:
    plan = plan_with(assessed, planned, deliver(date(2026, 3, 9)))
    then(
        when(plan, _outcome(ServiceAchievement.ACHIEVED)),
        (CarePlan.ServiceOutcomeRecorded, {"service": ServiceType.PSYCHOLOGICAL}),
    )


# ---------------------------------------------------- the basis (review item 9)


def _plan(service: ServiceType, basis: ServiceBasis, responsible: str = CLINICIAN) -> Command:
    return lambda p: p.plan_service(
        service,
        (ProviderKind.PVPT, None),
        responsible,
        (TODAY, TODAY),
        basis,
        (NeedDomain.MENTAL_HEALTH,),
        consent_given_on=CONSENTED,
        actor=WORKER,
        at=DAY,
    )


CASES = [
    (basis, service)
    for basis in ServiceBasis
    if basis is not ServiceBasis.CONSENT
    for service in ServiceType
]


@pytest.mark.parametrize(("basis", "service"), CASES, ids=str)
def test_a_lawful_basis_covers_only_its_services(basis: ServiceBasis, service: ServiceType) -> None:
    plan = plan_with(assessed)
    if service in SERVICES_ON_BASIS[basis]:
        then(when(plan, _plan(service, basis)), (CarePlan.ServicePlanned, {"basis": basis}))
        return
    with pytest.raises(InvalidInput) as caught:
        _plan(service, basis)(plan)
    assert caught.value.field == "basis"
    assert all(s.value in caught.value.message for s in SERVICES_ON_BASIS[basis])


def test_emergency_medical_care_is_a_basis_for_medical_and_psychological_services_only() -> None:
    assert SERVICES_ON_BASIS[ServiceBasis.EMERGENCY_MEDICAL_CARE] == {
        ServiceType.MEDICAL,
        ServiceType.PSYCHOLOGICAL,
    }
    assert SERVICES_ON_BASIS[ServiceBasis.CONSENT] == set(ServiceType)


def test_an_unplanned_housing_delivery_is_not_emergency_medical_care() -> None:
    case = opened_case()
    with pytest.raises(InvalidInput) as caught:
        case.deliver_service(
            ServiceType.HOUSING,
            "PVPT",
            TODAY,
            ServiceOutcome.COMPLETED,
            ServiceBasis.EMERGENCY_MEDICAL_CARE,
            consent_given_on=None,
            actor=WORKER,
            at=DAY,
        )
    assert caught.value.field == "basis"


# ------------------------------------------------ staff user names (item 15)


@pytest.mark.parametrize("name", ["Teuta Provo", "x", "dr hoxha", "Dr.Hoxha"])
def test_the_responsible_worker_is_a_staff_user_name(name: str) -> None:
    plan = plan_with(assessed)
    with pytest.raises(InvalidInput) as caught:
        _plan(ServiceType.PSYCHOLOGICAL, ServiceBasis.CONSENT, name)(plan)
    assert caught.value.field == "responsible"


def test_who_delivered_is_a_staff_user_name() -> None:
    plan = plan_with(assessed, planned)
    by_name: Command = lambda p: p.record_delivery(  # noqa: E731
        1, True, 30, "Teuta Provo", TODAY, consent_given_on=CONSENTED, actor=WORKER, at=DAY
    )
    with pytest.raises(InvalidInput) as caught:
        by_name(plan)
    assert caught.value.field == "delivered_by"


# --------------------------------------- the records a case links (item 4)


def test_a_case_links_its_care_plan_for_erasure_and_history_alike() -> None:
    case = opened_case()
    care_id, plan_id = uuid4(), uuid4()
    case.link_care_plan(care_id, actor=WORKER, at=DAY)
    case.link_plan(plan_id, actor=WORKER, at=DAY)
    assert case.linked_records == (("plan", plan_id), ("care_plan", care_id))
    assert case.record_ids == (case.id, plan_id, care_id)


# -------------------------------------- health notes, erased notes (items 13, 16)


def test_health_notes_are_sensitive_by_their_domain_or_kind_of_service() -> None:
    assert NEED_NOTES.for_sibling(NeedDomain.MENTAL_HEALTH) == (NEED_NOTES, "psychological")
    assert NEED_NOTES.for_sibling(NeedDomain.PHYSICAL_HEALTH) == (NEED_NOTES, "medical")
    assert NEED_NOTES.for_sibling(NeedDomain.ACCOMMODATION) == (CARE_TEXT, None)
    assert OUTCOME_NOTE.for_sibling(ServiceType.PSYCHOLOGICAL) == (OUTCOME_NOTE, "psychological")
    assert OUTCOME_NOTE.for_sibling(ServiceType.LEGAL) == (CARE_TEXT, None)


@pytest.mark.parametrize(
    ("role", "reads"), [(Role.CLINICIAN, True), (Role.LAWYER, False), (Role.CASEWORKER, False)]
)
def test_a_mental_health_note_is_read_as_a_psychological_note(role: Role, reads: bool) -> None:
    need = DomainNeed(NeedDomain.MENTAL_HEALTH, NeedLevel.HIGH, "nightmares")
    other = DomainNeed(NeedDomain.ACCOMMODATION, NeedLevel.HIGH, "no home")
    disclosure = Disclosure(role)
    shown = disclosure.value((need, other))
    assert [n.notes for n in shown] == ["nightmares" if reads else WITHHELD, "no home"]
    assert disclosure.withheld == ({} if reads else {"0.notes": NEED_NOTES.why})


def test_erased_care_plan_notes_read_erased_not_null() -> None:
    needs = {seal.path: seal.erased for seal in EVENT_SEALS[CarePlan.NeedsAssessed]}
    outcome = {seal.path: seal.erased for seal in EVENT_SEALS[CarePlan.ServiceOutcomeRecorded]}
    assert (needs, outcome) == ({"domains[].notes": ERASED}, {"note": ERASED})
