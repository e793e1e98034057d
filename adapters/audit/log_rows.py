"""The store's log as plain rows, for recomputing the chain fast.

Verification reads every stored event once. Through the library's
`select_notifications` each row becomes a dict, then a `Notification` with a `UUID`
object, and the chain turns the UUID back into text: profiled on PostgreSQL
(100,000 events), those conversions were over half of `journey audit verify`'s time,
the hashing itself a tenth. Here each database is read with its own driver's tuples,
only the five columns the chain covers, the originator id already as the canonical
text the chain hashes (PostgreSQL's `uuid::text`), in keyset batches on the log's
position index (no long-running transaction, each batch one prepared query).

A row is `(position, originator id text, version, topic, state)`:
`adapters.audit.chain.chain_rows` links them. Any other recorder (the in-memory one)
is read through the library.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg import sql
from psycopg.rows import tuple_row

Row = tuple[int, str, int, str, bytes]
BATCH = 10_000

_PG_COLUMNS = "notification_id, originator_id::text, originator_version, topic, state"


def log_rows(recorder: ApplicationRecorder, batch: int = BATCH) -> Iterator[list[Row]]:
    """Every stored row in log order, in lists of up to `batch` — from the first stored
    row, even at positions the library never hands out (0 or below)."""
    if isinstance(recorder, PostgresApplicationRecorder):
        return _postgres(recorder, batch)
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _sqlite(recorder, batch)
    return _library(recorder, batch)


def _postgres(recorder: PostgresApplicationRecorder, batch: int) -> Iterator[list[Row]]:
    table = sql.Identifier(recorder.datastore.schema, recorder.events_table_name)
    first = sql.SQL(f"SELECT {_PG_COLUMNS} FROM {{}} ORDER BY notification_id LIMIT %s")  # noqa: S608 - constant columns
    after = sql.SQL(
        f"SELECT {_PG_COLUMNS} FROM {{}} WHERE notification_id > %s "  # noqa: S608 - constant columns
        "ORDER BY notification_id LIMIT %s"
    )
    with recorder.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
        cur.execute(first.format(table), [batch], prepare=True)
        rows: list[Any] = cur.fetchall()
        while rows:
            yield rows
            cur.execute(after.format(table), [rows[-1][0], batch], prepare=True)
            rows = cur.fetchall()


def _sqlite(recorder: SQLiteApplicationRecorder, batch: int) -> Iterator[list[Row]]:
    table = recorder.events_table_name  # the library's
    columns = f"SELECT rowid, originator_id, originator_version, topic, state FROM {table}"  # noqa: S608
    first = f"{columns} ORDER BY rowid LIMIT ?"
    after = f"{columns} WHERE rowid > ? ORDER BY rowid LIMIT ?"
    statement, params = first, [batch]
    while True:
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, params)
            stored: list[Any] = cursor.fetchall()
        if not stored:
            return
        convert = recorder.convert_originator_id
        yield [(r[0], str(convert(r[1])), r[2], r[3], r[4]) for r in stored]
        statement, params = after, [stored[-1][0], batch]


def _library(recorder: ApplicationRecorder, batch: int) -> Iterator[list[Row]]:
    start: int | None = None
    while notifications := recorder.select_notifications(start, batch):
        yield [
            (n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
            for n in notifications
        ]
        start = notifications[-1].id + 1
