"""A tampered snapshot is detected on load and the record is replayed from its events
(services/snapshots.py, ADR 43), on SQLite and on PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey, build
from tests.support.factories import register
from tests.support.tamper import RawStore


@pytest.fixture
def journey(database_url: str) -> Iterator[Journey]:
    system = build(database_url)
    yield system
    system.close()


@pytest.fixture
def raw(database_url: str) -> Iterator[RawStore]:
    store = RawStore(database_url)
    yield store
    store.close()


def snapshots_table(raw: RawStore) -> str:
    return "stored_snapshots" if raw.sqlite else "journey_snapshots"


def snapshot_state(raw: RawStore, record: UUID) -> bytes:
    key = record.hex if raw.sqlite else record
    table = snapshots_table(raw)
    (row,) = raw.run(f"SELECT state FROM {table} WHERE originator_id = ?", key)
    return bytes(row[0])


def rewrite_snapshot(raw: RawStore, record: UUID, state: bytes) -> None:
    key = record.hex if raw.sqlite else record
    table = snapshots_table(raw)
    raw.run(f"UPDATE {table} SET state = ? WHERE originator_id = ?", state, key)


def snapshotted(journey: Journey, age: int = 24) -> UUID:
    """A beneficiary registered at `age`, and a snapshot of her record."""
    person = register(journey, age=age)
    journey.app.take_snapshot(person)
    return person


def test_an_untouched_snapshot_is_used(journey: Journey, raw: RawStore) -> None:
    person = snapshotted(journey)

    loaded = journey.app.snapshots.get(person, desc=True, limit=1)  # type: ignore[union-attr]

    assert [s.originator_version for s in loaded] == [1]


def test_a_tampered_snapshot_is_passed_over_and_the_events_replayed(
    journey: Journey, raw: RawStore, caplog: pytest.LogCaptureFixture
) -> None:
    # given a snapshot of a person registered at 24
    person = snapshotted(journey, age=24)
    stored = snapshot_state(raw, person)
    assert b'"age_at_identification":24' in stored
    # when someone with database access rewrites the age in the snapshot, tag left as it was
    rewrite_snapshot(
        raw,
        person,
        stored.replace(b'"age_at_identification":24', b'"age_at_identification":34'),
    )
    # then the record reads as its events say, and the snapshot is reported
    with caplog.at_level(logging.WARNING, logger="services.snapshots"):
        assert journey.queries.beneficiary(person).age_at_identification == 24
        snapshots = list(journey.app.snapshots.get(person, desc=True, limit=1))  # type: ignore[union-attr]
    assert snapshots == []
    assert any("does not match its tag" in r.getMessage() for r in caplog.records)


def test_a_snapshot_copied_onto_another_record_is_passed_over(
    journey: Journey, raw: RawStore
) -> None:
    # given two people's snapshots, registered at 24 and at 40
    young, old = snapshotted(journey, age=24), snapshotted(journey, age=40)
    # when the older one's snapshot (tag and all) is copied onto the younger one's record
    rewrite_snapshot(raw, young, snapshot_state(raw, old))
    # then the younger one still reads 24: the tag names the record it was taken of
    assert journey.queries.beneficiary(young).age_at_identification == 24
    assert journey.queries.beneficiary(old).age_at_identification == 40


def test_a_snapshot_without_its_tag_is_passed_over(journey: Journey, raw: RawStore) -> None:
    # given a snapshot, when its tag is stripped and its content changed
    person = snapshotted(journey, age=24)
    stored = snapshot_state(raw, person)
    untagged = stored[: stored.index(b"\x00")]
    rewrite_snapshot(
        raw,
        person,
        untagged.replace(b'"age_at_identification":24', b'"age_at_identification":34'),
    )
    # then the events decide
    assert journey.queries.beneficiary(person).age_at_identification == 24
    assert list(journey.app.snapshots.get(person)) == []  # type: ignore[union-attr]
