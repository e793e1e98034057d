"""The words of a return or transfer across a border (domain/return_process.py)."""

from __future__ import annotations

from enum import StrEnum


class ReturnDirection(StrEnum):
    """Which way the person crosses: a foreign victim leaves Kosovo for their country
    (or a third one), or a Kosovar identified abroad comes home and is received here."""

    FROM_KOSOVO = "from_kosovo"
    TO_KOSOVO = "to_kosovo"


class ReturnKind(StrEnum):
    """A return to the person's own country, or a transfer to another country's
    mechanism (a third country, e.g. where family lives). Closing the case for it takes
    the reason `repatriated` or `referred_or_transferred` (domain/vocab.py ClosureReason)."""

    RETURN = "return"
    TRANSFER = "transfer"


class ReturnStatus(StrEnum):
    """Requested (and being prepared) until handed over, or cancelled."""

    REQUESTED = "requested"
    HANDED_OVER = "handed_over"
    CANCELLED = "cancelled"


class TravelDocumentKind(StrEnum):
    """The document the person travels on."""

    PASSPORT = "passport"
    IDENTITY_CARD = "identity_card"
    EMERGENCY_TRAVEL_DOCUMENT = "emergency_travel_document"  # laissez-passer, by an embassy
    TRAVEL_DOCUMENT = "travel_document"  # for refugees or stateless persons
    OTHER = "other"


class TravelDocumentStatus(StrEnum):
    """Where the travel document stands: needed, applied for, issued, or no longer
    needed (the person travels on another document): the hand-over waits for every
    document recorded, except those not needed, to be issued."""

    NEEDED = "needed"
    APPLIED = "applied"
    ISSUED = "issued"
    NOT_NEEDED = "not_needed"


class ReturnCancelReason(StrEnum):
    """Why a return was called off. A return is never forced: the person changing
    their mind ends it."""

    PERSON_CHANGED_MIND = "person_changed_mind"
    RISK_TOO_HIGH = "risk_too_high"
    DOCUMENTS_REFUSED = "documents_refused"
    NO_RECEIVING_ORGANISATION = "no_receiving_organisation"
    LOST_CONTACT = "lost_contact"
    OTHER = "other"
