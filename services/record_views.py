"""The typed views of a facility, a shelter stay and a reintegration plan, as a role
may see them (built in services/views.py; the HTTP API and the CLI show these).

Their fields are the record's state, named as in the domain (domain/stay.py,
domain/plan.py, domain/facility.py), plus `withheld`: field path -> why it is
withheld from this role (a withheld text reads "withheld").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, get_args, get_type_hints
from uuid import UUID

import msgspec
from msgspec import Meta

from domain.values import BedInventory, FollowUp, Goal
from domain.vocab import DischargeReason, ExitDestination, FacilityKind, PlanStatus

GOAL_EXAMPLE = {
    "number": 1,
    "type": "Education",
    "description": "withheld",
    "target_date": "2026-09-01",
    "status": "open",
    "progress": ["withheld"],
}
FOLLOW_UP_EXAMPLE = {
    "month": 3,
    "status": "sustained",
    "recorded_on": "2026-12-03",
    "visited_on": "2026-12-01",
}
FREE_TEXT_WHY = "free text written by staff may name people"
WITHHELD_DESCRIPTION = (
    "field path -> why that field is withheld from the caller's role "
    '(it reads "withheld" or null); empty when everything is shown'
)

RecordVersion = Annotated[
    int,
    Meta(
        ge=1,
        description="how many events the record has had; send it back as If-Match",
        examples=[3],
    ),
]
CreatedOn = Annotated[
    datetime,
    Meta(
        description="when the record's first event was decided: an instant (UTC), despite "
        "its `_on`",
        examples=["2026-03-02T09:15:00Z"],
    ),
]
ModifiedOn = Annotated[
    datetime,
    Meta(
        description="when its latest event was decided: an instant (UTC), despite its `_on`",
        examples=["2026-03-09T14:40:00Z"],
    ),
]
Withheld = Annotated[dict[str, str], Meta(description=WITHHELD_DESCRIPTION, examples=[{}])]
PlanWithheld = Annotated[
    dict[str, str],
    Meta(description=WITHHELD_DESCRIPTION, examples=[{"goals.1.description": FREE_TEXT_WHY}]),
]
CaseId = Annotated[
    UUID,
    Meta(description="the case's id", examples=["0b7c5d1e-3f4a-5b6c-8d7e-9f0a1b2c3d4e"]),
]
CaseNumber = Annotated[
    str,
    Meta(description="the case's number, as on its file", examples=["PVPT-C-2026-0007"]),
]


def example_of(view: type[msgspec.Struct]) -> dict[str, Any]:
    """An example of a whole view, from the first example of each of its fields."""
    hints = get_type_hints(view, include_extras=True)
    metas = {
        name: [a for a in get_args(hint) if isinstance(a, Meta)] for name, hint in hints.items()
    }
    return {name: meta[0].examples[0] for name, meta in metas.items() if meta and meta[0].examples}


class RecordState(msgspec.Struct, frozen=True):
    """What every record's view starts with (not a view of its own)."""

    id: Annotated[
        UUID,
        Meta(
            description="the record's id, to open it by",
            examples=["9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
        ),
    ]
    version: RecordVersion
    created_on: CreatedOn
    modified_on: ModifiedOn


class CaseRecordState(RecordState, frozen=True):
    """What a view of a record of a case (a stay, a plan) starts with."""

    case_id: CaseId
    case_number: CaseNumber


class FacilityView(RecordState, frozen=True):
    """A shelter or day rehabilitation centre with its bed inventory (HMIS)."""

    name: Annotated[str, Meta(description="the facility's name", examples=["Shelter Prishtina"])]
    kind: Annotated[
        FacilityKind, Meta(description="shelter or day rehabilitation centre", examples=["shelter"])
    ]
    beds: Annotated[int, Meta(ge=0, description="beds (or slots) as of today", examples=[12])]
    capacity_history: Annotated[
        list[BedInventory],
        Meta(
            description="the bed inventory over time, oldest first (HMIS: start, end, beds)",
            examples=[[{"beds": 12, "start": "2025-01-01", "end": None}]],
        ),
    ]
    residents: Annotated[
        list[UUID],
        Meta(
            description="ids of the shelter stays in the facility now (on leave included)",
            examples=[["9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"]],
        ),
    ]
    municipality: Annotated[
        str | None,
        Meta(
            description="the municipality it is in: the Kosovo Agency of Statistics' code, "
            "'01' to '38'; null when none was recorded",
            examples=["19"],
        ),
    ] = None
    withheld: Withheld = {}


class StayView(CaseRecordState, frozen=True):
    """A shelter stay: admission of a case to a facility, leave, transfers, discharge."""

    facility_id: Annotated[
        UUID,
        Meta(
            description="the facility the person stays in now (after any transfer)",
            examples=["5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"],
        ),
    ]
    admitted_on: Annotated[date, Meta(description="day of admission", examples=["2026-03-02"])]
    in_facility_since: Annotated[
        date,
        Meta(description="day of arrival in the current facility", examples=["2026-03-02"]),
    ]
    on_leave: Annotated[bool, Meta(description="on temporary leave now", examples=[False])]
    expected_return: Annotated[
        date | None,
        Meta(description="when a leave should end; null if not on leave", examples=[None]),
    ]
    discharged_on: Annotated[
        date | None, Meta(description="day of discharge; null while staying", examples=[None])
    ]
    discharge_reason: Annotated[
        DischargeReason | None,
        Meta(description="why the stay ended; null while staying", examples=[None]),
    ]
    exit_destination: Annotated[
        ExitDestination | None,
        Meta(
            description="where the person went (HMIS exit destination); null while staying",
            examples=[None],
        ),
    ]
    transfers: Annotated[int, Meta(ge=0, description="transfers between facilities", examples=[0])]
    withheld: Withheld = {}


class PlanView(CaseRecordState, frozen=True):
    """A reintegration plan: goals, reviews, completion and follow-ups."""

    status: Annotated[
        PlanStatus, Meta(description="active, completed or discontinued", examples=["active"])
    ]
    goals: Annotated[
        dict[int, Goal],
        Meta(
            description="the plan's goals by number (1, 2, ...); texts withheld by role",
            examples=[{"1": GOAL_EXAMPLE}],
        ),
    ]
    reviews_count: Annotated[int, Meta(ge=0, description="reviews held", examples=[1])]
    last_reviewed_on: Annotated[
        date | None, Meta(description="day of the last review; null before any", examples=[None])
    ]
    next_review_on: Annotated[
        date | None,
        Meta(description="day the next review is due; null if none set", examples=["2026-06-01"]),
    ]
    completed_on: Annotated[
        date | None, Meta(description="day completed; null if not", examples=[None])
    ]
    discontinued_on: Annotated[
        date | None, Meta(description="day discontinued; null if not", examples=[None])
    ]
    discontinue_reason: Annotated[
        str | None,
        Meta(
            description="why it was discontinued (free text: withheld from roles without "
            "personal data); null if not",
            examples=[None],
        ),
    ]
    follow_ups: Annotated[
        dict[int, FollowUp],
        Meta(
            description="follow-ups after completion by month (3, 6, 12)",
            examples=[{"3": FOLLOW_UP_EXAMPLE}],
        ),
    ]
    withheld: PlanWithheld = {}
