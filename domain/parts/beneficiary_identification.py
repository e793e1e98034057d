"""A beneficiary's identification decisions inside the national referral mechanism.

Kosovo's SOP for victims of trafficking (2008) separates a preliminary identification
(pre-identification: whoever meets the person — PVPT or another NGO, an international
organisation, a police officer — finds them a presumed or possible victim and refers
them) from the formal identification an authority decides (the Kosovo Police's
anti-trafficking directorate, or the Victims' Advocacy and Assistance Office; abroad,
that country's mechanism). Each decision is recorded, numbered, with its deciding body
(HTCDS vic_TraffickingStatusDecisionMakingOrg), country, the official's role, the
decision's reference, its day and the indicators checked (domain/indicators.py).

One formal decision is in force at a time: a new formal decision on a person who has one
in force is a revision of it (refused otherwise, rule formal_identification_in_force), so
two formal decisions with opposite statuses are never both in force. Events stored
before this rule (TraffickingStatusDecided twice) replay as they were: the latest by
day decided is the status in force.

A decision is revised, never edited: a revision (appeal, new information, an error
corrected) is a decision of its own that names the one it revises, which stays in the
history, no longer in force. The beneficiary's trafficking status is derived
(`status_in_force`): the latest formal decision in force, else the latest preliminary
one in force, else PossibleVictimOfTrafficking. Latest is by the day decided (then by
number, for two on one day).

A decision's values are in identification_values.py, the checks of what a command gives
in identification_checks.py.

A part of `Beneficiary` (domain/beneficiary.py), which names these events among its own
(so they are stored as `Beneficiary.IdentificationRecorded`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.errors import InvalidInput
from domain.parts.identification_checks import (
    check_no_formal_in_force,
    checked_fields,
    decision_in_force,
)
from domain.parts.identification_values import (
    KOSOVO,
    Decided,
    IdentificationDecision,
    status_in_force,
)
from domain.vocab import DecidingBody, IdentificationKind, RevisionGrounds, TraffickingStatus

UNRECORDED = "(not in the snapshot)"  # who recorded a decision a v1 snapshot holds


class BeneficiaryState(Protocol):
    """A Beneficiary, as its identification commands and events see it."""

    identifications: list[IdentificationDecision]
    trafficking_status: TraffickingStatus
    deciding_body: DecidingBody | None
    status_decided_on: date | None

    @property
    def TraffickingStatusDecided(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def IdentificationRecorded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def IdentificationRevised(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...

    def _require_not_erased(self, action: str) -> None: ...


def add_decision(b: BeneficiaryState, decision: IdentificationDecision) -> None:
    """Keep `decision` (an event's `apply`) and derive the status in force again."""
    b.identifications.append(decision)
    current = status_in_force(b.identifications)
    b.trafficking_status = TraffickingStatus.POSSIBLE if current is None else current.status
    b.deciding_body = None if current is None else current.deciding_body
    b.status_decided_on = None if current is None else current.decided_on


def legacy_decision(b: BeneficiaryState, event: Any) -> IdentificationDecision:
    """A `TraffickingStatusDecided` (stored before decisions had kinds, or recorded by
    the DecideTraffickingStatus route) as a decision: formal, in Kosovo, with no
    official's role, reference or indicators recorded."""
    return IdentificationDecision(
        number=len(b.identifications) + 1,
        kind=IdentificationKind.FORMAL,
        status=event.status,
        deciding_body=event.deciding_body,
        country=KOSOVO,
        official_role=None,
        reference=None,
        decided_on=event.decided_on,
        indicators=(),
        recorded_by=event.actor,
    )


def upcast_snapshot(state: dict[str, Any]) -> None:
    """A beneficiary's snapshot taken before decisions were kept: the status decided then
    (decided once at most) is its one decision, formal in Kosovo; who recorded it is not
    in the snapshot (the event before it says)."""
    decisions: list[dict[str, Any]] = []
    if state["trafficking_status"] != TraffickingStatus.POSSIBLE.value:
        decisions.append(
            {
                "number": 1,
                "kind": IdentificationKind.FORMAL.value,
                "status": state["trafficking_status"],
                "deciding_body": state["deciding_body"],
                "country": KOSOVO,
                "official_role": None,
                "reference": None,
                "decided_on": state["status_decided_on"],
                "indicators": [],
                "recorded_by": UNRECORDED,
            }
        )
    state["identifications"] = decisions


def upcast_no_organisation(state: dict[str, Any]) -> None:
    """A decision stored before the registry named no identifying organisation."""
    state["organisation_id"] = None


class IdentificationRecorded(JourneyAggregate.Event):
    """An identification decision (preliminary or formal) was recorded."""

    number: int
    kind: IdentificationKind
    status: TraffickingStatus
    deciding_body: DecidingBody
    country: str
    official_role: str | None
    reference: str | None
    decided_on: date
    indicators: tuple[str, ...]
    status_in_force: TraffickingStatus  # the beneficiary's status once this is recorded
    class_version = 2  # v2: the identifying organisation (`organisation_id`)
    organisation_id: UUID | None = None

    upcast_v1_v2 = staticmethod(upcast_no_organisation)

    def apply(self, b: BeneficiaryState) -> None:
        add_decision(b, IdentificationDecision(**_decision_fields(self)))


class IdentificationRevised(JourneyAggregate.Event):
    """A decision was revised by a new one (`number`), which takes its place in force."""

    number: int
    revises: int
    grounds: RevisionGrounds
    reason: str
    kind: IdentificationKind
    status: TraffickingStatus
    deciding_body: DecidingBody
    country: str
    official_role: str | None
    reference: str | None
    decided_on: date
    indicators: tuple[str, ...]
    status_in_force: TraffickingStatus  # the beneficiary's status once this is recorded
    class_version = 2  # v2: the identifying organisation (`organisation_id`)
    organisation_id: UUID | None = None

    upcast_v1_v2 = staticmethod(upcast_no_organisation)

    def apply(self, b: BeneficiaryState) -> None:
        index = self.revises - 1
        b.identifications[index] = replace(b.identifications[index], revised_by=self.number)
        fields = _decision_fields(self)
        add_decision(
            b,
            IdentificationDecision(
                **fields, revises=self.revises, grounds=self.grounds, reason=self.reason
            ),
        )


def _decision_fields(event: Any) -> dict[str, Any]:
    names = ("number", "kind", "status", "deciding_body", "country", "official_role")
    return {
        **{name: getattr(event, name) for name in names},
        "reference": event.reference,
        "decided_on": event.decided_on,
        "indicators": tuple(event.indicators),
        "recorded_by": event.actor,
        "organisation_id": event.organisation_id,
    }


class Identifications:
    """The identification commands of a beneficiary."""

    identifications: list[IdentificationDecision]

    def record_identification(
        self: BeneficiaryState, decided: Decided, *, actor: str, at: datetime
    ) -> int:
        """Record a decision; returns its number."""
        self._require_not_erased("record an identification")
        if decided.kind is IdentificationKind.FORMAL:
            check_no_formal_in_force(self)
        fields = checked_fields(self, decided, at, not_before=None)
        number = len(self.identifications) + 1
        after = _status_after(self, IdentificationDecision(number, recorded_by=actor, **fields))
        self._record(
            self.IdentificationRecorded, actor, at, number=number, status_in_force=after, **fields
        )
        return number

    def decide_trafficking_status(
        self: BeneficiaryState,
        status: TraffickingStatus,
        deciding_body: DecidingBody,
        decided_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """A formal decision in Kosovo, as recorded before identification kinds (the
        DecideTraffickingStatus route); decided on `decided_on` (today when not stated).
        Refused while a formal decision is in force, as record_identification; stored
        events of this kind replay as they were (the latest by day decided in force)."""
        if status is TraffickingStatus.POSSIBLE:
            raise InvalidInput(
                "status",
                f"a decision is {TraffickingStatus.ACTUAL} or {TraffickingStatus.NOT_A_VICTIM}",
            )
        check_no_formal_in_force(self)
        day = field_dates.stated("decided_on", decided_on, at)
        preview = legacy_decision(self, _Preview(status, deciding_body, day, actor))
        self._record(
            self.TraffickingStatusDecided,
            actor,
            at,
            status=status,
            deciding_body=deciding_body,
            decided_on=day,
            status_in_force=_status_after(self, preview),
        )

    def revise_identification(
        self: BeneficiaryState,
        revises: int,
        decided: Decided,
        grounds: RevisionGrounds,
        reason: str,
        *,
        actor: str,
        at: datetime,
    ) -> int:
        """Revise decision `revises` by a new one of the same kind; returns its number."""
        self._require_not_erased("revise an identification")
        revised = decision_in_force(self, revises)
        if decided.kind is not revised.kind:
            raise InvalidInput(
                "kind", f"decision {revises} is {revised.kind}; its revision is {revised.kind} too"
            )
        fields = checked_fields(self, decided, at, not_before=revised)
        reason = checks.text("reason", reason, max_length=2000)
        number = len(self.identifications) + 1
        preview = IdentificationDecision(number, recorded_by=actor, **fields)
        after = _status_after(self, preview, revises=revises)
        self._record(
            self.IdentificationRevised,
            actor,
            at,
            number=number,
            revises=revises,
            grounds=grounds,
            reason=reason,
            status_in_force=after,
            **fields,
        )
        return number


@dataclass(frozen=True)
class _Preview:
    """A TraffickingStatusDecided's fields, before it is recorded."""

    status: TraffickingStatus
    deciding_body: DecidingBody
    decided_on: date
    actor: str


def _status_after(
    b: BeneficiaryState, decision: IdentificationDecision, revises: int | None = None
) -> TraffickingStatus:
    """The status in force once `decision` (revising decision `revises`) is recorded."""
    decisions = [
        replace(d, revised_by=decision.number) if d.number == revises else d
        for d in b.identifications
    ]
    current = status_in_force([*decisions, decision])
    return TraffickingStatus.POSSIBLE if current is None else current.status
