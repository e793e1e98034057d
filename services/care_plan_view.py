"""The typed view of a care plan (domain/care_plan.py), as a role may see it: built by
services/views.py through the disclosure policy (notes, goal texts, outcome notes,
reasons and review summaries withheld from roles without personal data)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from msgspec import Meta

from domain.parts.care_plan_values import CareGoal, CareReview, NeedsAssessment, PlannedService
from services.record_views import FREE_TEXT_WHY, WITHHELD_DESCRIPTION, CaseRecordState

ASSESSMENT_EXAMPLE = {
    "version": 1,
    "assessed_on": "2026-03-10",
    "reassess_by": "2026-06-10",
    "assessed_by": "besa.krasniqi",
    "domains": [{"domain": "accommodation", "level": "immediate", "notes": "withheld"}],
}
SERVICE_EXAMPLE = {
    "number": 1,
    "service": "psychological",
    "support_type": "Health",
    "provider_kind": "pvpt",
    "provider": "PVPT",
    "responsible": "dr.hoxha",
    "starts_on": "2026-03-12",
    "due_on": "2026-06-12",
    "basis": "consent",
    "domains": ["mental_health"],
    "goal": 1,
    "status": "planned",
    "deliveries": [
        {
            "delivered_on": "2026-03-12",
            "attended": True,
            "duration_minutes": 50,
            "provider": "PVPT",
            "delivered_by": "dr.hoxha",
        }
    ],
    "outcome": None,
    "outcome_note": None,
    "cancelled_on": None,
    "cancel_reason": None,
}


class CarePlanView(CaseRecordState, frozen=True):
    """A care plan: needs assessments (every version), goals, planned services with
    their deliveries and outcomes, and reviews."""

    beneficiary_id: Annotated[
        UUID,
        Meta(
            description="the beneficiary whose services consent the services rest on",
            examples=["0b9e4c1e-6f3a-5d2b-9a47-3c1f2e8d7a65"],
        ),
    ]
    assessments: Annotated[
        list[NeedsAssessment],
        Meta(
            description="the needs assessments, oldest first (the last is in force); "
            "notes withheld by role",
            examples=[[ASSESSMENT_EXAMPLE]],
        ),
    ]
    goals: Annotated[
        dict[int, CareGoal],
        Meta(
            description="the care plan's goals by number; texts withheld by role",
            examples=[
                {"1": {"number": 1, "description": "withheld", "domains": ["accommodation"]}}
            ],
        ),
    ]
    services: Annotated[
        dict[int, PlannedService],
        Meta(
            description="the planned services by number, with deliveries and outcome",
            examples=[{"1": SERVICE_EXAMPLE}],
        ),
    ]
    reviews: Annotated[
        list[CareReview],
        Meta(
            description="the reviews held, oldest first; summaries withheld by role",
            examples=[[]],
        ),
    ]
    next_review_on: Annotated[
        date | None,
        Meta(description="the day the next review is due; null if none", examples=["2026-06-01"]),
    ]
    withheld: Annotated[
        dict[str, str],
        Meta(
            description=WITHHELD_DESCRIPTION,
            examples=[{"assessments.0.domains.0.notes": FREE_TEXT_WHY}],
        ),
    ] = {}
