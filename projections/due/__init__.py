"""Due: what is due and overdue, per case and per caseworker (docs/read-models/due.md).

Fed by Case, ReintegrationPlan, CarePlan, Beneficiary and day-centre events
(projections/due/events.py has the one table from event to handler). The tables keep
every item with its due day and, once met, its `done_on`; no clock is read here:
`overdue` is judged in the view, against today's day in Kosovo, as it is read.

- `due`: the open items of open cases (a closed case's items drop out; reopened, the
  ones not yet met come back), with the `no_contact` item of each open case computed
  from its last contact and the setting `no_contact_days`;
- `due_by_worker`: per caseworker, open, overdue and due-soon counts;
- helper views `due_cases`, `due_items`, `due_links`: the tables as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, MetaData, Table

from domain.retention.policy import RetentionRules
from projections.due import retention
from projections.due.events import ACTIVITY_TYPES, AGGREGATE_TYPES, HANDLERS
from projections.due.rows import DueRows
from projections.due.sql import by_worker_sql, open_items_sql
from projections.due.tables import DEFAULT_NO_CONTACT_DAYS, TABLES, DueKind
from projections.model import Change, ReadModel, physical_name

__all__ = ["DEFAULT_NO_CONTACT_DAYS", "Due", "DueKind"]


class Due(ReadModel):
    name = "due"
    aggregate_types = AGGREGATE_TYPES
    # In the reporting schema (ADR 35): no code, case number, staff name or free text.
    reporting_views = {
        "due_by_worker": (
            "open_items",
            "overdue",
            "due_soon",
        ),
    }

    def __init__(
        self,
        no_contact_days: int = DEFAULT_NO_CONTACT_DAYS,
        retention_rules: RetentionRules | None = None,
    ) -> None:
        self.no_contact_days = no_contact_days
        self.retention_rules = retention_rules or RetentionRules()

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            view: table(metadata, physical_name(view, generation)) for view, table in TABLES.items()
        }

    def derived_views(self, dialect: str) -> dict[str, str]:
        items, cases = "due_items", "due_cases"
        return {
            "due": open_items_sql(
                dialect, items, cases, self.no_contact_days, self.retention_rules
            ),
            "due_by_worker": by_worker_sql(dialect),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        rows = DueRows(conn, tables)
        for change in batch:
            handler = HANDLERS.get(change.event_type)
            rows.position = change.position
            if handler is not None:
                handler(rows, change)
            if change.aggregate_type in ACTIVITY_TYPES:
                retention.activity(rows, change)
        rows.flush()
