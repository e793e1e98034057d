"""The views of a prevention campaign and a prevention activity (domain/prevention/), as a
role may see them, through the one disclosure policy (services/disclosure.py).

Their fields are the record's state (the campaign's plan; the activity's details,
figures, disclosures and whether it was withdrawn), plus `changes`: every revision,
correction and withdrawal with who made it, when, and the reason given. The reasons are
free text (domain/prevention/classification.py): withheld, and named in `withheld`,
from the roles that may not read personal data: prevention officers among them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import msgspec
from msgspec import Meta

from domain.classification import fields_of
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from domain.prevention.values import ActivityDetails, CampaignPlan, Disclosure, Reach
from services.access import Role
from services.commands.prevention import DETAILS_EXAMPLE, PLAN_EXAMPLE, REACH_EXAMPLE
from services.disclosure import Disclosure as Seen
from services.disclosure import aggregate_state
from services.history import RecordedEvent
from services.record_views import FREE_TEXT_WHY, WITHHELD_DESCRIPTION, RecordState

V = TypeVar("V", bound=msgspec.Struct)


class ChangeKind(StrEnum):
    """What a change of a prevention record was."""

    REVISED = "revised"  # a campaign's plan replaced
    DETAILS_CORRECTED = "details_corrected"
    REACH_CORRECTED = "reach_corrected"
    WITHDRAWN = "withdrawn"


CHANGES: dict[type[Any], ChangeKind] = {
    Campaign.Revised: ChangeKind.REVISED,
    PreventionActivity.DetailsCorrected: ChangeKind.DETAILS_CORRECTED,
    PreventionActivity.ReachCorrected: ChangeKind.REACH_CORRECTED,
    PreventionActivity.Withdrawn: ChangeKind.WITHDRAWN,
}


class Change(msgspec.Struct, frozen=True):
    """A revision, correction or withdrawal of the record, with the reason given."""

    version: Annotated[
        int, Meta(ge=2, description="the record's version after the change", examples=[2])
    ]
    change: Annotated[
        ChangeKind,
        Meta(
            description="revised (a campaign's plan), details_corrected, reach_corrected "
            "or withdrawn (an activity)",
            examples=["reach_corrected"],
        ),
    ]
    actor: Annotated[str, Meta(description="the staff user who made it", examples=["drita.gashi"])]
    occurred_at: Annotated[
        datetime,
        Meta(description="when it was decided (UTC)", examples=["2026-05-13T08:30:00Z"]),
    ]
    reason: Annotated[
        str,
        Meta(
            description='why (free text: "withheld" for roles without personal data)',
            examples=["withheld"],
        ),
    ]


Changes = Annotated[
    list[Change],
    Meta(
        description="every revision, correction and withdrawal, oldest first; the record's "
        "history keeps what each replaced",
        examples=[
            [
                {
                    "version": 2,
                    "change": "reach_corrected",
                    "actor": "drita.gashi",
                    "occurred_at": "2026-05-13T08:30:00Z",
                    "reason": "withheld",
                }
            ]
        ],
    ),
]
ChangesWithheld = Annotated[
    dict[str, str],
    Meta(description=WITHHELD_DESCRIPTION, examples=[{"changes.0.reason": FREE_TEXT_WHY}]),
]


class CampaignView(RecordState, frozen=True):
    """A prevention campaign or project: its plan as it stands, and its revisions."""

    plan: Annotated[
        CampaignPlan,
        Meta(
            description="the plan: name, aims, period, target groups, municipalities, grant, "
            "partners and planned indicators",
            examples=[PLAN_EXAMPLE],
        ),
    ]
    changes: Changes
    withheld: ChangesWithheld = {}


class ActivityView(RecordState, frozen=True):
    """A prevention activity: what, when and where, whom it reached (counted, never
    named), the disclosures made at it, and its corrections."""

    details: Annotated[
        ActivityDetails,
        Meta(
            description="what it was, when, where, how long, in which language, by whom, "
            "with which partners and under which campaign",
            examples=[DETAILS_EXAMPLE],
        ),
    ]
    reach: Annotated[
        Reach,
        Meta(
            description="people met by group, sex and age band (with the 'of whom' counts), "
            "audience figures, materials, knowledge scores",
            examples=[REACH_EXAMPLE],
        ),
    ]
    disclosures: Annotated[
        list[Disclosure],
        Meta(
            description="the disclosures made at it, by number: a case's referral names the "
            "activity and the number of one referred to direct assistance",
            examples=[[{"number": 1, "kind": "exploitation", "route": "direct_assistance"}]],
        ),
    ]
    withdrawn: Annotated[
        bool,
        Meta(description="withdrawn as recorded in error: reports leave it out", examples=[False]),
    ]
    changes: Changes
    withheld: ChangesWithheld = {}


def campaign_view(
    campaign: Campaign, role: Role, events: list[RecordedEvent]
) -> tuple[CampaignView, set[str]]:
    """The campaign as `role` may see it, with the changes among `events` up to its
    version (a campaign as it stood shows the changes made by then)."""
    return _view(campaign, role, events, CampaignView)


def activity_view(
    activity: PreventionActivity, role: Role, events: list[RecordedEvent]
) -> tuple[ActivityView, set[str]]:
    """The activity as `role` may see it, with its changes up to its version."""
    return _view(activity, role, events, ActivityView)


def _view(
    record: Campaign | PreventionActivity, role: Role, events: list[RecordedEvent], kind: type[V]
) -> tuple[V, set[str]]:
    seen = Seen(role)
    state = seen.fields(aggregate_state(record), fields_of(type(record)) or {}, "")
    changes = _changes([e for e in events if e.version <= record.version], seen)
    plain = msgspec.to_builtins({**state, "changes": changes}, builtin_types=(datetime,))
    return msgspec.convert({**plain, "withheld": seen.withheld}, kind), seen.shown


def _changes(events: list[RecordedEvent], seen: Seen) -> list[Change]:
    changes: list[Change] = []
    for recorded in events:
        event = recorded.event
        kind = CHANGES.get(type(event))
        if kind is None:
            continue
        entries = fields_of(type(event)) or {}
        path = f"changes.{len(changes)}"
        shown = seen.fields({"reason": vars(event)["reason"]}, entries, path)
        changes.append(
            Change(recorded.version, kind, recorded.actor, recorded.occurred_at, shown["reason"])
        )
    return changes
