"""Generations: which generation of a model's tables the views show, and the switch to a new one."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, MetaData, Table, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from projections.catalog.schema import (
    create_tables,
    generations,
    now,
    partition_positions,
    positions,
)
from projections.model import ReadModel


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
