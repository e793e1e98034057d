"""Event serialisation with msgspec, decoded into typed event classes.

The library's default mapper turns an event into a dict and hands it to a JSON
transcoder that knows nothing of the event's types; dates come back as strings
unless a transcoding was registered for them. This mapper instead derives a
msgspec Struct from each event class's own annotations, so decoding validates
every field and rebuilds enums, dates, UUIDs and value objects exactly.

Each stored event also carries `recorded_at`, the moment it was handed to the
store (the event's own `timestamp` is when the command was decided); it is
not part of the domain event and is ignored when decoding.

Evolution: a field added with a default is filled in for old events; a change
that needs code sets `class_version = N` on the event (or aggregate) class and
defines `upcast_vK_vK+1(state)` static methods, run here before typed decoding.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Hashable
from datetime import UTC, datetime
from functools import cache
from typing import Any, ClassVar, cast
from uuid import UUID

import msgspec
from eventsourcing.domain import CanSnapshotAggregate
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import get_topic, resolve_topic

_ENVELOPE_FIELDS = frozenset({"originator_id", "originator_version"})
RECORDED_AT = "recorded_at"  # stamped when stored; not a field of the domain event
_EVENT_MODULE_PREFIX = "eventsourcing."


class MsgspecTranscoder(Transcoder):
    """Untyped JSON with msgspec: used for upcasting and by tools that read raw state."""

    def __init__(self) -> None:
        self._encoder = msgspec.json.Encoder()

    def encode(self, obj: Any) -> bytes:
        return self._encoder.encode(obj)

    def decode(self, data: bytes) -> Any:
        return msgspec.json.decode(data)


class MsgspecMapper(Mapper[UUID]):
    """Maps domain events to stored events and back, with typed msgspec decoding."""

    def __init__(
        self,
        transcoder: Transcoder | None = None,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        super().__init__(transcoder or MsgspecTranscoder(), compressor, cipher)
        self._encoder = msgspec.json.Encoder()

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        if not isinstance(domain_event, CanSnapshotAggregate):
            state[RECORDED_AT] = datetime.now(UTC)
        payload = self._encoder.encode(state)
        if self.compressor:
            payload = self.compressor.compress(payload)
        if self.cipher:
            payload = self.cipher.encrypt(payload)
        return StoredEvent(
            originator_id, originator_version, get_topic(type(domain_event)), payload
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = resolve_topic(stored_event.topic)
        try:
            fields = decode_state(cls, self._plain_bytes(stored_event.state))
        except (msgspec.ValidationError, msgspec.DecodeError, ValueError, KeyError) as error:
            msg = (
                f"cannot decode stored event {stored_event.topic} of "
                f"{stored_event.originator_id} v{stored_event.originator_version}: {error}"
            )
            raise MapperDeserialisationError(msg) from error
        originator_id = stored_event.originator_id
        fields["originator_id"] = UUID(str(originator_id))
        fields["originator_version"] = stored_event.originator_version
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", fields)
        return event

    def _plain_bytes(self, payload: bytes) -> bytes:
        if self.cipher:
            payload = self.cipher.decrypt(payload)
        if self.compressor:
            payload = self.compressor.decompress(payload)
        return payload


def decode_state(cls: type[Any], payload: bytes) -> dict[str, Any]:
    """The typed attributes of an event of class `cls` from its stored JSON."""
    if issubclass(cls, CanSnapshotAggregate):
        return _decode_snapshot(payload)
    struct = event_struct(cast(Hashable, cls))
    return _decode_typed(cls, struct, payload)


def _decode_typed(
    versioned: type[Any], struct: type[msgspec.Struct], payload: bytes
) -> dict[str, Any]:
    if getattr(versioned, "class_version", 1) > 1:
        payload = _upcast(versioned, payload)
    decoded = _decoder(struct).decode(payload)
    return {name: getattr(decoded, name) for name in struct.__struct_fields__}


def _upcast(cls: type[Any], payload: bytes) -> bytes:
    state: dict[str, Any] = msgspec.json.decode(payload)
    version = state.pop("class_version", 1)
    if version > cls.class_version:
        msg = f"stored as version {version}, but this code knows {cls.class_version}"
        raise ValueError(msg)
    while version < cls.class_version:
        upcast = getattr(cls, f"upcast_v{version}_v{version + 1}", None)
        if upcast is None:
            msg = f"{cls.__qualname__} has no upcast_v{version}_v{version + 1}"
            raise ValueError(msg)
        upcast(state)
        version += 1
    return msgspec.json.encode(state)


class _SnapshotHead(msgspec.Struct):
    timestamp: datetime
    topic: str
    state: msgspec.Raw


def _decode_snapshot(payload: bytes) -> dict[str, Any]:
    head = _decoder(_SnapshotHead).decode(payload)
    aggregate_cls = resolve_topic(head.topic)
    state = _decode_typed(aggregate_cls, aggregate_struct(aggregate_cls), bytes(head.state))
    if getattr(aggregate_cls, "class_version", 1) > 1:
        state["class_version"] = aggregate_cls.class_version
    return {"timestamp": head.timestamp, "topic": head.topic, "state": state}


@cache
def _decoder(struct: type[msgspec.Struct]) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(struct)


@cache
def event_struct(cls: Any) -> type[msgspec.Struct]:
    """A Struct with the stored fields of an event class (all but id and version)."""
    hints = typing.get_type_hints(cls)
    fields = [
        _struct_field(field, hints[field.name])
        for field in dataclasses.fields(cls)
        if field.name not in _ENVELOPE_FIELDS
    ]
    return msgspec.defstruct(f"{cls.__qualname__}.Stored", fields, kw_only=True)


@cache
def aggregate_struct(cls: type[Any]) -> type[msgspec.Struct]:
    """A Struct with an aggregate's snapshot state, from its class annotations."""
    fields: dict[str, Any] = {"_created_on": datetime, "_modified_on": datetime}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith(_EVENT_MODULE_PREFIX) or klass is object:
            continue
        hints = typing.get_type_hints(klass)
        for name in inspect.get_annotations(klass):
            if typing.get_origin(hints[name]) is not ClassVar:
                fields[name] = hints[name]
    return msgspec.defstruct(
        f"{cls.__qualname__}.Snapshot", list(fields.items()), forbid_unknown_fields=True
    )


def _struct_field(field: dataclasses.Field[Any], hint: Any) -> tuple[Any, ...]:
    if field.default is not dataclasses.MISSING:
        return (field.name, hint, field.default)
    if field.default_factory is not dataclasses.MISSING:
        return (field.name, hint, msgspec.field(default_factory=field.default_factory))
    return (field.name, hint)
