"""Typical commands, so tests say only what matters to them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.case_values import IncomingReferral
from domain.local_time import local_date
from domain.parts.care_plan_values import DomainNeed
from domain.values import PersonalData
from domain.vocab import (
    ApprovalSubject,
    ConsentGiver,
    ConsentKind,
    FacilityKind,
    Gender,
    IncomingReferralReason,
    NeedDomain,
    NeedLevel,
    OrganisationType,
    ProviderKind,
    RiskLevel,
    ServiceType,
    TraffickingScope,
)
from services.commands.beneficiary import GiveConsent, RegisterBeneficiary
from services.commands.care_plan import AssessNeeds, PlanService, StartCarePlan
from services.commands.case import (
    Approve,
    AssessRisk,
    AssignCaseworker,
    OpenCase,
    RequestApproval,
    ScreenIn,
    StartScreening,
)
from services.commands.shelter import RegisterFacility

WORKER = "besa.krasniqi"
MANAGER = "arta.manager"


def today_in_prishtina() -> date:
    """Today as the system counts days (docs/time.md): in Prishtina, not in UTC, which
    is still yesterday for an hour or two each night."""
    return local_date(datetime.now(UTC))


def register(journey: Journey, given_name: str = "Drita", age: int = 24) -> UUID:
    command = RegisterBeneficiary(
        personal=PersonalData(given_name, "Hoxha", date(2002, 5, 17), phone="+38344123456"),
        gender=Gender.FEMININE,
        age_at_identification=age,
        citizenships=("XK",),
        languages=("sq",),
        scope=TraffickingScope.DOMESTIC,
    )
    return journey.bus.execute(None, command, actor=WORKER).id


def consent_to_services(
    journey: Journey, beneficiary_id: UUID, given_on: date = date(2025, 1, 2)
) -> None:
    """The beneficiary's services consent, given (by default) on the day of the referral
    `open_case` records: services delivered since rest on it."""
    command = GiveConsent(
        kind=ConsentKind.SERVICES, given_by=ConsentGiver.BENEFICIARY, given_on=given_on
    )
    journey.bus.execute(beneficiary_id, command, actor=WORKER)


def open_case(journey: Journey, beneficiary_id: UUID) -> UUID:
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        date(2025, 1, 2),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
    )
    command = OpenCase(beneficiary_id=beneficiary_id, referral=referral)
    return journey.bus.execute(None, command, actor=WORKER).id


def case_in_service_provision(journey: Journey, risk: RiskLevel = RiskLevel.MEDIUM) -> UUID:
    case_id = open_case(journey, register(journey))
    run = journey.bus.execute
    run(case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    run(case_id, AssessRisk(level=risk), actor=WORKER)
    for step in (StartScreening(), ScreenIn()):
        run(case_id, step, actor=WORKER)
    for subject in (ApprovalSubject.ASSESSMENT, ApprovalSubject.CASE_PLAN):
        run(case_id, RequestApproval(subject=subject), actor=WORKER)
        run(case_id, Approve(subject=subject), actor=MANAGER)
    return case_id


def facility(journey: Journey, beds: int = 5, name: str = "Shelter Prishtina") -> UUID:
    command = RegisterFacility(
        name=name, kind=FacilityKind.SHELTER, beds=beds, effective_from=date(2025, 1, 1)
    )
    return journey.bus.execute(None, command, actor=MANAGER).id


def care_plan_with_services(journey: Journey, case_id: UUID) -> UUID:
    """The case's care plan: needs assessed, services planned on the services consent
    (given first, unless in force): 1 housing, 2 medical and 3 legal (a clinician and a
    lawyer each record their own kind)."""
    run = journey.bus.execute
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    if not journey.queries.beneficiary(beneficiary_id).has_consent(ConsentKind.SERVICES):
        consent_to_services(journey, beneficiary_id)
    care_plan_id = run(None, StartCarePlan(case_id=case_id), actor=WORKER).id
    needs = tuple(
        DomainNeed(domain, NeedLevel.HIGH)
        for domain in (
            NeedDomain.ACCOMMODATION,
            NeedDomain.PHYSICAL_HEALTH,
            NeedDomain.LEGAL_DOCUMENTATION,
        )
    )
    run(care_plan_id, AssessNeeds(domains=needs), actor=WORKER)
    today = today_in_prishtina()
    for service, need in zip(
        (ServiceType.HOUSING, ServiceType.MEDICAL, ServiceType.LEGAL), needs, strict=True
    ):
        planned = PlanService(
            service=service,
            provider_kind=ProviderKind.PVPT,
            responsible=WORKER,
            starts_on=today,
            due_on=today,
            domains=(need.domain,),
        )
        run(care_plan_id, planned, actor=WORKER)
    return care_plan_id
