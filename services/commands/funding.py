"""Commands of funding (domain/funding/; issue 17): grants opened, revised and closed,
records attributed to them and attributions ended. Their workflows
(services/funding_workflows.py) check the donor in the registry and find the record
attributed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.funding.grant import Grant
from domain.funding.values import GrantTerms
from domain.funding.vocab import RecordKind
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text

Why = Annotated[str, free_text("Why", "The donor approved a no-cost extension.")]

TERMS_EXAMPLE = {
    "donor": {"name": "European Union Office in Kosovo"},
    "title": "Direct assistance to victims of trafficking, 2026-2027",
    "starts_on": "2026-01-01",
    "ends_on": "2027-12-31",
    "currency": "EUR",
    "budget_lines": [
        {"code": "1.1", "name": "Case management staff", "amount": 120000},
        {"code": "1.2", "name": "Shelter running costs", "amount": 85000},
    ],
    "indicators": [
        {
            "code": "1.1.a",
            "name": "Victims of trafficking assisted",
            "measure": "people_assisted",
            "target": 60,
            "disaggregate_by": "sex",
        },
        {
            "code": "1.2.a",
            "name": "Nights of safe shelter",
            "measure": "shelter_nights",
            "target": 4000,
        },
    ],
}
Terms = Annotated[
    GrantTerms,
    msgspec.Meta(
        description="The grant's donor (a registered organisation's id, whose English name "
        "the registry gives, or the name of a donor not registered), title, period, "
        "currency, budget lines and indicators.",
        examples=[TERMS_EXAMPLE],
    ),
]


class OpenGrant(Command, frozen=True):
    """Open a grant under its reference, which no other grant has (compared without case).
    A campaign whose `grant` is this reference counts as attributed to it."""

    reference: Annotated[
        str,
        msgspec.Meta(
            min_length=2,
            max_length=64,
            description="The grant's reference, as the donor's contract writes it: 2 to 64 "
            "letters, digits and . / _ - (its URL names the grant by it).",
            examples=["EU-IPA-2026-014"],
        ),
    ]
    terms: Terms


class ReviseGrant(Command, frozen=True):
    """Replace a grant's terms (a no-cost extension, a budget line added, an indicator's
    target changed), with the reason; the history keeps the earlier terms. Refused when
    nothing changes, when a budget line an attribution in force is charged to goes, or when
    an attribution would count from outside the new period."""

    terms: Terms
    reason: Why


class CloseGrant(RecordCommand, frozen=True):
    """Close a grant: it takes no more attributions or revisions; what it holds stays."""

    target: ClassVar[type[Grant]] = Grant
    closed_on: Annotated[FieldDate, day_of("the grant is closed", also="nor before it starts")] = (
        None
    )

    def run(self, record: Grant, actor: str, at: datetime) -> None:
        record.close(self.closed_on, actor=actor, at=at)


class AttributeToGrant(Command, frozen=True):
    """Attribute a record to the grant, optionally to one of its budget lines: a case, a
    shelter stay, a service of a care plan, a prevention activity or a campaign. The record
    must overlap the grant's period, and not be attributed to it already (an attribution
    in force)."""

    record_kind: Annotated[
        RecordKind,
        msgspec.Meta(
            description="Which kind of record: case, stay (a shelter stay), service (a "
            "service planned in a care plan), prevention_activity or campaign.",
            examples=["stay"],
        ),
    ]
    record_id: Annotated[
        UUID,
        msgspec.Meta(
            description="The record's id; for a service, its care plan's id.",
            examples=["0e7c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71"],
        ),
    ]
    service_number: Annotated[
        Annotated[int, msgspec.Meta(ge=1)] | None,
        msgspec.Meta(
            description="For a service only (required there): its number in the care plan, from 1.",
            examples=[None],
        ),
    ] = None
    budget_line: Annotated[
        Annotated[str, msgspec.Meta(max_length=32)] | None,
        msgspec.Meta(
            description="The code of the grant's budget line it is charged to; null for none.",
            examples=["1.2"],
        ),
    ] = None
    attributed_on: Annotated[
        date | None,
        msgspec.Meta(
            description="The first day it counts for the grant, within the grant's period and "
            "not before the record began; by default the later of the grant's first day and "
            "the record's.",
            examples=["2026-02-01"],
        ),
    ] = None


class EndAttribution(RecordCommand, frozen=True):
    """End an attribution of the grant (the stay is paid from another grant from now on, it
    was attributed in error), on its last day and with the reason. The attribution stays
    in the history and the read model, with the day it ended."""

    target: ClassVar[type[Grant]] = Grant
    number: Annotated[
        int,
        msgspec.Meta(ge=1, description="The attribution's number in the grant.", examples=[3]),
    ]
    ended_on: Annotated[
        date,
        msgspec.Meta(
            description="Its last day, from its first day to the grant's last.",
            examples=["2026-06-30"],
        ),
    ]
    reason: Why

    def run(self, record: Grant, actor: str, at: datetime) -> None:
        record.end_attribution(self.number, self.ended_on, self.reason, actor=actor, at=at)
