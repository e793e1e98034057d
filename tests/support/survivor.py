"""One survivor's journey with distinctive personal values in every identifying field,
so tests can search raw storage, streams, tables and logs for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from adapters.run.bootstrap import Journey
from domain.case_values import IncomingReferral
from domain.values import Guardian, PersonalData
from domain.vocab import (
    BestInterestsDecision,
    BestInterestsParticipant,
    ConsentGiver,
    ConsentKind,
    Gender,
    GuardianAppointedBy,
    GuardianKind,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    OutgoingReferralReason,
    RiskLevel,
    SupportPlanType,
    TraffickingScope,
)
from services.commands.beneficiary import AppointGuardian, GiveConsent, RegisterBeneficiary
from services.commands.case import AddNote, AssessRisk, AssignCaseworker, OpenCase
from services.commands.children import AssessBestInterests
from services.commands.plan import AddGoal, DraftPlan, RecordGoalProgress
from services.commands.referrals import ReferOut
from services.commands.shelter import AdmitToShelter, StartLeave
from tests.support.factories import MANAGER, WORKER, facility
from tests.support.partners import partner

PERSON = PersonalData(
    "Zanafina",
    "Hoxhollari",
    date(2009, 4, 17),
    phone="+383 44 918 273",
    email="zanafina.h@example.org",
    identity_number="1298877301",
    address="Rruga Agim Ramadani 17, Gjilan",
)
CHILD_DAY = date(2025, 1, 3)  # the day after the referral
CSW = GuardianAppointedBy.CENTRE_FOR_SOCIAL_WORK
GUARDIAN = Guardian(
    GuardianKind.APPOINTED_LEGAL_GUARDIAN, "Lumturije Hoxhollari", "+383 49 555 010"
)
SECRETS = (
    "Zanafina",
    "Hoxhollari",
    "2009-04-17",
    "918 273",
    "zanafina.h@example.org",
    "1298877301",
    "Agim Ramadani",
    "Lumturije",
    "555 010",
    "Besnik Gashi",  # named in free texts only
    "Rahovec",
)


@dataclass(frozen=True)
class Survivor:
    beneficiary: UUID
    case: UUID
    stay: UUID
    plan: UUID


def survivor(journey: Journey) -> Survivor:
    """A minor with a guardian, a case with identifying free texts, a stay and a plan."""
    run = journey.bus.execute
    beneficiary = run(None, _registration(), actor=WORKER).id
    # Days while she is a child (she turns 18 on 2027-04-17), whenever the tests run.
    appointed = AppointGuardian(GUARDIAN, CSW, CHILD_DAY, "QPS-GJ-2025-007")
    run(beneficiary, appointed, actor=WORKER)
    iom = partner(journey)  # the registered IOM Kosovo (tests/support/partners.py)
    for kind, organisation in ((ConsentKind.SHARING, iom), (ConsentKind.SERVICES, None)):
        consent = GiveConsent(kind, ConsentGiver.GUARDIAN, organisation, given_on=CHILD_DAY)
        run(beneficiary, consent, actor=WORKER)
    case = run(None, OpenCase(beneficiary_id=beneficiary, referral=_referral()), actor=WORKER).id
    run(case, AssessRisk(RiskLevel.MEDIUM, "Besnik Gashi knows her school"), actor=WORKER)
    run(case, _placement_assessment(), actor=WORKER)
    run(case, AddNote(NoteCategory.GENERAL, "Zanafina wants to call her aunt"), actor=WORKER)
    refer = ReferOut(iom, OutgoingReferralReason.OTHER, "sister in Rahovec")
    run(case, refer, actor=WORKER)
    stay = run(None, AdmitToShelter(case_id=case, facility_id=facility(journey)), actor=WORKER).id
    today = journey.bus.clock().date()
    leave = StartLeave(today + timedelta(days=7), "visits Lumturije Hoxhollari")
    run(stay, leave, actor=WORKER)
    plan = run(None, DraftPlan(case_id=case), actor=WORKER).id
    goal = AddGoal(SupportPlanType.EDUCATION, "Zanafina back to school", today + timedelta(90))
    run(plan, goal, actor=WORKER)
    run(plan, RecordGoalProgress(number=1, note="met Besnik Gashi's lawyer"), actor=WORKER)
    return Survivor(beneficiary, case, stay, plan)


@dataclass(frozen=True)
class Assigned:
    """The survivor's records, and the code and number staff know her and her case by."""

    beneficiary: UUID
    code: str
    case: UUID
    number: str
    stay: UUID
    plan: UUID


def assigned_survivor(journey: Journey) -> Assigned:
    """The survivor's records, her case assigned to WORKER."""
    found = survivor(journey)
    journey.bus.execute(found.case, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    case = journey.queries.case(found.case)
    return Assigned(
        found.beneficiary,
        case.beneficiary_code,
        found.case,
        case.case_number,
        found.stay,
        found.plan,
    )


def _registration() -> RegisterBeneficiary:
    return RegisterBeneficiary(
        personal=PERSON,
        gender=Gender.FEMININE,
        age_at_identification=16,
        citizenships=("XK",),
        languages=("sq",),
        scope=TraffickingScope.DOMESTIC,
    )


def _placement_assessment() -> AssessBestInterests:
    return AssessBestInterests(
        decision=BestInterestsDecision.PLACEMENT,
        recommendation="Shelter until Lumturije Hoxhollari's home is safe",
        child_heard=True,
        participants=(BestInterestsParticipant.CHILD, BestInterestsParticipant.GUARDIAN),
        assessed_on=CHILD_DAY,
    )


def _referral() -> IncomingReferral:
    return IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        date(2025, 1, 2),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        details="found by Besnik Gashi's neighbour",
    )
