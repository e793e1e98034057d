"""Bookkeeping shared by every projection: generations, positions, status, dead letters.

- `projection_generations`: which generation of a model's tables the views show.
- `projection_positions`: per model and generation, the last stream sequence
  applied (and its store position), written in the same transaction as the rows.
- `projection_partition_positions`: the same per partition, for a generation kept
  by partitioned workers (projections/partition.py). A generation is kept either
  by one worker or by N partition workers, never both: the first partition worker
  takes over from the single worker's position, and each commit of either kind
  checks, under the lock of the model's `projection_positions` row, that the
  generation is still kept its way (a worker of the other kind stops with an error).
- `pipeline_status`: what each component (relay, each worker) last reported.
- `projection_dead_letters`: events a projection could not apply, with the error,
  and what an operator decided (retry or skip), by whom and when.

The tables are in `schema`, generations in `switching`, positions and partitions in
`progress`, status and dead letters in `monitoring`; callers use them through this package
(`catalog.read_position(...)`).
"""

from __future__ import annotations

from projections.catalog.monitoring import (
    close_dead_letter,
    record_dead_letter,
    report,
    request_resolution,
    statuses,
    unresolved_dead_letter,
)
from projections.catalog.progress import (
    PartitionLayoutError,
    assert_kept_by_one_worker,
    claim_partition,
    partition_progress,
    partitions_moved,
    read_position,
    write_partition_position,
    write_position,
)
from projections.catalog.schema import (
    catalog,
    create_catalog,
    create_tables,
    dead_letters,
    generations,
    now,
    partition_positions,
    positions,
    status,
)
from projections.catalog.switching import (
    active_generation,
    drop_generation,
    generation_tables,
    point_views,
    stale_generations,
    switch_generation,
)
from projections.catalog.views import ViewsInUse

__all__ = [
    "PartitionLayoutError",
    "ViewsInUse",
    "active_generation",
    "assert_kept_by_one_worker",
    "catalog",
    "claim_partition",
    "close_dead_letter",
    "create_catalog",
    "create_tables",
    "dead_letters",
    "drop_generation",
    "generation_tables",
    "generations",
    "now",
    "partition_positions",
    "partition_progress",
    "partitions_moved",
    "point_views",
    "positions",
    "read_position",
    "record_dead_letter",
    "report",
    "request_resolution",
    "stale_generations",
    "status",
    "statuses",
    "switch_generation",
    "unresolved_dead_letter",
    "write_partition_position",
    "write_position",
]
