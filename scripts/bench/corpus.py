"""The codec corpus of `python -m scripts.bench commands`: ~10k events of busy journeys,
built in memory through the domain (every event class the journeys store).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

from adapters.run.clock import ScriptedClock
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.facility import Facility
from domain.organisation import organisation_id
from domain.plan import ReintegrationPlan
from domain.sequence import BENEFICIARY_PREFIX, CASE_PREFIX, CodeSequence
from domain.stay import ShelterStay
from domain.values import Guardian, PersonalData
from domain.vocab import (
    ApprovalSubject,
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DecidingBody,
    DischargeReason,
    ExitDestination,
    ExploitationType,
    FacilityKind,
    Gender,
    GuardianKind,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    OutgoingReferralReason,
    RecruitmentMethod,
    RelationshipToTrafficker,
    RiskLevel,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
    TraffickingScope,
    TraffickingStatus,
    Vulnerability,
)
from scripts.bench.workload import (
    CASEWORKERS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    MANAGER,
    PROVIDERS,
    SENTENCES,
    WORKER,
)

IOM = organisation_id("iom-kosovo")  # the registered partner the corpus refers to


class Corpus:
    """Busy journeys built in memory through the domain methods; their events."""

    def __init__(self) -> None:
        self.clock = ScriptedClock(datetime(2026, 1, 5, 8, tzinfo=UTC))
        at = self.clock()
        self.facility = Facility.register(
            "Shelter Prishtina",
            FacilityKind.SHELTER,
            100_000,
            date(2026, 1, 1),
            actor=MANAGER,
            at=at,
        )
        self.codes = CodeSequence.start(BENEFICIARY_PREFIX, 2026, actor=WORKER, at=at)
        self.numbers = CodeSequence.start(CASE_PREFIX, 2026, actor=WORKER, at=at)

    def events(self, count: int) -> list[Any]:
        collected: list[Any] = []
        index = 0
        while len(collected) < count:
            index += 1
            collected += self._journey(index)
        for shared in (self.facility, self.codes, self.numbers):
            collected += shared.collect_events()
        return collected[:count]

    def _journey(self, index: int) -> list[Any]:
        beneficiary = self._beneficiary(index)
        case = self._case(beneficiary)
        stay = self._stay(case)
        plan = self._plan(case)
        return [
            *beneficiary.collect_events(),
            *case.collect_events(),
            *stay.collect_events(),
            *plan.collect_events(),
        ]

    def _beneficiary(self, index: int) -> Beneficiary:
        now, minor = self.clock, index % 5 == 0
        code = self.codes.issue(actor=WORKER, at=now())
        born = None if minor else date(2001, 3, 9)  # a minor's age: the one at identification
        personal = PersonalData(
            GIVEN_NAMES[index % 8], FAMILY_NAMES[index % 7], born, "+38344123456"
        )
        b = Beneficiary.register(
            code, personal, Gender.FEMININE, 16 if minor else 24, ("XK", "AL"), ("sq", "en"),
            TraffickingScope.INTERNATIONAL, actor=WORKER, at=now(),
        )  # fmt: skip
        giver = ConsentGiver.BENEFICIARY
        if minor:
            guardian = Guardian(GuardianKind.APPOINTED_LEGAL_GUARDIAN, "Agim Hoxha", "+38349111222")
            b.appoint_guardian(guardian, actor=WORKER, at=now())
            giver = ConsentGiver.GUARDIAN
        b.give_consent(ConsentKind.SERVICES, giver, actor=WORKER, at=now())
        b.give_consent(
            ConsentKind.SHARING, giver, "IOM Kosova", organisation_id=IOM, actor=WORKER, at=now()
        )
        b.record_exploitation_profile(
            (ExploitationType.FORCED_LABOUR, ExploitationType.SEXUAL_EXPLOITATION),
            (ControlMethod.DEBT_BONDAGE, ControlMethod.WITHHOLDS_DOCUMENTS),
            (RecruitmentMethod.THROUGH_ONLINE_SOCIAL_NETWORKS,),
            RelationshipToTrafficker.ACQUAINTED,
            (Vulnerability.POVERTY, Vulnerability.MIGRATION),
            actor=WORKER,
            at=now(),
        )
        b.decide_trafficking_status(
            TraffickingStatus.ACTUAL, DecidingBody.POLICE, actor=WORKER, at=now()
        )
        moved = dataclasses.replace(personal, address="Rr. Nena Tereze 12, Prishtina")
        b.update_personal_data(moved, actor=WORKER, at=now())
        return b

    def _case(self, b: Beneficiary) -> Case:
        now = self.clock
        number = self.numbers.issue(actor=WORKER, at=now())
        referral = IncomingReferral(
            "Kosovo Police", OrganisationType.LAW_ENFORCEMENT, date(2026, 1, 2),
            IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED, "labour inspection",
        )  # fmt: skip
        case = Case.open(number, b.id, b.code, referral, actor=WORKER, at=now())
        case.assign_caseworker(WORKER, actor=MANAGER, at=now())
        case.assess_risk(RiskLevel.MEDIUM, SENTENCES[2], actor=WORKER, at=now())
        case.start_screening(actor=WORKER, at=now())
        case.screen_in(actor=WORKER, at=now())  # on to the assessment
        for subject in (ApprovalSubject.ASSESSMENT, ApprovalSubject.CASE_PLAN):
            case.request_approval(subject, actor=WORKER, at=now())
            case.approve(subject, "agreed", actor=MANAGER, at=now())
        self._case_work(case)
        return case

    def _case_work(self, case: Case) -> None:
        now = self.clock
        for i in range(12):
            text = " ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(1 + i % 5))
            case.add_note(list(NoteCategory)[i % 4], text, actor=WORKER, at=now())
        for i in range(6):
            case.deliver_service(
                list(ServiceType)[i], PROVIDERS[i % 3], date(2026, 1, 3),
                ServiceOutcome.COMPLETED, consent_given_on=date(2026, 1, 2), actor=WORKER, at=now(),
            )  # fmt: skip
        case.refer_out(
            IOM, "IOM Kosova", None, OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
            "return assistance", sharing_consented=True, actor=WORKER, at=now(),
        )  # fmt: skip
        case.accept_referral(1, actor=WORKER, at=now())
        case.assess_risk(RiskLevel.LOW, None, actor=WORKER, at=now())
        case.assign_caseworker(CASEWORKERS[1], actor=MANAGER, at=now())

    def _stay(self, case: Case) -> ShelterStay:
        now, facility = self.clock, self.facility
        stay = ShelterStay.admit(
            case.id, case.case_number, facility, case.risk_level, False, actor=WORKER, at=now()
        )
        stay.start_leave(date(2026, 1, 10), "visit to family", actor=WORKER, at=now())
        stay.return_from_leave(actor=WORKER, at=now())
        stay.discharge(
            facility, DischargeReason.COMPLETED_PROGRAMME, ExitDestination.FAMILY,
            actor=WORKER, at=now(),
        )  # fmt: skip
        return stay

    def _plan(self, case: Case) -> ReintegrationPlan:
        now = self.clock
        plan = ReintegrationPlan.draft(case.id, case.case_number, actor=WORKER, at=now())
        for kind in (SupportPlanType.EDUCATION, SupportPlanType.LIVELIHOOD, SupportPlanType.LEGAL):
            plan.add_goal(kind, SENTENCES[5], date(2026, 6, 30), actor=WORKER, at=now())
        for number in (1, 2, 3):
            plan.record_progress(number, SENTENCES[number], actor=WORKER, at=now())
        plan.achieve_goal(1, actor=WORKER, at=now())
        plan.achieve_goal(2, actor=WORKER, at=now())
        plan.abandon_goal(3, "moved abroad", actor=WORKER, at=now())
        plan.review("two goals achieved", date(2026, 3, 1), actor=WORKER, at=now())
        plan.complete(actor=WORKER, at=now())
        return plan
