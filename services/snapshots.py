"""The snapshot store: only snapshots of the current shape, and only snapshots we took.

A snapshot is a cache of a record's state; the events are the record.

**Current shape.** A record whose latest snapshot was taken by an older class version
of its aggregate is replayed from its events instead. When an aggregate gains state
that is derived from its events (the day a decision was made, who recorded it, the
screenings out of a case), an older snapshot does not hold what that state needs, and
no upcast of it can give what replaying the events gives. So the repository never
starts from such a snapshot: the same record reads the same whether or not a snapshot
was taken (tests/integration/test_legacy_store.py), and the next snapshot, at the
record's interval, has the current shape. The mapper tells a current snapshot from its
stored bytes (adapters/store/codec.py `is_current_snapshot`), before decoding it.

**Taken by us** (ADR 43). The hash chain covers the events, not the snapshots, so
whoever can write the snapshot table could make a record read differently from its
history. With `SnapshotKeys` every stored snapshot carries an HMAC-SHA256, keyed from
the installation's master key, over its record id, version, topic and stored bytes;
on load a snapshot whose tag does not verify is passed over (the record is replayed
from its events, which the chain covers) and logged. A snapshot without a tag (taken
before tags, or stripped) or under a key no longer held is passed over too, quietly.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    AggregateRecorder,
    EventStore,
    Mapper,
    Recording,
    StoredEvent,
)

log = logging.getLogger(__name__)

MARK = b"\x00pvpt-snapshot-mac/v1"  # JSON never holds a NUL byte
KEY_ID_BYTES = 8
TAG_BYTES = 32
TRAILER = len(MARK) + KEY_ID_BYTES + TAG_BYTES
_DERIVE = b"pvpt-journey/snapshot-mac/v1"


@runtime_checkable
class KnowsSnapshotVersions(Protocol):
    def is_current_snapshot(self, stored_event: StoredEvent) -> bool: ...


@dataclass(frozen=True)
class SnapshotKeys:
    """MAC keys by id, the first the one new snapshots are tagged with."""

    keys: tuple[bytes, ...]
    _by_id: dict[bytes, bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.keys:
            msg = "snapshot tags need at least one key"
            raise ValueError(msg)
        by_id = {hashlib.sha256(key).digest()[:KEY_ID_BYTES]: key for key in self.keys}
        object.__setattr__(self, "_by_id", by_id)

    @classmethod
    def derived_from(cls, secrets: Sequence[bytes]) -> SnapshotKeys:
        """One MAC key per installation secret (the master keys, current first)."""
        return cls(tuple(hmac.digest(secret, _DERIVE, "sha256") for secret in secrets))

    def tagged(self, stored: StoredEvent) -> StoredEvent:
        key = self.keys[0]
        key_id = hashlib.sha256(key).digest()[:KEY_ID_BYTES]
        state = bytes(stored.state)
        trailer = MARK + key_id + _tag(key, stored, state)
        return StoredEvent(
            stored.originator_id, stored.originator_version, stored.topic, state + trailer
        )

    def opened(self, stored: StoredEvent) -> StoredEvent | None:
        """The snapshot as the mapper wrote it, if its tag verifies; else None (logged
        when the tag was made with a key we hold: the snapshot was altered or moved)."""
        state = bytes(stored.state)
        if len(state) < TRAILER or state[-TRAILER : -TRAILER + len(MARK)] != MARK:
            return None  # untagged: taken before tags, or the tag was stripped
        key = self._by_id.get(state[-TAG_BYTES - KEY_ID_BYTES : -TAG_BYTES])
        if key is None:
            return None  # tagged under a key this installation no longer holds
        plain = state[:-TRAILER]
        if not hmac.compare_digest(state[-TAG_BYTES:], _tag(key, stored, plain)):
            log.warning(
                "snapshot of %s at version %s does not match its tag (altered or moved): "
                "replaying the record from its events instead",
                stored.originator_id,
                stored.originator_version,
            )
            return None
        return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, plain)


def _tag(key: bytes, stored: StoredEvent, state: bytes) -> bytes:
    head = f"{stored.originator_id}\n{stored.originator_version}\n{stored.topic}\n".encode()
    return hmac.digest(key, len(head).to_bytes(8, "big") + head + state, "sha256")


class CurrentSnapshots(EventStore[UUID]):
    """The snapshot store, passing over snapshots of an older shape, and (with `keys`)
    tagging each snapshot it stores and passing over those whose tag does not verify."""

    def __init__(
        self, mapper: Mapper[UUID], recorder: AggregateRecorder, keys: SnapshotKeys | None = None
    ) -> None:
        super().__init__(mapper=mapper, recorder=recorder)
        self.keys = keys

    def put(
        self, domain_events: Sequence[DomainEventProtocol[UUID]], **kwargs: Any
    ) -> list[Recording[UUID]]:
        if self.keys is None:
            return super().put(domain_events, **kwargs)
        stored = [self.keys.tagged(self.mapper.to_stored_event(e)) for e in domain_events]
        self.recorder.insert_events(stored, **kwargs)
        return []  # snapshots are not notified (the library answers none either)

    def get(
        self,
        originator_id: UUID,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Iterator[DomainEventProtocol[UUID]]:
        stored = self.recorder.select_events(
            originator_id=originator_id, gt=gt, lte=lte, desc=desc, limit=limit
        )
        if self.keys is not None:
            stored = [s for s in map(self.keys.opened, stored) if s is not None]
        current = stored
        if isinstance(self.mapper, KnowsSnapshotVersions):
            current = [s for s in stored if self.mapper.is_current_snapshot(s)]
        return map(self.mapper.to_domain_event, current)
