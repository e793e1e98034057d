"""Reintegration plan: one case's goals (typed by HTCDS spl_Type) and how they end.

A plan is drafted for a case and stays active while goals are added, progress is
noted, goals are achieved or abandoned and the plan is reviewed. It ends either
completed (no goal left open, at least one achieved) or discontinued. After
completion the outcome is followed up at 3, 6 and 12 months: each follow-up
visit falls within a month either side of its due date (docs/domain.md).

Completion and follow-up visits are field dates (domain.checks.field_dates): stated by
staff, defaulting to today, never in the future; a visit is never before the
completion it follows up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.case import CASE_NUMBER
from domain.checks import field_dates
from domain.errors import DateOutsideWindow, InvalidInput, RuleViolated
from domain.values import FollowUp, Goal
from domain.vocab import FollowUpStatus, GoalStatus, PlanStatus, SupportPlanType

FOLLOW_UP_MONTHS = (3, 6, 12)
FOLLOW_UP_WINDOW_MONTHS = 1  # a follow-up visit falls within a month of its due date


def follow_up_due(completed_on: date, month: int) -> date:
    return field_dates.add_months(completed_on, month)


def follow_up_window(completed_on: date, month: int) -> tuple[date, date]:
    """The first and last day on which the `month`-month follow-up visit may fall."""
    return (
        field_dates.add_months(completed_on, month - FOLLOW_UP_WINDOW_MONTHS),
        field_dates.add_months(completed_on, month + FOLLOW_UP_WINDOW_MONTHS),
    )


class ReintegrationPlan(JourneyAggregate):
    # v2: a follow-up keeps the day of its visit (`visited_on`) besides the day recorded.
    class_version = 2
    case_id: UUID
    case_number: str
    status: PlanStatus
    goals: dict[int, Goal]
    reviews_count: int
    last_reviewed_on: date | None
    next_review_on: date | None
    completed_on: date | None
    discontinued_on: date | None
    discontinue_reason: str | None
    follow_ups: dict[int, FollowUp]

    def __init__(self) -> None:
        self.goals = {}
        self.reviews_count = 0
        self.last_reviewed_on = None
        self.next_review_on = None
        self.completed_on = None
        self.discontinued_on = None
        self.discontinue_reason = None
        self.follow_ups = {}

    @property
    def label(self) -> str:
        return f"reintegration plan of case {self.case_number}"

    @property
    def goals_total(self) -> int:
        return len(self.goals)

    @property
    def goals_open(self) -> int:
        return self._count_goals(GoalStatus.OPEN)

    @property
    def goals_achieved(self) -> int:
        return self._count_goals(GoalStatus.ACHIEVED)

    @property
    def goals_abandoned(self) -> int:
        return self._count_goals(GoalStatus.ABANDONED)

    def _count_goals(self, status: GoalStatus) -> int:
        return sum(1 for goal in self.goals.values() if goal.status is status)

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before visit dates: each visit was on the day it was recorded."""
        for follow_up in state["follow_ups"].values():
            follow_up["visited_on"] = follow_up["recorded_on"]

    # ----------------------------------------------------------------- events

    class Drafted(JourneyAggregate.Created):
        case_id: UUID
        case_number: str

        def apply(self, plan: ReintegrationPlan) -> None:
            plan.case_id = self.case_id
            plan.case_number = self.case_number
            plan.status = PlanStatus.ACTIVE

    class GoalAdded(JourneyAggregate.Event):
        """`care_goal`: the care-plan goal it serves (None: it stands alone)."""

        class_version = 2  # v2: the care-plan goal it serves
        number: int
        type: SupportPlanType
        description: str
        target_date: date
        care_goal: int | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["care_goal"] = None

        def apply(self, plan: ReintegrationPlan) -> None:
            plan.goals[self.number] = Goal(
                self.number, self.type, self.description, self.target_date, care_goal=self.care_goal
            )

    class GoalProgressRecorded(JourneyAggregate.Event):
        number: int
        note: str

        def apply(self, plan: ReintegrationPlan) -> None:
            goal = plan.goals[self.number]
            plan.goals[self.number] = replace(goal, progress=(*goal.progress, self.note))

    class GoalAchieved(JourneyAggregate.Event):
        number: int

        def apply(self, plan: ReintegrationPlan) -> None:
            plan._set_goal_status(self.number, GoalStatus.ACHIEVED)

    class GoalAbandoned(JourneyAggregate.Event):
        number: int
        reason: str

        def apply(self, plan: ReintegrationPlan) -> None:
            plan._set_goal_status(self.number, GoalStatus.ABANDONED)

    class Reviewed(JourneyAggregate.Event):
        summary: str
        next_review_on: date | None

        def apply(self, plan: ReintegrationPlan) -> None:
            plan.reviews_count += 1
            plan.last_reviewed_on = self.timestamp.date()
            plan.next_review_on = self.next_review_on

    class Completed(JourneyAggregate.Event):
        completed_on: date

        def apply(self, plan: ReintegrationPlan) -> None:
            plan.status = PlanStatus.COMPLETED
            plan.completed_on = self.completed_on
            plan.next_review_on = None

    class Discontinued(JourneyAggregate.Event):
        reason: str

        def apply(self, plan: ReintegrationPlan) -> None:
            plan.status = PlanStatus.DISCONTINUED
            plan.discontinued_on = self.timestamp.date()
            plan.discontinue_reason = self.reason
            plan.next_review_on = None

    class FollowUpRecorded(JourneyAggregate.Event):
        """`visited_on`: the day of the visit, as stated; `recorded_on`: the day it
        was written up (the Kosovo day of the timestamp)."""

        class_version = 2
        month: int
        status: FollowUpStatus
        recorded_on: date
        visited_on: date

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["visited_on"] = state["recorded_on"]

        def apply(self, plan: ReintegrationPlan) -> None:
            plan.follow_ups[self.month] = FollowUp(
                self.month, self.status, self.recorded_on, self.visited_on
            )

    def _set_goal_status(self, number: int, status: GoalStatus) -> None:
        self.goals[number] = replace(self.goals[number], status=status)

    # --------------------------------------------------------------- commands

    @classmethod
    def draft(
        cls,
        case_id: UUID,
        case_number: str,
        *,
        plan_id: UUID | None = None,
        actor: str,
        at: datetime,
    ) -> ReintegrationPlan:
        if not CASE_NUMBER.match(case_number):
            raise InvalidInput("case_number", f"{case_number!r} is not like PVPT-C-2026-0001")
        plan: ReintegrationPlan = cls._start(
            cls.Drafted, actor, at, id=plan_id, case_id=case_id, case_number=case_number
        )
        return plan

    def add_goal(
        self,
        type: SupportPlanType,
        description: str,
        target_date: date,
        care_goal: int | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> int:
        """`care_goal`: the number of the care-plan goal it serves, checked by the
        caller against the case's care plan (services/care_workflows.py)."""
        self._require_active("add a goal")
        description = checks.text("description", description, max_length=2000)
        if target_date < at.date():
            raise InvalidInput(
                "target_date", f"{target_date.isoformat()} is before {at.date().isoformat()}"
            )
        number = len(self.goals) + 1
        self._record(
            self.GoalAdded,
            actor,
            at,
            number=number,
            type=type,
            description=description,
            target_date=target_date,
            care_goal=care_goal,
        )
        return number

    def record_progress(self, number: int, note: str, *, actor: str, at: datetime) -> None:
        self._require_open_goal(number, "record progress")
        note = checks.text("note", note, max_length=2000)
        self._record(self.GoalProgressRecorded, actor, at, number=number, note=note)

    def achieve_goal(self, number: int, *, actor: str, at: datetime) -> None:
        self._require_open_goal(number, "achieve a goal")
        self._record(self.GoalAchieved, actor, at, number=number)

    def abandon_goal(self, number: int, reason: str, *, actor: str, at: datetime) -> None:
        self._require_open_goal(number, "abandon a goal")
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.GoalAbandoned, actor, at, number=number, reason=reason)

    def review(
        self, summary: str, next_review_on: date | None, *, actor: str, at: datetime
    ) -> None:
        self._require_active("review it")
        summary = checks.text("summary", summary, max_length=4000)
        if next_review_on is not None and next_review_on < at.date():
            raise InvalidInput(
                "next_review_on",
                f"{next_review_on.isoformat()} is before {at.date().isoformat()}",
            )
        self._record(self.Reviewed, actor, at, summary=summary, next_review_on=next_review_on)

    def complete(self, completed_on: date | None = None, *, actor: str, at: datetime) -> None:
        """Complete the plan on `completed_on` (today when not stated)."""
        self._require_active("complete it")
        self._check_completable()
        day = field_dates.stated("completed_on", completed_on, at)
        self._record(self.Completed, actor, at, completed_on=day)

    def _check_completable(self) -> None:
        if not self.goals:
            raise RuleViolated(
                f"{self.label} has no goals; add and achieve one, or discontinue the plan",
                rule="no_goals",
            )
        if self.goals_open:
            raise RuleViolated(
                f"{self.label} has {self.goals_open} open goal(s); achieve or abandon "
                "each before completing the plan",
                rule="goals_open",
            )
        if not self.goals_achieved:
            raise RuleViolated(
                f"{self.label} has no achieved goal ({self.goals_abandoned} abandoned); "
                "discontinue the plan instead",
                rule="nothing_achieved",
            )

    def discontinue(self, reason: str, *, actor: str, at: datetime) -> None:
        self._require_active("discontinue it")
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.Discontinued, actor, at, reason=reason)

    def record_follow_up(
        self,
        month: int,
        status: FollowUpStatus,
        visited_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Record the `month`-month follow-up, visited on `visited_on` (today when not
        stated): after completion, once per month, within its window."""
        completed_on = self._require_completed()
        if month not in FOLLOW_UP_MONTHS:
            raise InvalidInput("month", f"{month} is not one of 3, 6 or 12")
        self._require_no_follow_up(month)
        day = field_dates.stated(
            "visited_on",
            visited_on,
            at,
            not_before=completed_on,
            depends_on=f"the completion of {self.label}",
        )
        self._check_in_window(month, completed_on, day)
        self._record(
            self.FollowUpRecorded,
            actor,
            at,
            month=month,
            status=status,
            recorded_on=at.date(),
            visited_on=day,
        )

    def _require_no_follow_up(self, month: int) -> None:
        done = self.follow_ups.get(month)
        if done is not None:
            raise RuleViolated(
                f"{self.label} already has its {month}-month follow-up "
                f"(visited on {done.visited_on.isoformat()})",
                rule="follow_up_recorded",
            )

    def _check_in_window(self, month: int, completed_on: date, visited_on: date) -> None:
        window = follow_up_window(completed_on, month)
        if not window[0] <= visited_on <= window[1]:
            due = follow_up_due(completed_on, month)
            raise DateOutsideWindow(
                "visited_on",
                visited_on,
                window,
                f"the window of the {month}-month follow-up of {self.label} "
                f"(completed on {completed_on.isoformat()}, due on {due.isoformat()})",
            )

    # ---------------------------------------------------------------- helpers

    def _require_active(self, action: str) -> None:
        if self.status is not PlanStatus.ACTIVE:
            raise RuleViolated(
                f"{self.label} is {self.status.value}; to {action} the plan must be active",
                rule="plan_closed",
            )

    def _require_open_goal(self, number: int, action: str) -> None:
        self._require_active(action)
        goal = self.goals.get(number)
        if goal is None:
            raise RuleViolated(f"{self.label} has no goal {number}", rule="no_such_goal")
        if goal.status is not GoalStatus.OPEN:
            raise RuleViolated(
                f"goal {number} of {self.label} is already {goal.status.value}",
                rule="goal_settled",
            )

    def _require_completed(self) -> date:
        if self.status is not PlanStatus.COMPLETED or self.completed_on is None:
            raise RuleViolated(
                f"{self.label} is {self.status.value}; follow-ups are recorded only after "
                "the plan is completed",
                rule="not_completed",
            )
        return self.completed_on
