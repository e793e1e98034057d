"""Commands on a return or transfer across a border (domain/return_process.py).
Requesting one, planning it (organisations checked in the registry), confirming the
hand-over and cancelling involve the case or the registry: their workflows are in
services/return_workflows.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.return_process import ReturnProcess
from domain.return_vocab import (
    ReturnCancelReason,
    ReturnDirection,
    ReturnKind,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from domain.vocab import RiskLevel
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text
from services.commands.organisation import OrganisationId


class RequestReturn(Command, frozen=True):
    """Record that the person asked to return (or be transferred) across a border. A
    return is never forced: it is requested by the person, voluntarily and on informed
    consent, and both are recorded. One open at a time per case; the case closes as
    repatriated or transferred only after the hand-over."""

    case_id: Annotated[
        UUID,
        msgspec.Meta(
            description="The id of the case of the person who returns.",
            examples=["5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03"],
        ),
    ]
    direction: Annotated[
        ReturnDirection,
        msgspec.Meta(
            description="from_kosovo: a foreign victim leaves Kosovo; to_kosovo: a Kosovar "
            "identified abroad is received here.",
            examples=["from_kosovo"],
        ),
    ]
    destination_country: Annotated[
        str,
        msgspec.Meta(
            pattern="^[A-Z]{2}$",
            description="Where the person goes: ISO 3166-1 alpha-2 (XK for Kosovo, exactly "
            "when the direction is to_kosovo).",
            examples=["AL"],
        ),
    ]
    voluntary: Annotated[
        bool,
        msgspec.Meta(
            description="That the person asks for it of their own will: must be true "
            "(PVPT never forces a return; false is refused, rule return_not_voluntary).",
            examples=[True],
        ),
    ]
    kind: Annotated[
        ReturnKind,
        msgspec.Meta(
            description="return: to the person's own country; transfer: to another "
            "country's mechanism (closes the case as referred_or_transferred).",
            examples=["return"],
        ),
    ] = ReturnKind.RETURN
    destination_municipality: Annotated[
        str | None,
        msgspec.Meta(
            description="In Kosovo only (and then required): the municipality's two-digit "
            "code, '01' (Deçan) to '38'.",
            examples=["05"],
        ),
    ] = None
    informed_consent_on: Annotated[
        date | None,
        msgspec.Meta(
            description="The day the person gave informed consent to the return (Kosovo's "
            "calendar); the request's day when left out. Not after the request.",
            examples=["2026-03-02"],
        ),
    ] = None
    requested_on: Annotated[
        FieldDate, day_of("of the request", also="nor before the case's referral")
    ] = None


class ReturnCommand(RecordCommand, frozen=True):
    target: ClassVar[type[ReturnProcess]] = ReturnProcess


class AssessReturnRisk(ReturnCommand, frozen=True):
    """Record the assessed risk of the destination for the person (a new assessment
    replaces the previous one). A high risk holds the hand-over back."""

    level: Annotated[
        RiskLevel,
        msgspec.Meta(
            description="The risk at the destination: low, medium, high.", examples=["low"]
        ),
    ]
    summary: (
        Annotated[
            str,
            free_text(
                "What was found about the destination (family, traffickers, services); "
                "free text, personal data",
                "Family in Elbasan supportive; recruiter in prison.",
                optional=True,
            ),
        ]
        | None
    ) = None
    assessed_on: Annotated[
        FieldDate, day_of("of the assessment", also="nor before the request")
    ] = None

    def run(self, record: ReturnProcess, actor: str, at: datetime) -> None:
        record.assess_risk(self.level, self.summary, self.assessed_on, actor=actor, at=at)


class RecordTravelDocument(ReturnCommand, frozen=True):
    """Record where a travel document stands: needed, applied for, issued, or not
    needed after all (the person travels on another document). Every document recorded
    must be issued before the hand-over, except those not needed."""

    document: Annotated[
        TravelDocumentKind,
        msgspec.Meta(
            description="passport, identity_card, emergency_travel_document (laissez-passer), "
            "travel_document (refugees, stateless) or other.",
            examples=["passport"],
        ),
    ]
    status: Annotated[
        TravelDocumentStatus,
        msgspec.Meta(
            description="needed, applied, issued or not_needed (dropped: the person travels "
            "on another document; the hand-over no longer waits for it).",
            examples=["applied"],
        ),
    ]
    recorded_on: Annotated[
        FieldDate, day_of("the document reached that status", also="nor before the request")
    ] = None

    def run(self, record: ReturnProcess, actor: str, at: datetime) -> None:
        record.record_document(self.document, self.status, self.recorded_on, actor=actor, at=at)


class PlanReturn(Command, frozen=True):
    """Plan the travel and hand-over: who receives the person, who escorts them and
    when; plan again to change it. Organisations are registered ones, active on the
    planned day."""

    receiving_organisation_id: Annotated[
        OrganisationId,
        msgspec.Meta(
            description="The registered organisation that takes the person over at the "
            "destination.",
            examples=["2c8e4f6a-1b3d-5e7f-9a0b-4c6d8e0f2a1b"],
        ),
    ]
    planned_on: Annotated[
        date,
        msgspec.Meta(
            description="The planned day of travel and hand-over; not before the request.",
            examples=["2026-04-15"],
        ),
    ]
    escort_organisation_id: Annotated[
        OrganisationId | None,
        msgspec.Meta(
            description="The registered organisation that escorts the person (e.g. IOM "
            "Kosovo); null when none does.",
            examples=["8f2d0c4e-6a1b-5d3f-9e7a-0b2c4d6e8f1a"],
        ),
    ] = None


class ConfirmHandOver(Command, frozen=True):
    """Confirm that the receiving organisation took the person over: the return ends,
    and the case may close as repatriated or transferred. Needs the destination's risk
    assessed (not high), every travel document issued and the hand-over planned."""

    handed_over_on: Annotated[
        FieldDate, day_of("of the hand-over", also="nor before the request")
    ] = None


class CancelReturn(Command, frozen=True):
    """Cancel the return, with the reason (the person changed their mind, the risk is
    too high...): it ends, and the case goes on here."""

    reason: Annotated[
        ReturnCancelReason,
        msgspec.Meta(
            description="person_changed_mind, risk_too_high, documents_refused, "
            "no_receiving_organisation, lost_contact or other (then say why in note).",
            examples=["person_changed_mind"],
        ),
    ]
    note: (
        Annotated[
            str,
            free_text("More on why; free text, personal data", "She wants to stay.", optional=True),
        ]
        | None
    ) = None
    cancelled_on: Annotated[
        FieldDate, day_of("of the cancellation", also="nor before the request")
    ] = None
