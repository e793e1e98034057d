"""Commands on a reintegration plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from domain.plan import ReintegrationPlan
from domain.vocab import FollowUpStatus, SupportPlanType
from services.commands import Command, FieldDate, RecordCommand


class DraftPlan(Command, frozen=True):
    case_id: UUID


class PlanCommand(RecordCommand, frozen=True):
    target: ClassVar[type[ReintegrationPlan]] = ReintegrationPlan


class AddGoal(PlanCommand, frozen=True):
    type: SupportPlanType
    description: str
    target_date: date

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.add_goal(self.type, self.description, self.target_date, actor=actor, at=at)


class RecordGoalProgress(PlanCommand, frozen=True):
    number: int
    note: str

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.record_progress(self.number, self.note, actor=actor, at=at)


class AchieveGoal(PlanCommand, frozen=True):
    number: int

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.achieve_goal(self.number, actor=actor, at=at)


class AbandonGoal(PlanCommand, frozen=True):
    number: int
    reason: str

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.abandon_goal(self.number, self.reason, actor=actor, at=at)


class ReviewPlan(PlanCommand, frozen=True):
    summary: str
    next_review_on: date | None = None

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.review(self.summary, self.next_review_on, actor=actor, at=at)


class CompletePlan(PlanCommand, frozen=True):
    """`completed_on`: the day the plan was completed; today when left out."""

    completed_on: FieldDate = None

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.complete(self.completed_on, actor=actor, at=at)


class DiscontinuePlan(PlanCommand, frozen=True):
    reason: str

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.discontinue(self.reason, actor=actor, at=at)


class RecordFollowUp(PlanCommand, frozen=True):
    """Which follow-up (`month`: 3, 6 or 12 after completion) and `visited_on`, the
    day of the visit (today when left out), within a month of its due date."""

    month: int
    status: FollowUpStatus
    visited_on: FieldDate = None

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.record_follow_up(self.month, self.status, self.visited_on, actor=actor, at=at)
