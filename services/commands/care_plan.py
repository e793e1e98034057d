"""Commands on a case's care plan (domain/care_plan.py). Starting the care plan, planning
a service and recording a delivery involve the case or the beneficiary (the services
consent): their workflows are in services/care_workflows.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.care_plan import CarePlan
from domain.checks import USER_NAME
from domain.parts.care_plan_values import DomainNeed
from domain.vocab import (
    NeedDomain,
    ProviderKind,
    ServiceAchievement,
    ServiceBasis,
    ServiceType,
)
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text

ServiceNumber = Annotated[
    int,
    msgspec.Meta(
        ge=1,
        description="The planned service's number within the care plan (1 for the first).",
        examples=[1],
    ),
]
Domains = Annotated[
    tuple[NeedDomain, ...],
    msgspec.Meta(
        description="The need domains it answers, each with some need (not `none`) in the "
        "latest needs assessment.",
        examples=[["mental_health"]],
    ),
]
Staff = Annotated[
    str,
    msgspec.Meta(
        pattern=USER_NAME.pattern,
        description="A staff member's user name (2-100 of a-z 0-9 . _ -), never a person's "
        "name: it is shown to every reader of the care plan and is not erased.",
        examples=["dr.hoxha"],
    ),
]


class StartCarePlan(Command, frozen=True):
    """Start the care plan of a case (one per case): needs are assessed in it, and
    services planned for them."""

    case_id: Annotated[
        UUID,
        msgspec.Meta(
            description="The id of the case the care plan is for.",
            examples=["5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03"],
        ),
    ]


class CarePlanCommand(RecordCommand, frozen=True):
    target: ClassVar[type[CarePlan]] = CarePlan


class AssessNeeds(CarePlanCommand, frozen=True):
    """Record a needs assessment: each domain with its level of need. The first is
    version 1; a reassessment is a new version, and every version is kept."""

    domains: Annotated[
        tuple[DomainNeed, ...],
        msgspec.Meta(
            description="The domains assessed (each once), with level (none, low, medium, "
            "high, immediate) and notes (free text, up to 2,000 characters; optional).",
            examples=[
                [{"domain": "accommodation", "level": "immediate", "notes": "No safe home."}]
            ],
        ),
    ]
    assessed_on: Annotated[
        FieldDate, day_of("of the assessment", also="nor before the previous one")
    ] = None
    reassess_by: Annotated[
        date | None,
        msgspec.Meta(
            description="The day it should be reassessed by, after the assessment; three "
            "months after it when left out.",
            examples=["2026-06-10"],
        ),
    ] = None

    def run(self, record: CarePlan, actor: str, at: datetime) -> None:
        record.assess_needs(self.domains, self.assessed_on, self.reassess_by, actor=actor, at=at)


class AddCareGoal(CarePlanCommand, frozen=True):
    """Add a goal to the care plan, answering assessed needs; reintegration-plan goals
    and planned services may name it."""

    description: Annotated[
        str, free_text("What the goal is, agreed with the beneficiary", "A safe home in Pejë.")
    ]
    domains: Domains

    def run(self, record: CarePlan, actor: str, at: datetime) -> None:
        record.add_goal(self.description, self.domains, actor=actor, at=at)


class PlanService(Command, frozen=True):
    """Plan a service for assessed needs: its kind, provider, responsible worker, dates
    and basis. Refused without the beneficiary's services consent in force unless
    `basis` names a lawful basis other than consent."""

    service: Annotated[
        ServiceType,
        msgspec.Meta(
            description="Which kind of service (its HTCDS spl_Type is derived from it).",
            examples=["psychological"],
        ),
    ]
    provider_kind: Annotated[
        ProviderKind,
        msgspec.Meta(description="PVPT's own team, or a partner.", examples=["pvpt"]),
    ]
    responsible: Staff
    starts_on: Annotated[
        date, msgspec.Meta(description="The day it is to start.", examples=["2026-03-12"])
    ]
    due_on: Annotated[
        date,
        msgspec.Meta(
            description="The day it is due to be done by; not before starts_on.",
            examples=["2026-06-12"],
        ),
    ]
    domains: Domains
    organisation_id: (
        Annotated[
            UUID,
            msgspec.Meta(
                description="When a partner provides it, the registered organisation (its id, "
                "GET /api/v1/organisations; active on starts_on); left out for PVPT's own team.",
                examples=["2c8e4f6a-1b3d-5e7f-9a0b-4c6d8e0f2a1b"],
            ),
        ]
        | None
    ) = None
    basis: Annotated[
        ServiceBasis,
        msgspec.Meta(
            description="consent (the beneficiary's services consent, checked), or a lawful "
            "basis other than consent, recorded as such.",
            examples=["consent"],
        ),
    ] = ServiceBasis.CONSENT
    goal: (
        Annotated[
            int,
            msgspec.Meta(ge=1, description="The care-plan goal it serves, if any.", examples=[1]),
        ]
        | None
    ) = None


class RecordDelivery(Command, frozen=True):
    """Record a delivery of a planned service, attended or missed. Clinicians record
    medical and psychological services, lawyers legal ones. Refused without the services
    consent in force that day (for a service resting on consent), and after a
    cancellation (a consent withdrawal cancels)."""

    number: ServiceNumber
    attended: Annotated[
        bool, msgspec.Meta(description="true if the beneficiary attended.", examples=[True])
    ]
    duration_minutes: Annotated[
        int,
        msgspec.Meta(
            ge=0,
            le=1440,
            description="How long it took: 1 to 1,440 minutes; 0 when missed.",
            examples=[50],
        ),
    ]
    delivered_by: Staff
    delivered_on: Annotated[FieldDate, day_of("of the delivery")] = None
    provider: (
        Annotated[
            str,
            free_text("Who provided it, if not the planned provider", "PVPT", most=200),
        ]
        | None
    ) = None


class RecordServiceOutcome(CarePlanCommand, frozen=True):
    """Record what a planned service achieved; it is concluded (no more deliveries)."""

    number: ServiceNumber
    outcome: Annotated[
        ServiceAchievement,
        msgspec.Meta(
            description="achieved, partially_achieved or not_achieved.", examples=["achieved"]
        ),
    ]
    note: (
        Annotated[
            str,
            free_text(
                "What it achieved", "Sleeps through the night again.", most=4000, optional=True
            ),
        ]
        | None
    ) = None

    def run(self, record: CarePlan, actor: str, at: datetime) -> None:
        record.record_service_outcome(self.number, self.outcome, self.note, actor=actor, at=at)


class CancelService(CarePlanCommand, frozen=True):
    """Cancel a planned service, saying why; deliveries dated after today are refused."""

    number: ServiceNumber
    reason: Annotated[str, free_text("Why it is cancelled", "She moved to Gjilan.")]

    def run(self, record: CarePlan, actor: str, at: datetime) -> None:
        record.cancel_service(self.number, self.reason, actor=actor, at=at)


class ScheduleReview(CarePlanCommand, frozen=True):
    """Schedule the next review of the care plan."""

    due_on: Annotated[
        date,
        msgspec.Meta(description="The day it is due; not before today.", examples=["2026-06-01"]),
    ]

    def run(self, record: CarePlan, actor: str, at: datetime) -> None:
        record.schedule_review(self.due_on, actor=actor, at=at)


class ReviewCarePlan(CarePlanCommand, frozen=True):
    """Record a review of the care plan with the beneficiary, and when the next is due."""

    summary: Annotated[
        str,
        free_text("What the review found", "Housing found; therapy goes on.", most=4000),
    ]
    reviewed_on: Annotated[FieldDate, day_of("of the review")] = None
    next_review_on: Annotated[
        date | None,
        msgspec.Meta(
            description="The day of the next review; not before today. None when left out.",
            examples=["2026-07-01"],
        ),
    ] = None

    def run(self, record: CarePlan, actor: str, at: datetime) -> None:
        record.review(self.summary, self.reviewed_on, self.next_review_on, actor=actor, at=at)
