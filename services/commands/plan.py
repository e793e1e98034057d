"""Commands on a reintegration plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.plan import ReintegrationPlan
from domain.vocab import FollowUpStatus, SupportPlanType
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text

GoalNumber = Annotated[
    int,
    msgspec.Meta(
        ge=1,
        description="The goal's number within the plan (1 for the first), as the plan "
        "lists its goals.",
        examples=[1],
    ),
]


class DraftPlan(Command, frozen=True):
    """Draft a reintegration plan for a case (IOM: within a month of the assessment);
    goals are added to it next."""

    case_id: Annotated[
        UUID,
        msgspec.Meta(
            description="The id of the case the plan is for.",
            examples=["5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03"],
        ),
    ]


class PlanCommand(RecordCommand, frozen=True):
    target: ClassVar[type[ReintegrationPlan]] = ReintegrationPlan


class AddGoal(PlanCommand, frozen=True):
    """Add a goal to an active plan; it is numbered after the goals it already has, and
    may serve a goal of the case's care plan (`care_goal`)."""

    type: Annotated[
        SupportPlanType,
        msgspec.Meta(description="Kind of support (HTCDS spl_Type).", examples=["Education"]),
    ]
    description: Annotated[
        str,
        free_text(
            "What the goal is, agreed with the beneficiary",
            "Finish the hairdressing course in Pejë.",
        ),
    ]
    target_date: Annotated[
        date,
        msgspec.Meta(
            description="The day it should be reached by; not before today.",
            examples=["2026-09-30"],
        ),
    ]

    care_goal: (
        Annotated[
            int,
            msgspec.Meta(
                ge=1,
                description="The number of the care-plan goal it serves (the case's care plan "
                "must have it); none when left out: the goal stands alone.",
                examples=[1],
            ),
        ]
        | None
    ) = None

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.add_goal(
            self.type, self.description, self.target_date, self.care_goal, actor=actor, at=at
        )


class RecordGoalProgress(PlanCommand, frozen=True):
    """Record progress on an open goal."""

    number: GoalNumber
    note: Annotated[
        str,
        free_text("What progress was made", "Enrolled; attends twice a week."),
    ]

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.record_progress(self.number, self.note, actor=actor, at=at)


class AchieveGoal(PlanCommand, frozen=True):
    """Mark an open goal achieved."""

    number: GoalNumber

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.achieve_goal(self.number, actor=actor, at=at)


class AbandonGoal(PlanCommand, frozen=True):
    """Abandon an open goal, saying why."""

    number: GoalNumber
    reason: Annotated[
        str,
        free_text("Why the goal is abandoned", "The course was cancelled; a new goal replaces it."),
    ]

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.abandon_goal(self.number, self.reason, actor=actor, at=at)


class ReviewPlan(PlanCommand, frozen=True):
    """Record a review of an active plan with the beneficiary, and when the next one
    is due."""

    summary: Annotated[
        str,
        free_text(
            "What the review found",
            "Two goals on track; housing goal delayed by the landlord.",
            most=4_000,
        ),
    ]
    next_review_on: Annotated[
        date | None,
        msgspec.Meta(
            description="The day of the next review; not before today. None planned when left out.",
            examples=["2026-06-15"],
        ),
    ] = None

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.review(self.summary, self.next_review_on, actor=actor, at=at)


class CompletePlan(PlanCommand, frozen=True):
    """Complete the plan: every goal achieved or abandoned, at least one achieved.
    Follow-ups fall due 3, 6 and 12 months after the day it completed."""

    completed_on: Annotated[FieldDate, day_of("the plan was completed")] = None

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.complete(self.completed_on, actor=actor, at=at)


class DiscontinuePlan(PlanCommand, frozen=True):
    """End an active plan without completing it, saying why."""

    reason: Annotated[
        str,
        free_text("Why the plan ends", "She moved abroad with her family."),
    ]

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.discontinue(self.reason, actor=actor, at=at)


class RecordFollowUp(PlanCommand, frozen=True):
    """Record a follow-up visit after the plan's completion: how the person is doing,
    3, 6 or 12 months on. Each once, within a month of its due date."""

    month: Annotated[
        int,
        msgspec.Meta(
            ge=3,
            le=12,
            description="Which follow-up: 3, 6 or 12 (months after the plan's completion).",
            examples=[3, 6, 12],
        ),
    ]
    status: Annotated[
        FollowUpStatus,
        msgspec.Meta(description="How the person was found doing.", examples=["sustained"]),
    ]
    visited_on: Annotated[
        FieldDate, day_of("of the visit", also="and within a month of the follow-up's due date")
    ] = None

    def run(self, record: ReintegrationPlan, actor: str, at: datetime) -> None:
        record.record_follow_up(self.month, self.status, self.visited_on, actor=actor, at=at)
