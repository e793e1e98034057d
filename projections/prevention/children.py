"""Rows that belong to one parent (an activity's reach lines, a campaign's indicators):
loaded once per batch for the parents it touches, replaced whole in memory, written
back with one DELETE per chunk of parents and one INSERT."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

Row = dict[str, Any]

_CHUNK = 500


class ChildRows:
    """The rows of `table` per value of its `parent` column."""

    def __init__(self, conn: Connection, table: Table, parent: str) -> None:
        self.conn = conn
        self.table = table
        self.parent = parent
        self._rows: dict[str, list[Row]] = {}
        self._dirty: set[str] = set()

    def prefetch(self, parents: Iterable[str]) -> None:
        missing = list({p for p in parents if p not in self._rows})
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start : start + _CHUNK]
            for parent in chunk:
                self._rows[parent] = []
            query = select(self.table).where(self.table.c[self.parent].in_(chunk))
            for row in self.conn.execute(query).mappings():
                self._rows[row[self.parent]].append(dict(row))

    def of(self, parent: str) -> list[Row]:
        """A copy of the parent's rows, to change and `replace`."""
        self.prefetch([parent])
        return [dict(row) for row in self._rows[parent]]

    def replace(self, parent: str, rows: list[Row]) -> None:
        self._rows[parent] = rows
        self._dirty.add(parent)

    def update(self, parent: str, **values: Any) -> None:
        """Set the same columns on every row of the parent."""
        self.replace(parent, [{**row, **values} for row in self.of(parent)])

    def flush(self) -> None:
        dirty = list(self._dirty)
        column = self.table.c[self.parent]
        for start in range(0, len(dirty), _CHUNK):
            self.conn.execute(delete(self.table).where(column.in_(dirty[start : start + _CHUNK])))
        rows = [row for parent in dirty for row in self._rows[parent]]
        if rows:
            self.conn.execute(insert(self.table), rows)
        self._dirty.clear()
