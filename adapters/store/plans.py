"""What the codec (adapters/store/codec.py) knows of an event class, worked out once per
class instead of on every event: its topic, whether it is a snapshot, its class version,
its typed decoder, and its sealed fields.

Most sealed events seal fields of their own (`text`, `reason`, `personal`), not fields
inside a value. For those the plan seals and opens field by field: the value is encoded
with msgspec straight from the domain object, and decoded straight into its type from the
opened JSON, with a second decoder that reads the sealed fields as raw JSON. The stored
JSON is the same as the generic path's (a `sealed:v1:` token at each path); a seal that
reaches into a value (`guardian.name`, `notes[].text`), an upcast or a snapshot takes the
generic path of codec.py.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache
from typing import Any, cast
from uuid import UUID

import msgspec
from eventsourcing.domain import CanSnapshotAggregate
from eventsourcing.utils import get_topic

from adapters.privacy.keyring import decrypt, encrypt
from adapters.privacy.sealing import EVENT_SEALS, Seal, bytes_of, is_token, token_of

_ENVELOPE_FIELDS = frozenset({"originator_id", "originator_version"})

Fields = dict[str, Any]
KeyOf = Callable[[UUID], bytes]  # the record's sealing key
OpeningKeyOf = Callable[[UUID], bytes | None]  # the record's key, None once destroyed


@dataclass(frozen=True, slots=True)
class FlatSeal:
    """A sealed field of the event itself, with a decoder of its type."""

    seal: Seal
    name: str
    decoder: msgspec.json.Decoder[Any]

    def erased(self) -> Any:
        return self.decoder.decode(msgspec.json.encode(self.seal.erased))


@dataclass(frozen=True, slots=True)
class EventPlan:
    cls: type[Any]
    topic: str
    snapshot: bool
    class_version: int
    seals: tuple[Seal, ...]
    flat: tuple[FlatSeal, ...]  # the seals, when every one is flat
    view: msgspec.json.Decoder[Any] | None  # flat sealed fields as raw JSON; None: generic

    def seal(self, state: dict[str, Any], record_id: UUID, key_of: KeyOf) -> None:
        """Seal, in place, the flat sealed fields of `state` that are not null."""
        key = b""
        prefix = ""
        encode = msgspec.json.encode
        for flat in self.flat:
            value = state.get(flat.name)
            if value is None:
                continue
            if not key:
                key, prefix = key_of(record_id), f"{record_id}/"
            aad = (prefix + flat.name).encode()
            state[flat.name] = token_of(encrypt(key, encode(value), aad))

    def open(self, payload: bytes, record_id: UUID, key_of: OpeningKeyOf | None) -> Fields | None:
        """The typed fields of a stored event, its sealed fields opened; None when it was
        stored by an older class version (the generic path upcasts it)."""
        assert self.view is not None
        try:
            fields = msgspec.structs.asdict(self.view.decode(payload))
        except msgspec.ValidationError:
            if self.class_version > 1:
                return None  # an older shape, perhaps: the generic path says
            raise
        if self.class_version > 1 and fields.pop("class_version") != self.class_version:
            return None
        key: bytes | None = b""
        prefix = ""
        for flat in self.flat:
            raw = fields[flat.name]
            if raw is None or (key_of is not None and not is_token(raw)):
                fields[flat.name] = flat.decoder.decode(msgspec.json.encode(raw))
                continue  # null, or a stand-in written after erasure
            if key == b"":
                key = key_of(record_id) if key_of is not None else None
                prefix = f"{record_id}/"
            if key is None:  # no keyring, or the key was destroyed
                fields[flat.name] = flat.erased()
                continue
            aad = (prefix + flat.name).encode()
            fields[flat.name] = flat.decoder.decode(decrypt(key, bytes_of(raw), aad))
        return fields


_PLANS: dict[type[Any], EventPlan] = {}


def plan_of(cls: type[Any]) -> EventPlan:
    """The plan of an event class (built on first use)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _plan(cls)
    return plan


def _plan(cls: type[Any]) -> EventPlan:
    snapshot = issubclass(cls, CanSnapshotAggregate)
    class_version = int(getattr(cls, "class_version", 1))
    seals = () if snapshot else EVENT_SEALS.get(cls, ())
    flat: tuple[FlatSeal, ...] = ()
    view = None
    if not snapshot and all(len(s.steps) == 1 for s in seals):
        hints = typing.get_type_hints(cls)
        flat = tuple(FlatSeal(s, s.path, msgspec.json.Decoder(hints[s.path])) for s in seals)
        raw = frozenset(s.path for s in seals)
        struct = event_struct(cast(Hashable, cls), raw=raw, versioned=class_version > 1)
        view = msgspec.json.Decoder(struct)
    return EventPlan(cls, get_topic(cls), snapshot, class_version, seals, flat, view)


@cache
def event_struct(
    cls: Any, raw: frozenset[str] = frozenset(), *, versioned: bool = False
) -> type[msgspec.Struct]:
    """A Struct with the stored fields of an event class (all but id and version);
    the fields named in `raw` are read as raw JSON (sealed); `versioned`: with the
    `class_version` stored with the event."""
    hints = typing.get_type_hints(cls)
    fields = [
        _struct_field(field, Any if field.name in raw else hints[field.name])
        for field in dataclasses.fields(cls)
        if field.name not in _ENVELOPE_FIELDS
    ]
    if versioned:
        fields.append(("class_version", int, 1))
    suffix = ".Stored" if not raw and not versioned else ".View"
    return msgspec.defstruct(f"{cls.__qualname__}{suffix}", fields, kw_only=True)


def _struct_field(field: dataclasses.Field[Any], hint: Any) -> tuple[Any, ...]:
    if field.default is not dataclasses.MISSING:
        return (field.name, hint, field.default)
    if field.default_factory is not dataclasses.MISSING:
        return (field.name, hint, msgspec.field(default_factory=field.default_factory))
    return (field.name, hint)
