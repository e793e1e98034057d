"""The catalog's tables, and how tables are created when several processes start at once."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, Text, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import CreateIndex, CreateTable

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
_SQLITE_BUSY_TRIES = 20


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
    creators also take turns under a transaction-scoped advisory lock. SQLite has no
    such lock, and a fresh database opened by several connections at once can answer
    SQLITE_BUSY without waiting (switching it to WAL, a stale read snapshot): the
    creation, idempotent, is then tried again after a short pause."""
    for attempt in range(_SQLITE_BUSY_TRIES):
        try:
            _create_missing(metadata, engine)
            return
        except OperationalError as error:
            if not _sqlite_busy(error) or attempt == _SQLITE_BUSY_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _create_missing(metadata: MetaData, engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_CREATE_TABLES_LOCK)))
        for table in metadata.sorted_tables:
            if conn.dialect.has_table(conn, table.name, schema=table.schema):
                continue
            conn.execute(CreateTable(table, if_not_exists=True))
            for index in table.indexes:
                conn.execute(CreateIndex(index, if_not_exists=True))


def _sqlite_busy(error: OperationalError) -> bool:
    """SQLite's SQLITE_BUSY or SQLITE_LOCKED, by its result code (not its message)."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def create_catalog(engine: Engine) -> None:
    create_tables(catalog, engine)
