"""The typed view of a return across a border (domain/return_process.py), as the case
file shows it (built by services/views.py through the disclosure policy). Its state
holds no free text: the risk summary and the cancellation note stay in its events."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from msgspec import Meta

from domain.return_vocab import (
    ReturnCancelReason,
    ReturnDirection,
    ReturnKind,
    ReturnStatus,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from domain.vocab import RiskLevel
from services.record_views import CaseRecordState, Withheld

Day = Annotated[date | None, Meta(description="null until it happened", examples=[None])]
OrganisationRef = Annotated[
    UUID | None,
    Meta(
        description="a registered organisation's id (GET /api/v1/organisations/{id}); null "
        "until planned",
        examples=["2c8e4f6a-1b3d-5e7f-9a0b-4c6d8e0f2a1b"],
    ),
]


class ReturnView(CaseRecordState, frozen=True):
    """A return or transfer across a border: where to, the preparation (risk, travel
    documents, organisations, planned day) and how it ended."""

    beneficiary_id: Annotated[
        UUID,
        Meta(
            description="the person who returns", examples=["0b9e4c1e-6f3a-5d2b-9a47-3c1f2e8d7a65"]
        ),
    ]
    direction: Annotated[
        ReturnDirection,
        Meta(description="from_kosovo or to_kosovo", examples=["from_kosovo"]),
    ]
    kind: Annotated[ReturnKind, Meta(description="return or transfer", examples=["return"])]
    destination_country: Annotated[
        str, Meta(description="ISO 3166-1 alpha-2 (XK: Kosovo)", examples=["AL"])
    ]
    destination_municipality: Annotated[
        str | None,
        Meta(description="a Kosovo destination's municipality code; else null", examples=[None]),
    ]
    requested_on: Annotated[date, Meta(description="the day requested", examples=["2026-03-02"])]
    informed_consent_on: Annotated[
        date,
        Meta(description="the day the person gave informed consent", examples=["2026-03-02"]),
    ]
    status: Annotated[
        ReturnStatus,
        Meta(
            description="requested (in preparation), handed_over or cancelled",
            examples=["requested"],
        ),
    ]
    risk_level: Annotated[
        RiskLevel | None,
        Meta(description="the destination's assessed risk; null until assessed", examples=["low"]),
    ]
    risk_assessed_on: Day
    documents: Annotated[
        dict[TravelDocumentKind, TravelDocumentStatus],
        Meta(description="each travel document's status", examples=[{"passport": "issued"}]),
    ]
    escort_organisation_id: OrganisationRef
    receiving_organisation_id: OrganisationRef
    planned_on: Annotated[
        date | None,
        Meta(description="the planned day of travel and hand-over", examples=["2026-04-15"]),
    ]
    handed_over_on: Day
    cancelled_on: Day
    cancel_reason: Annotated[
        ReturnCancelReason | None,
        Meta(description="why it was cancelled; null unless it was", examples=[None]),
    ]
    withheld: Withheld = {}
