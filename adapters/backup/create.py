"""`journey backup`: one consistent, encrypted copy of the event store and key store.

What is copied, as rows (so a backup restores into either database):
the stored events with their log positions, the hash chain and its signed
checkpoints, the wrapped data keys (still wrapped by the master key), and the
read database's records that no projection can rebuild (staff accounts, the
access log). Snapshots and read models are left out: they are derived.

Consistency while serving:
- PostgreSQL: one REPEATABLE READ, READ ONLY transaction reads the events, the
  chain and the data keys (all in the store's schema), so keys and events come
  from the same snapshot;
- SQLite: the online backup API copies journey.db into memory, and then
  keys.db. A data key is always stored before the first event it seals, so
  every key an event in the first copy needs is already in the second; keys
  created or destroyed in between are extra rows or extra tombstones, never
  missing ones.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, Table, create_engine, inspect, select, text
from sqlalchemy.pool import StaticPool

from adapters.audit.access_log import access_log
from adapters.audit.chain_tables import chain_table, checkpoints_table
from adapters.backup.documents import DOCUMENTS, document_rows
from adapters.backup.format import CHUNK_BYTES, BackupError, BackupWriter, new_header
from adapters.privacy.accounts import users
from adapters.privacy.keyring import data_keys
from adapters.privacy.master_key import MasterKeys
from adapters.settings import Settings, redacted
from adapters.store.read_database import read_engine
from projections.time_sql import Instant

BATCH = 2000
EVENTS = "events"
Progress = Callable[[int], None]  # rows written so far, all sections together

INSTANT_TYPES = (DateTime, Instant)  # columns holding instants (docs/time.md)

# The tables copied row by row, by the database they live in.
STORE_TABLES: tuple[Table, ...] = (chain_table, checkpoints_table)
KEY_TABLES: tuple[Table, ...] = (data_keys,)
READ_TABLES: tuple[Table, ...] = (users, access_log)
ALL_TABLES = STORE_TABLES + KEY_TABLES + READ_TABLES


def events_query(dialect: str) -> str:
    """The library's events table, positions included (SQLite keeps them in rowid)."""
    if dialect == "sqlite":
        return (
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "WHERE rowid <= :up_to ORDER BY rowid"
        )
    return (
        "SELECT notification_id, CAST(originator_id AS text), originator_version, topic, state "
        "FROM journey_events WHERE notification_id <= :up_to ORDER BY notification_id"
    )


def events_table(dialect: str) -> str:
    return "stored_events" if dialect == "sqlite" else "journey_events"


@dataclass
class Snapshot:
    """Connections that all read one consistent state of the store and its keys."""

    dialect: str
    store: Connection
    keys: Connection
    read: Connection | None
    settings: Settings | None = None  # where the documents are


@dataclass
class BackupReport:
    path: Path
    position: int
    rows: dict[str, int] = field(default_factory=dict)
    size: int = 0
    seconds: float = 0.0


def take_backup(
    settings: Settings,
    target: Path,
    master: MasterKeys,
    chunk_bytes: int = CHUNK_BYTES,
    progress: Progress | None = None,
) -> BackupReport:
    """Write the backup to `target` (atomically: a partial file is never left under it);
    `progress` hears the count of rows written after each batch."""
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name for the backup")
    began = time.perf_counter()
    partial = target.with_name(target.name + ".partial")
    try:
        report = _write(settings, partial, master, chunk_bytes, progress)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    report.path = target
    report.size = target.stat().st_size
    report.seconds = time.perf_counter() - began
    return report


def _write(
    settings: Settings,
    partial: Path,
    master: MasterKeys,
    chunk_bytes: int,
    progress: Progress | None,
) -> BackupReport:
    with open_snapshot(settings) as snapshot:
        snapshot.settings = settings
        position = _last_position(snapshot)
        report = BackupReport(partial, position)
        header = new_header(datetime.now(UTC), snapshot.dialect, position, master, chunk_bytes)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            writer = BackupWriter(file, header, master)
            _write_sections(snapshot, writer, report, progress or (lambda _rows: None))
            writer.frame("end", report.rows)
            writer.close()
            file.flush()
            os.fsync(file.fileno())
    return report


def _write_sections(
    snapshot: Snapshot, writer: BackupWriter, report: BackupReport, progress: Progress
) -> None:
    def section(name: str, batches: Iterator[list[list[Any]]]) -> None:
        _write_rows(writer, report, name, batches, progress)

    section(EVENTS, _event_rows(snapshot, report.position))
    for table in STORE_TABLES:
        section(str(table.name), _table_rows(snapshot.store, table))
    for table in KEY_TABLES:
        section(str(table.name), _table_rows(snapshot.keys, table))
    for table in READ_TABLES:
        section(str(table.name), _table_rows(snapshot.read, table))
    if snapshot.settings is not None:  # documents' contents (adapters/backup/documents.py)
        section(DOCUMENTS, document_rows(snapshot.settings, snapshot.store, snapshot.dialect))


def _write_rows(
    writer: BackupWriter,
    report: BackupReport,
    name: str,
    batches: Iterator[list[list[Any]]],
    progress: Progress,
) -> None:
    writer.frame("section", name)
    report.rows[name] = 0
    for batch in batches:
        writer.frame("rows", batch)
        report.rows[name] += len(batch)
        progress(sum(report.rows.values()))


def _event_rows(snapshot: Snapshot, position: int) -> Iterator[list[list[Any]]]:
    result = snapshot.store.execution_options(stream_results=True).execute(
        text(events_query(snapshot.dialect)), {"up_to": position}
    )
    for partition in result.partitions(BATCH):
        yield [[row[0], str(row[1]), row[2], row[3], bytes(row[4])] for row in partition]


def _table_rows(conn: Connection | None, table: Table) -> Iterator[list[list[Any]]]:
    if conn is None or not inspect(conn).has_table(table.name):
        return
    order = list(table.primary_key.columns)
    result = conn.execution_options(stream_results=True).execute(select(table).order_by(*order))
    for partition in result.partitions(BATCH):
        yield [dump_row(table, row) for row in partition]


def dump_row(table: Table, row: Any) -> list[Any]:
    """A row as msgpack-able values; instants as ISO text in UTC."""
    return [_dumped(column.type, value) for column, value in zip(table.columns, row, strict=True)]


def _dumped(kind: Any, value: Any) -> Any:
    if isinstance(kind, INSTANT_TYPES) and value is not None:
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def load_row(table: Table, values: list[Any]) -> dict[str, Any]:
    return {
        column.name: (
            datetime.fromisoformat(value)
            if isinstance(column.type, INSTANT_TYPES) and value is not None
            else value
        )
        for column, value in zip(table.columns, values, strict=True)
    }


def _last_position(snapshot: Snapshot) -> int:
    column = "rowid" if snapshot.dialect == "sqlite" else "notification_id"
    table = events_table(snapshot.dialect)
    if not inspect(snapshot.store).has_table(table):
        raise BackupError(f"there is no event store to back up (no table {table})")
    query = text(f"SELECT MAX({column}) FROM {table}")  # noqa: S608 -- constants
    value = snapshot.store.execute(query).scalar()
    return int(value or 0)


# ---------------------------------------------------------------- snapshots


@contextmanager
def open_snapshot(settings: Settings) -> Iterator[Snapshot]:
    url = settings.database_url
    if url.startswith("sqlite:///"):
        with _sqlite_snapshot(settings) as snapshot:
            yield snapshot
    elif url.startswith("postgres"):
        with _postgres_snapshot(settings) as snapshot:
            yield snapshot
    else:
        raise BackupError(f"journey backup: {redacted(url)} is not a persistent store to back up")


@contextmanager
def _sqlite_snapshot(settings: Settings) -> Iterator[Snapshot]:
    store_path = Path(settings.database_url.removeprefix("sqlite:///"))
    keys_path = Path(settings.keys_url.removeprefix("sqlite:///"))
    for path in (store_path, keys_path):
        if not path.exists():
            raise BackupError(f"journey backup: {path} does not exist")
    with ExitStack() as stack:
        store = stack.enter_context(_memory_copy(stack, store_path).connect())
        keys = stack.enter_context(_memory_copy(stack, keys_path).connect())  # after: see above
        read = _read_connection(stack, settings)
        yield Snapshot("sqlite", store, keys, read)


def _memory_copy(stack: ExitStack, path: Path) -> Engine:
    """The database copied page by page into memory with SQLite's online backup API."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    stack.callback(copy.close)
    source = sqlite3.connect(path, timeout=30)
    try:
        source.backup(copy)
    finally:
        source.close()
    engine = create_engine("sqlite://", creator=lambda: copy, poolclass=StaticPool)
    stack.callback(engine.dispose)
    return engine


def _read_connection(stack: ExitStack, settings: Settings) -> Connection | None:
    url = settings.read_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    engine = read_engine(url)
    stack.callback(engine.dispose)
    return stack.enter_context(engine.connect())


@contextmanager
def _postgres_snapshot(settings: Settings) -> Iterator[Snapshot]:
    if settings.keys_url != settings.database_url:
        raise BackupError("journey backup: the data keys must be in the store's database")
    engine = read_engine(settings.database_url, connect_timeout=settings.db_connect_timeout)
    try:
        snapshot = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with snapshot as conn, conn.begin(), ExitStack() as stack:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            same = settings.read_url == settings.database_url
            read = conn if same else _read_connection(stack, settings)
            yield Snapshot("postgresql", conn, conn, read)
    finally:
        engine.dispose()
