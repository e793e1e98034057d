"""A journey's care plan (docs/domain.md, Needs assessment and the care plan): started
when the case plan is approved, needs assessed, a goal, services planned for the needs
(by PVPT or a partner; now and then emergency medical care on that basis instead of
consent), sessions attended and missed, outcomes recorded, a review scheduled and held,
and a reassessment; now and then the services consent is withdrawn (the open services
on consent stop) and given again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from random import Random
from typing import Protocol
from uuid import UUID

from adapters.run.demo import day_centre, partners
from adapters.run.demo.world import Host
from domain.checks.field_dates import add_months
from domain.local_time import local_date
from domain.parts.care_plan_values import DomainNeed
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    NeedDomain,
    NeedLevel,
    ProviderKind,
    ServiceAchievement,
    ServiceBasis,
    ServiceType,
)
from services.commands.beneficiary import GiveConsent, WithdrawConsent
from services.commands.care_plan import (
    AddCareGoal,
    AssessNeeds,
    PlanService,
    RecordDelivery,
    RecordServiceOutcome,
    ReviewCarePlan,
    ScheduleReview,
    StartCarePlan,
)

# The service that answers each need domain, and who provides it (a partner by registry key).
ANSWERS: dict[NeedDomain, tuple[ServiceType, str | None]] = {
    NeedDomain.MENTAL_HEALTH: (ServiceType.PSYCHOLOGICAL, None),
    NeedDomain.PHYSICAL_HEALTH: (ServiceType.MEDICAL, partners.CLINICAL_CENTRE),
    NeedDomain.LEGAL_DOCUMENTATION: (ServiceType.LEGAL, partners.VICTIM_ADVOCACY),
    NeedDomain.EMPLOYMENT_LIVELIHOOD: (ServiceType.VOCATIONAL_TRAINING, None),
    NeedDomain.FAMILY_SOCIAL_NETWORK: (ServiceType.FAMILY_MEDIATION, None),
    NeedDomain.EDUCATION: (ServiceType.EDUCATION, partners.CSW_PRISHTINE),
}
CLINICIANS = {ServiceType.PSYCHOLOGICAL: "psy.shala", ServiceType.MEDICAL: "dr.gashi"}


class CareHost(Protocol):
    """What the care plan's script needs of a journey script."""

    demo: Host
    rng: Random
    case: UUID
    beneficiary: UUID
    worker: str
    manager: str
    care_plan: UUID | None
    care_dates: tuple[date, date, int] | None  # next review, needs by, services planned

    def _giver_on(self, day: date) -> ConsentGiver:
        """Who gives consent on `day`: the guardian while a child, then the person."""


def care_plan(script: CareHost) -> Iterator[float]:
    """The care plan's steps, as waits in days (about two to three months of them)."""
    demo, rng, worker = script.demo, script.rng, script.worker
    plan = script.care_plan = demo.do(None, StartCarePlan(case_id=script.case), worker)
    needs = _needs(rng)
    demo.do(plan, AssessNeeds(domains=needs, assessed_on=_today(demo) - timedelta(1)), worker)
    met = [need.domain for need in needs if need.domain in ANSWERS and need.level != "none"]
    demo.do(plan, AddCareGoal(description="Recovery and safety", domains=tuple(met)), worker)
    for domain in met:
        demo.do(plan, _planned(script, domain), worker)
    yield rng.uniform(5, 10)
    demo.do(plan, ScheduleReview(due_on=_today(demo) + timedelta(days=30)), worker)
    attended: set[int] = set()  # the services with an attended delivery
    for _ in range(rng.randint(2, 4)):
        yield rng.uniform(5, 12)
        for number, domain in enumerate(met, start=1):
            delivery = _delivery(script, number, domain)
            demo.do(plan, delivery, CLINICIANS.get(ANSWERS[domain][0], worker))
            attended |= {number} if delivery.attended else set()
    yield from _review_and_outcomes(script, plan, len(met), attended)


def _today(demo: Host) -> date:
    return local_date(demo.clock())


def _needs(rng: Random) -> tuple[DomainNeed, ...]:
    domains = [NeedDomain.SAFETY_RISK, *rng.sample(list(ANSWERS), rng.randint(2, 4))]
    levels = (NeedLevel.LOW, NeedLevel.MEDIUM, NeedLevel.HIGH, NeedLevel.IMMEDIATE)
    return tuple(
        DomainNeed(domain, rng.choice(levels), "as the person told it") for domain in domains
    )


def _planned(script: CareHost, domain: NeedDomain) -> PlanService:
    service, partner = ANSWERS[domain]
    today = _today(script.demo)
    emergency = service is ServiceType.MEDICAL and script.rng.random() < 0.3
    return PlanService(
        service=service,
        provider_kind=ProviderKind.PVPT if partner is None else ProviderKind.PARTNER,
        organisation_id=None if partner is None else partners.partner(partner),
        responsible=CLINICIANS.get(service, script.worker),
        starts_on=today,
        due_on=today + timedelta(days=script.rng.randint(45, 120)),
        basis=ServiceBasis.EMERGENCY_MEDICAL_CARE if emergency else ServiceBasis.CONSENT,
        domains=(domain,),
        goal=1,
    )


def _delivery(script: CareHost, number: int, domain: NeedDomain) -> RecordDelivery:
    attended = script.rng.random() < 0.8
    return RecordDelivery(
        number=number,
        attended=attended,
        duration_minutes=script.rng.choice((45, 60, 90)) if attended else 0,
        delivered_by=CLINICIANS.get(ANSWERS[domain][0], script.worker),
    )


def _review_and_outcomes(
    script: CareHost, plan: UUID, services: int, attended: set[int]
) -> Iterator[float]:
    """A review, a reassessment, and each service's outcome (achieved or partially only
    when some delivery was attended)."""
    demo, rng, worker = script.demo, script.rng, script.worker
    yield rng.uniform(3, 10)
    next_review = _today(demo) + timedelta(days=90)
    review = ReviewCarePlan(summary="Sessions held; needs reassessed", next_review_on=next_review)
    demo.do(plan, review, worker)
    reassessed = (DomainNeed(NeedDomain.SAFETY_RISK, NeedLevel.LOW), *_needs(rng)[1:])
    demo.do(plan, AssessNeeds(domains=reassessed), worker)
    script.care_dates = (next_review, add_months(_today(demo), 3), services)  # upkeep.py
    if rng.random() < 0.1:
        yield from _withdrawn_and_given_again(script)
        return
    outcomes = list(ServiceAchievement)
    for number in range(1, services + 1):
        outcome = rng.choices(outcomes, weights=(60, 30, 10))[0]
        if number not in attended:
            outcome = ServiceAchievement.NOT_ACHIEVED
        demo.do(plan, RecordServiceOutcome(number=number, outcome=outcome), worker)


def _withdrawn_and_given_again(script: CareHost) -> Iterator[float]:
    """The person withdraws the services consent (open services on consent stop), and
    gives it again some days later."""
    withdrawal = WithdrawConsent(kind=ConsentKind.SERVICES)
    script.demo.do(script.beneficiary, withdrawal, script.worker)
    day_centre.consent_withdrawn(script.demo, script.case)  # its enrolment ended with it
    yield script.rng.uniform(5, 15)
    giver = script._giver_on(local_date(script.demo.clock()))  # a child may have turned 18
    consent = GiveConsent(kind=ConsentKind.SERVICES, given_by=giver)
    script.demo.do(script.beneficiary, consent, script.worker)
    day_centre.consent_given(script.demo, script.case)
