"""From a stream message to a typed change, or to a dead letter's reason.

`change_of` decodes the envelope, then the event's typed fields. A message that
cannot be decoded becomes a poison Delivery whose error is a `DeadLetterReason`
(projections/dead_letters.py) with the library's detail appended. The reason is
decided by the project's own checks of the payload — UTF-8, then JSON, then nesting,
then the envelope's shape — never by reading a library's message, which changes
between versions (msgspec 0.19 and 0.23 word invalid UTF-8 differently).

Only event classes of the project's own packages (the domain's records, the
services' command receipts) are resolved from a message's topic: a stray message
cannot make a worker import any other module.
"""

from __future__ import annotations

import json

import msgspec
from eventsourcing.utils import resolve_topic

from adapters.store.codec import decode_state
from adapters.stream.envelope import EventEnvelope, decode_envelope
from domain.base import JourneyAggregate
from projections.dead_letters import DeadLetterReason, describe
from projections.model import Change
from projections.source import Delivery

# The packages that may define stored events (JourneyAggregate subclasses).
_OWN_PACKAGES = frozenset({"domain", "services", "projections", "adapters"})


def change_of(stream_seq: int, payload: bytes) -> Delivery:
    """Decode one stream message; a bad one becomes a Delivery that says why."""
    try:
        envelope = decode_envelope(payload)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as error:
        reason = why_unreadable(payload, error)
        return Delivery(stream_seq, None, reason.because(describe(error)))
    event_class = event_class_of(envelope.event_topic)
    if event_class is None:
        reason = DeadLetterReason.UNKNOWN_EVENT_TYPE
        detail = f"{envelope.event_type} (topic {envelope.event_topic!r})"
        return Delivery(stream_seq, None, reason.because(detail), envelope.event_type)
    try:
        fields = decode_state(event_class, bytes(envelope.data))
    except Exception as error:
        reason = DeadLetterReason.BAD_EVENT_DATA
        detail = f"{envelope.event_type}: {describe(error)}"
        return Delivery(stream_seq, None, reason.because(detail), envelope.event_type)
    return _delivered(stream_seq, envelope, fields)


def _delivered(stream_seq: int, envelope: EventEnvelope, fields: dict[str, object]) -> Delivery:
    change = Change(
        stream_seq,
        envelope.position,
        envelope.aggregate_type,
        envelope.aggregate_id,
        envelope.aggregate_version,
        envelope.event_type,
        envelope.occurred_at,
        envelope.actor,
        fields,
        envelope.correlation_id,
        envelope.causation_id,
    )
    return Delivery(stream_seq, change, event_type=envelope.event_type, position=change.position)


def why_unreadable(payload: bytes, error: BaseException) -> DeadLetterReason:
    """Why the envelope could not be decoded, by checking the payload ourselves."""
    if isinstance(error, RecursionError):
        return DeadLetterReason.TOO_DEEP
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return DeadLetterReason.NOT_UTF8
    try:
        json.loads(text)
    except RecursionError:
        return DeadLetterReason.TOO_DEEP
    except ValueError:
        return DeadLetterReason.NOT_JSON
    return DeadLetterReason.NOT_ENVELOPE


def event_class_of(topic: str) -> type[JourneyAggregate.Event] | None:
    """The stored event class a topic names; None for anything else (never imports
    a module outside the project's own packages)."""
    module = topic.partition(":")[0]
    if module.partition(".")[0] not in _OWN_PACKAGES:
        return None
    try:
        found = resolve_topic(topic)
    except Exception:  # TopicError, or an import that fails: unknown either way
        return None
    if isinstance(found, type) and issubclass(found, JourneyAggregate.Event):
        return found
    return None
