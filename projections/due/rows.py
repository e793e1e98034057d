"""The rows one batch of the due model touches, and the few ways handlers change them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table

from projections.due.tables import DueKind
from projections.model import Change
from projections.rows import RowCache

Row = dict[str, Any]
Handler = Callable[["DueRows", Change], None]


def day(value: object) -> date:
    """A date field as a date: typed events carry dates, hand-fed ones ISO text."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def maybe_day(value: object) -> date | None:
    return None if value is None else day(value)


def item_key(owner: object, kind: DueKind, detail: object = "") -> str:
    """The item's key: the record that owes it (case, plan, beneficiary), kind, detail."""
    return f"{owner}:{kind.value}:{detail}"


class DueRows:
    """Cases, items and links of one batch: loaded once, changed in memory, written once."""

    def __init__(self, conn: Connection, tables: dict[str, Table]) -> None:
        self.cases = RowCache(conn, tables["due_cases"], ("case_id",))
        self.items = RowCache(conn, tables["due_items"], ("item_key",))
        self.links = RowCache(conn, tables["due_links"], ("record_id",))
        self.people = RowCache(conn, tables["due_people"], ("beneficiary_id",))
        self.proceedings_rows = RowCache(conn, tables["due_proceedings"], ("proceedings_id",))
        self.position = 0

    def case(self, case_id: object, change: Change) -> Row:
        row = self.cases.get((str(case_id),))
        if row is None:
            msg = f"{change.event_type} for case {case_id} that was never opened"
            raise LookupError(msg)
        return row

    def put_case(self, row: Row) -> None:
        self.cases.put((row["case_id"],), {**row, "position": self.position})

    def link(self, record_id: object, case_id: object) -> None:
        row = {"record_id": str(record_id), "case_id": str(case_id), "position": self.position}
        self.links.put((str(record_id),), row)

    def case_of(self, record_id: object, change: Change) -> str:
        """The case a plan (or other record linked to a case) belongs to."""
        row = self.links.get((str(record_id),))
        if row is None:
            msg = f"{change.event_type} for record {record_id} that no case was linked to"
            raise LookupError(msg)
        return str(row["case_id"])

    def put_item(self, key: str, kind: DueKind, due_on: date, **fields: Any) -> None:
        """Add or move an open item (a new due date reopens a met one)."""
        row = {
            "item_key": key,
            "case_id": None,
            "beneficiary_id": None,
            "kind": kind.value,
            "source": "",
            "anchor_on": None,
            "window_from": None,
            "window_to": None,
            **fields,
            "due_on": due_on,
            "done_on": None,
            "position": self.position,
        }
        self.items.put((key,), row)

    def done(self, key: str, on: date) -> None:
        """The item was met (or is no longer owed) on `on`; no item: nothing to do."""
        row = self.items.get((key,))
        if row is not None and row["done_on"] is None:
            self.items.put((key,), {**row, "done_on": on, "position": self.position})

    def item(self, key: str) -> Row | None:
        return self.items.get((key,))

    def contact(self, case_id: object, on: date, change: Change) -> None:
        """Someone from PVPT was in contact with the person of the case on `on`."""
        row = self.case(case_id, change)
        if on > row["last_contact_on"]:
            self.put_case({**row, "last_contact_on": on})

    # retention (projections/due/retention.py)
    def person(self, beneficiary_id: object) -> Row | None:
        return self.people.get((str(beneficiary_id),))

    def put_person(self, row: Row) -> None:
        self.people.put((row["beneficiary_id"],), {**row, "position": self.position})

    def anchor(self, beneficiary_id: object, on: date) -> None:
        """Retention counts from `on` at the earliest (a later event moves it on)."""
        row = self.person(beneficiary_id)
        if row is not None and on > row["anchor_on"]:
            self.put_person({**row, "anchor_on": on})

    def proceedings(self, proceedings_id: object) -> Row | None:
        return self.proceedings_rows.get((str(proceedings_id),))

    def put_proceedings(self, row: Row, is_open: int) -> None:
        key = (row["proceedings_id"],)
        self.proceedings_rows.put(key, {**row, "is_open": is_open, "position": self.position})

    def flush(self) -> None:
        for cache in (self.cases, self.items, self.links, self.people, self.proceedings_rows):
            cache.flush()
