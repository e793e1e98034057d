"""What the parts of Case (stages, approvals, referrals) need of the case they work on."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.case_values import CaseNote, IncomingReferral, OutgoingReferral, PendingApproval
from domain.reflection import ReflectionPeriod
from domain.vocab import ApprovalSubject, ClosureReason, RiskLevel, Stage


class CaseState(Protocol):
    """A Case, as its command mixins see it: its state, its events and its helpers."""

    beneficiary_code: str
    referral: IncomingReferral
    stage: Stage
    stage_before_closure: Stage | None
    closure_reason: ClosureReason | None
    reopen_count: int
    caseworker: str | None
    active_stay_id: UUID | None
    risk_level: RiskLevel | None
    pending_approvals: dict[ApprovalSubject, PendingApproval]
    referrals: dict[int, OutgoingReferral]
    reflection: ReflectionPeriod | None
    notes: list[CaseNote]
    stay_ids: list[UUID]
    plan_ids: list[UUID]
    enrolment_ids: list[UUID]
    care_plan_id: UUID | None
    proceedings_ids: list[UUID]
    return_ids: list[UUID]

    @property
    def id(self) -> UUID: ...

    @property
    def CaseworkerAssigned(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def NoteAdded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def PersonalDataErased(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ApprovalRequested(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ApprovalGranted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ApprovalRejected(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ReferredOut(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ReferralAccepted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ReferralRejected(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ReferralRevoked(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ScreeningStarted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ScreenedIn(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ScreenedOut(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def AssessmentStarted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ReintegrationStarted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def FollowUpStarted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def Reopened(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ShelterStayStarted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ShelterStayEnded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def PlanDrafted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ProceedingsOpened(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def RiskAssessed(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ReflectionPeriodStarted(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ReflectionPeriodExtended(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ReflectionPeriodEnded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    @property
    def is_closed(self) -> bool: ...

    def require_open(self, action: str) -> None: ...

    def _require_stage(self, stage: Stage, action: str) -> None: ...

    def _screening_day(self, screened_on: date | None, at: datetime) -> date: ...

    def _end_reflection_with_closure(
        self, closed_on: date | None, *, actor: str, at: datetime
    ) -> None: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...

    def _check_approval_request(self, subject: ApprovalSubject, closure_reason: Any) -> None: ...

    def _check_decider(self, subject: ApprovalSubject, actor: str) -> None: ...

    def _require_referral_in_progress(self, number: int) -> None: ...

    def check_return_closure(self, reason: Any) -> None: ...

    @property
    def linked_records(self) -> tuple[tuple[str, UUID], ...]: ...
