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
from domain.case_values import (
    CaseNote,
    IncomingReferral,
    OutgoingReferral,
    PendingApproval,
    ServiceDelivery,
)
from domain.children import BestInterestsAssessment
from domain.errors import InvalidInput
from domain.partners import give_organisation
from domain.parts import case_approvals as approvals
from domain.parts import case_care as care
from domain.parts import case_day_centre, case_referrals, case_return, case_upcasts, documents
from domain.parts import case_screening as screening
from domain.parts import case_stages as stages
from domain.parts.case_approvals import Approvals
from domain.parts.case_best_interests import BestInterests, assessment_of
from domain.parts.case_care import Care
from domain.parts.case_day_centre import DayCentreLinks
from domain.parts.case_file import CaseFile
from domain.parts.case_links import Links
from domain.parts.case_referrals import Referrals
from domain.parts.case_reflection import Reflection
from domain.parts.case_return import Returns
from domain.parts.case_stages import Stages
from domain.parts.documents import Documents
from domain.reflection import ReflectionPeriod
from domain.sequence import record_id
from domain.vocab import (
    ApprovalSubject,
    BestInterestsDecision,
    BestInterestsParticipant,
    ClosureReason,
    ErasureBasis,
    NoteCategory,
    RiskLevel,
    Stage,
)

CASE_NUMBER = re.compile(r"^PVPT-C-\d{4}-\d{4,}$")


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
    Returns,
    Documents,
    CaseFile,
    JourneyAggregate,
):
    # v2: the reflection period as a value (`reflection`); v3: day-centre enrolments;
    # v4: best-interests assessments (children); v5: screenings out and rescreenings;
    # v6: the care plan and the services consent's withdrawal (a snapshot before: none);
    # v7: criminal proceedings (`proceedings_ids`; a snapshot before: none);
    # v8: returns across a border (domain/parts/case_return.py; a snapshot before: none);
    # v9: partners by organisation id (the referral in, the referrals out: domain/partners.py)
    # v10: the returns handed over (`handed_over_return_ids`: closure as repatriated)
    class_version = 10
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
    proceedings_ids: list[UUID]  # criminal proceedings (domain/proceedings.py)
    return_ids: list[UUID]  # returns and transfers across a border, ever
    open_return_ids: list[UUID]  # not yet handed over nor cancelled
    handed_over_return_ids: list[UUID]  # the receiving organisation took the person over

    def __init__(self) -> None:
        self.proceedings_ids = []
        self.return_ids, self.open_return_ids, self.handed_over_return_ids = [], [], []
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

    upcast_v1_v2 = staticmethod(case_upcasts.reflection_as_value)
    upcast_v2_v3 = staticmethod(case_day_centre.upcast_state_v2_v3)
    upcast_v3_v4 = staticmethod(case_upcasts.no_best_interests)
    upcast_v4_v5 = staticmethod(screening.upcast_snapshot)
    upcast_v5_v6 = staticmethod(case_upcasts.no_care_plan)
    upcast_v6_v7 = staticmethod(case_upcasts.no_proceedings)
    upcast_v7_v8 = staticmethod(case_upcasts.no_returns)
    upcast_v8_v9 = staticmethod(case_upcasts.partners_by_id)
    upcast_v9_v10 = staticmethod(case_upcasts.no_handed_over_returns)

    @property
    def label(self) -> str:
        return f"case {self.case_number}"

    @property
    def is_closed(self) -> bool:
        return self.stage is Stage.CLOSED

    @property
    def reflection_ends_on(self) -> date | None:
        """The day the reflection period ends (or ended early); None without one."""
        return None if self.reflection is None else self.reflection.last_day

    # ----------------------------------------------------------------- events

    class Opened(JourneyAggregate.Created):
        class_version = 2  # v2: the referring organisation's id (`referral.organisation_id`)
        case_number: str
        beneficiary_id: UUID
        beneficiary_code: str
        referral: IncomingReferral

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            give_organisation(state["referral"], "organisation")

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

    # stages (domain/parts/case_stages.py): the record's own topics
    class RiskAssessed(stages.RiskAssessed):
        pass

    class ScreeningStarted(stages.ScreeningStarted):
        pass

    class ScreenedIn(stages.ScreenedIn):
        pass

    class ScreenedOut(screening.ScreenedOut):
        """Screening did not confirm a possible victim (domain/parts/case_screening.py)."""

    class Rescreened(screening.Rescreened):
        """Screening re-opened on new information (domain/parts/case_screening.py)."""

    class AssessmentStarted(stages.AssessmentStarted):
        pass

    # approvals (domain/parts/case_approvals.py): the record's own topics
    class ApprovalRequested(approvals.ApprovalRequested):
        pass

    class ApprovalGranted(approvals.ApprovalGranted):
        pass

    class ApprovalRejected(approvals.ApprovalRejected):
        pass

    class ReintegrationStarted(stages.ReintegrationStarted):
        pass

    class FollowUpStarted(stages.FollowUpStarted):
        pass

    class Reopened(stages.Reopened):
        pass

    # care (domain/parts/case_care.py): the record's own topics
    class ServiceDelivered(care.ServiceDelivered):
        pass

    # outgoing referrals (domain/parts/case_referrals.py): the record's own topics
    class ReferredOut(case_referrals.ReferredOut):
        pass

    class ReferralAccepted(case_referrals.ReferralAccepted):
        pass

    class ReferralRejected(case_referrals.ReferralRejected):
        pass

    class ReferralRevoked(case_referrals.ReferralRevoked):
        pass

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

    # care (domain/parts/case_care.py)
    class CarePlanStarted(care.CarePlanStarted):
        pass

    class ServicesConsentWithdrawn(care.ServicesConsentWithdrawn):
        pass

    class ServicesConsentGiven(care.ServicesConsentGiven):
        pass

    class ProceedingsOpened(JourneyAggregate.Event):
        """Criminal proceedings were opened for this case (saved with them)."""

        proceedings_id: UUID

        def apply(self, case: Case) -> None:
            case.proceedings_ids.append(self.proceedings_id)

    # returns across a border (domain/parts/case_return.py), saved with the process
    class ReturnRequested(JourneyAggregate.Event):
        return_id: UUID

        def apply(self, case: Case) -> None:
            case.return_ids.append(self.return_id)
            case.open_return_ids.append(self.return_id)

    class ReturnEnded(JourneyAggregate.Event):
        """Handed over (`handed_over`) or cancelled."""

        return_id: UUID
        handed_over: bool

        def apply(self, case: Case) -> None:
            case_return.ended(case, self.return_id, self.handed_over)

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
        if referral.organisation_id is None and referral.organisation_type is None:
            raise InvalidInput(
                "referral.organisation_type", "name the kind of an unregistered referrer"
            )
        checks.not_after("referral.referred_on", referral.referred_on, at.date())
        referral = case_return.cross_border(referral)  # from another country's mechanism
        checks.optional_text("referral.contact_person", referral.contact_person, max_length=200)
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
