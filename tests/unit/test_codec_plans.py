"""The codec's per-class plans (adapters/store/plans.py) seal and open the fields of an
event field by field; what they store is what the generic path reads, and back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest
from eventsourcing.persistence import MapperDeserialisationError, StoredEvent

from adapters.privacy.keyring import KeyMissing
from adapters.privacy.sealing import EVENT_SEALS, is_token
from adapters.store.codec import MsgspecMapper, decode_state
from adapters.store.plans import plan_of
from domain.case import Case
from domain.vocab import RiskLevel
from tests.support.keys import keyed_mapper, memory_keyring

AT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def assessed(rationale: str | None, record_id: UUID | None = None) -> Any:
    return Case.RiskAssessed(  # type: ignore[call-arg]
        originator_id=record_id or uuid4(),
        originator_version=3,
        timestamp=AT,
        actor="besa",
        level=RiskLevel.MEDIUM,
        rationale=rationale,
        assessed_on=date(2026, 1, 5),
    )


def test_a_flat_sealed_field_is_stored_as_a_token_and_read_back_typed() -> None:
    mapper = keyed_mapper()
    event = assessed("lives with the recruiter's cousin")
    stored = mapper.to_stored_event(event)
    assert b"cousin" not in stored.state
    assert is_token(msgspec.json.decode(stored.state)["rationale"])
    decoded = mapper.to_domain_event(stored)
    assert vars(decoded) == vars(event)
    assert type(decoded.level) is RiskLevel


def test_a_null_sealed_field_stays_null_and_needs_no_key() -> None:
    keyring = memory_keyring()
    event = assessed(None)
    stored = keyed_mapper(keyring).to_stored_event(event)
    assert msgspec.json.decode(stored.state)["rationale"] is None
    with pytest.raises(KeyMissing):  # no key was made for it
        keyring.opening_key(event.originator_id)
    assert MsgspecMapper().to_domain_event(stored).rationale is None


def test_what_the_plan_stores_the_generic_path_reads() -> None:
    """Projection workers and the history read with decode_state, as before."""
    keyring = memory_keyring()
    event = assessed("a rationale")
    stored = keyed_mapper(keyring).to_stored_event(event)
    opened = decode_state(
        Case.RiskAssessed, stored.state, keyed_mapper(keyring)._opener(event.originator_id)
    )
    assert opened["rationale"] == "a rationale"
    assert decode_state(Case.RiskAssessed, stored.state)["rationale"] is None  # erased


def test_without_a_keyring_or_after_erasure_the_field_reads_erased() -> None:
    """Optional text reads as null, as the generic path reads it."""
    keyring = memory_keyring()
    event = assessed("a rationale")
    stored = keyed_mapper(keyring).to_stored_event(event)
    assert MsgspecMapper().to_domain_event(stored).rationale is None
    keyring.destroy([event.originator_id])
    assert keyed_mapper(keyring).to_domain_event(stored).rationale is None
    assert keyed_mapper(keyring).to_domain_event(stored).level is RiskLevel.MEDIUM


def test_a_token_moved_between_records_is_refused() -> None:
    mapper = keyed_mapper()
    first = mapper.to_stored_event(assessed("first"))
    second = mapper.to_stored_event(assessed("second"))
    state = msgspec.json.decode(second.state)
    state["rationale"] = msgspec.json.decode(first.state)["rationale"]
    forged = StoredEvent(second.originator_id, 3, second.topic, msgspec.json.encode(state))
    with pytest.raises(MapperDeserialisationError, match="altered or moved"):
        mapper.to_domain_event(forged)


def test_only_events_whose_seals_are_all_their_own_fields_take_the_plan() -> None:
    for cls, seals in EVENT_SEALS.items():
        flat = all(len(seal.steps) == 1 for seal in seals)
        assert (plan_of(cls).view is not None) == flat, cls
    assert plan_of(Case.NoteAdded).flat[0].name == "text"
