"""The checks of an identification decision before it is recorded: each field as given
(its status for its kind, an authority for a formal one, the official's role and the
decision's reference as their forms allow, its day, country and indicators), one formal
decision in force at a time, and a revision of a decision still in force.

Used by the identification commands (domain/parts/beneficiary_identification.py); each
refusal names its field or rule.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Protocol

from domain import checks
from domain.checks import field_dates
from domain.errors import InvalidInput, RuleViolated
from domain.indicators import indicator_codes
from domain.parts.identification_values import Decided, IdentificationDecision
from domain.vocab import DecidingBody, IdentificationKind, TraffickingStatus


class Decisions(Protocol):
    """A Beneficiary, as these checks see it: its label and its decisions."""

    identifications: list[IdentificationDecision]

    @property
    def label(self) -> str: ...


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


def check_no_formal_in_force(b: Decisions) -> None:
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


def decision_in_force(b: Decisions, number: int) -> IdentificationDecision:
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


def checked_fields(
    b: Decisions,
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
        "organisation_id": decided.organisation_id,
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
