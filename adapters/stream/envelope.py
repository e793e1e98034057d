"""The NATS envelope: how every stored event travels to consumers.

A public, versioned contract (documented in docs/envelope.md). Evolve it only by
adding fields with defaults and bumping `envelope_version`; never change a
field's type or meaning.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

import msgspec
from eventsourcing.persistence import Notification

from domain.local_time import utc

ENVELOPE_VERSION = 2  # 2: correlation_id and causation_id
_EVENT_ID_NAMESPACE = UUID("0b8e7c54-5a51-4d63-9a0e-6a3c1c5f2d11")


class EventEnvelope(msgspec.Struct, frozen=True, kw_only=True):
    envelope_version: int = ENVELOPE_VERSION
    event_id: UUID
    position: int
    aggregate_type: str
    aggregate_id: UUID
    aggregate_version: int
    event_type: str
    event_topic: str
    schema_version: int
    occurred_at: datetime
    recorded_at: datetime | None
    actor: str
    data: msgspec.Raw
    correlation_id: str | None = None  # version 2: the request's ids, when one stored it
    causation_id: str | None = None


class _StoredHead(msgspec.Struct):
    """The few stored fields the envelope repeats; the rest stays raw."""

    timestamp: datetime
    actor: str = ""
    recorded_at: datetime | None = None
    class_version: int = 1
    correlation_id: str | None = None
    causation_id: str | None = None


_head_decoder = msgspec.json.Decoder(_StoredHead)
_envelope_encoder = msgspec.json.Encoder()
_envelope_decoder = msgspec.json.Decoder(EventEnvelope)


def event_id(aggregate_id: UUID, version: int) -> UUID:
    """Stable across republishing: the same event always has the same id."""
    return uuid5(_EVENT_ID_NAMESPACE, f"{aggregate_id}:{version}")


def event_type(topic: str) -> tuple[str, str]:
    """('Case', 'Case.ServiceDelivered') from 'domain.case:Case.ServiceDelivered'."""
    qualname = topic.rpartition(":")[2]
    return qualname.partition(".")[0], qualname


def envelope_of(notification: Notification) -> EventEnvelope:
    """Wrap a stored event (as read from the store's log) for publishing."""
    head = _head_decoder.decode(notification.state)
    aggregate_id = UUID(str(notification.originator_id))
    aggregate_type, qualname = event_type(notification.topic)
    return EventEnvelope(
        event_id=event_id(aggregate_id, notification.originator_version),
        position=notification.id,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        aggregate_version=notification.originator_version,
        event_type=qualname,
        event_topic=notification.topic,
        schema_version=head.class_version,
        occurred_at=utc(head.timestamp),
        recorded_at=None if head.recorded_at is None else utc(head.recorded_at),
        actor=head.actor,
        data=msgspec.Raw(notification.state),
        correlation_id=head.correlation_id,
        causation_id=head.causation_id,
    )


def encode_envelope(envelope: EventEnvelope) -> bytes:
    return _envelope_encoder.encode(envelope)


def decode_envelope(payload: bytes) -> EventEnvelope:
    """Raises msgspec.ValidationError / DecodeError naming the bad field."""
    return _envelope_decoder.decode(payload)


def subject_for(prefix: str, envelope: EventEnvelope) -> str:
    return f"{prefix}.{envelope.aggregate_type}.{envelope.aggregate_id}"
