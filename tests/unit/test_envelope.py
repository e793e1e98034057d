"""The envelope: what the relay publishes and the consumers decode."""

from __future__ import annotations

import re
from pathlib import Path
from uuid import UUID

import msgspec
import pytest

from adapters.bootstrap import build
from adapters.clock import ScriptedClock
from adapters.consumer import change_of
from adapters.envelope import EventEnvelope, encode_envelope, envelope_of, event_id, subject_for
from domain.vocab import RiskLevel
from services.case_commands import AssessRisk
from tests.support.factories import WORKER, open_case, register
from tests.unit.dsl import T0

DOC = (Path(__file__).resolve().parents[2] / "docs" / "envelope.md").read_text()


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


def test_an_envelope_round_trips_to_a_typed_change() -> None:
    risk = _stored()[-1]
    delivery = change_of(42, encode_envelope(risk))
    assert delivery.change is not None
    assert delivery.change.fields["level"] is RiskLevel.MEDIUM
    assert delivery.change.stream_seq == 42


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"not json", "not a valid event envelope"),
        (b'{"envelope_version": 1}', "not a valid event envelope"),
    ],
)
def test_a_message_that_is_not_an_envelope_says_why(payload: bytes, reason: str) -> None:
    delivery = change_of(7, payload)
    assert delivery.change is None
    assert reason in (delivery.error or "")


def test_an_envelope_of_an_unknown_event_class_says_which() -> None:
    risk = _stored()[-1]
    forged = msgspec.structs.replace(risk, event_topic="domain.case:Case.NoSuchEvent")
    delivery = change_of(7, encode_envelope(forged))
    assert delivery.change is None
    assert "Case.RiskAssessed" in (delivery.error or "")


def test_every_envelope_field_is_documented() -> None:
    documented = set(re.findall(r"^\| `(\w+)` \|", DOC, flags=re.MULTILINE))
    assert set(EventEnvelope.__struct_fields__) <= documented


def test_event_ids_are_stable() -> None:
    aggregate = UUID("9861c469-b442-5610-b5c7-e73c0d02c38c")
    assert event_id(aggregate, 3) == event_id(aggregate, 3) != event_id(aggregate, 4)
