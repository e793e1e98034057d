"""Return or transfer across a border: a foreign victim going home from Kosovo (or on
to a third country's mechanism), or a Kosovar identified abroad received here
(docs/domain.md, "Return and cross-border referral").

One process per request, linked to the case by the case's `ReturnRequested` (saved
together). A return is never forced: it is requested by the person, voluntarily and
on informed consent, both recorded. It is prepared (the destination's risk assessed,
travel documents, the escorting and receiving organisations and the planned day), then
handed over to the receiving organisation, or cancelled with a reason (the person
changed their mind, the risk is too high...). The case learns the end with
`ReturnEnded`, saved with it: a case closes as repatriated or transferred only when
no return of it is still open (domain/parts/case_return.py).

Organisations are registry entries (ids); the workflow checks them
(services/return_workflows.py). The destination is a country (ISO 3166-1 alpha-2 or
XK) and, in Kosovo, a municipality: both the person's places (quasi-identifiers).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain import checks, places
from domain.base import JourneyAggregate
from domain.case import CASE_NUMBER
from domain.checks import field_dates
from domain.errors import InvalidInput, RuleViolated
from domain.return_vocab import (
    ReturnCancelReason,
    ReturnDirection,
    ReturnKind,
    ReturnStatus,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from domain.vocab import RiskLevel

# The destination's risk is assessed within this many days of the request (due item
# `return_risk_assessment`, projections/due/returns.py).
RISK_ASSESSMENT_WITHIN_DAYS = 14


class ReturnProcess(JourneyAggregate):
    case_id: UUID
    case_number: str
    beneficiary_id: UUID
    direction: ReturnDirection
    kind: ReturnKind
    destination_country: str
    destination_municipality: str | None
    requested_on: date
    informed_consent_on: date
    status: ReturnStatus
    risk_level: RiskLevel | None
    risk_assessed_on: date | None
    documents: dict[TravelDocumentKind, TravelDocumentStatus]
    escort_organisation_id: UUID | None
    receiving_organisation_id: UUID | None
    planned_on: date | None
    handed_over_on: date | None
    cancelled_on: date | None
    cancel_reason: ReturnCancelReason | None

    def __init__(self) -> None:
        self.status = ReturnStatus.REQUESTED
        self.risk_level = self.risk_assessed_on = None
        self.documents = {}
        self.escort_organisation_id = self.receiving_organisation_id = None
        self.planned_on = self.handed_over_on = self.cancelled_on = None
        self.cancel_reason = None

    @property
    def label(self) -> str:
        return f"{self.kind.value} of case {self.case_number}"

    @property
    def is_open(self) -> bool:
        return self.status is ReturnStatus.REQUESTED

    # ----------------------------------------------------------------- events

    class Requested(JourneyAggregate.Created):
        """Requested by the person: `voluntary` is always true (PVPT never forces a
        return) and `informed_consent_on` the day they consented, informed."""

        case_id: UUID
        case_number: str
        beneficiary_id: UUID
        direction: ReturnDirection
        kind: ReturnKind
        destination_country: str
        destination_municipality: str | None
        requested_on: date
        voluntary: bool
        informed_consent_on: date

        def apply(self, process: ReturnProcess) -> None:
            process.case_id, process.case_number = self.case_id, self.case_number
            process.beneficiary_id = self.beneficiary_id
            process.direction, process.kind = self.direction, self.kind
            process.destination_country = self.destination_country
            process.destination_municipality = self.destination_municipality
            process.requested_on = self.requested_on
            process.informed_consent_on = self.informed_consent_on

    class RiskAssessed(JourneyAggregate.Event):
        """The destination's risk for the person; `summary` is free text (personal)."""

        level: RiskLevel
        assessed_on: date
        summary: str | None

        def apply(self, process: ReturnProcess) -> None:
            process.risk_level, process.risk_assessed_on = self.level, self.assessed_on

    class TravelDocumentRecorded(JourneyAggregate.Event):
        document: TravelDocumentKind
        status: TravelDocumentStatus
        recorded_on: date

        def apply(self, process: ReturnProcess) -> None:
            process.documents[self.document] = self.status

    class Planned(JourneyAggregate.Event):
        """Who escorts (none: the person travels unescorted or is met at the border),
        who receives, and the day of travel and hand-over; planned again to change it."""

        escort_organisation_id: UUID | None
        receiving_organisation_id: UUID
        planned_on: date

        def apply(self, process: ReturnProcess) -> None:
            process.escort_organisation_id = self.escort_organisation_id
            process.receiving_organisation_id = self.receiving_organisation_id
            process.planned_on = self.planned_on

    class HandedOver(JourneyAggregate.Event):
        """The receiving organisation confirmed it took the person over."""

        handed_over_on: date
        receiving_organisation_id: UUID

        def apply(self, process: ReturnProcess) -> None:
            process.status = ReturnStatus.HANDED_OVER
            process.handed_over_on = self.handed_over_on

    class Cancelled(JourneyAggregate.Event):
        """`note` is free text (personal)."""

        reason: ReturnCancelReason
        cancelled_on: date
        note: str | None

        def apply(self, process: ReturnProcess) -> None:
            process.status = ReturnStatus.CANCELLED
            process.cancelled_on, process.cancel_reason = self.cancelled_on, self.reason

    # --------------------------------------------------------------- commands

    @classmethod
    def request(
        cls,
        case_id: UUID,
        case_number: str,
        beneficiary_id: UUID,
        destination: tuple[ReturnDirection, ReturnKind, str, str | None],
        *,
        requested_on: date | None,
        consent: tuple[bool, date | None],
        referred_on: date,
        actor: str,
        at: datetime,
    ) -> ReturnProcess:
        """`destination`: direction, kind, country, municipality (in Kosovo only);
        `consent`: voluntary (must be true) and the day of informed consent (None:
        the request's day). Days are not before the case's referral (`referred_on`)."""
        if not CASE_NUMBER.fullmatch(case_number):
            raise InvalidInput("case_number", f"{case_number!r} is not like PVPT-C-2026-0001")
        direction, kind, country, municipality = _checked_destination(*destination)
        voluntary, consent_on = consent
        if not voluntary:
            raise RuleViolated(
                "PVPT never forces a return: it is requested by the person, voluntarily",
                rule="return_not_voluntary",
            )
        on = field_dates.stated(
            "requested_on", requested_on, at, not_before=referred_on, depends_on="the referral"
        )
        consented = field_dates.stated("informed_consent_on", consent_on or on, at)
        if consented > on:
            raise InvalidInput("informed_consent_on", "is after the request: consent comes first")
        process: ReturnProcess = cls._start(
            cls.Requested,
            actor,
            at,
            case_id=case_id,
            case_number=case_number,
            beneficiary_id=beneficiary_id,
            direction=direction,
            kind=kind,
            destination_country=country,
            destination_municipality=municipality,
            requested_on=on,
            voluntary=True,
            informed_consent_on=consented,
        )
        return process

    def assess_risk(
        self,
        level: RiskLevel,
        summary: str | None = None,
        assessed_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        self._require_open("assess the destination's risk")
        day = self._field_day("assessed_on", assessed_on, at)
        text = checks.optional_text("summary", summary)
        self._record(self.RiskAssessed, actor, at, level=level, assessed_on=day, summary=text)

    def record_document(
        self,
        document: TravelDocumentKind,
        status: TravelDocumentStatus,
        recorded_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        self._require_open("record a travel document")
        if self.documents.get(document) is status:
            raise RuleViolated(
                f"{self.label}: the {document.value} is already {status.value}", rule="no_change"
            )
        day = self._field_day("recorded_on", recorded_on, at)
        self._record(
            self.TravelDocumentRecorded,
            actor,
            at,
            document=document,
            status=status,
            recorded_on=day,
        )

    def plan(
        self,
        receiving_organisation_id: UUID,
        planned_on: date,
        escort_organisation_id: UUID | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """The day of travel and hand-over: not before the request (it may be past,
        recorded late, or to come)."""
        self._require_open("plan the travel and hand-over")
        if planned_on < self.requested_on:
            raise InvalidInput(
                "planned_on",
                f"{planned_on.isoformat()} is before the request ({self.requested_on})",
            )
        if escort_organisation_id == receiving_organisation_id:
            raise InvalidInput("escort_organisation_id", "is the receiving organisation")
        self._record(
            self.Planned,
            actor,
            at,
            escort_organisation_id=escort_organisation_id,
            receiving_organisation_id=receiving_organisation_id,
            planned_on=planned_on,
        )

    def hand_over(self, handed_over_on: date | None = None, *, actor: str, at: datetime) -> None:
        """Confirmed by the receiving organisation; only once the destination's risk
        was assessed (not high), every travel document is issued (those recorded as
        not needed aside; at least one issued) and the hand-over planned."""
        self._require_open("confirm the hand-over")
        self._require_ready()
        assert self.receiving_organisation_id is not None  # _require_ready
        day = self._field_day("handed_over_on", handed_over_on, at)
        self._record(
            self.HandedOver,
            actor,
            at,
            handed_over_on=day,
            receiving_organisation_id=self.receiving_organisation_id,
        )

    def cancel(
        self,
        reason: ReturnCancelReason,
        note: str | None = None,
        cancelled_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        self._require_open("cancel it")
        day = self._field_day("cancelled_on", cancelled_on, at)
        text = checks.optional_text("note", note)
        if reason is ReturnCancelReason.OTHER and text is None:
            raise InvalidInput("note", "say why when the reason is 'other'")
        self._record(self.Cancelled, actor, at, reason=reason, cancelled_on=day, note=text)

    # ---------------------------------------------------------------- helpers

    def _require_open(self, action: str) -> None:
        if not self.is_open:
            raise RuleViolated(
                f"{self.label} is {self.status.value}; it is too late to {action}",
                rule="return_ended",
            )

    def _require_ready(self) -> None:
        if self.risk_level is None:
            raise RuleViolated(
                f"{self.label}: assess the destination's risk before the hand-over",
                rule="return_risk_not_assessed",
            )
        if self.risk_level is RiskLevel.HIGH:
            raise RuleViolated(
                f"{self.label}: the destination's risk was assessed high; reassess it or "
                "cancel the return",
                rule="return_risk_too_high",
            )
        wanted = {
            k: s for k, s in self.documents.items() if s is not TravelDocumentStatus.NOT_NEEDED
        }
        missing = [kind.value for kind, s in wanted.items() if s is not TravelDocumentStatus.ISSUED]
        if missing or not wanted:
            which = ", ".join(missing) or "none recorded"
            raise RuleViolated(
                f"{self.label}: travel documents not issued ({which})",
                rule="travel_documents_not_issued",
            )
        if self.receiving_organisation_id is None:
            raise RuleViolated(
                f"{self.label}: plan the hand-over (receiving organisation, day) first",
                rule="return_not_planned",
            )

    def _field_day(self, field: str, value: date | None, at: datetime) -> date:
        return field_dates.stated(
            field,
            value,
            at,
            not_before=self.requested_on,
            depends_on=f"the request of {self.label}",
        )


def _checked_destination(
    direction: ReturnDirection, kind: ReturnKind, country: str, municipality: str | None
) -> tuple[ReturnDirection, ReturnKind, str, str | None]:
    """Into Kosovo: country XK and a municipality; out of Kosovo: another country, no
    municipality."""
    code = places.country("destination_country", country)
    into_kosovo = direction is ReturnDirection.TO_KOSOVO
    if into_kosovo != (code == places.KOSOVO):
        raise InvalidInput(
            "destination_country",
            "is XK exactly when the person comes to Kosovo (direction to_kosovo)",
        )
    if into_kosovo and municipality is None:
        raise InvalidInput("destination_municipality", "is required for a destination in Kosovo")
    if not into_kosovo and municipality is not None:
        raise InvalidInput("destination_municipality", "is given only for a destination in Kosovo")
    return direction, kind, code, places.municipality_code("destination_municipality", municipality)
