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

A part of `Beneficiary` (domain/beneficiary.py), which names these events among its own
(so they are stored as `Beneficiary.IdentificationRecorded`, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Annotated, Any, Protocol

from domain import checks
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.described import Described
from domain.errors import InvalidInput, RuleViolated
from domain.indicators import indicator_codes
from domain.vocab import DecidingBody, IdentificationKind, RevisionGrounds, TraffickingStatus

KOSOVO = "XK"
UNRECORDED = "(not in the snapshot)"  # who recorded a decision a v1 snapshot holds
# An authority's reference number, as written on its decision: capitals, digits and
# . / -, with at least one digit (e.g. DHT-2026/0142); never a name or a narrative.
DECISION_REFERENCE = re.compile(r"^(?=[^0-9]*[0-9])[A-Z0-9][A-Z0-9./-]{2,39}$")
# The official's role (never their name): letters, spaces and , . ' ( ) -.
OFFICIAL_ROLE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ ,.'()/-]){1,99}$")

STATUSES = {
    IdentificationKind.PRELIMINARY: (TraffickingStatus.POSSIBLE, TraffickingStatus.NOT_A_VICTIM),
    IdentificationKind.FORMAL: (TraffickingStatus.ACTUAL, TraffickingStatus.NOT_A_VICTIM),
}
NOT_AUTHORITIES = frozenset({DecidingBody.NGO, DecidingBody.INTERNATIONAL_ORGANISATION})


@dataclass(frozen=True)
class IdentificationDecision:
    """One identification decision, as the beneficiary's history keeps it."""

    number: Annotated[int, Described("Its number in the person's decisions, from 1.", 1)]
    kind: Annotated[
        IdentificationKind,
        Described("preliminary (pre-identification) or formal (an authority).", "formal"),
    ]
    status: Annotated[
        TraffickingStatus,
        Described("The decision (HTCDS vic_TraffickingStatus).", "ActualVictimOfTrafficking"),
    ]
    deciding_body: Annotated[
        DecidingBody,
        Described("Who decided (HTCDS vic_TraffickingStatusDecisionMakingOrg).", "Police"),
    ]
    country: Annotated[str, Described("The deciding mechanism's country (ISO 3166).", "XK")]
    official_role: Annotated[
        str | None,
        Described("The deciding official's role, never a name.", "Anti-trafficking investigator"),
    ]
    reference: Annotated[
        str | None, Described("The decision's official reference number.", "DHT-2026/0142")
    ]
    decided_on: Annotated[date, Described("The day of the decision.", "2026-03-09")]
    indicators: Annotated[
        tuple[str, ...],
        Described("Indicator codes checked (domain/indicators.py).", ["dr.job_nature"]),
    ]
    recorded_by: Annotated[str, Described("User name of who recorded it.", "besa.krasniqi")]
    revises: Annotated[
        int | None, Described("The number of the decision this one revises; null if none.", 1)
    ] = None
    grounds: Annotated[
        RevisionGrounds | None, Described("Why it was revised; null if not a revision.", "appeal")
    ] = None
    reason: Annotated[
        str | None, Described("The revision's reason, in staff's words.", "Appeal upheld.")
    ] = None
    revised_by: Annotated[
        int | None,
        Described("The decision that revised this one (no longer in force); null if none.", 3),
    ] = None

    @property
    def in_force(self) -> bool:
        return self.revised_by is None


def status_in_force(decisions: list[IdentificationDecision]) -> IdentificationDecision | None:
    """The decision that gives the current status: the latest formal one in force, else
    the latest preliminary one in force (latest by day decided, then number)."""
    in_force = [d for d in decisions if d.in_force]
    formal = [d for d in in_force if d.kind is IdentificationKind.FORMAL]
    return max(formal or in_force, key=lambda d: (d.decided_on, d.number), default=None)


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
    }


@dataclass(frozen=True)
class Decided:
    """What a decision says, as a command gives it (checked by `Identifications`)."""

    kind: IdentificationKind
    status: TraffickingStatus
    deciding_body: DecidingBody
    decided_on: date | None = None
    country: str = KOSOVO
    official_role: str | None = None
    reference: str | None = None
    indicators: tuple[str, ...] = ()


class Identifications:
    """The identification commands of a beneficiary."""

    identifications: list[IdentificationDecision]

    def record_identification(
        self: BeneficiaryState, decided: Decided, *, actor: str, at: datetime
    ) -> int:
        """Record a decision; returns its number."""
        self._require_not_erased("record an identification")
        if decided.kind is IdentificationKind.FORMAL:
            _check_no_formal_in_force(self)
        fields = _checked(self, decided, at, not_before=None)
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
        _check_no_formal_in_force(self)
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
        revised = _decision_in_force(self, revises)
        if decided.kind is not revised.kind:
            raise InvalidInput(
                "kind", f"decision {revises} is {revised.kind}; its revision is {revised.kind} too"
            )
        fields = _checked(self, decided, at, not_before=revised)
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


def _check_no_formal_in_force(b: BeneficiaryState) -> None:
    """One formal decision in force at a time: a later formal decision (appeal, new
    information, an error corrected, another mechanism's) revises the one in force."""
    formal = [d for d in b.identifications if d.in_force and d.kind is IdentificationKind.FORMAL]
    if formal:
        current = max(formal, key=lambda d: (d.decided_on, d.number))
        raise RuleViolated(
            f"{b.label} has formal decision {current.number} in force ({current.status}, "
            f"{current.decided_on}); a new formal decision revises it (ReviseIdentification)",
            rule="formal_identification_in_force",
        )


def _decision_in_force(b: BeneficiaryState, number: int) -> IdentificationDecision:
    if not 1 <= number <= len(b.identifications):
        raise RuleViolated(
            f"{b.label} has no identification decision {number}", rule="no_such_identification"
        )
    decision = b.identifications[number - 1]
    if decision.revised_by is not None:
        raise RuleViolated(
            f"decision {number} of {b.label} was revised by decision {decision.revised_by}; "
            f"revise that one",
            rule="identification_revised",
        )
    return decision


def _checked(
    b: BeneficiaryState,
    decided: Decided,
    at: datetime,
    *,
    not_before: IdentificationDecision | None,
) -> dict[str, Any]:
    """The event fields of a decision, each checked; refused naming the field."""
    _check_status_and_body(decided)
    day = field_dates.stated(
        "decided_on",
        decided.decided_on,
        at,
        not_before=None if not_before is None else not_before.decided_on,
        depends_on="" if not_before is None else f"decision {not_before.number} of {b.label}",
    )
    return {
        "kind": decided.kind,
        "status": decided.status,
        "deciding_body": decided.deciding_body,
        "country": checks.countries("country", (decided.country,))[0],
        "official_role": _official_role(decided.official_role),
        "reference": _reference(decided.kind, decided.reference),
        "decided_on": day,
        "indicators": indicator_codes("indicators", decided.indicators),
    }


def _check_status_and_body(decided: Decided) -> None:
    allowed = STATUSES[decided.kind]
    if decided.status not in allowed:
        raise InvalidInput(
            "status",
            f"a {decided.kind} identification is {' or '.join(allowed)}, not {decided.status}",
        )
    if decided.kind is IdentificationKind.FORMAL and decided.deciding_body in NOT_AUTHORITIES:
        raise InvalidInput(
            "deciding_body",
            f"a formal identification is decided by an authority, not {decided.deciding_body}; "
            "record an NGO's or an international organisation's as preliminary",
        )


def _official_role(role: str | None) -> str | None:
    if role is None or not role.strip():
        return None
    role = role.strip()
    if not OFFICIAL_ROLE.fullmatch(role):
        raise InvalidInput(
            "official_role",
            "the official's role in 2 to 100 letters, spaces and , . ' ( ) / - "
            "(e.g. 'Anti-trafficking investigator'); never their name, no digits",
        )
    return role


def _reference(kind: IdentificationKind, reference: str | None) -> str | None:
    if reference is None:
        if kind is IdentificationKind.FORMAL:
            raise InvalidInput("reference", "a formal decision carries its official reference")
        return None
    if not DECISION_REFERENCE.fullmatch(reference):
        raise InvalidInput(
            "reference",
            "the decision's reference number: 3 to 40 capitals, digits and . / -, with a "
            "digit (e.g. DHT-2026/0142)",
        )
    return reference
