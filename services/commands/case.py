"""Commands on a case that need nothing but the case itself."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from domain.case import Case
from domain.values import IncomingReferral
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    NoteCategory,
    OrganisationType,
    OutgoingReferralReason,
    RiskLevel,
    ServiceOutcome,
    ServiceType,
)
from services.commands import Command, FieldDate, RecordCommand


class OpenCase(Command, frozen=True):
    beneficiary_id: UUID
    referral: IncomingReferral


class CaseCommand(RecordCommand, frozen=True):
    target: ClassVar[type[Case]] = Case


class AssignCaseworker(CaseCommand, frozen=True):
    caseworker: str

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.assign_caseworker(self.caseworker, actor=actor, at=at)


class AssessRisk(CaseCommand, frozen=True):
    """`assessed_on`: the day of the assessment (today when left out), not before
    the referral."""

    level: RiskLevel
    rationale: str | None = None
    assessed_on: FieldDate = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.assess_risk(self.level, self.rationale, self.assessed_on, actor=actor, at=at)


class StartScreening(CaseCommand, frozen=True):
    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.start_screening(actor=actor, at=at)


class ScreenIn(CaseCommand, frozen=True):
    """`screened_on`: the day of the screening (today when left out), not before the
    referral; the reflection period runs 90 days from it."""

    screened_on: FieldDate = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.screen_in(self.screened_on, actor=actor, at=at)


class ScreenOut(CaseCommand, frozen=True):
    """`screened_on`: the day of the screening (today when left out), not before the
    referral."""

    rationale: str
    screened_on: FieldDate = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.screen_out(self.rationale, self.screened_on, actor=actor, at=at)


class StartAssessment(CaseCommand, frozen=True):
    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.start_assessment(actor=actor, at=at)


class RequestApproval(CaseCommand, frozen=True):
    subject: ApprovalSubject
    closure_reason: ClosureReason | None = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.request_approval(self.subject, self.closure_reason, actor=actor, at=at)


class Approve(CaseCommand, frozen=True):
    subject: ApprovalSubject
    comment: str | None = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.approve(self.subject, self.comment, actor=actor, at=at)


class Reject(CaseCommand, frozen=True):
    subject: ApprovalSubject
    comment: str

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.reject(self.subject, self.comment, actor=actor, at=at)


class StartReintegration(CaseCommand, frozen=True):
    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.start_reintegration(actor=actor, at=at)


class StartFollowUp(CaseCommand, frozen=True):
    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.start_follow_up(actor=actor, at=at)


class Reopen(CaseCommand, frozen=True):
    reason: str

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.reopen(self.reason, actor=actor, at=at)


class DeliverService(CaseCommand, frozen=True):
    service: ServiceType
    provider: str
    delivered_on: date
    outcome: ServiceOutcome

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.deliver_service(
            self.service, self.provider, self.delivered_on, self.outcome, actor=actor, at=at
        )


class ReferOut(Command, frozen=True):
    """Needs the beneficiary's consents too: handled by the bus."""

    partner: str
    partner_type: OrganisationType
    reason: OutgoingReferralReason
    details: str | None = None


class AcceptReferral(CaseCommand, frozen=True):
    number: int

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.accept_referral(self.number, actor=actor, at=at)


class RejectReferral(CaseCommand, frozen=True):
    number: int
    comment: str | None = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.reject_referral(self.number, self.comment, actor=actor, at=at)


class RevokeReferral(CaseCommand, frozen=True):
    number: int
    reason: str

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.revoke_referral(self.number, self.reason, actor=actor, at=at)


class AddNote(CaseCommand, frozen=True):
    category: NoteCategory
    text: str

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.add_note(self.category, self.text, actor=actor, at=at)
