"""Bookkeeping shared by every projection: generations, positions, status, dead letters.

- `projection_generations`: which generation of a model's tables the views show.
- `projection_positions`: per model and generation, the last stream sequence
  applied (and its store position), written in the same transaction as the rows.
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
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from projections.model import ReadModel

catalog = MetaData()

generations = Table(
    "projection_generations",
    catalog,
    Column("projection", String(64), primary_key=True),
    Column("active", Integer, nullable=False),
    Column("building", Integer),
    Column("switched_at", DateTime(timezone=True)),
)
positions = Table(
    "projection_positions",
    catalog,
    Column("projection", String(64), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("stream_seq", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
status = Table(
    "pipeline_status",
    catalog,
    Column("component", String(80), primary_key=True),
    Column("state", String(32), nullable=False),
    Column("position", Integer),
    Column("last_error", Text),
    Column("detail", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False),
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
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("status", String(24), nullable=False),  # open | retry | skip | retried | skipped
    Column("resolved_by", String(100)),
    Column("resolved_at", DateTime(timezone=True)),
)


def now() -> datetime:
    return datetime.now(UTC)


def create_tables(metadata: MetaData, engine: Engine) -> None:
    """CREATE TABLE IF NOT EXISTS, safe when several processes start at once."""
    for attempt in range(3):
        try:
            metadata.create_all(engine)
            return
        except DBAPIError:  # another process created one of them between check and create
            if attempt == 2:
                raise


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
        conn.execute(
            positions.delete().where(
                (positions.c.projection == model.name) & (positions.c.generation == generation)
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
    """(stream sequence, store position) last applied; (0, 0) before the first."""
    row = conn.execute(
        select(positions.c.stream_seq, positions.c.position).where(
            (positions.c.projection == name) & (positions.c.generation == generation)
        )
    ).one_or_none()
    return (0, 0) if row is None else (int(row[0]), int(row[1]))


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


# ------------------------------------------------------------------ status


def report(engine: Engine, component: str, state: str, **fields: Any) -> None:
    values = {"state": state, "updated_at": now(), **fields}
    with engine.begin() as conn:
        updated = conn.execute(
            update(status).where(status.c.component == component).values(**values)
        )
        if updated.rowcount == 0:
            conn.execute(insert(status).values(component=component, **values))


def statuses(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(status)).mappings()
        return {row["component"]: dict(row) for row in rows}


# ------------------------------------------------------------ dead letters


def record_dead_letter(engine: Engine, **fields: Any) -> None:
    with engine.begin() as conn:
        conn.execute(insert(dead_letters).values(recorded_at=now(), status="open", **fields))


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
