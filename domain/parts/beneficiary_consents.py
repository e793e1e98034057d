"""A beneficiary's consents: to services, to sharing with a named partner organisation,
to anonymised reporting; each given (by the person, or a minor's guardian) and withdrawn
on a stated day, kept per kind (and partner, for sharing) while in force. Who gives it
is decided by the person's age on the day it is given; a guardian's consent is to be
renewed by a day (`renew_by`, domain/children.py).

A part of `Beneficiary` (domain/beneficiary.py), which holds the events these commands
record.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from domain import checks
from domain.checks import field_dates
from domain.children import consent_renew_by
from domain.errors import InvalidInput, RuleViolated
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
    def label(self) -> str: ...

    def is_minor_on(self, day: date) -> bool: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...

    def _check_consent_giver(self, given_by: ConsentGiver, day: date) -> None: ...


def consent_key(kind: ConsentKind, partner: str | None = None) -> str:
    """Key of a consent in `Beneficiary.consents`: 'services', 'sharing:IOM', ..."""
    return kind.value if partner is None else f"{kind.value}:{partner}"


class Consents:
    """The consent commands of a beneficiary."""

    def give_consent(
        self: BeneficiaryState,
        kind: ConsentKind,
        given_by: ConsentGiver,
        partner: str | None = None,
        given_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Given on `given_on` (today when not stated)."""
        partner = _consent_partner(kind, partner)
        day = field_dates.stated("given_on", given_on, at)
        self._check_consent_giver(given_by, day)
        if consent_key(kind, partner) in self.consents:
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
        actor: str,
        at: datetime,
    ) -> None:
        """Withdrawn on `withdrawn_on` (today when not stated), not before it was given."""
        partner = _consent_partner(kind, partner)
        given = self.consents.get(consent_key(kind, partner))
        if given is None:
            raise RuleViolated(
                f"{self.label} has not given {_consent_name(kind, partner)}; nothing to withdraw",
                rule="consent_not_given",
            )
        day = field_dates.stated(
            "withdrawn_on",
            withdrawn_on,
            at,
            not_before=given.given_on,
            depends_on=f"the {_consent_name(kind, partner)} of {self.label}",
        )
        self._record(self.ConsentWithdrawn, actor, at, kind=kind, partner=partner, withdrawn_on=day)

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


def _consent_partner(kind: ConsentKind, partner: str | None) -> str | None:
    if kind is ConsentKind.SHARING:
        if partner is None:
            raise InvalidInput("partner", "sharing consent names the partner organisation")
        return checks.text("partner", partner)
    if partner is not None:
        raise InvalidInput("partner", f"only sharing consent names a partner, not {kind}")
    return None


def _consent_name(kind: ConsentKind, partner: str | None) -> str:
    return f"{kind} consent" + (f" with {partner}" if partner else "")


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
