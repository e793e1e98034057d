"""Typical commands, so tests say only what matters to them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.local_time import local_date
from domain.values import IncomingReferral, PersonalData
from domain.vocab import (
    ApprovalSubject,
    FacilityKind,
    Gender,
    IncomingReferralReason,
    OrganisationType,
    RiskLevel,
    TraffickingScope,
)
from services.commands.beneficiary import RegisterBeneficiary
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
