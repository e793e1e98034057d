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
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex, CreateTable

from projections.model import ReadModel
from projections.time_sql import Instant

catalog = MetaData()

generations = Table(
    "projection_generations",
    catalog,
    Column("projection", String(64), primary_key=True),
    Column("active", Integer, nullable=False),
    Column("building", Integer),
    Column("switched_at", Instant()),
)
positions = Table(
    "projection_positions",
    catalog,
    Column("projection", String(64), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("stream_seq", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("updated_at", Instant(), nullable=False),
)
partition_positions = Table(
    "projection_partition_positions",
    catalog,
    Column("projection", String(64), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("partition_index", Integer, primary_key=True),
    Column("partition_count", Integer, nullable=False),
    Column("stream_seq", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("updated_at", Instant(), nullable=False),
)
status = Table(
    "pipeline_status",
    catalog,
    Column("component", String(80), primary_key=True),
    Column("state", String(32), nullable=False),
    Column("position", Integer),
    Column("last_error", Text),
    Column("detail", Text),
    Column("updated_at", Instant(), nullable=False),
)
dead_letters = Table(
    "projection_dead_letters",
    catalog,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("projection", String(64), nullable=False),
    Column("generation", Integer, nullable=False),
    Column("stream_seq", Integer, nullable=False),
    Column("position", Integer),
    Column("event_type", String(120)),
    Column("aggregate_id", String(36)),
    Column("error", Text, nullable=False),
    Column("recorded_at", Instant(), nullable=False),
    Column("status", String(24), nullable=False),  # open | retry | skip | retried | skipped
    Column("resolved_by", String(100)),
    Column("resolved_at", Instant()),
)


# pg_advisory_xact_lock key of create_tables (any constant the project uses for nothing else)
_CREATE_TABLES_LOCK = 0x6A6F75726E6579


def now() -> datetime:
    return datetime.now(UTC)


def create_tables(metadata: MetaData, engine: Engine) -> None:
    """Create the tables (and their indexes) that do not exist yet; safe when several
    processes or threads start at once, as `journey up`'s workers do.

    `create_all` checks every table, then creates the missing ones: another creator
    could create one in between, and a slow creator lost that race once per table
    (SQLite commits each CREATE), more often than any fixed number of retries allowed.
    Here every statement is IF NOT EXISTS, so a table made meanwhile is no error; on
    PostgreSQL, where IF NOT EXISTS still fails against a concurrent uncommitted CREATE,
    creators also take turns under a transaction-scoped advisory lock."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_CREATE_TABLES_LOCK)))
        for table in metadata.sorted_tables:
            if conn.dialect.has_table(conn, table.name, schema=table.schema):
                continue
            conn.execute(CreateTable(table, if_not_exists=True))
            for index in table.indexes:
                conn.execute(CreateIndex(index, if_not_exists=True))


def create_catalog(engine: Engine) -> None:
    create_tables(catalog, engine)


# ------------------------------------------------------------- generations


def active_generation(conn: Connection, name: str) -> int:
    """The generation the views show; generation 1 is created on first use."""
    query = select(generations.c.active).where(generations.c.projection == name)
    active = conn.execute(query).scalar_one_or_none()
    if active is not None:
        return int(active)
    try:
        with conn.begin_nested():
            conn.execute(insert(generations).values(projection=name, active=1, switched_at=now()))
    except IntegrityError:  # another process created it first
        return int(conn.execute(query).scalar_one())
    return 1


def generation_tables(engine: Engine, model: ReadModel, generation: int) -> dict[str, Table]:
    """The model's tables of one generation, created if absent."""
    metadata = MetaData()
    tables = model.define(metadata, generation)
    create_tables(metadata, engine)
    return tables


def drop_generation(engine: Engine, model: ReadModel, generation: int) -> None:
    metadata = MetaData()
    model.define(metadata, generation)
    metadata.drop_all(engine)
    with engine.begin() as conn:
        for table in (positions, partition_positions):
            conn.execute(
                table.delete().where(
                    (table.c.projection == model.name) & (table.c.generation == generation)
                )
            )


def point_views(conn: Connection, model: ReadModel, tables: dict[str, Table]) -> None:
    """(Re)create the analysts' views on `tables`, inside the caller's transaction."""
    dialect = conn.dialect.name
    cascade = " CASCADE" if dialect == "postgresql" else ""
    derived = model.derived_views(dialect)
    for view in [*derived, *tables]:
        conn.execute(text(f'DROP VIEW IF EXISTS "{view}"{cascade}'))
    for view, table in tables.items():
        conn.execute(text(f'CREATE VIEW "{view}" AS {model.view_sql(view, table, dialect)}'))
    for view, sql in derived.items():
        conn.execute(text(f'CREATE VIEW "{view}" AS {sql}'))


def switch_generation(engine: Engine, model: ReadModel, generation: int) -> None:
    """Make `generation` the one the views show, atomically."""
    metadata = MetaData()
    tables = model.define(metadata, generation)
    with engine.begin() as conn:
        conn.execute(
            update(generations)
            .where(generations.c.projection == model.name)
            .values(active=generation, building=None, switched_at=now())
        )
        point_views(conn, model, tables)


def stale_generations(engine: Engine, model: ReadModel, active: int) -> list[int]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(positions.c.generation).where(
                (positions.c.projection == model.name) & (positions.c.generation < active)
            )
        )
        return [int(g) for g in rows.scalars()]


# --------------------------------------------------------------- positions


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


# ------------------------------------------------------------------ status


def report(engine: Engine, component: str, state: str, **fields: Any) -> None:
    with engine.begin() as conn:
        _write_status(conn, component, state, fields)


def _write_status(conn: Connection, component: str, state: str, fields: dict[str, Any]) -> None:
    values = {"state": state, "updated_at": now(), **fields}
    updated = conn.execute(update(status).where(status.c.component == component).values(**values))
    if updated.rowcount == 0:
        conn.execute(insert(status).values(component=component, **values))


def statuses(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(status)).mappings()
        return {row["component"]: dict(row) for row in rows}


# ------------------------------------------------------------ dead letters


def record_dead_letter(
    engine: Engine, component: str, report_fields: dict[str, Any], **fields: Any
) -> None:
    """An open letter and the component's `failed` status (`report`'s fields), in one
    transaction: no reader sees the letter while the status still says `running`."""
    with engine.begin() as conn:
        conn.execute(insert(dead_letters).values(recorded_at=now(), status="open", **fields))
        _write_status(conn, component, "failed", report_fields)


def unresolved_dead_letter(conn: Connection, name: str) -> dict[str, Any] | None:
    row = (
        conn.execute(
            select(dead_letters)
            .where(
                (dead_letters.c.projection == name)
                & dead_letters.c.status.in_(("open", "retry", "skip"))
            )
            .order_by(dead_letters.c.id)
        )
        .mappings()
        .first()
    )
    return None if row is None else dict(row)


def request_resolution(engine: Engine, name: str, action: str, operator: str) -> dict[str, Any]:
    """An operator asks the worker to `retry` or `skip` the open dead letter."""
    with engine.begin() as conn:
        letter = unresolved_dead_letter(conn, name)
        if letter is None:
            msg = f"projection {name} has no open dead letter"
            raise LookupError(msg)
        conn.execute(
            update(dead_letters)
            .where(dead_letters.c.id == letter["id"])
            .values(status=action, resolved_by=operator, resolved_at=now())
        )
        return {**letter, "status": action}


def close_dead_letter(conn: Connection, letter_id: int, final_status: str) -> None:
    conn.execute(
        update(dead_letters).where(dead_letters.c.id == letter_id).values(status=final_status)
    )
