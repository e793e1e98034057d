"""Partitions: several workers of one read model, each applying a share of the records.

A record (aggregate) belongs to partition `crc32(its id as text) mod N`, so all
its events go to one worker, which applies them in stream order. Each partition
worker still reads every stream message and keeps its own position (stream
sequence) in SQL with its rows; messages of other partitions are passed over
undecoded, like those of aggregate types the model does not read. So the gap
check that guarantees nothing is skipped works exactly as with one worker.

Only a model whose every row is derived from the events of one record can be
split this way (docs/adr/0012-cluster-and-partitioned-workers.md). The others
need every event in one place, in order, and keep a single worker.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from uuid import UUID

# Read models that may be partitioned, and why it is safe for each.
PARTITION_SAFE: dict[str, str] = {
    "timeline": (
        "one row per event, keyed by (case, position), never updated; the link of a stay "
        "or plan to its case comes from that record's own creation event"
    ),
    "caseload": (
        "one row per case, fed by that case's events only; caseload_by_worker is a view "
        "counted when it is read, not a stored total"
    ),
}
# Not partitionable: capacity (a facility's beds and residents combine the facility's
# events with every stay's), outcomes (quarterly totals over all cases, stays and plans),
# prevention (a campaign's progress over all its activities; cases counted on activities).


class PartitionError(ValueError):
    """A partition given on the command line or in code is not valid; says why."""


def partition_of(aggregate_id: UUID | str, partitions: int) -> int:
    """The partition of a record: stable across processes and machines (not `hash`)."""
    return zlib.crc32(str(aggregate_id).encode()) % partitions


@dataclass(frozen=True)
class Partition:
    """Partition `index` of `count` (0-based): `Partition.parse("1/3")`."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if self.count < 1 or not 0 <= self.index < self.count:
            msg = f"partition {self.index}/{self.count}: need 0 <= index < count"
            raise PartitionError(msg)

    @classmethod
    def parse(cls, text: str) -> Partition:
        index, slash, count = text.partition("/")
        if not slash or not index.strip().isdigit() or not count.strip().isdigit():
            msg = f"partition {text!r}: expected INDEX/COUNT, like 0/3"
            raise PartitionError(msg)
        return cls(int(index), int(count))

    @property
    def label(self) -> str:
        return f"{self.index}/{self.count}"

    def owns(self, aggregate_id: UUID | str) -> bool:
        return self.count == 1 or partition_of(aggregate_id, self.count) == self.index


def check_partitionable(model_name: str, partition: Partition | None) -> None:
    """Refuse to split a model whose rows combine several records."""
    if partition is None or partition.count == 1 or model_name in PARTITION_SAFE:
        return
    safe = ", ".join(sorted(PARTITION_SAFE))
    msg = (
        f"read model {model_name} cannot be partitioned: its rows combine the events of "
        f"several records, so one worker must apply them all in order (partitionable: {safe})"
    )
    raise PartitionError(msg)
