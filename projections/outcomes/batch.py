"""The rows one outcomes batch touches, the facts it records and the quarters it recounts."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from domain.vocab import ClosureReason
from projections.model import Change
from projections.rows import RowCache

Row = dict[str, Any]

CASE_OPENED = "case_opened"
CASE_CLOSED = "case_closed"
STAY_DISCHARGED = "stay_discharged"
RE_TRAFFICKED = "re_trafficked"


def quarter_of(day: date) -> str:
    """The calendar quarter of a day, like '2026-Q1'."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


class BatchRows:
    """The rows one batch touches: loaded once, changed in memory, written once."""

    def __init__(self, conn: Connection, tables: dict[str, Table], changes: list[Change]) -> None:
        self.conn = conn
        self.tables = tables
        self.cases = RowCache(conn, tables["case_outcomes"], ("case_id",))
        self.plans = RowCache(conn, tables["reintegration_outcomes"], ("plan_id",))
        self.stays = RowCache(conn, tables["outcome_stays"], ("stay_id",))
        self.facts = RowCache(conn, tables["outcome_facts"], ("kind", "subject_id"))
        self.screenings = RowCache(conn, tables["screening_outcomes"], ("case_id", "screening"))
        self.touched_quarters: set[str] = set()
        self.plans.prefetch(_keys(changes, "ReintegrationPlan"))
        self.stays.prefetch(_keys(changes, "ShelterStay"))
        self.cases.prefetch((case_id,) for case_id in self._case_ids(changes))

    def _case_ids(self, changes: list[Change]) -> set[str]:
        """Cases the batch changes, plans are drafted for, or plans follow up on."""
        ids = {str(c.aggregate_id) for c in changes if c.aggregate_type == "Case"}
        drafted = (c for c in changes if c.event_type == "ReintegrationPlan.Drafted")
        ids.update(str(c.fields["case_id"]) for c in drafted)
        followed = (c for c in changes if c.event_type == "ReintegrationPlan.FollowUpRecorded")
        plans = (self.plans.get((str(c.aggregate_id),)) for c in followed)
        return ids | {plan["case_id"] for plan in plans if plan is not None}

    def case(self, case_id: str, change: Change) -> Row:
        row = self.cases.get((case_id,))
        if row is None:
            msg = f"{change.event_type} for case {case_id} that was never opened"
            raise LookupError(msg)
        return row

    def record_fact(
        self,
        kind: str,
        subject_id: str,
        on: date,
        days: int | None = None,
        reason: str | None = None,
    ) -> None:
        quarter = quarter_of(on)
        fact = {"kind": kind, "subject_id": subject_id, "quarter": quarter, "days": days}
        self.facts.put((kind, subject_id), {**fact, "closure_reason": reason})
        self.touched_quarters.add(quarter)

    def forget_fact(self, kind: str, subject_id: str, on: date) -> None:
        self.facts.delete((kind, subject_id))
        self.touched_quarters.add(quarter_of(on))

    def flush(self) -> None:
        for cache in (self.cases, self.plans, self.stays, self.facts, self.screenings):
            cache.flush()
        if self.touched_quarters:
            recount_quarters(self.conn, self.tables, sorted(self.touched_quarters))


def _keys(changes: list[Change], aggregate_type: str) -> Iterable[tuple[str]]:
    return ((str(c.aggregate_id),) for c in changes if c.aggregate_type == aggregate_type)


# --------------------------------------------------------------- quarters


def recount_quarters(conn: Connection, tables: dict[str, Table], quarters: list[str]) -> None:
    """Recount the touched quarters from their facts: one SELECT, one DELETE, one INSERT."""
    facts, totals = tables["outcome_facts"], tables["outcomes_by_quarter"]
    found: dict[str, list[Row]] = {quarter: [] for quarter in quarters}
    for fact in conn.execute(select(facts).where(facts.c.quarter.in_(quarters))).mappings():
        found[fact["quarter"]].append(dict(fact))
    conn.execute(delete(totals).where(totals.c.quarter.in_(quarters)))
    counted = [_quarter_row(quarter, rows) for quarter, rows in found.items() if rows]
    if counted:
        conn.execute(insert(totals), counted)


def _quarter_row(quarter: str, facts: list[Row]) -> Row:
    closures = [f for f in facts if f["kind"] == CASE_CLOSED]
    stays = [f["days"] for f in facts if f["kind"] == STAY_DISCHARGED]
    reintegrated = sum(1 for f in closures if f["closure_reason"] == ClosureReason.REINTEGRATED)
    return {
        "quarter": quarter,
        "cases_opened": sum(1 for f in facts if f["kind"] == CASE_OPENED),
        "cases_closed": len(closures),
        "cases_reintegrated": reintegrated,
        "reintegrated_share": reintegrated / len(closures) if closures else None,
        "re_trafficked_count": sum(1 for f in facts if f["kind"] == RE_TRAFFICKED),
        "stays_discharged": len(stays),
        "median_length_of_stay_days": _median(stays),
        "median_days_to_closure": _median([f["days"] for f in closures]),
    }


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None
