"""Case: one beneficiary's path from referral to closure (and any reopening).

Stages: intake -> screening -> assessment -> case plan -> service provision ->
reintegration -> follow-up -> closed. A reflection and recovery period is a clock on
the case where the law gives one (domain/parts/case_reflection.py), not a stage; cases
screened in before that kept the stage `reflection_period` until their assessment.
Assessment, case plan and closure each need a case manager's approval
(requested -> approved | rejected), never by the person who asked for it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.children import BestInterestsAssessment
from domain.errors import InvalidInput, RuleViolated
from domain.parts import case_day_centre, documents
from domain.parts import case_screening as screening
from domain.parts.case_approvals import Approvals
from domain.parts.case_best_interests import BestInterests, assessment_of
from domain.parts.case_care import Care
from domain.parts.case_day_centre import DayCentreLinks
from domain.parts.case_links import Links
from domain.parts.case_referrals import Referrals
from domain.parts.case_reflection import Reflection
from domain.parts.case_stages import REFLECTION_PERIOD, Stages
from domain.parts.documents import Documents
from domain.reflection import ReflectionPeriod
from domain.sequence import record_id
from domain.values import (
    CaseNote,
    IncomingReferral,
    OutgoingReferral,
    PendingApproval,
    ServiceDelivery,
)
from domain.vocab import (
    ApprovalSubject,
    BestInterestsDecision,
    BestInterestsParticipant,
    ClosureReason,
    ErasureBasis,
    NoteCategory,
    OrganisationType,
    OutgoingReferralReason,
    ReferralStatus,
    RiskLevel,
    ServiceBasis,
    ServiceOutcome,
    ServiceType,
    Stage,
)

CASE_NUMBER = re.compile(r"^PVPT-C-\d{4}-\d{4,}$")

_STAGE_AFTER_APPROVAL = {
    ApprovalSubject.ASSESSMENT: Stage.CASE_PLAN,
    ApprovalSubject.CASE_PLAN: Stage.SERVICE_PROVISION,
    ApprovalSubject.CLOSURE: Stage.CLOSED,
}


class Case(
    screening.Screening,
    Stages,
    Reflection,
    Approvals,
    Referrals,
    Links,
    DayCentreLinks,
    BestInterests,
    Care,
    Documents,
    JourneyAggregate,
):
    # v2: the reflection period as a value (`reflection`); v3: day-centre enrolments;
    # v4: best-interests assessments (children); v5: screenings out and rescreenings;
    # v6: the care plan and the services consent's withdrawal (a snapshot before: none)
    class_version = 6
    upcast_v4_v5 = staticmethod(screening.upcast_snapshot)
    case_number: str
    beneficiary_id: UUID
    beneficiary_code: str
    referral: IncomingReferral
    stage: Stage
    stage_before_closure: Stage | None
    caseworker: str | None
    risk_level: RiskLevel | None
    reflection: ReflectionPeriod | None
    pending_approvals: dict[ApprovalSubject, PendingApproval]
    closure_reason: ClosureReason | None
    reopen_count: int
    services: list[ServiceDelivery]
    referrals: dict[int, OutgoingReferral]
    notes: list[CaseNote]
    active_stay_id: UUID | None
    stay_ids: list[UUID]
    plan_ids: list[UUID]
    enrolment_ids: list[UUID]  # day-centre enrolments, ever
    day_centre_enrolments: dict[UUID, UUID]  # centre -> its active enrolment
    best_interests: list[BestInterestsAssessment]  # children: domain/parts/case_best_interests.py
    care_plan_id: UUID | None
    services_consent_withdrawn_on: date | None

    def __init__(self) -> None:
        self.enrolment_ids, self.day_centre_enrolments = [], {}
        self.best_interests = []
        self.care_plan_id = None
        self.services_consent_withdrawn_on = None
        self.active_stay_id = None
        self.stay_ids = []
        self.plan_ids = []
        self.stage_before_closure = None
        self.caseworker = None
        self.risk_level = None
        self.reflection = None
        self.pending_approvals = {}
        self.closure_reason = None
        self.reopen_count = 0
        self.services = []
        self.referrals = {}
        self.notes = []
        self.screenings_out = []  # identification: screening outcomes (case_screening.py)
        self.rescreen_count = 0
        self.documents = {}  # domain/parts/documents.py

    upcast_v2_v3 = staticmethod(case_day_centre.upcast_state_v2_v3)

    @property
    def label(self) -> str:
        return f"case {self.case_number}"

    @staticmethod
    def upcast_v5_v6(state: dict[str, Any]) -> None:
        state["care_plan_id"] = None
        state["services_consent_withdrawn_on"] = None

    @property
    def is_closed(self) -> bool:
        return self.stage is Stage.CLOSED

    @property
    def reflection_ends_on(self) -> date | None:
        """The day the reflection period ends (or ended early); None without one."""
        return None if self.reflection is None else self.reflection.last_day

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before: its `reflection_ends_on` was a legacy 90-day period."""
        ends = state.pop("reflection_ends_on")
        state["reflection"] = None
        if ends is not None:
            start = date.fromisoformat(ends) - REFLECTION_PERIOD
            legacy = ReflectionPeriod.legacy(start, date.fromisoformat(ends))
            state["reflection"] = {**vars(legacy), "started_on": start.isoformat(), "ends_on": ends}

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        """A snapshot taken before best-interests assessments: none."""
        state["best_interests"] = []

    # ----------------------------------------------------------------- events

    class Opened(JourneyAggregate.Created):
        case_number: str
        beneficiary_id: UUID
        beneficiary_code: str
        referral: IncomingReferral

        def apply(self, case: Case) -> None:
            case.case_number = self.case_number
            case.beneficiary_id = self.beneficiary_id
            case.beneficiary_code = self.beneficiary_code
            case.referral = self.referral
            case.stage = Stage.INTAKE

    class CaseworkerAssigned(JourneyAggregate.Event):
        caseworker: str
        previous: str | None

        def apply(self, case: Case) -> None:
            case.caseworker = self.caseworker

    class RiskAssessed(JourneyAggregate.Event):
        class_version = 2  # v2: the day of the assessment, as stated (`assessed_on`)
        level: RiskLevel
        rationale: str | None
        assessed_on: date

        upcast_v1_v2 = field_dates.upcast_to_recorded_day("assessed_on")

        def apply(self, case: Case) -> None:
            case.risk_level = self.level

    class ScreeningStarted(JourneyAggregate.Event):
        def apply(self, case: Case) -> None:
            case.stage = Stage.SCREENING

    class ScreenedIn(JourneyAggregate.Event):
        """Possible victim confirmed: the case moves on to its assessment. Events stored
        before v3 also started a 90-day reflection period (`reflection_ends_on`); the
        case then waited in stage reflection_period. A v3 event's is None."""

        class_version = 3  # v2: `screened_on`; v3: `reflection_ends_on` None from now on
        reflection_ends_on: date | None
        screened_on: date

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            ends = date.fromisoformat(state["reflection_ends_on"])
            state["screened_on"] = (ends - REFLECTION_PERIOD).isoformat()

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Kept as it was: a stored end date is the legacy period's (see apply)."""

        def apply(self, case: Case) -> None:
            if self.reflection_ends_on is None:
                case.stage = Stage.ASSESSMENT
                return
            case.stage = Stage.REFLECTION_PERIOD
            case.reflection = ReflectionPeriod.legacy(self.screened_on, self.reflection_ends_on)

    class ScreenedOut(screening.ScreenedOut):
        """Screening did not confirm a possible victim (domain/parts/case_screening.py)."""

    class Rescreened(screening.Rescreened):
        """Screening re-opened on new information (domain/parts/case_screening.py)."""

    class AssessmentStarted(JourneyAggregate.Event):
        def apply(self, case: Case) -> None:
            case.stage = Stage.ASSESSMENT

    class ApprovalRequested(JourneyAggregate.Event):
        subject: ApprovalSubject
        closure_reason: ClosureReason | None

        def apply(self, case: Case) -> None:
            case.pending_approvals[self.subject] = PendingApproval(
                self.actor, self.timestamp, self.closure_reason
            )

    class ApprovalGranted(JourneyAggregate.Event):
        subject: ApprovalSubject
        comment: str | None

        def apply(self, case: Case) -> None:
            pending = case.pending_approvals.pop(self.subject)
            if self.subject is ApprovalSubject.CLOSURE:
                case.stage_before_closure = case.stage
                case.closure_reason = pending.closure_reason
                case.pending_approvals.clear()  # a closed case has nothing left to approve
            case.stage = _STAGE_AFTER_APPROVAL[self.subject]

    class ApprovalRejected(JourneyAggregate.Event):
        subject: ApprovalSubject
        comment: str

        def apply(self, case: Case) -> None:
            del case.pending_approvals[self.subject]

    class ReintegrationStarted(JourneyAggregate.Event):
        def apply(self, case: Case) -> None:
            case.stage = Stage.REINTEGRATION

    class FollowUpStarted(JourneyAggregate.Event):
        def apply(self, case: Case) -> None:
            case.stage = Stage.FOLLOW_UP

    class Reopened(JourneyAggregate.Event):
        reason: str
        stage: Stage

        def apply(self, case: Case) -> None:
            case.stage = self.stage
            case.stage_before_closure = None
            case.closure_reason = None
            case.reopen_count += 1

    class ServiceDelivered(JourneyAggregate.Event):
        class_version = 2  # v2: the basis it was given on (None: before consent was checked)
        service: ServiceType
        provider: str
        delivered_on: date
        outcome: ServiceOutcome
        basis: ServiceBasis | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["basis"] = None

        def apply(self, case: Case) -> None:
            case.services.append(
                ServiceDelivery(self.service, self.provider, self.delivered_on, self.outcome)
            )

    class ReferredOut(JourneyAggregate.Event):
        number: int
        partner: str
        partner_type: OrganisationType
        reason: OutgoingReferralReason
        details: str | None

        def apply(self, case: Case) -> None:
            case.referrals[self.number] = OutgoingReferral(
                self.number, self.partner, self.partner_type, self.reason, self.timestamp.date()
            )

    class ReferralAccepted(JourneyAggregate.Event):
        number: int

        def apply(self, case: Case) -> None:
            case._set_referral_status(self.number, ReferralStatus.ACCEPTED)

    class ReferralRejected(JourneyAggregate.Event):
        number: int
        comment: str | None

        def apply(self, case: Case) -> None:
            case._set_referral_status(self.number, ReferralStatus.REJECTED)

    class ReferralRevoked(JourneyAggregate.Event):
        number: int
        reason: str

        def apply(self, case: Case) -> None:
            case._set_referral_status(self.number, ReferralStatus.REVOKED)

    class NoteAdded(JourneyAggregate.Event):
        number: int
        category: NoteCategory
        text: str

        def apply(self, case: Case) -> None:
            case.notes.append(
                CaseNote(self.number, self.category, self.text, self.actor, self.timestamp)
            )

    class ShelterStayStarted(JourneyAggregate.Event):
        stay_id: UUID

        def apply(self, case: Case) -> None:
            case.active_stay_id = self.stay_id
            case.stay_ids.append(self.stay_id)

    class PersonalDataErased(JourneyAggregate.Event):
        """The beneficiary's personal data was erased (saved with the beneficiary's erasure):
        the case's own identifying texts read as erased from then on."""

        legal_basis: ErasureBasis
        reference: str

    class PlanDrafted(JourneyAggregate.Event):
        """A reintegration plan was drafted for this case (saved with the plan)."""

        plan_id: UUID

        def apply(self, case: Case) -> None:
            case.plan_ids.append(self.plan_id)

    # documents (domain/parts/documents.py): the record's own topics for the part's events
    class DocumentAttached(documents.DocumentAttached):
        pass

    class DocumentRemoved(documents.DocumentRemoved):
        pass

    class ShelterStayEnded(JourneyAggregate.Event):
        stay_id: UUID

        def apply(self, case: Case) -> None:
            case.active_stay_id = None

    class DayCentreEnrolled(JourneyAggregate.Event):  # saved with the enrolment
        enrolment_id: UUID
        facility_id: UUID

        def apply(self, case: Case) -> None:
            case_day_centre.enrolled(case, self.enrolment_id, self.facility_id)

    class DayCentreEnrolmentEnded(JourneyAggregate.Event):  # saved with the enrolment's end
        enrolment_id: UUID

        def apply(self, case: Case) -> None:
            case_day_centre.enrolment_ended(case, self.enrolment_id)

    # children (domain/parts/case_best_interests.py)
    class BestInterestsAssessed(JourneyAggregate.Event):
        """A child's best interests were assessed before a key decision."""

        number: int
        decision: BestInterestsDecision
        assessed_on: date
        recommendation: str
        child_heard: bool
        participants: tuple[BestInterestsParticipant, ...]

        def apply(self, case: Case) -> None:
            case.best_interests.append(assessment_of(self))

    class CarePlanStarted(JourneyAggregate.Event):
        """The case's care plan was started (saved with the care plan)."""

        care_plan_id: UUID

        def apply(self, case: Case) -> None:
            case.care_plan_id = self.care_plan_id

    class ServicesConsentWithdrawn(JourneyAggregate.Event):
        """The beneficiary withdrew their services consent (saved with the withdrawal);
        `services_stopped`: the care plan's services it cancelled."""

        withdrawn_on: date
        services_stopped: int

        def apply(self, case: Case) -> None:
            case.services_consent_withdrawn_on = self.withdrawn_on

    class ServicesConsentGiven(JourneyAggregate.Event):
        """The services consent was given again after a withdrawal."""

        given_on: date

        def apply(self, case: Case) -> None:
            case.services_consent_withdrawn_on = None

    # --------------------------------------------------------------- commands

    @classmethod
    def open(
        cls,
        case_number: str,
        beneficiary_id: UUID,
        beneficiary_code: str,
        referral: IncomingReferral,
        *,
        actor: str,
        at: datetime,
    ) -> Case:
        if not CASE_NUMBER.fullmatch(case_number):
            raise InvalidInput("case_number", f"{case_number!r} is not like PVPT-C-2026-0001")
        checks.text("referral.organisation", referral.organisation)
        checks.not_after("referral.referred_on", referral.referred_on, at.date())
        case: Case = cls._start(
            cls.Opened,
            actor,
            at,
            id=record_id(case_number),
            case_number=case_number,
            beneficiary_id=beneficiary_id,
            beneficiary_code=beneficiary_code,
            referral=referral,
        )
        return case

    def assign_caseworker(self, caseworker: str, *, actor: str, at: datetime) -> None:
        self.require_open("assign a caseworker")
        worker = checks.text("caseworker", caseworker, max_length=100)
        if worker == self.caseworker:
            raise RuleViolated(f"{self.label} is already assigned to {worker}", rule="no_change")
        self._record(
            self.CaseworkerAssigned, actor, at, caseworker=worker, previous=self.caseworker
        )

    def add_note(self, category: NoteCategory, text: str, *, actor: str, at: datetime) -> int:
        text = checks.text("text", text, max_length=20_000)
        number = len(self.notes) + 1
        self._record(self.NoteAdded, actor, at, number=number, category=category, text=text)
        return number

    def record_erasure(
        self, legal_basis: ErasureBasis, reference: str, *, actor: str, at: datetime
    ) -> None:
        """Recorded in any stage, closed included: the case's history says it happened."""
        self._record(
            self.PersonalDataErased, actor, at, legal_basis=legal_basis, reference=reference
        )

    @property
    def linked_records(self) -> tuple[tuple[str, UUID], ...]:
        """Every record kept for this case, by kind: its stays, plans, day-centre
        enrolments and care plan. The one list erasure shreds (services/erasure.py) and
        the case history exports (services/queries.py): a record linked here reaches both."""
        care = () if self.care_plan_id is None else (self.care_plan_id,)
        return (
            *(("stay", stay) for stay in self.stay_ids),
            *(("plan", plan) for plan in self.plan_ids),
            *(("enrolment", enrolment) for enrolment in self.enrolment_ids),
            *(("care_plan", care_plan) for care_plan in care),
        )

    @property
    def record_ids(self) -> tuple[UUID, ...]:
        """This case and every record linked to it (`linked_records`)."""
        return (self.id, *(record for _, record in self.linked_records))

    # ---------------------------------------------------------------- helpers

    def require_open(self, action: str) -> None:
        if self.is_closed:
            raise RuleViolated(
                f"{self.label} is closed; reopen it before you {action}", rule="case_closed"
            )

    def _require_stage(self, stage: Stage, action: str) -> None:
        self.require_open(action)
        if self.stage is not stage:
            raise RuleViolated(
                f"{self.label} is in stage {self.stage.value}; to {action} it must be in "
                f"stage {stage.value}",
                rule="wrong_stage",
            )
