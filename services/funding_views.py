"""The view of a grant (domain/funding/), as a role may see it, through the one disclosure
policy (services/disclosure.py): its reference, terms, whether and when it was closed,
its attributions (each with the day it ended, once ended), and `changes`: every revision
and every attribution ended, with who, when and the reason given. The reasons are free
text, withheld (and named in `withheld`) from the roles that may not read personal data."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from domain.classification import fields_of
from domain.funding.grant import Grant
from domain.funding.values import Attribution, GrantTerms
from services.access import Role
from services.commands.funding import TERMS_EXAMPLE
from services.disclosure import Disclosure as Seen
from services.disclosure import aggregate_state
from services.history import RecordedEvent
from services.record_views import FREE_TEXT_WHY, WITHHELD_DESCRIPTION, RecordState


class GrantChangeKind(StrEnum):
    """What a change of a grant was."""

    REVISED = "revised"
    ATTRIBUTION_ENDED = "attribution_ended"


CHANGES: dict[type[Any], GrantChangeKind] = {
    Grant.Revised: GrantChangeKind.REVISED,
    Grant.AttributionEnded: GrantChangeKind.ATTRIBUTION_ENDED,
}


class GrantChange(msgspec.Struct, frozen=True):
    """A revision of the terms, or an attribution ended, with the reason given."""

    version: Annotated[
        int, Meta(ge=2, description="the grant's version after the change", examples=[2])
    ]
    change: Annotated[
        GrantChangeKind,
        Meta(description="revised (the terms) or attribution_ended", examples=["revised"]),
    ]
    actor: Annotated[str, Meta(description="the staff user who made it", examples=["m.berisha"])]
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
    attribution: Annotated[
        int | None,
        Meta(description="for an attribution ended: its number; null otherwise", examples=[None]),
    ] = None


class GrantView(RecordState, frozen=True):
    """A grant: its reference and terms as they stand, whether it is closed, what is
    attributed to it, and its changes."""

    reference: Annotated[
        str, Meta(description="the grant's reference, unique", examples=["EU-IPA-2026-014"])
    ]
    terms: Annotated[
        GrantTerms,
        Meta(
            description="donor, title, period, currency, budget lines and indicators",
            examples=[TERMS_EXAMPLE],
        ),
    ]
    closed_on: Annotated[
        date | None, Meta(description="the day it was closed; null while open", examples=[None])
    ]
    attributions: Annotated[
        list[Attribution],
        Meta(
            description="the records attributed to it by command, by number (a campaign "
            "whose grant is the reference counts too: the grants read model lists it)",
            examples=[
                [
                    {
                        "number": 1,
                        "record_kind": "stay",
                        "record_id": "0e7c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71",
                        "attributed_on": "2026-02-01",
                        "case_id": "5a4d3c2b-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
                        "person_id": "7b6a5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
                        "budget_line": "1.2",
                    }
                ]
            ],
        ),
    ]
    changes: Annotated[
        list[GrantChange],
        Meta(description="every revision and attribution ended, oldest first", examples=[[]]),
    ]
    withheld: Annotated[
        dict[str, str],
        Meta(description=WITHHELD_DESCRIPTION, examples=[{"changes.0.reason": FREE_TEXT_WHY}]),
    ] = {}


def grant_view(grant: Grant, role: Role, events: list[RecordedEvent]) -> tuple[GrantView, set[str]]:
    """The grant as `role` may see it, with the changes among `events` up to its version."""
    seen = Seen(role)
    state = seen.fields(aggregate_state(grant), fields_of(Grant) or {}, "")
    changes = _changes([e for e in events if e.version <= grant.version], seen)
    plain = msgspec.to_builtins({**state, "changes": changes}, builtin_types=(datetime,))
    return msgspec.convert({**plain, "withheld": seen.withheld}, GrantView), seen.shown


def _changes(events: list[RecordedEvent], seen: Seen) -> list[GrantChange]:
    changes: list[GrantChange] = []
    for recorded in events:
        event = recorded.event
        kind = CHANGES.get(type(event))
        if kind is None:
            continue
        entries = fields_of(type(event)) or {}
        shown = seen.fields({"reason": vars(event)["reason"]}, entries, f"changes.{len(changes)}")
        number = vars(event).get("number")
        changes.append(
            GrantChange(
                recorded.version,
                kind,
                recorded.actor,
                recorded.occurred_at,
                shown["reason"],
                number,
            )
        )
    return changes
