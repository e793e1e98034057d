"""Event serialisation with msgspec, decoded into typed event classes.

The library's default mapper turns an event into a dict and hands it to a JSON
transcoder that knows nothing of the event's types; dates come back as strings
unless a transcoding was registered for them. This mapper instead derives a
msgspec Struct from each event class's own annotations, so decoding validates
every field and rebuilds enums, dates, UUIDs and value objects exactly.

Each stored event also carries `recorded_at`, the moment it was handed to the
store (the event's own `timestamp` is when the command was decided); it is
not part of the domain event and is ignored when decoding. So are `correlation_id` and
`causation_id`, the ids of the request that stored it (adapters/observability/correlation.py).

Identifying fields (`adapters.privacy.sealing`) are sealed with the record's own data
key (`adapters.privacy.keyring`) on the way in and opened on the way out; a mapper
without a keyring refuses to store them and reads them as erased.

What the codec knows of each event class (its topic, typed decoder, flat sealed fields)
is worked out once, in `adapters.store.plans`: most events are sealed and opened field by
field and decoded straight into their types; a seal inside a value, an upcast or a
snapshot takes the generic path here (decode, transform, typed decode).

Evolution: a field added with a default is filled in for old events; a change
that needs code sets `class_version = N` on the event (or aggregate) class and
defines `upcast_vK_vK+1(state)` static methods, run here before typed decoding.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Hashable
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
from eventsourcing.utils import resolve_topic

from adapters.observability.correlation import stamp
from adapters.privacy.keyring import Keyring, decrypt, encrypt
from adapters.privacy.sealing import (
    EVENT_SEALS,
    STATE_SEALS,
    Seal,
    bytes_of,
    is_token,
    token_of,
    transform,
)
from adapters.store.plans import EventPlan, event_struct, plan_of

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
        keyring: Keyring | None = None,
    ) -> None:
        super().__init__(transcoder or MsgspecTranscoder(), compressor, cipher)
        self._encoder = msgspec.json.Encoder()
        self.keyring = keyring
        self._plans: dict[str, EventPlan] = {}  # by topic

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        plan = plan_of(type(domain_event))
        state = dict(domain_event.__dict__)
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        if plan.class_version > 1:
            state["class_version"] = plan.class_version
        if not plan.snapshot:
            state[RECORDED_AT] = datetime.now(UTC)
            state.update(stamp())  # the request's correlation and causation ids, if any
        payload = self._encoder.encode(self._sealed(plan, originator_id, state))
        if self.compressor:
            payload = self.compressor.compress(payload)
        if self.cipher:
            payload = self.cipher.encrypt(payload)
        return StoredEvent(originator_id, originator_version, plan.topic, payload)

    def _sealed(self, plan: EventPlan, record_id: UUID, state: dict[str, Any]) -> Any:
        """The state with identifying fields sealed (snapshots of erased records: erased)."""
        if plan.snapshot:
            seals = STATE_SEALS.get(resolve_topic(state["topic"]), ())
            if not seals:
                return state
            plain: dict[str, Any] = msgspec.to_builtins(state)
            transform(plain["state"], seals, self._sealer(record_id, snapshot=True))
            return plain
        if not plan.seals:
            return state
        if plan.view is not None:
            plan.seal(state, record_id, self._sealing_key)
            return state
        plain = msgspec.to_builtins(state)
        transform(plain, plan.seals, self._sealer(record_id, snapshot=False))
        return plain

    def _sealing_key(self, record_id: UUID) -> bytes:
        if self.keyring is None:
            msg = "refusing to store identifying data unencrypted: this mapper has no keyring"
            raise RuntimeError(msg)
        return self.keyring.sealing_key(record_id)

    def _sealer(self, record_id: UUID, *, snapshot: bool) -> Callable[[Seal, Any], Any]:
        keyring = self.keyring
        if keyring is None:
            msg = "refusing to store identifying data unencrypted: this mapper has no keyring"
            raise RuntimeError(msg)
        if snapshot and keyring.is_destroyed(record_id):
            return lambda seal, _value: seal.erased  # the record was erased: so is its snapshot

        def seal_value(seal: Seal, value: Any) -> str:
            key = keyring.sealing_key(record_id)
            return token_of(encrypt(key, msgspec.json.encode(value), aad(record_id, seal)))

        return seal_value

    def _opener(self, record_id: UUID) -> Callable[[Seal, Any], Any] | None:
        keyring = self.keyring
        if keyring is None:
            return None

        def open_value(seal: Seal, value: Any) -> Any:
            if not is_token(value):
                return value  # a snapshot written after erasure holds the stand-in
            key = keyring.opening_key(record_id)
            if key is None:
                return seal.erased
            return msgspec.json.decode(decrypt(key, bytes_of(value), aad(record_id, seal)))

        return open_value

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        plan = self._plans.get(stored_event.topic)
        if plan is None:
            plan = self._plans[stored_event.topic] = plan_of(resolve_topic(stored_event.topic))
        originator_id = stored_event.originator_id
        record_id = originator_id if type(originator_id) is UUID else UUID(str(originator_id))
        try:
            fields = self._fields(plan, record_id, self._plain_bytes(stored_event.state))
        except (msgspec.ValidationError, msgspec.DecodeError, ValueError, KeyError) as error:
            msg = (
                f"cannot decode stored event {stored_event.topic} of "
                f"{stored_event.originator_id} v{stored_event.originator_version}: {error}"
            )
            raise MapperDeserialisationError(msg) from error
        fields["originator_id"] = record_id
        fields["originator_version"] = stored_event.originator_version
        event = object.__new__(plan.cls)
        object.__setattr__(event, "__dict__", fields)
        return event

    def _fields(self, plan: EventPlan, record_id: UUID, payload: bytes) -> dict[str, Any]:
        if plan.view is not None:
            keyring = self.keyring
            fields = plan.open(payload, record_id, keyring.opening_key if keyring else None)
            if fields is not None:
                return fields
        return decode_state(plan.cls, payload, self._opener(record_id))

    def is_current_snapshot(self, stored_event: StoredEvent) -> bool:
        """Whether a stored snapshot was taken by its aggregate's current class version
        (services/snapshots.py passes over the others)."""
        head = _decoder(_SnapshotHead).decode(self._plain_bytes(stored_event.state))
        taken_by = _decoder(_Versioned).decode(bytes(head.state)).class_version
        return bool(taken_by == getattr(resolve_topic(head.topic), "class_version", 1))

    def _plain_bytes(self, payload: bytes) -> bytes:
        if self.cipher:
            payload = self.cipher.decrypt(payload)
        if self.compressor:
            payload = self.compressor.decompress(payload)
        return payload


Opener = Callable[[Seal, Any], Any]


def aad(record_id: UUID, seal: Seal) -> bytes:
    """What a sealed value is bound to: its record and field (it cannot be moved)."""
    return f"{record_id}/{seal.path}".encode()


def decode_state(cls: type[Any], payload: bytes, opener: Opener | None = None) -> dict[str, Any]:
    """The typed attributes of an event of class `cls` from its stored JSON.

    Sealed fields are opened by `opener`; without one they read as erased.
    """
    if issubclass(cls, CanSnapshotAggregate):
        return _decode_snapshot(payload, opener)
    struct = event_struct(cast(Hashable, cls))
    return _decode_typed(cls, struct, _opened(payload, EVENT_SEALS.get(cls, ()), opener))


def _opened(payload: bytes, seals: tuple[Seal, ...], opener: Opener | None) -> bytes:
    if not seals:
        return payload
    state: dict[str, Any] = msgspec.json.decode(payload)
    transform(state, seals, opener or _erased)
    return msgspec.json.encode(state)


def _erased(seal: Seal, _value: Any) -> Any:
    return seal.erased


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


class _Versioned(msgspec.Struct):
    class_version: int = 1


class _SnapshotHead(msgspec.Struct):
    timestamp: datetime
    topic: str
    state: msgspec.Raw


def _decode_snapshot(payload: bytes, opener: Opener | None) -> dict[str, Any]:
    head = _decoder(_SnapshotHead).decode(payload)
    aggregate_cls = resolve_topic(head.topic)
    raw = _opened(bytes(head.state), STATE_SEALS.get(aggregate_cls, ()), opener)
    state = _decode_typed(aggregate_cls, aggregate_struct(aggregate_cls), raw)
    if getattr(aggregate_cls, "class_version", 1) > 1:
        state["class_version"] = aggregate_cls.class_version
    return {"timestamp": head.timestamp, "topic": head.topic, "state": state}


@cache
def _decoder(struct: type[msgspec.Struct]) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(struct)


@cache
def aggregate_struct(cls: type[Any]) -> type[msgspec.Struct]:
    """A Struct with an aggregate's snapshot state, from its class annotations."""
    fields: dict[str, tuple[Any, ...]] = {
        "_created_on": ("_created_on", datetime),
        "_modified_on": ("_modified_on", datetime),
    }
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith(_EVENT_MODULE_PREFIX) or klass is object:
            continue
        hints = typing.get_type_hints(klass)
        for name in inspect.get_annotations(klass):
            if typing.get_origin(hints[name]) is not ClassVar:
                fields[name] = _state_field(klass, name, hints[name])
    return msgspec.defstruct(
        f"{cls.__qualname__}.Snapshot",
        list(fields.values()),
        forbid_unknown_fields=True,
        kw_only=True,
    )


def _state_field(klass: type[Any], name: str, hint: Any) -> tuple[Any, ...]:
    """An attribute of an aggregate's state; one with a class-level default (an attribute
    added later, such as documents) may be absent from snapshots taken before it was."""
    if name in vars(klass):
        return (name, hint, vars(klass)[name])
    return (name, hint)
