"""Case approvals: assessment, case plan and closure are each approved by a case
manager (requested -> approved | rejected), never by the person who asked.

A part of `Case` (domain/case.py), which names these events among its own (stored as
`Case.ApprovalRequested` and so on).
"""

from __future__ import annotations

from datetime import datetime

from domain import checks
from domain.base import JourneyAggregate
from domain.case_values import PendingApproval
from domain.errors import InvalidInput, RuleViolated
from domain.parts.case_screening import SCREENED_OUT
from domain.parts.case_state import CaseState
from domain.vocab import ApprovalSubject, ClosureReason, Stage

APPROVAL_STAGE = {
    ApprovalSubject.ASSESSMENT: Stage.ASSESSMENT,
    ApprovalSubject.CASE_PLAN: Stage.CASE_PLAN,
}
_STAGE_AFTER_APPROVAL = {
    ApprovalSubject.ASSESSMENT: Stage.CASE_PLAN,
    ApprovalSubject.CASE_PLAN: Stage.SERVICE_PROVISION,
    ApprovalSubject.CLOSURE: Stage.CLOSED,
}


class ApprovalRequested(JourneyAggregate.Event):
    subject: ApprovalSubject
    closure_reason: ClosureReason | None

    def apply(self, case: CaseState) -> None:
        case.pending_approvals[self.subject] = PendingApproval(
            self.actor, self.timestamp, self.closure_reason
        )


class ApprovalGranted(JourneyAggregate.Event):
    subject: ApprovalSubject
    comment: str | None

    def apply(self, case: CaseState) -> None:
        pending = case.pending_approvals.pop(self.subject)
        if self.subject is ApprovalSubject.CLOSURE:
            case.stage_before_closure = case.stage
            case.closure_reason = pending.closure_reason
            case.pending_approvals.clear()  # a closed case has nothing left to approve
        case.stage = _STAGE_AFTER_APPROVAL[self.subject]


class ApprovalRejected(JourneyAggregate.Event):
    subject: ApprovalSubject
    comment: str

    def apply(self, case: CaseState) -> None:
        del case.pending_approvals[self.subject]


class Approvals:
    """The approval commands of a case."""

    def request_approval(
        self: CaseState,
        subject: ApprovalSubject,
        closure_reason: ClosureReason | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        self.require_open(f"request {subject.value} approval")
        self._check_approval_request(subject, closure_reason)
        self.check_return_closure(closure_reason)  # domain/parts/case_return.py
        self._record(
            self.ApprovalRequested, actor, at, subject=subject, closure_reason=closure_reason
        )

    def _check_approval_request(
        self: CaseState, subject: ApprovalSubject, closure_reason: ClosureReason | None
    ) -> None:
        if subject in self.pending_approvals:
            raise RuleViolated(
                f"{self.label} already awaits {subject.value} approval", rule="approval_pending"
            )
        stage = APPROVAL_STAGE.get(subject)
        if stage is not None and self.stage is not stage:
            raise RuleViolated(
                f"{self.label} is in stage {self.stage.value}; {subject.value} approval "
                f"is requested in stage {stage.value}",
                rule="wrong_stage",
            )
        if (subject is ApprovalSubject.CLOSURE) != (closure_reason is not None):
            raise InvalidInput("closure_reason", "is required for closure approval and only for it")
        if closure_reason in SCREENED_OUT:
            raise InvalidInput("closure_reason", f"{closure_reason} is given by screening out")

    def approve(
        self: CaseState,
        subject: ApprovalSubject,
        comment: str | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        self._check_decider(subject, actor)
        comment = checks.optional_text("comment", comment)
        if subject is ApprovalSubject.CLOSURE:  # closing ends a reflection period not over
            self.check_return_closure(self.pending_approvals[subject].closure_reason)
            self._end_reflection_with_closure(None, actor=actor, at=at)
        self._record(self.ApprovalGranted, actor, at, subject=subject, comment=comment)

    def reject(
        self: CaseState, subject: ApprovalSubject, comment: str, *, actor: str, at: datetime
    ) -> None:
        self._check_decider(subject, actor)
        comment = checks.text("comment", comment, max_length=2000)
        self._record(self.ApprovalRejected, actor, at, subject=subject, comment=comment)

    def _check_decider(self: CaseState, subject: ApprovalSubject, actor: str) -> None:
        # A closed case keeps any approval still pending when it closed; deciding one
        # now would move the stage out of 'closed' without a reopen.
        self.require_open(f"decide its {subject.value} approval")
        pending = self.pending_approvals.get(subject)
        if pending is None:
            raise RuleViolated(
                f"{self.label} has no pending {subject.value} approval", rule="no_pending_approval"
            )
        if pending.requested_by == actor:
            raise RuleViolated(
                f"{actor} requested {subject.value} approval of {self.label} and cannot "
                "also decide it",
                rule="four_eyes",
            )
