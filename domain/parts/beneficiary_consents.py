"""A beneficiary's consents: to services, to sharing with a named partner organisation,
to anonymised reporting; each given (by the person, or a minor's guardian) and withdrawn
on a stated day, kept per kind (and partner, for sharing) while in force. Who gives it
is decided by the person's age on the day it is given; a guardian's consent is to be
renewed by a day (`renew_by`, domain/children.py).

Consent to sharing is relied on when a case is referred out (`share_with`), saved with
the referral.

A part of `Beneficiary` (domain/beneficiary.py), which holds the events these commands
record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain import checks
from domain.checks import field_dates
from domain.children import consent_renew_by
from domain.errors import ConsentRequired, InvalidInput, RuleViolated
from domain.partners import label, organisation_named
from domain.values import ConsentRecord, Guardian
from domain.vocab import ConsentGiver, ConsentKind


class BeneficiaryState(Protocol):
    """A Beneficiary, as its consent commands see it."""

    guardian: Guardian | None
    consents: dict[str, ConsentRecord]

    @property
    def ConsentGiven(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ConsentWithdrawn(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def SharedWithPartner(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    def is_minor_on(self, day: date) -> bool: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...

    def _check_consent_giver(self, given_by: ConsentGiver, day: date) -> None: ...

    def may_share_with(self, organisation_id: UUID) -> bool: ...


def consent_key(
    kind: ConsentKind, organisation_id: UUID | None = None, partner: str | None = None
) -> str:
    """Key of a consent in `Beneficiary.consents`: 'services', 'sharing:<organisation id>';
    a sharing consent stored before the registry to a name no alias matches (domain/partners.py)
    keys as 'sharing:unregistered:<name>', which no registered organisation's key equals."""
    if kind is not ConsentKind.SHARING:
        return kind.value
    if organisation_id is not None:
        return f"{kind.value}:{organisation_id}"
    return f"{kind.value}:unregistered:{partner}"


def keep_consent(consents: dict[str, ConsentRecord], key: str, record: ConsentRecord) -> None:
    """Keep a consent given under `key`, on replay. Commands never give one already in
    force, but consents stored before the registry under two old names of one organisation
    ("IOM", "IOM Kosovo") both read as consent to it (domain/partners.py): the person
    consents to that organisation since the earlier of the two, and a withdrawal under
    either old name withdraws it (ADR 27); the other withdrawal then finds none in force."""
    kept = consents.get(key)
    if kept is None or record.given_on < kept.given_on:
        consents[key] = record


class Consents:
    """The consent commands of a beneficiary, and the consents in force it answers for."""

    @property
    def sharing_partners(self: BeneficiaryState) -> tuple[UUID, ...]:
        """Registered organisations this beneficiary currently consents to share with."""
        return tuple(
            record.organisation_id
            for record in self.consents.values()
            if record.kind is ConsentKind.SHARING and record.organisation_id is not None
        )

    def has_consent(
        self: BeneficiaryState, kind: ConsentKind, organisation_id: UUID | None = None
    ) -> bool:
        return consent_key(kind, organisation_id) in self.consents

    def may_share_with(self: BeneficiaryState, organisation_id: UUID) -> bool:
        """Sharing consent in force with exactly this registered organisation."""
        return consent_key(ConsentKind.SHARING, organisation_id) in self.consents

    def share_with(
        self: BeneficiaryState,
        organisation_id: UUID,
        partner: str,
        case_number: str,
        referral_number: int,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Record that consent to share with the organisation is relied on, or refuse
        without it; `partner` is its name in the registry that day.

        Saved with the referral, so a withdrawal at the same moment conflicts on this
        record's version and the referral is decided again on the fresh consents.
        """
        partner = checks.text("partner", partner)
        if not self.may_share_with(organisation_id):
            raise ConsentRequired(
                f"{self.label} has not consented to sharing with {partner}; "
                f"case {case_number} cannot be referred there"
            )
        self._record(
            self.SharedWithPartner,
            actor,
            at,
            partner=partner,
            organisation_id=organisation_id,
            case_number=case_number,
            referral_number=referral_number,
        )

    def give_consent(
        self: BeneficiaryState,
        kind: ConsentKind,
        given_by: ConsentGiver,
        partner: str | None = None,
        given_on: date | None = None,
        *,
        organisation_id: UUID | None = None,
        actor: str,
        at: datetime,
    ) -> None:
        """Given on `given_on` (today when not stated); sharing consent is with the registered
        organisation `organisation_id`, `partner` being its name in the registry that day."""
        partner = _consent_partner(kind, partner, organisation_id)
        day = field_dates.stated("given_on", given_on, at)
        self._check_consent_giver(given_by, day)
        if consent_key(kind, organisation_id, partner) in self.consents:
            raise RuleViolated(
                f"{self.label} has already given {_consent_name(kind, partner)}; it is in force",
                rule="consent_already_given",
            )
        by_guardian = given_by is ConsentGiver.GUARDIAN
        self._record(
            self.ConsentGiven,
            actor,
            at,
            kind=kind,
            partner=partner,
            organisation_id=organisation_id,
            given_by=given_by,
            given_on=day,
            renew_by=consent_renew_by(day) if by_guardian else None,
        )

    def withdraw_consent(
        self: BeneficiaryState,
        kind: ConsentKind,
        partner: str | None = None,
        withdrawn_on: date | None = None,
        *,
        organisation_id: UUID | None = None,
        actor: str,
        at: datetime,
    ) -> None:
        """Withdrawn on `withdrawn_on` (today when not stated), not before it was given. A
        sharing consent is named by `organisation_id`; one stored before the registry to an
        unregistered name, by that `partner` name alone."""
        if kind is ConsentKind.SHARING and organisation_id is None and partner is None:
            raise InvalidInput("organisation_id", "sharing consent names the organisation")
        if kind is not ConsentKind.SHARING:
            _consent_partner(kind, partner, organisation_id)
        key = consent_key(kind, organisation_id, None if partner is None else partner.strip())
        given = self.consents.get(key)
        if given is None:
            raise RuleViolated(
                f"{self.label} has not given "
                f"{_consent_name(kind, partner or _named(organisation_id))}; nothing to withdraw",
                rule="consent_not_given",
            )
        day = field_dates.stated(
            "withdrawn_on",
            withdrawn_on,
            at,
            not_before=given.given_on,
            depends_on=f"the {_consent_name(kind, given.partner)} of {self.label}",
        )
        self._record(
            self.ConsentWithdrawn,
            actor,
            at,
            kind=kind,
            partner=given.partner,
            organisation_id=given.organisation_id,
            withdrawn_on=day,
        )

    def _check_consent_giver(self: BeneficiaryState, given_by: ConsentGiver, day: date) -> None:
        minor = self.is_minor_on(day)
        expected = ConsentGiver.GUARDIAN if minor else ConsentGiver.BENEFICIARY
        if given_by is not expected:
            who = "a minor" if minor else "an adult"
            raise InvalidInput(
                "given_by", f"{self.label} is {who} on {day}; consent is given by the {expected}"
            )
        if minor and self.guardian is None:
            raise RuleViolated(
                f"{self.label} is a minor without a guardian; appoint one before consent",
                rule="guardian_required",
            )


def _consent_partner(
    kind: ConsentKind, partner: str | None, organisation_id: UUID | None
) -> str | None:
    if kind is ConsentKind.SHARING:
        if organisation_id is None:
            raise InvalidInput("organisation_id", "sharing consent names the organisation")
        if partner is None:
            raise InvalidInput("partner", "sharing consent names the partner organisation")
        return checks.text("partner", partner)
    if organisation_id is not None:
        raise InvalidInput("organisation_id", f"only sharing consent names one, not {kind}")
    if partner is not None:
        raise InvalidInput("partner", f"only sharing consent names a partner, not {kind}")
    return None


def _consent_name(kind: ConsentKind, partner: str | None) -> str:
    return f"{kind} consent" + (f" with {partner}" if partner else "")


def _named(organisation_id: UUID | None) -> str | None:
    return None if organisation_id is None else f"organisation {organisation_id}"


def upcast_snapshot_partners(state: dict[str, Any]) -> None:
    """A beneficiary's snapshot before consents were keyed by organisation: sharing consents
    rekeyed by the organisation their name means (domain/partners.py), or as unregistered."""
    consents: dict[str, dict[str, Any]] = state.get("consents", {})
    rekeyed: dict[str, dict[str, Any]] = {}
    for record in consents.values():
        found = organisation_named(record.get("partner"))
        record["organisation_id"] = None if found is None else str(found)
        key = consent_key(ConsentKind(record["kind"]), found, record.get("partner"))
        kept = rekeyed.get(key)  # two old names of one organisation: the earlier (keep_consent)
        if kept is None or record.get("given_on", "") < kept.get("given_on", ""):
            rekeyed[key] = record
    state["consents"] = rekeyed


def partner_label(record: ConsentRecord) -> str | None:
    """The partner of a sharing consent as shown: its name, or 'unregistered: <name>'."""
    if record.partner is None:
        return None
    return label(record.partner, record.organisation_id)


def upcast_consent_v2_v3(state: dict[str, Any]) -> None:
    """ConsentGiven stored before `renew_by`: a guardian's consent is renewed 12 months
    after it was given; the person's own consent never."""
    state["renew_by"] = _renew_by(state["given_by"], state["given_on"])


def upcast_consent_v3_v4(state: dict[str, Any]) -> None:
    """ConsentGiven v3 named the first day of the month the child turns 18 when that came
    before 12 months (the birth month, given away): 12 months after it was given, as now."""
    state["renew_by"] = _renew_by(state["given_by"], state["given_on"])


def upcast_snapshot_consents(state: dict[str, Any]) -> None:
    """A beneficiary's snapshot taken before v4: its consents renewed as ConsentGiven v4."""
    for record in state.get("consents", {}).values():
        if (
            "given_on" in record
        ):  # older shapes have no day (and are not read: services/snapshots.py)
            record["renew_by"] = _renew_by(record["given_by"], record["given_on"])


def _renew_by(given_by: str, given_on: str) -> str | None:
    if given_by != ConsentGiver.GUARDIAN.value:
        return None
    return consent_renew_by(date.fromisoformat(given_on)).isoformat()
