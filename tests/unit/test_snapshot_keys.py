"""Snapshot tags (services/snapshots.py): what verifies and what does not."""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from services.snapshots import SnapshotKeys

OLD, NEW = b"o" * 32, b"n" * 32


def snapshot(state: bytes = b'{"state":{"age":24}}') -> StoredEvent:
    return StoredEvent(uuid4(), 50, "domain.case:Case.Snapshot", state)


def test_a_tagged_snapshot_opens_to_its_own_bytes() -> None:
    keys = SnapshotKeys.derived_from([NEW])
    stored = snapshot()

    assert keys.opened(keys.tagged(stored)) == stored


def test_a_changed_byte_a_changed_version_or_record_does_not_open() -> None:
    keys = SnapshotKeys.derived_from([NEW])
    tagged = keys.tagged(snapshot())
    flipped = bytearray(tagged.state)
    flipped[3] ^= 1
    id_, version, topic = tagged.originator_id, tagged.originator_version, tagged.topic

    assert keys.opened(StoredEvent(id_, version, topic, bytes(flipped))) is None
    assert keys.opened(StoredEvent(id_, version + 50, topic, tagged.state)) is None
    assert keys.opened(StoredEvent(uuid4(), version, topic, tagged.state)) is None


def test_untagged_and_unknown_keys_do_not_open() -> None:
    old_keys = SnapshotKeys.derived_from([OLD])
    stored = snapshot()

    assert SnapshotKeys.derived_from([NEW]).opened(stored) is None
    assert SnapshotKeys.derived_from([NEW]).opened(old_keys.tagged(stored)) is None


def test_snapshots_tagged_before_a_rotation_open_while_the_old_key_is_held() -> None:
    stored = snapshot()
    before = SnapshotKeys.derived_from([OLD]).tagged(stored)
    during = SnapshotKeys.derived_from([NEW, OLD])

    assert during.opened(before) == stored
    assert during.opened(during.tagged(stored)) == stored
