"""Batched row changes: load the rows a batch touches once, change them in memory,
write them back with two bulk statements. This is what makes a projection worker
an order of magnitude faster than one SQL round trip per event.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, delete, insert, select, tuple_

Key = tuple[Any, ...]
Row = dict[str, Any]

_CHUNK = 500


class RowCache:
    """Rows of one table keyed by `key_columns`, read once and flushed once per batch."""

    def __init__(self, conn: Connection, table: Table, key_columns: tuple[str, ...]) -> None:
        self.conn = conn
        self.table = table
        self.key_columns = key_columns
        self._rows: dict[Key, Row | None] = {}
        self._dirty: set[Key] = set()

    def prefetch(self, keys: Iterable[Key]) -> None:
        missing = list({key for key in keys if key not in self._rows})
        for start in range(0, len(missing), _CHUNK):
            self._load(missing[start : start + _CHUNK])

    def _load(self, keys: list[Key]) -> None:
        for key in keys:
            self._rows[key] = None
        for row in self.conn.execute(select(self.table).where(self._where(keys))).mappings():
            self._rows[self._key_of(row)] = dict(row)

    def get(self, key: Key) -> Row | None:
        if key not in self._rows:
            self.prefetch([key])
        return self._rows[key]

    def put(self, key: Key, row: Row) -> None:
        self._rows[key] = row
        self._dirty.add(key)

    def delete(self, key: Key) -> None:
        self._rows[key] = None
        self._dirty.add(key)

    def flush(self) -> None:
        """Delete every changed key, insert every changed row that still exists."""
        dirty = list(self._dirty)
        for start in range(0, len(dirty), _CHUNK):
            self._delete(dirty[start : start + _CHUNK])
        rows = [row for key in dirty if (row := self._rows[key]) is not None]
        if rows:
            self.conn.execute(insert(self.table), rows)
        self._dirty.clear()

    def _delete(self, keys: list[Key]) -> None:
        self.conn.execute(delete(self.table).where(self._where(keys)))

    def _where(self, keys: list[Key]) -> ColumnElement[bool]:
        columns = [self.table.c[name] for name in self.key_columns]
        if len(columns) == 1:
            return columns[0].in_([key[0] for key in keys])
        return tuple_(*columns).in_(keys)

    def _key_of(self, row: Any) -> Key:
        return tuple(row[name] for name in self.key_columns)
