"""What the codec seals: every text that could identify a person, and only that."""

from __future__ import annotations

import dataclasses
import typing
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent

from adapters.privacy.sealing import EVENT_SEALS, STATE_SEALS, Seal, transform
from adapters.store.codec import decode_state
from domain.beneficiary import Beneficiary
from domain.values import ERASED_PERSON, PersonalData
from domain.vocab import Gender, TraffickingScope
from tests.support.keys import keyed_mapper


def test_every_seal_names_a_field_of_its_event_or_state() -> None:
    for cls, seals in EVENT_SEALS.items():
        names = {field.name for field in dataclasses.fields(cls)}
        assert {seal.steps[0] for seal in seals} <= names, cls
    for aggregate, seals in STATE_SEALS.items():
        assert {seal.steps[0] for seal in seals} <= set(typing.get_type_hints(aggregate)), aggregate


def test_paths_reach_into_lists_and_dicts_and_skip_nulls() -> None:
    state = {"goals": {"1": {"progress": ["a", "b"]}, "2": {"progress": []}}, "x": None}
    transform(state, (Seal("goals{}.progress[]", ""), Seal("x.y", "")), lambda _, v: v.upper())
    assert state == {"goals": {"1": {"progress": ["A", "B"]}, "2": {"progress": []}}, "x": None}


def registered(code: str) -> Any:
    beneficiary = Beneficiary.register(
        code,
        PersonalData("Drita", "Hoxha"),
        Gender.FEMININE,
        24,
        ("XK",),
        ("sq",),
        TraffickingScope.DOMESTIC,
        actor="besa",
        at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    return beneficiary.collect_events()[0]


def test_a_sealed_value_moved_to_another_record_is_refused() -> None:
    mapper = keyed_mapper()
    first = mapper.to_stored_event(registered("PVPT-2026-0001"))
    second = mapper.to_stored_event(registered("PVPT-2026-0002"))
    forged_state = msgspec.json.decode(second.state)
    forged_state["personal"] = msgspec.json.decode(first.state)["personal"]
    forged = StoredEvent(second.originator_id, 1, second.topic, msgspec.json.encode(forged_state))
    assert mapper.to_domain_event(second).personal.given_name == "Drita"
    with pytest.raises(MapperDeserialisationError, match="altered or moved"):
        mapper.to_domain_event(forged)


def test_without_keys_sealed_fields_read_as_erased_stand_ins() -> None:
    stored = keyed_mapper().to_stored_event(registered("PVPT-2026-0001"))
    assert b"Drita" not in stored.state
    fields = decode_state(Beneficiary.Registered, stored.state)  # as a projection worker
    assert fields["personal"] == ERASED_PERSON
