"""Where a record's events are in the store's log: their positions.

A position is the store's notification id: what a command answers as `position`,
what read models record as applied, what the relay sends as the message id, and
what a case's history shows for each event. The library's recorders return a
record's stored events without it, so it is read from the same table here, for
each recorder the application runs on (memory, SQLite, PostgreSQL).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier


def event_positions(recorder: ApplicationRecorder, record_id: UUID) -> dict[int, int]:
    """Each stored version of the record and its position (empty if it has none)."""
    if isinstance(recorder, POPOApplicationRecorder):
        return _in_memory(recorder, record_id)
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _sqlite(recorder, record_id)
    if isinstance(recorder, PostgresApplicationRecorder):
        return _postgres(recorder, record_id)
    msg = f"positions are not known for a {type(recorder).__name__}"
    raise TypeError(msg)


def event_heads(recorder: ApplicationRecorder, record_id: UUID) -> list[tuple[int, str, bytes]]:
    """`(version, topic, state)` of each stored event of the record, in version order:
    the three columns a search by time needs, as the driver's tuples (the library's
    `select_events` builds a dict, a `StoredEvent` and a `UUID` per row, most of an
    as-of lookup's time when profiled)."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        statement = (
            f"SELECT originator_version, topic, state FROM {recorder.events_table_name} "  # noqa: S608 - the library's table name
            "WHERE originator_id = ? ORDER BY originator_version"
        )
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, [record_id.hex])
            return [(row[0], row[1], row[2]) for row in cursor.fetchall()]
    if isinstance(recorder, PostgresApplicationRecorder):
        query = SQL(
            "SELECT originator_version, topic, state FROM {}.{} WHERE originator_id = %s "
            "ORDER BY originator_version"
        ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
        with recorder.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
            cur.execute(query, [record_id], prepare=True)
            return cur.fetchall()
    stored = recorder.select_events(record_id)
    return [(s.originator_version, s.topic, s.state) for s in stored]


def _in_memory(recorder: POPOApplicationRecorder, record_id: UUID) -> dict[int, int]:
    with recorder._database_lock:  # the library's own attributes: it has no query for this
        index: dict[int, int] = dict(recorder._stored_events_index.get(str(record_id), {}))
    return {version: row + 1 for version, row in index.items()}  # positions count from 1


def _sqlite(recorder: SQLiteApplicationRecorder, record_id: UUID) -> dict[int, int]:
    statement = (
        f"SELECT originator_version, rowid FROM {recorder.events_table_name} "  # noqa: S608 - the library's table name
        "WHERE originator_id = ?"
    )
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, [record_id.hex])
        rows: list[Any] = cursor.fetchall()
    return {int(row[0]): int(row[1]) for row in rows}


def _postgres(recorder: PostgresApplicationRecorder, record_id: UUID) -> dict[int, int]:
    statement = SQL(
        "SELECT originator_version, notification_id FROM {}.{} WHERE originator_id = %s"
    ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
    with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
        cursor.execute(statement, [record_id])
        rows: list[Any] = cursor.fetchall()
    return {int(row["originator_version"]): int(row["notification_id"]) for row in rows}
