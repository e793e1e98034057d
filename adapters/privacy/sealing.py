"""Which stored fields identify a person, and how they are sealed in the stored JSON.

A seal names a path in an event's stored state (or in an aggregate's snapshot
state): `personal`, `guardian.name`, `notes[].text` (every element of a list),
`goals{}.progress[]` (every value of a dict, then every element). At a sealed
path the stored JSON holds `sealed:v1:<base64 nonce + AES-GCM ciphertext>` of
the value's JSON, encrypted with the record's own data key
(`adapters.privacy.keyring`), or null when the value is null. Without the key — after
erasure, or in a process that holds no keys (projection workers) — the value
reads as the seal's `erased` stand-in: "[erased]" for text, null for optional
text (unless its classification says `erased_as_text`: "[erased]" too), an erased
PersonalData for the whole of it.

What is sealed is derived from the one field classification
(domain/classification.py): every field classified PERSONAL or SENSITIVE — the
personal data, the guardian's name and contact, every free text, a note's text —
of every event and of every aggregate's state (snapshots), reaching into value
objects, lists and dicts. A value object kept whole (PersonalData) is one seal.
"""

from __future__ import annotations

import base64
import dataclasses
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from domain.classification import EVENTS, SEALED_WHOLE, STATES, Entry, Field, fields_of
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


# Derived from the field classification: every PERSONAL or SENSITIVE field is sealed.
EVENT_SEALS: dict[type[Any], tuple[Seal, ...]] = {}  # stored events
STATE_SEALS: dict[type[Any], tuple[Seal, ...]] = {}  # snapshots of an aggregate's state

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


def _derived(cls: type[Any]) -> tuple[Seal, ...]:
    """The seals of a classified type: one per identifying field, found along the
    field classification (domain/classification.py), reaching into values."""
    return tuple(_seals_in(cls, ""))


def _seals_in(cls: type[Any], prefix: str) -> Iterator[Seal]:
    hints = typing.get_type_hints(cls)
    for name, entry in (fields_of(cls) or {}).items():
        if name in hints:
            yield from _seals_at(entry, hints[name], prefix + name)


def _seals_at(entry: Entry, hint: Any, path: str) -> Iterator[Seal]:
    inner, suffix = _element(hint)
    if isinstance(entry, Field):
        if entry.identifying:
            optional = _optional_hint(hint) and not entry.erased_as_text
            yield Seal(path + suffix, _erased_value(inner, optional=optional))
    elif entry in SEALED_WHOLE:
        yield Seal(path + suffix, _erased_whole(entry))
    else:
        yield from _seals_in(entry, f"{path}{suffix}.")


def _element(hint: Any) -> tuple[Any, str]:
    """The element type a hint holds and the path suffix that reaches it:
    `list[X]` and `tuple[X, ...]` -> (X, '[]'), `dict[K, X]` -> (X, '{}'), `X | None` -> X."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin in (list, tuple, set):
        return args[0], "[]"
    if origin is dict:
        return args[1], "{}"
    return (args[0] if args else hint), ""


def _optional_hint(hint: Any) -> bool:
    return type(None) in typing.get_args(hint)


def _erased_value(hint: Any, *, optional: bool) -> Any:
    return ERASED if hint is str and not optional else None


def _erased_whole(cls: type[Any]) -> dict[str, Any]:
    """A value object sealed as one: its required texts read as erased."""
    return {f.name: ERASED for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING}


EVENT_SEALS.update({cls: seals for cls in EVENTS if (seals := _derived(cls))})
STATE_SEALS.update({cls: seals for cls in STATES if (seals := _derived(cls))})
