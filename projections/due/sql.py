"""The SELECT of what is due, as of the day it is read (Kosovo's day, projections.time_sql).

One builder serves the analysts' view `due` and the API, CLI and case file, which pass
the `no_contact_days` setting as it is when they read: the tables keep the anchor
(the day of the last contact), so a new setting applies without a rebuild. Open items
are those of open cases not yet met (`done_on` null); an item with a window is overdue
after the window's last day, any other after its due day. A reflection period's end
(`LAPSING`) is listed until that day and leaves the list after it: a period that ran
its course is over, nothing is left to record for it, so it is never overdue.
A beneficiary's end of retention (issue 17) is listed from a month before its day, with the
retention settings as they are read (projections/due/retention.py); `due_by_worker` leaves
it out: it is the administrators' work, not a caseworker's.
"""

from __future__ import annotations

from domain.retention.policy import RetentionRules
from projections.due.retention import RETENTION_NOTICE_DAYS, ends_year_sql, new_year_sql
from projections.due.tables import DUE_SOON_DAYS, LAPSING, DueKind
from projections.time_sql import local_today_sql

COLUMNS = (
    "item_id",
    "case_id",
    "case_number",
    "beneficiary_code",
    "worker",
    "kind",
    "due_on",
    "window_from",
    "window_to",
    "anchor_on",
    "source",
    "done_on",
    "overdue",
    "days_overdue",
)


def add_days_sql(dialect: str, day: str, days: int) -> str:
    """SQL for the date `days` days after the date `day` (an SQL expression)."""
    if dialect == "postgresql":
        return f"CAST(({day}) + {int(days)} AS DATE)"
    return f"date({day}, '{int(days):+d} days')"


def _days_late(dialect: str, last_day: str, today: str) -> str:
    if dialect == "postgresql":
        return f"GREATEST({today} - ({last_day}), 0)"
    return f"MAX(CAST(julianday({today}) - julianday({last_day}) AS INTEGER), 0)"


def _judged(dialect: str, last_day: str) -> str:
    today = local_today_sql(dialect)
    overdue = f"CASE WHEN {last_day} < {today} THEN 1 ELSE 0 END AS overdue"
    return f"{overdue}, {_days_late(dialect, last_day, today)} AS days_overdue"


CASE_COLUMNS = "c.case_id, c.case_number, c.beneficiary_code, c.caseworker AS worker"


def open_items_sql(
    dialect: str,
    items: str,
    cases: str,
    no_contact_days: int,
    retention: RetentionRules | None = None,
) -> str:
    """Every open item of every open case, with `overdue` judged today; with `retention`,
    the `retention_end` items too (the tables `due_people` and `due_proceedings` of the
    same generation as `items`)."""
    stored = _stored_items_sql(dialect, items, cases)
    sql = f"{stored} UNION ALL {_no_contact_sql(dialect, cases, no_contact_days)}"
    if retention is not None:
        sql += f" UNION ALL {retention_items_sql(dialect, items, cases, retention)}"
    return sql


def retention_items_sql(dialect: str, items: str, cases: str, rules: RetentionRules) -> str:
    """One `retention_end` item per beneficiary not erased, with a case, none of whose cases
    is open and none of whose criminal proceedings is undecided, from
    `RETENTION_NOTICE_DAYS` before the 1 January their retention ends on."""
    people, proceedings = (items.replace("due_items", name, 1) for name in _RETENTION_TABLES)
    year, rule = ends_year_sql(dialect, rules)
    ends_on = new_year_sql(dialect, year)
    null_day = "CAST(NULL AS DATE)"
    notice = add_days_sql(dialect, local_today_sql(dialect), RETENTION_NOTICE_DAYS)
    kind = DueKind.RETENTION_END.value
    return (
        f"SELECT p.beneficiary_id || ':' || '{kind}' AS item_id, p.last_case_id AS case_id, "
        "p.last_case_number AS case_number, p.beneficiary_code, NULL AS worker, "
        f"'{kind}' AS kind, {ends_on} AS due_on, {null_day} AS window_from, "
        f"{null_day} AS window_to, p.anchor_on AS anchor_on, "
        f"'retention ' || {rule} AS source, {null_day} AS done_on, {_judged(dialect, ends_on)} "
        f'FROM "{people}" p WHERE p.erased_on IS NULL AND p.last_case_id IS NOT NULL '
        f'AND NOT EXISTS (SELECT 1 FROM "{cases}" c '
        "WHERE c.beneficiary_id = p.beneficiary_id AND c.is_open = 1) "
        f'AND NOT EXISTS (SELECT 1 FROM "{proceedings}" x '
        "WHERE x.beneficiary_id = p.beneficiary_id AND x.is_open = 1) "
        f"AND {ends_on} <= {notice}"
    )


_RETENTION_TABLES = ("due_people", "due_proceedings")


def _stored_items_sql(dialect: str, items: str, cases: str) -> str:
    """The items the tables keep, not yet met, of open cases; a lapsing kind until its day."""
    lapsing = ", ".join(f"'{kind.value}'" for kind in LAPSING)
    return (
        f"SELECT c.case_id || ':' || i.item_key AS item_id, {CASE_COLUMNS}, i.kind, i.due_on, "
        "i.window_from, i.window_to, i.anchor_on, i.source, i.done_on, "
        f"{_judged(dialect, 'COALESCE(i.window_to, i.due_on)')} "
        f'FROM "{items}" i JOIN "{cases}" c ON c.case_id = i.case_id '
        "OR (i.case_id IS NULL AND c.beneficiary_id = i.beneficiary_id) "
        "WHERE c.is_open = 1 AND i.done_on IS NULL "
        f"AND NOT (i.kind IN ({lapsing}) AND i.due_on < {local_today_sql(dialect)})"
    )


def _no_contact_sql(dialect: str, cases: str, no_contact_days: int) -> str:
    """One `no_contact` item per open case: the last contact + `no_contact_days`."""
    null_day = "CAST(NULL AS DATE)"
    no_contact_on = add_days_sql(dialect, "c.last_contact_on", no_contact_days)
    return (
        f"SELECT c.case_id || ':' || '{DueKind.NO_CONTACT.value}' AS item_id, {CASE_COLUMNS}, "
        f"'{DueKind.NO_CONTACT.value}' AS kind, {no_contact_on} AS due_on, "
        f"{null_day} AS window_from, {null_day} AS window_to, c.last_contact_on AS anchor_on, "
        f"'contact every {int(no_contact_days)} days' AS source, {null_day} AS done_on, "
        f"{_judged(dialect, no_contact_on)} "
        f'FROM "{cases}" c WHERE c.is_open = 1'
    )


def by_worker_sql(dialect: str) -> str:
    """Per caseworker: open items, overdue ones, and those due within `DUE_SOON_DAYS`."""
    soon = add_days_sql(dialect, local_today_sql(dialect), DUE_SOON_DAYS)
    return (
        "SELECT COALESCE(worker, '(unassigned)') AS worker, COUNT(*) AS open_items, "
        "SUM(overdue) AS overdue, "
        f"SUM(CASE WHEN overdue = 0 AND due_on <= {soon} THEN 1 ELSE 0 END) AS due_soon "
        f"FROM due WHERE kind <> '{DueKind.RETENTION_END.value}' "
        "GROUP BY COALESCE(worker, '(unassigned)')"
    )
