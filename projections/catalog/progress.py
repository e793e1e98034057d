"""Positions: how far each model (or each of its partitions) has applied the stream."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from projections.catalog.schema import now, partition_positions, positions


def read_position(conn: Connection, name: str, generation: int) -> tuple[int, int]:
    """(stream sequence, store position) the model has applied every event up to;
    (0, 0) before the first. For a partitioned generation, the partition furthest
    behind (a partition no worker has claimed yet is where the single worker was)."""
    single = _single_position(conn, name, generation)
    parts = _partition_rows(conn, name, generation)
    if not parts:
        return single
    claimed = [(int(r.stream_seq), int(r.position)) for r in parts]
    unclaimed = [single] if len(parts) < int(parts[0].partition_count) else []
    return min(claimed + unclaimed)


def _single_position(conn: Connection, name: str, generation: int) -> tuple[int, int]:
    row = conn.execute(
        select(positions.c.stream_seq, positions.c.position).where(
            (positions.c.projection == name) & (positions.c.generation == generation)
        )
    ).one_or_none()
    return (0, 0) if row is None else (int(row[0]), int(row[1]))


def partition_progress(conn: Connection, name: str, generation: int) -> dict[int, tuple[int, int]]:
    """Each claimed partition's (stream sequence, store position), by partition index."""
    return {
        int(row.partition_index): (int(row.stream_seq), int(row.position))
        for row in _partition_rows(conn, name, generation)
    }


def _partition_rows(conn: Connection, name: str, generation: int) -> list[Any]:
    query = select(partition_positions).where(
        (partition_positions.c.projection == name)
        & (partition_positions.c.generation == generation)
    )
    return list(conn.execute(query.order_by(partition_positions.c.partition_index)))


def write_position(
    conn: Connection, name: str, generation: int, stream_seq: int, position: int
) -> None:
    values = {"stream_seq": stream_seq, "position": position, "updated_at": now()}
    updated = conn.execute(
        update(positions)
        .where((positions.c.projection == name) & (positions.c.generation == generation))
        .values(**values)
    )
    if updated.rowcount == 0:
        conn.execute(insert(positions).values(projection=name, generation=generation, **values))
    assert_kept_by_one_worker(conn, name, generation)


# ---------------------------------------------------------------- partitions


class PartitionLayoutError(RuntimeError):
    """A worker of one kind (single or partition i/N) met a generation kept another
    way; it must stop rather than apply events twice. The message says what to run."""


def assert_kept_by_one_worker(conn: Connection, name: str, generation: int) -> None:
    """Raise if partition workers keep this generation (then the caller rolls back)."""
    parts = _partition_rows(conn, name, generation)
    if parts:
        count = int(parts[0].partition_count)
        msg = (
            f"{name} generation {generation} is kept by {count} partition workers: run "
            f"`journey worker {name} --partition i/{count}` for i in 0..{count - 1}, "
            "or stop them and rebuild to go back to one worker"
        )
        raise PartitionLayoutError(msg)


def claim_partition(
    conn: Connection, name: str, generation: int, index: int, count: int
) -> tuple[int, int]:
    """The partition's (stream sequence, store position); on its first start, where the
    single worker had got to (every event up to there is applied for every record)."""
    _lock_single_row(conn, name, generation)
    parts = _partition_rows(conn, name, generation)
    counts = {int(r.partition_count) for r in parts}
    if counts and counts != {count}:
        msg = (
            f"{name} generation {generation} is split into {counts.pop()} partitions, not "
            f"{count}: run that many partition workers, or stop them all and rebuild to change it"
        )
        raise PartitionLayoutError(msg)
    for row in parts:
        if int(row.partition_index) == index:
            return int(row.stream_seq), int(row.position)
    stream_seq, position = _single_position(conn, name, generation)
    conn.execute(
        insert(partition_positions).values(
            projection=name,
            generation=generation,
            partition_index=index,
            partition_count=count,
            stream_seq=stream_seq,
            position=position,
            updated_at=now(),
        )
    )
    return stream_seq, position


def _lock_single_row(conn: Connection, name: str, generation: int) -> None:
    """Lock the model's position row (created at 0 if absent): a single worker's commit
    and every claim then run one after the other, each seeing the other's result."""
    where = (positions.c.projection == name) & (positions.c.generation == generation)
    if conn.execute(update(positions).where(where).values(updated_at=now())).rowcount:
        return
    try:
        with conn.begin_nested():
            conn.execute(
                insert(positions).values(
                    projection=name,
                    generation=generation,
                    stream_seq=0,
                    position=0,
                    updated_at=now(),
                )
            )
    except IntegrityError:  # a single worker inserted it first: wait for its lock
        conn.execute(update(positions).where(where).values(updated_at=now()))


def write_partition_position(
    conn: Connection,
    name: str,
    generation: int,
    partition: tuple[int, int],
    *,
    stream_seq: int,
    position: int,
) -> None:
    """Move partition (index, count)'s position, in the transaction of its rows."""
    index, count = partition
    updated = conn.execute(
        update(partition_positions)
        .where(
            (partition_positions.c.projection == name)
            & (partition_positions.c.generation == generation)
            & (partition_positions.c.partition_index == index)
            & (partition_positions.c.partition_count == count)
        )
        .values(stream_seq=stream_seq, position=position, updated_at=now())
    )
    if updated.rowcount == 0:
        msg = f"{name} generation {generation} has no partition {index}/{count} any more"
        raise PartitionLayoutError(msg)


def partitions_moved(conn: Connection, name: str, stale: int, active: int) -> bool:
    """True when no partition worker can still be on `stale`: each of its partitions
    has claimed its place in `active` (or the count changed, which needs them stopped)."""
    before = {
        (int(r.partition_index), int(r.partition_count)) for r in _partition_rows(conn, name, stale)
    }
    after = {
        (int(r.partition_index), int(r.partition_count))
        for r in _partition_rows(conn, name, active)
    }
    counts_before = {count for _, count in before}
    counts_after = {count for _, count in after}
    return before <= after or (bool(counts_after) and counts_before != counts_after)
