"""Outcomes: how reintegration plans, cases and shelter stays end (docs/read-models/outcomes.md).

Fed by Case, ShelterStay and ReintegrationPlan events. Analysts read three views:

- `reintegration_outcomes`: one row per plan (goals, status, follow-ups at 3/6/12 months);
- `case_outcomes`: one row per closed case (the table keeps every case, so a reopened
  case comes back with its history when it closes again), with `closure_band`;
- `outcomes_by_quarter`: per calendar quarter, counts, the reintegrated share and
  medians — kept as a table, recounted at the end of each batch for the quarters the
  batch touched, from the rows of `outcome_facts`.

Two helper tables (also readable as views) hold what the quarters need:
`outcome_stays` (each stay's admission date, for its length of stay) and
`outcome_facts` (one row per case opened, case closed — at its latest closure —,
stay discharged and re-trafficking follow-up, with its quarter and duration).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
)

from domain.local_time import local_date
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    FollowUpStatus,
    GoalStatus,
    PlanStatus,
)
from projections.model import Change, ReadModel, physical_name
from projections.rows import RowCache

Row = dict[str, Any]

CASE_OPENED = "case_opened"
CASE_CLOSED = "case_closed"
STAY_DISCHARGED = "stay_discharged"
RE_TRAFFICKED = "re_trafficked"

CLOSURE_BANDS = ((30, "<=1 month"), (91, "1-3 months"), (182, "3-6 months"))
LONGEST_BAND = ">6 months"


def quarter_of(day: date) -> str:
    """The calendar quarter of a day, like '2026-Q1'."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


class Outcomes(ReadModel):
    name = "outcomes"
    aggregate_types = frozenset({"Case", "ShelterStay", "ReintegrationPlan"})

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            view: table(metadata, physical_name(view, generation))
            for view, table in _TABLES.items()
        }

    def view_sql(self, view: str, table: Table, dialect: str) -> str:
        # The same SQL on PostgreSQL and SQLite: plain CASE and IS NOT NULL only.
        if view != "case_outcomes":
            return super().view_sql(view, table, dialect)
        bands = " ".join(
            f"WHEN days_to_closure <= {days} THEN '{band}'" for days, band in CLOSURE_BANDS
        )
        return (
            "SELECT case_id, case_number, beneficiary_code, referred_on, opened_on, "
            "closed_on, closure_reason, days_to_closure, "
            f"CASE {bands} ELSE '{LONGEST_BAND}' END AS closure_band, "
            "services_received, service_types, referrals_out, referrals_accepted, "
            "reopened_count, re_trafficked, position "
            f'FROM "{table.name}" WHERE closed_on IS NOT NULL'
        )

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        changes = [c for c in batch if c.aggregate_type in _RECORDS]
        rows = _BatchRows(conn, tables, changes)
        for change in changes:
            _apply(rows, _RECORDS[change.aggregate_type], change)
        rows.flush()


# ------------------------------------------------------------------ tables


def _plans_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("plan_id", String(36), primary_key=True),
        Column("case_id", String(36), nullable=False),
        Column("case_number", String(32), nullable=False),
        Column("status", String(16), nullable=False),
        Column("goals_total", Integer, nullable=False),
        Column("goals_achieved", Integer, nullable=False),
        Column("goals_abandoned", Integer, nullable=False),
        Column("goals_open", Integer, nullable=False),
        Column("goal_types", String(400)),
        Column("drafted_on", Date, nullable=False),
        Column("completed_on", Date),
        Column("discontinued_on", Date),
        Column("follow_up_3m", String(16)),
        Column("follow_up_6m", String(16)),
        Column("follow_up_12m", String(16)),
        Column("position", Integer, nullable=False),
    )


def _cases_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("case_id", String(36), primary_key=True),
        Column("case_number", String(32), nullable=False),
        Column("beneficiary_code", String(32), nullable=False),
        Column("referred_on", Date, nullable=False),
        Column("opened_on", Date, nullable=False),
        Column("closed_on", Date),
        Column("closure_reason", String(32)),
        Column("days_to_closure", Integer),
        Column("services_received", Integer, nullable=False),
        Column("service_types", String(300)),
        Column("referrals_out", Integer, nullable=False),
        Column("referrals_accepted", Integer, nullable=False),
        Column("reopened_count", Integer, nullable=False),
        Column("re_trafficked", Integer, nullable=False),
        Column("pending_closure_reason", String(32)),
        Column("position", Integer, nullable=False),
    )


def _quarters_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("quarter", String(7), primary_key=True),
        Column("cases_opened", Integer, nullable=False),
        Column("cases_closed", Integer, nullable=False),
        Column("cases_reintegrated", Integer, nullable=False),
        Column("reintegrated_share", Float),
        Column("re_trafficked_count", Integer, nullable=False),
        Column("stays_discharged", Integer, nullable=False),
        Column("median_length_of_stay_days", Float),
        Column("median_days_to_closure", Float),
    )


def _stays_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("stay_id", String(36), primary_key=True),
        Column("case_id", String(36), nullable=False),
        Column("admitted_on", Date, nullable=False),
        Column("discharged_on", Date),
        Column("length_of_stay_days", Integer),
        Column("position", Integer, nullable=False),
    )


def _facts_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("kind", String(16), primary_key=True),
        Column("subject_id", String(48), primary_key=True),
        Column("quarter", String(7), nullable=False, index=True),
        Column("days", Integer),
        Column("closure_reason", String(32)),
    )


_TABLES: dict[str, Callable[[MetaData, str], Table]] = {
    "reintegration_outcomes": _plans_table,
    "case_outcomes": _cases_table,
    "outcomes_by_quarter": _quarters_table,
    "outcome_stays": _stays_table,
    "outcome_facts": _facts_table,
}


# ------------------------------------------------------------ batch rows


class _BatchRows:
    """The rows one batch touches: loaded once, changed in memory, written once."""

    def __init__(self, conn: Connection, tables: dict[str, Table], changes: list[Change]) -> None:
        self.conn = conn
        self.tables = tables
        self.cases = RowCache(conn, tables["case_outcomes"], ("case_id",))
        self.plans = RowCache(conn, tables["reintegration_outcomes"], ("plan_id",))
        self.stays = RowCache(conn, tables["outcome_stays"], ("stay_id",))
        self.facts = RowCache(conn, tables["outcome_facts"], ("kind", "subject_id"))
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
        for cache in (self.cases, self.plans, self.stays, self.facts):
            cache.flush()
        if self.touched_quarters:
            _recount_quarters(self.conn, self.tables, sorted(self.touched_quarters))


def _keys(changes: list[Change], aggregate_type: str) -> Iterable[tuple[str]]:
    return ((str(c.aggregate_id),) for c in changes if c.aggregate_type == aggregate_type)


# ------------------------------------------------------------- dispatch

Start = Callable[[_BatchRows, Change], Row]
Handler = Callable[[_BatchRows, Row, Change], None]


@dataclass(frozen=True)
class _Record:
    """How one kind of record is projected: its row, its first event, its handlers."""

    noun: str  # "case"
    cache: Callable[[_BatchRows], RowCache]
    created_by: str  # "Case.Opened"
    never: str  # "opened"
    start: Start
    handlers: dict[str, Handler]


def _apply(rows: _BatchRows, record: _Record, change: Change) -> None:
    cache, key = record.cache(rows), (str(change.aggregate_id),)
    is_start = change.event_type == record.created_by
    row = record.start(rows, change) if is_start else cache.get(key)
    if row is None:
        msg = (
            f"{change.event_type} for {record.noun} {change.aggregate_id} "
            f"that was never {record.never}"
        )
        raise LookupError(msg)
    handler = record.handlers.get(change.event_type)
    if handler is not None:
        handler(rows, row, change)
    cache.put(key, {**row, "position": change.position})


def _with_value(listing: str | None, value: str) -> str:
    """A sorted, comma-joined list of distinct picklist values, with `value` added."""
    values = set(listing.split(",")) if listing else set()
    return ",".join(sorted(values | {str(value)}))


# ------------------------------------------------------------------ cases


def _case_opened(rows: _BatchRows, change: Change) -> Row:
    case_id, opened_on = str(change.aggregate_id), local_date(change.at)
    rows.record_fact(CASE_OPENED, case_id, opened_on)
    return {
        "case_id": case_id,
        "case_number": change.fields["case_number"],
        "beneficiary_code": change.fields["beneficiary_code"],
        "referred_on": change.fields["referral"].referred_on,
        "opened_on": opened_on,
        "closed_on": None,
        "closure_reason": None,
        "days_to_closure": None,
        "services_received": 0,
        "service_types": None,
        "referrals_out": 0,
        "referrals_accepted": 0,
        "reopened_count": 0,
        "re_trafficked": 0,
        "pending_closure_reason": None,
    }


def _close(rows: _BatchRows, case: Row, reason: str | None, on: date) -> None:
    days = (on - case["referred_on"]).days
    reason_value = None if reason is None else ClosureReason(reason).value
    case.update(closed_on=on, closure_reason=reason_value, days_to_closure=days)
    case["pending_closure_reason"] = None
    rows.record_fact(CASE_CLOSED, case["case_id"], on, days, reason_value)


def _screened_out(rows: _BatchRows, case: Row, change: Change) -> None:
    _close(rows, case, ClosureReason.NOT_A_VICTIM, change.fields["screened_on"])


def _approval_requested(_rows: _BatchRows, case: Row, change: Change) -> None:
    if change.fields["subject"] == ApprovalSubject.CLOSURE:
        case["pending_closure_reason"] = ClosureReason(change.fields["closure_reason"]).value


def _approval_granted(rows: _BatchRows, case: Row, change: Change) -> None:
    if change.fields["subject"] == ApprovalSubject.CLOSURE:
        _close(rows, case, case["pending_closure_reason"], local_date(change.at))


def _approval_rejected(_rows: _BatchRows, case: Row, change: Change) -> None:
    if change.fields["subject"] == ApprovalSubject.CLOSURE:
        case["pending_closure_reason"] = None


def _reopened(rows: _BatchRows, case: Row, _change: Change) -> None:
    if case["closed_on"] is not None:
        rows.forget_fact(CASE_CLOSED, case["case_id"], case["closed_on"])
    case.update(closed_on=None, closure_reason=None, days_to_closure=None)
    case["reopened_count"] += 1


def _service_delivered(_rows: _BatchRows, case: Row, change: Change) -> None:
    case["services_received"] += 1
    case["service_types"] = _with_value(case["service_types"], change.fields["service"])


def _referred_out(_rows: _BatchRows, case: Row, _change: Change) -> None:
    case["referrals_out"] += 1


def _referral_accepted(_rows: _BatchRows, case: Row, _change: Change) -> None:
    case["referrals_accepted"] += 1


# ------------------------------------------------------------------ plans


def _drafted(rows: _BatchRows, change: Change) -> Row:
    case_id = str(change.fields["case_id"])
    rows.case(case_id, change)
    return {
        "plan_id": str(change.aggregate_id),
        "case_id": case_id,
        "case_number": change.fields["case_number"],
        "status": PlanStatus.ACTIVE.value,
        "goals_total": 0,
        "goals_achieved": 0,
        "goals_abandoned": 0,
        "goals_open": 0,
        "goal_types": None,
        "drafted_on": local_date(change.at),
        "completed_on": None,
        "discontinued_on": None,
        "follow_up_3m": None,
        "follow_up_6m": None,
        "follow_up_12m": None,
    }


def _goal_added(_rows: _BatchRows, plan: Row, change: Change) -> None:
    plan["goals_total"] += 1
    plan["goals_open"] += 1
    plan["goal_types"] = _with_value(plan["goal_types"], change.fields["type"])


def _goal_settled(status: GoalStatus) -> Handler:
    def settle(_rows: _BatchRows, plan: Row, _change: Change) -> None:
        plan["goals_open"] -= 1
        plan[f"goals_{status.value}"] += 1

    return settle


def _completed(_rows: _BatchRows, plan: Row, change: Change) -> None:
    plan.update(status=PlanStatus.COMPLETED.value, completed_on=change.fields["completed_on"])


def _discontinued(_rows: _BatchRows, plan: Row, change: Change) -> None:
    plan.update(status=PlanStatus.DISCONTINUED.value, discontinued_on=local_date(change.at))


def _follow_up_recorded(rows: _BatchRows, plan: Row, change: Change) -> None:
    month, status = change.fields["month"], FollowUpStatus(change.fields["status"])
    column = f"follow_up_{month}m"
    if column not in plan:
        msg = f"{change.event_type} of plan {change.aggregate_id}: no follow-up month {month}"
        raise ValueError(msg)
    plan[column] = status.value
    if status is FollowUpStatus.RE_TRAFFICKED:
        _re_trafficked(rows, plan, change)


def _re_trafficked(rows: _BatchRows, plan: Row, change: Change) -> None:
    case = rows.case(plan["case_id"], change)
    case["re_trafficked"] = 1
    rows.cases.put((case["case_id"],), case)
    subject = f"{plan['plan_id']}/{change.fields['month']}"
    rows.record_fact(RE_TRAFFICKED, subject, change.fields["visited_on"])


# ------------------------------------------------------------------ stays


def _admitted(_rows: _BatchRows, change: Change) -> Row:
    return {
        "stay_id": str(change.aggregate_id),
        "case_id": str(change.fields["case_id"]),
        "admitted_on": change.fields["admitted_on"],
        "discharged_on": None,
        "length_of_stay_days": None,
    }


def _discharged(rows: _BatchRows, stay: Row, change: Change) -> None:
    discharged_on: date = change.fields["discharged_on"]
    days = (discharged_on - stay["admitted_on"]).days
    stay.update(discharged_on=discharged_on, length_of_stay_days=days)
    rows.record_fact(STAY_DISCHARGED, stay["stay_id"], discharged_on, days)


_RECORDS = {
    "Case": _Record(
        "case",
        lambda rows: rows.cases,
        "Case.Opened",
        "opened",
        _case_opened,
        {
            "Case.ScreenedOut": _screened_out,
            "Case.ApprovalRequested": _approval_requested,
            "Case.ApprovalGranted": _approval_granted,
            "Case.ApprovalRejected": _approval_rejected,
            "Case.Reopened": _reopened,
            "Case.ServiceDelivered": _service_delivered,
            "Case.ReferredOut": _referred_out,
            "Case.ReferralAccepted": _referral_accepted,
        },
    ),
    "ReintegrationPlan": _Record(
        "plan",
        lambda rows: rows.plans,
        "ReintegrationPlan.Drafted",
        "drafted",
        _drafted,
        {
            "ReintegrationPlan.GoalAdded": _goal_added,
            "ReintegrationPlan.GoalAchieved": _goal_settled(GoalStatus.ACHIEVED),
            "ReintegrationPlan.GoalAbandoned": _goal_settled(GoalStatus.ABANDONED),
            "ReintegrationPlan.Completed": _completed,
            "ReintegrationPlan.Discontinued": _discontinued,
            "ReintegrationPlan.FollowUpRecorded": _follow_up_recorded,
        },
    ),
    "ShelterStay": _Record(
        "stay",
        lambda rows: rows.stays,
        "ShelterStay.Admitted",
        "admitted",
        _admitted,
        {"ShelterStay.Discharged": _discharged},
    ),
}


# --------------------------------------------------------------- quarters


def _recount_quarters(conn: Connection, tables: dict[str, Table], quarters: list[str]) -> None:
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
