"""Which stored fields identify a person, and how they are sealed in the stored JSON.

A seal names a path in an event's stored state (or in an aggregate's snapshot
state): `personal`, `guardian.name`, `notes[].text` (every element of a list),
`goals{}.progress[]` (every value of a dict, then every element). At a sealed
path the stored JSON holds `sealed:v1:<base64 nonce + AES-GCM ciphertext>` of
the value's JSON, encrypted with the record's own data key
(`adapters.keyring`), or null when the value is null. Without the key — after
erasure, or in a process that holds no keys (projection workers) — the value
reads as the seal's `erased` stand-in: "[erased]" for text, null for optional
text, an erased PersonalData for the whole of it.

Everything a person could be identified by is listed here: the personal data,
the guardian's name and contact, and every free-text field (notes, rationales,
comments, reasons, details, goal descriptions and progress), because staff
write names, places and circumstances into them. A test fails if an event or
aggregate field typed `str` is neither sealed nor declared non-identifying.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.plan import ReintegrationPlan
from domain.stay import ShelterStay
from domain.values import ERASED

TOKEN_PREFIX = "sealed:v1:"  # noqa: S105 -- a format marker, not a secret
NONCE_BYTES = 12


@dataclass(frozen=True)
class Seal:
    path: str
    erased: Any  # the JSON value read when the key is gone

    @cached_property
    def steps(self) -> tuple[str, ...]:
        """'notes[].text' -> ('notes', '[]', 'text')."""
        return tuple(_steps(self.path))


def _steps(path: str) -> Iterator[str]:
    for part in path.split("."):
        name = part.removesuffix("[]").removesuffix("{}")
        yield name
        yield from _suffixes(part[len(name) :])


def _suffixes(rest: str) -> Iterator[str]:
    while rest:
        yield rest[:2]
        rest = rest[2:]


def _text(path: str) -> Seal:
    return Seal(path, ERASED)


def _optional(path: str) -> Seal:
    return Seal(path, None)


PERSON = Seal("personal", {"given_name": ERASED, "family_name": ERASED})
GUARDIAN = (_text("guardian.name"), _optional("guardian.contact"))

# Stored events: the fields of each event class that are sealed.
EVENT_SEALS: dict[type[Any], tuple[Seal, ...]] = {
    Beneficiary.Registered: (PERSON,),
    Beneficiary.PersonalDataUpdated: (PERSON,),
    Beneficiary.GuardianAppointed: GUARDIAN,
    Case.Opened: (_optional("referral.details"),),
    Case.RiskAssessed: (_optional("rationale"),),
    Case.ScreenedOut: (_text("rationale"),),
    Case.ApprovalGranted: (_optional("comment"),),
    Case.ApprovalRejected: (_text("comment"),),
    Case.Reopened: (_text("reason"),),
    Case.ReferredOut: (_optional("details"),),
    Case.ReferralRejected: (_optional("comment"),),
    Case.ReferralRevoked: (_text("reason"),),
    Case.NoteAdded: (_text("text"),),
    ShelterStay.LeaveStarted: (_text("reason"),),
    ReintegrationPlan.GoalAdded: (_text("description"),),
    ReintegrationPlan.GoalProgressRecorded: (_text("note"),),
    ReintegrationPlan.GoalAbandoned: (_text("reason"),),
    ReintegrationPlan.Reviewed: (_text("summary"),),
    ReintegrationPlan.Discontinued: (_text("reason"),),
}

# Snapshots: the same data as held in each aggregate's state.
STATE_SEALS: dict[type[Any], tuple[Seal, ...]] = {
    Beneficiary: (PERSON, *GUARDIAN),
    Case: (_optional("referral.details"), _text("notes[].text")),
    ReintegrationPlan: (
        _text("goals{}.description"),
        _text("goals{}.progress[]"),
        _optional("discontinue_reason"),
    ),
}

Transform = Callable[[Seal, Any], Any]


def transform(state: dict[str, Any], seals: tuple[Seal, ...], change: Transform) -> None:
    """Replace, in place, every non-null value at each seal's path by change(seal, value)."""
    for seal in seals:
        _apply(state, seal.steps, lambda value, seal=seal: change(seal, value))  # type: ignore[misc]


def _apply(node: Any, steps: tuple[str, ...], change: Callable[[Any], Any]) -> Any:
    if node is None:
        return None
    if not steps:
        return change(node)
    step, rest = steps[0], steps[1:]
    if step == "[]":
        return [_apply(item, rest, change) for item in node]
    if step == "{}":
        return {key: _apply(value, rest, change) for key, value in node.items()}
    if isinstance(node, dict) and step in node:
        node[step] = _apply(node[step], rest, change)
    return node


def is_token(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def token_of(nonce_and_ciphertext: bytes) -> str:
    return TOKEN_PREFIX + base64.b64encode(nonce_and_ciphertext).decode("ascii")


def bytes_of(token: str) -> bytes:
    return base64.b64decode(token.removeprefix(TOKEN_PREFIX), validate=True)
