"""The envelope: what the relay publishes and the consumers decode."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import msgspec
import pytest

from adapters.observability.correlation import correlated
from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.stream.decoding import change_of, event_class_of
from adapters.stream.envelope import (
    EventEnvelope,
    encode_envelope,
    envelope_of,
    event_id,
    subject_for,
)
from domain.base import JourneyAggregate
from domain.vocab import RiskLevel
from projections.dead_letters import DeadLetterReason, reason_of
from services.commands.case import AssessRisk
from tests.support.factories import WORKER, open_case, register
from tests.unit.dsl import T0

DOCS = Path(__file__).resolve().parents[2] / "docs"
DOC = (DOCS / "envelope.md").read_text()


def _stored() -> list[EventEnvelope]:
    journey = build("memory://", ScriptedClock(T0))
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.MEDIUM), actor=WORKER)
    notifications = journey.app.recorder.select_notifications(start=1, limit=100)
    return [envelope_of(n) for n in notifications]


def test_each_stored_event_becomes_an_envelope_with_its_place_and_author() -> None:
    envelopes = _stored()
    assert [e.position for e in envelopes] == list(range(1, len(envelopes) + 1))
    risk = envelopes[-1]
    assert (risk.aggregate_type, risk.event_type, risk.actor) == (
        "Case",
        "Case.RiskAssessed",
        WORKER,
    )
    assert risk.recorded_at is not None
    assert risk.occurred_at <= risk.recorded_at
    assert risk.event_id == event_id(risk.aggregate_id, risk.aggregate_version)
    assert subject_for("journey.events", risk) == f"journey.events.Case.{risk.aggregate_id}"


def test_events_stored_within_a_request_carry_its_ids_to_the_change() -> None:
    journey = build("memory://", ScriptedClock(T0))
    case_id = open_case(journey, register(journey))
    with correlated("req-1", "conversation-9"):
        journey.bus.execute(case_id, AssessRisk(level=RiskLevel.HIGH), actor=WORKER)
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.LOW), actor=WORKER)
    notifications = journey.app.recorder.select_notifications(start=1, limit=100)
    within, outside = (envelope_of(n) for n in notifications[-2:])
    assert (within.correlation_id, within.causation_id) == ("conversation-9", "req-1")
    assert (outside.correlation_id, outside.causation_id) == (None, None)
    change = change_of(7, encode_envelope(within)).change
    assert change is not None
    assert (change.correlation_id, change.causation_id) == ("conversation-9", "req-1")
    assert change.fields["level"] is RiskLevel.HIGH  # the ids are no field of the event


def test_an_envelope_round_trips_to_a_typed_change() -> None:
    risk = _stored()[-1]
    delivery = change_of(42, encode_envelope(risk))
    assert delivery.change is not None
    assert delivery.change.fields["level"] is RiskLevel.MEDIUM
    assert delivery.change.stream_seq == 42


DEEP = b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b'{"actor": "\xff\xfe"}', DeadLetterReason.NOT_UTF8),
        (b"\xc3\x28 not even text", DeadLetterReason.NOT_UTF8),
        (b"not json", DeadLetterReason.NOT_JSON),
        (b"\x00\x01\x02 garbage", DeadLetterReason.NOT_JSON),
        (b'{"envelope_version": 1', DeadLetterReason.NOT_JSON),
        (DEEP, DeadLetterReason.TOO_DEEP),
        (b"[" * 100_000, DeadLetterReason.TOO_DEEP),
        (b'{"envelope_version": 1}', DeadLetterReason.NOT_ENVELOPE),
        (b'{"not": "an envelope"}', DeadLetterReason.NOT_ENVELOPE),
        (b"[1, 2]", DeadLetterReason.NOT_ENVELOPE),
    ],
)
def test_a_message_that_is_not_an_envelope_says_why_in_our_words(
    payload: bytes, reason: DeadLetterReason
) -> None:
    delivery = change_of(7, payload)
    assert delivery.poison
    assert reason_of(delivery.error or "") is reason
    assert (delivery.error or "").startswith(f"{reason}: ")  # then the library's detail


def test_a_wrongly_typed_envelope_field_is_not_an_envelope() -> None:
    risk = _stored()[-1]
    payload = encode_envelope(risk).replace(b'"position":', b'"position":"x","was":', 1)
    assert reason_of(change_of(7, payload).error or "") is DeadLetterReason.NOT_ENVELOPE


def test_an_envelope_of_an_unknown_event_class_says_which() -> None:
    risk = _stored()[-1]
    forged = msgspec.structs.replace(risk, event_topic="domain.case:Case.NoSuchEvent")
    delivery = change_of(7, encode_envelope(forged))
    assert delivery.change is None
    assert reason_of(delivery.error or "") is DeadLetterReason.UNKNOWN_EVENT_TYPE
    assert "Case.RiskAssessed" in (delivery.error or "")


@pytest.mark.parametrize("topic", ["this:s", "os:system", "domain.case:Case", "x"])
def test_a_topic_outside_the_domain_events_is_unknown_and_never_imported(topic: str) -> None:
    forged = msgspec.structs.replace(_stored()[-1], event_topic=topic)
    delivery = change_of(7, encode_envelope(forged))
    assert reason_of(delivery.error or "") is DeadLetterReason.UNKNOWN_EVENT_TYPE
    assert "this" not in sys.modules  # importing it prints; any import may do worse


def _event_classes(cls: type[JourneyAggregate.Event]) -> Iterator[type[JourneyAggregate.Event]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _event_classes(sub)


def test_every_stored_event_class_is_resolved_from_its_topic() -> None:
    build("memory://", ScriptedClock(T0))  # imports every module that defines events
    topics = {f"{c.__module__}:{c.__qualname__}" for c in _event_classes(JourneyAggregate.Event)}
    ours = {t for t in topics if t.startswith(("domain.", "services."))}  # not tests' own
    assert "services.receipts:CommandReceipt.Issued" in ours  # a record of services/
    assert [t for t in sorted(ours) if event_class_of(t) is None] == []


def test_event_data_that_does_not_fit_its_type_says_so() -> None:
    risk = _stored()[-1]
    forged = msgspec.structs.replace(risk, data=msgspec.Raw(b'{"level": "extreme"}'))
    delivery = change_of(7, encode_envelope(forged))
    assert reason_of(delivery.error or "") is DeadLetterReason.BAD_EVENT_DATA
    assert delivery.event_type == "Case.RiskAssessed"


def test_every_reason_reads_back_and_text_of_other_words_has_none() -> None:
    for reason in DeadLetterReason:
        assert reason_of(reason.because("some detail")) is reason
        assert reason_of(reason.because("")) is reason
    assert reason_of("'utf-8' codec can't decode byte 0xff") is None
    assert reason_of("payload is not JSONish") is None


def test_every_dead_letter_reason_is_documented_for_operators() -> None:
    operations = (DOCS / "deployment.md").read_text()
    assert [r for r in DeadLetterReason if f"| `{r}` |" not in operations] == []


def test_every_envelope_field_is_documented() -> None:
    documented = set(re.findall(r"^\| `(\w+)` \|", DOC, flags=re.MULTILINE))
    assert set(EventEnvelope.__struct_fields__) <= documented


def test_event_ids_are_stable() -> None:
    aggregate = UUID("9861c469-b442-5610-b5c7-e73c0d02c38c")
    assert event_id(aggregate, 3) == event_id(aggregate, 3) != event_id(aggregate, 4)
