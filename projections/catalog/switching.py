"""Generations: which generation of a model's tables the views show, and the switch to a new one."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, MetaData, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from projections.catalog import reporting
from projections.catalog.schema import (
    create_tables,
    generations,
    now,
    partition_positions,
    positions,
)
from projections.catalog.views import ViewDef, replace_views
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
    """(Re)point the model's views, derived views and reporting views at `tables`, in
    place, inside the caller's transaction: what analysts built on them stays (ADR 35)."""
    dialect = conn.dialect.name
    views = [
        ViewDef(None, view, model.view_sql(view, table, dialect)) for view, table in tables.items()
    ]
    views += [ViewDef(None, view, sql) for view, sql in model.derived_views(dialect).items()]
    if dialect != "postgresql":
        replace_views(conn, views)
        return
    schema = reporting.own_schema(conn)
    published = reporting.reporting_views(
        model, schema, reporting.reporting_schema_of(schema), dialect
    )
    if published:
        reporting.ensure_reporting_schema(conn, reporting.reporting_schema_of(schema))
    replace_views(conn, views + published)
    reporting.write_comments(conn, views + published, schema)


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
