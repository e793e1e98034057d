"""Snapshots of the current shape only: a record whose latest snapshot was taken by an
older class version of its aggregate is replayed from its events instead.

A snapshot is a cache of a record's state; the events are the record. When an aggregate
gains state that is derived from its events (the day a decision was made, who recorded
it, the screenings out of a case), an older snapshot does not hold what that state
needs, and no upcast of it can give what replaying the events gives. So the repository
never starts from such a snapshot: the same record reads the same whether or not a
snapshot was taken (tests/integration/test_legacy_store.py), and the next snapshot, at
the record's interval, has the current shape. The mapper tells a current snapshot from
its stored bytes (adapters/store/codec.py `is_current_snapshot`), before decoding it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import EventStore, StoredEvent


@runtime_checkable
class KnowsSnapshotVersions(Protocol):
    def is_current_snapshot(self, stored_event: StoredEvent) -> bool: ...


class CurrentSnapshots(EventStore[UUID]):
    """The snapshot store, passing over snapshots of an older shape."""

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
        current = stored
        if isinstance(self.mapper, KnowsSnapshotVersions):
            current = [s for s in stored if self.mapper.is_current_snapshot(s)]
        return map(self.mapper.to_domain_event, current)
