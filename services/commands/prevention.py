"""Commands of prevention work (domain/prevention/; issue 16): campaigns launched and
revised, activities recorded, corrected and withdrawn, disclosures recorded. Their
workflows (services/prevention_workflows.py) check the campaign and the partner
organisations they name."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.prevention.activity import PreventionActivity
from domain.prevention.values import ActivityDetails, CampaignPlan, Reach
from domain.prevention.vocab import DisclosureKind, DisclosureRoute
from services.commands import Command, RecordCommand, free_text

Why = Annotated[str, free_text("Why", "The attendance sheet was counted again.")]

PLAN_EXAMPLE = {
    "name": "Safe online, safe at work 2026",
    "starts_on": "2026-01-15",
    "ends_on": "2026-12-15",
    "target_groups": ["students", "parents"],
    "municipalities": ["20", "25"],
    "grant": "EU-IPA-2026-014",
    "indicators": [
        {"measure": "students_reached", "target": 1200, "description": "1,200 students reached"},
        {"measure": "municipalities_reached", "target": 6},
    ],
}
DETAILS_EXAMPLE = {
    "type": "school_session",
    "held_on": "2026-05-12",
    "duration_minutes": 90,
    "setting": "school",
    "language": "sq",
    "municipality": "20",
    "title": "Safe online: grade 8",
    "facilitators": ["drita.gashi"],
}
REACH_EXAMPLE = {
    "participants": [
        {"group": "students_grades_6_9", "sex": "female", "age_band": "11-14", "count": 14},
        {"group": "students_grades_6_9", "sex": "male", "age_band": "11-14", "count": 12},
    ],
    "inclusion": {"roma_ashkali_egyptian": 3},
    "materials": [{"material": "leaflet", "language": "sq", "quantity": 26}],
    "learning": {
        "max_score": 10,
        "pass_mark": 7,
        "pre": {"count": 26, "mean": 5.2, "passed": 6},
        "post": {"count": 25, "mean": 7.6, "passed": 18},
    },
}
Plan = Annotated[
    CampaignPlan,
    msgspec.Meta(
        description="The campaign's name, aims, period, target groups, municipalities, grant, "
        "partner organisations and planned indicators.",
        examples=[PLAN_EXAMPLE],
    ),
]
Details = Annotated[
    ActivityDetails,
    msgspec.Meta(
        description="What the activity was, when, where, how long, in which language, by whom, "
        "with which partners and under which campaign.",
        examples=[DETAILS_EXAMPLE],
    ),
]
Figures = Annotated[
    Reach,
    msgspec.Meta(
        description="Whom it reached, counted and never named: people met in person by group, "
        "sex and age band (with the 'of whom' counts), or for media and online work audience "
        "figures with their source; materials distributed; knowledge scores in aggregate.",
        examples=[REACH_EXAMPLE],
    ),
]


class LaunchCampaign(Command, frozen=True):
    """Launch a prevention campaign or project with its plan. The partner organisations must
    be registered and active on its first day."""

    plan: Plan


class ReviseCampaign(Command, frozen=True):
    """Replace a campaign's plan (a new period, an indicator added, a partner joined), with
    the reason; the history keeps the earlier plan. Refused when nothing changes."""

    plan: Plan
    reason: Why


class RecordActivity(Command, frozen=True):
    """Record a prevention activity with its reach. When it names a campaign, it is held
    within the campaign's period; its partner organisations are active that day."""

    details: Details
    reach: Figures


class CorrectActivityDetails(Command, frozen=True):
    """Correct an activity's details (the day, the place, the type …), with the reason; the
    history keeps what was recorded first. Refused for a withdrawn activity."""

    details: Details
    reason: Why


class CorrectActivityReach(Command, frozen=True):
    """Correct an activity's figures (all of them: a figure left out is cleared), with the
    reason; the history keeps both. Refused for a withdrawn activity."""

    reach: Figures
    reason: Why


class RecordDisclosure(Command, frozen=True):
    """Record that someone disclosed risk or exploitation at the activity, and where they
    were referred — with no personal data. A referral to PVPT's direct assistance is then
    taken up by a caseworker, whose case's incoming referral names this activity and the
    disclosure's number: 1 for the activity's first, 2 for its second (its view lists them)."""

    kind: Annotated[
        DisclosureKind, msgspec.Meta(description="What was disclosed.", examples=["exploitation"])
    ]
    route: Annotated[
        DisclosureRoute,
        msgspec.Meta(description="Where the person was referred.", examples=["direct_assistance"]),
    ]
    organisation_id: Annotated[
        UUID | None,
        msgspec.Meta(
            description="For police, a Centre for Social Work or another organisation: the "
            "registered organisation referred to (active that day); null otherwise.",
            examples=[None],
        ),
    ] = None


class WithdrawActivity(RecordCommand, frozen=True):
    """Withdraw an activity recorded in error (a duplicate, an activity that did not take
    place): reports leave it out, its history stays."""

    target: ClassVar[type[PreventionActivity]] = PreventionActivity
    reason: Why

    def run(self, record: PreventionActivity, actor: str, at: datetime) -> None:
        record.withdraw(self.reason, actor=actor, at=at)
