"""Reading what is due as staff ask for it (the CLI; the API pages the same SELECT):
the open items of the active generation, with `no_contact_days` as set now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, column, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Subquery

from domain.retention.policy import RetentionRules
from projections import catalog
from projections.due.sql import COLUMNS, open_items_sql
from projections.model import physical_name

MODEL = "due"


class NotBuilt(LookupError):
    """The due model has no active generation yet (its worker never ran)."""


@dataclass(frozen=True)
class DueQuery:
    """What to list: every filter optional."""

    worker: str | None = None
    case_id: str | None = None
    kind: str | None = None
    overdue: bool | None = None


def open_items(
    conn: Connection, no_contact_days: int, retention: RetentionRules | None = None
) -> Subquery:
    try:
        active = conn.execute(
            select(catalog.generations.c.active).where(catalog.generations.c.projection == MODEL)
        ).scalar_one_or_none()
    except DBAPIError:  # no catalog yet: no read model was ever built here
        active = None
    if active is None:
        raise NotBuilt(f"read model {MODEL} has not been built yet; start its worker")
    items, cases = (physical_name(t, int(active)) for t in ("due_items", "due_cases"))
    sql = open_items_sql(conn.dialect.name, items, cases, no_contact_days, retention)
    return text(sql).columns(*(column(name) for name in COLUMNS)).subquery("due")


def due_rows(
    conn: Connection,
    query: DueQuery,
    no_contact_days: int,
    retention: RetentionRules | None = None,
) -> list[dict[str, Any]]:
    """The open items the query asks for, by due day then case number (with `retention`,
    the ends of retention too)."""
    rows = open_items(conn, no_contact_days, retention)
    where = []
    if query.worker is not None:
        where.append(rows.c.worker == query.worker)
    if query.case_id is not None:
        where.append(rows.c.case_id == query.case_id)
    if query.kind is not None:
        where.append(rows.c.kind == query.kind)
    if query.overdue is not None:
        where.append(rows.c.overdue == int(query.overdue))
    ordered = select(rows).where(*where).order_by(rows.c.due_on, rows.c.case_number, rows.c.kind)
    return [dict(row) for row in conn.execute(ordered).mappings()]
