"""Copying a store's log into another store, together with the data keys it needs.

A stored event's identifying fields are sealed with its record's data key, and that key
lives in the source store's key table (`adapters.privacy.keyring`), not in the event. Events
copied alone make a store whose projections run (they read sealed fields as erased) but
whose records cannot be loaded: the first command on a copied record stops with
`KeyMissing`. `copy_log` copies the events, in order and byte for byte, and the data
keys of their records, re-wrapped under the target's master key; benchmarks and tests
that fill a store from a simulated one use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from adapters.privacy.keyring import Keyring
from services.app import JourneyApp

CHUNK = 5_000


@dataclass(frozen=True)
class CopiedLog:
    """What was copied: each event's position and topic in the target, and new keys."""

    positions: list[tuple[int, str]]
    keys: int

    @property
    def head(self) -> int:
        return self.positions[-1][0] if self.positions else 0


def keyring_of(app: JourneyApp) -> Keyring:
    keyring = getattr(app.mapper, "keyring", None)
    if not isinstance(keyring, Keyring):
        msg = f"{type(app).__name__} has no keyring: open it with adapters.run.bootstrap"
        raise TypeError(msg)
    return keyring


def copy_log(
    source: JourneyApp, target: JourneyApp, count: int | None = None, chunk: int = CHUNK
) -> CopiedLog:
    """The first `count` stored events of `source` (all by default) appended to
    `target`'s log, with the data keys of their records; snapshots are not copied."""
    last = source.recorder.max_notification_id() or 0
    last = last if count is None else min(count, last)
    positions: list[tuple[int, str]] = []
    keys = 0
    for start in range(1, last + 1, chunk):
        batch = source.recorder.select_notifications(start, min(chunk, last + 1 - start))
        events = [
            StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in batch
        ]
        records = {UUID(str(event.originator_id)) for event in events}
        keys += keyring_of(target).adopt(keyring_of(source), records)  # before the events
        stored = target.recorder.insert_events(events)
        if stored is None:
            msg = f"{type(target.recorder).__name__} does not say where it stored the events"
            raise TypeError(msg)
        positions += zip(stored, (event.topic for event in events), strict=True)
    return CopiedLog(positions, keys)
