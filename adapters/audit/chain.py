"""The hash chain over the event store's log: what makes tampering evident.

Each stored event is linked to the one before it in log order:

    hash(n) = SHA-256(TAG, hash(n-1), position, originator id, version, topic, state)

over exactly what the store holds (the state bytes as stored, ciphertext
included), so erasing a person's key changes nothing here, while changing,
removing, inserting or reordering a stored event changes every hash from that
point on. Every field is length-prefixed, so no two different events (or field
splits) encode to the same bytes. The encoding does not depend on the database:
a SQLite and a PostgreSQL store holding the same log have the same chain.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification

TAG = b"pvpt-journey/chain/v1"
GENESIS = hashlib.sha256(TAG + b"/genesis").digest()
HASH_SIZE = 32

_U64 = struct.Struct(">Q")


@dataclass(frozen=True)
class Link:
    position: int
    hash: bytes


def link(
    prev: bytes,
    position: int,
    *,
    originator_id: UUID | str,
    version: int,
    topic: str,
    state: bytes,
) -> bytes:
    """The chain hash at `position`, given the hash at the position before it."""
    if len(prev) != HASH_SIZE:
        msg = f"previous chain hash must be {HASH_SIZE} bytes, got {len(prev)}"
        raise ValueError(msg)
    identity = str(originator_id).encode()
    name = topic.encode()
    return hashlib.sha256(
        b"".join(
            (
                TAG,
                prev,
                _U64.pack(position),
                _U64.pack(len(identity)),
                identity,
                _U64.pack(version),
                _U64.pack(len(name)),
                name,
                _U64.pack(len(state)),
                state,
            )
        )
    ).digest()


def link_notification(prev: bytes, notification: Notification) -> bytes:
    return link(
        prev,
        notification.id,
        originator_id=notification.originator_id,
        version=notification.originator_version,
        topic=notification.topic,
        state=notification.state,
    )


def links(prev: bytes, batch: Sequence[Notification]) -> list[Link]:
    """The links of a batch of consecutive notifications, after `prev`."""
    chained = []
    for notification in batch:
        prev = link_notification(prev, notification)
        chained.append(Link(notification.id, prev))
    return chained


def chain_rows(
    prev: bytes, rows: Iterable[tuple[int, str, int, str, bytes]]
) -> Iterator[tuple[int, bytes]]:
    """`(position, hash)` of each raw row `(position, originator id text, version, topic,
    state)` after `prev`: what `link` computes, inlined for verification's tight loop
    (adapters/audit/log_rows.py reads the rows)."""
    sha256, pack = hashlib.sha256, _U64.pack
    for position, identity_text, version, topic, state in rows:
        identity, name = identity_text.encode(), topic.encode()
        prev = sha256(
            b"".join(
                (
                    TAG,
                    prev,
                    pack(position),
                    pack(len(identity)),
                    identity,
                    pack(version),
                    pack(len(name)),
                    name,
                    pack(len(state)),
                    state,
                )
            )
        ).digest()
        yield position, prev


def walk(
    recorder: ApplicationRecorder,
    after: int | None = None,
    prev: bytes = GENESIS,
    batch: int = 5000,
) -> Iterator[Link]:
    """The chain over the store's log after position `after`, to its current end.

    `prev` is the chain hash at `after`. Without `after`, every stored row is
    read, even at positions the library never hands out (0 or below), so a row
    slipped in there is seen too.
    """
    start = None if after is None else after + 1
    while True:
        notifications = recorder.select_notifications(start, batch)
        if not notifications:
            return
        for chained in links(prev, notifications):
            yield chained
        prev, start = chained.hash, chained.position + 1
