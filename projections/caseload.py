"""Caseload: open cases and each caseworker's load (docs/read-models.md#caseload).

Fed by Case events only. The table keeps every case (closed ones too, so a
reopened case comes back with its history); the `caseload` view shows the open
ones, with `days_open` and `overdue` computed as of the day the view is read
(Kosovo's day, `projections.time_sql`); its days are Kosovo's (`domain.local_time`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Column, Connection, Date, Integer, MetaData, String, Table

from domain.local_time import local_date
from domain.vocab import ApprovalSubject, RiskLevel, Stage
from projections.model import Change, ReadModel, physical_name
from projections.rows import RowCache
from projections.time_sql import Instant, days_between_sql, local_today_sql

REVIEW_INTERVAL = {
    RiskLevel.HIGH: timedelta(days=7),
    RiskLevel.MEDIUM: timedelta(days=30),
    RiskLevel.LOW: timedelta(days=90),
}
FIRST_ASSESSMENT_DUE = timedelta(days=3)

_STAGE_OF = {
    "Case.ScreeningStarted": Stage.SCREENING,
    "Case.ScreenedOut": Stage.CLOSED,
    "Case.AssessmentStarted": Stage.ASSESSMENT,
    "Case.ReintegrationStarted": Stage.REINTEGRATION,
    "Case.FollowUpStarted": Stage.FOLLOW_UP,
    "Case.Rescreened": Stage.SCREENING,  # identification: screened again on new information
}
_STAGE_AFTER_APPROVAL = {
    ApprovalSubject.ASSESSMENT: Stage.CASE_PLAN,
    ApprovalSubject.CASE_PLAN: Stage.SERVICE_PROVISION,
    ApprovalSubject.CLOSURE: Stage.CLOSED,
}
_OPEN_STAGES = [stage.value for stage in Stage if stage is not Stage.CLOSED]


class Caseload(ReadModel):
    name = "caseload"
    aggregate_types = frozenset({"Case"})
    # In the reporting schema (ADR 35): no code, case number, staff name or free text.
    reporting_views = {
        "caseload_by_worker": (
            "open_cases",
            "intake",
            "screening",
            "reflection_period",
            "assessment",
            "case_plan",
            "service_provision",
            "reintegration",
            "follow_up",
            "high_risk",
            "overdue",
            "in_reflection_period",
            "caseload_band",
        ),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        table = Table(
            physical_name("caseload", generation),
            metadata,
            Column("case_id", String(36), primary_key=True),
            Column("case_number", String(32), nullable=False),
            Column("beneficiary_code", String(32), nullable=False),
            Column("caseworker", String(100)),
            Column("stage", String(32), nullable=False),
            Column("risk_level", String(16)),
            Column("opened_on", Date, nullable=False),
            Column("last_activity_at", Instant(), nullable=False),
            Column("risk_assessed_on", Date),
            Column("next_review_due", Date, nullable=False),
            # the reflection and recovery period, latest (docs/read-models/caseload.md)
            Column("reflection_basis", String(32)),
            Column("reflection_started_on", Date),
            Column("reflection_ends_on", Date),
            Column("reflection_extended_days", Integer),
            Column("reflection_ended_on", Date),
            Column("reflection_end_reason", String(32)),
            Column("position", Integer, nullable=False),
        )
        return {"caseload": table}

    def view_sql(self, view: str, table: Table, dialect: str) -> str:
        today = local_today_sql(dialect)
        days_open = days_between_sql(dialect, "opened_on", today)
        return (
            "SELECT case_id, case_number, beneficiary_code, caseworker, stage, risk_level, "
            f"opened_on, {days_open} AS days_open, last_activity_at, risk_assessed_on, "
            f"next_review_due, CASE WHEN next_review_due < {today} THEN 1 ELSE 0 END AS overdue, "
            f"{_reflection_columns(dialect, today)}, "
            f"position FROM \"{table.name}\" WHERE stage <> 'closed'"
        )

    def derived_views(self, dialect: str) -> dict[str, str]:
        per_stage = ", ".join(
            f"SUM(CASE WHEN stage = '{stage}' THEN 1 ELSE 0 END) AS {stage}"
            for stage in _OPEN_STAGES
        )
        return {
            "caseload_by_worker": (
                "SELECT COALESCE(caseworker, '(unassigned)') AS caseworker, "
                f"COUNT(*) AS open_cases, {per_stage}, "
                "SUM(CASE WHEN risk_level = 'high' THEN 1 ELSE 0 END) AS high_risk, "
                "SUM(overdue) AS overdue, "
                "SUM(CASE WHEN reflection_days_left IS NULL THEN 0 ELSE 1 END) "
                "AS in_reflection_period, "
                "CASE WHEN COUNT(*) < 10 THEN '<10' WHEN COUNT(*) < 20 THEN '10-19' "
                "WHEN COUNT(*) < 30 THEN '20-29' ELSE '30+' END AS caseload_band "
                "FROM caseload GROUP BY COALESCE(caseworker, '(unassigned)')"
            )
        }

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        cases = RowCache(conn, tables["caseload"], ("case_id",))
        changes = [c for c in batch if c.aggregate_type == "Case"]
        keys = [(str(c.aggregate_id),) for c in changes]
        cases.prefetch(keys)
        for change, key in zip(changes, keys, strict=True):
            row = _opened(change) if change.event_type == "Case.Opened" else cases.get(key)
            if row is None:
                msg = f"{change.event_type} for case {change.aggregate_id} that was never opened"
                raise LookupError(msg)
            _evolve(row, change)
            cases.put(key, {**row, "last_activity_at": change.at, "position": change.position})
        cases.flush()


def _opened(change: Change) -> dict[str, Any]:
    opened_on = local_date(change.at)
    return {
        "case_id": str(change.aggregate_id),
        "case_number": change.fields["case_number"],
        "beneficiary_code": change.fields["beneficiary_code"],
        "caseworker": None,
        "stage": Stage.INTAKE.value,
        "risk_level": None,
        "opened_on": opened_on,
        "risk_assessed_on": None,
        "next_review_due": opened_on + FIRST_ASSESSMENT_DUE,
        **dict.fromkeys(_REFLECTION_FIELDS),
    }


def _evolve(row: dict[str, Any], change: Change) -> None:
    fields = change.fields
    if change.event_type in _STAGE_OF:
        row["stage"] = _STAGE_OF[change.event_type].value
    elif change.event_type in _REFLECTION_EVENTS:
        _reflection(row, change)
    elif change.event_type == "Case.ApprovalGranted":
        row["stage"] = _STAGE_AFTER_APPROVAL[fields["subject"]].value
    elif change.event_type == "Case.Reopened":
        row["stage"] = Stage(fields["stage"]).value
    elif change.event_type == "Case.CaseworkerAssigned":
        row["caseworker"] = fields["caseworker"]
    elif change.event_type == "Case.RiskAssessed":
        _risk_assessed(row, RiskLevel(fields["level"]), fields["assessed_on"])


def _risk_assessed(row: dict[str, Any], level: RiskLevel, on: date) -> None:
    row["risk_level"] = level.value
    row["risk_assessed_on"] = on
    row["next_review_due"] = on + REVIEW_INTERVAL[level]


# ------------------------------------------------- reflection and recovery period

_REFLECTION_FIELDS = (
    "reflection_basis",
    "reflection_started_on",
    "reflection_ends_on",
    "reflection_extended_days",
    "reflection_ended_on",
    "reflection_end_reason",
)
_REFLECTION_EVENTS = frozenset(
    {
        "Case.ScreenedIn",
        "Case.ReflectionPeriodStarted",
        "Case.ReflectionPeriodExtended",
        "Case.ReflectionPeriodEnded",
    }
)
_LEGACY_BASIS = "legacy_screening"


def _reflection_columns(dialect: str, today: str) -> str:
    """The period's stored columns, and the days left of one running today."""
    left = days_between_sql(dialect, today, "reflection_ends_on")
    running = (
        f"reflection_ended_on IS NULL AND reflection_started_on <= {today} "
        f"AND reflection_ends_on >= {today}"
    )
    days_left = f"CASE WHEN {running} THEN {left} END AS reflection_days_left"
    return f"{', '.join(_REFLECTION_FIELDS)}, {days_left}"


def _reflection(row: dict[str, Any], change: Change) -> None:
    """A stored ScreenedIn with an end (class_version < 3) put the case in stage
    reflection_period with a legacy 90-day period; a new one moves it to assessment."""
    fields = change.fields
    if change.event_type == "Case.ScreenedIn":
        ends = fields["reflection_ends_on"]
        row["stage"] = (Stage.ASSESSMENT if ends is None else Stage.REFLECTION_PERIOD).value
        if ends is not None:
            _period_started(row, _LEGACY_BASIS, fields["screened_on"], ends)
    elif change.event_type == "Case.ReflectionPeriodStarted":
        basis = str(fields["legal_basis"])
        _period_started(row, basis, fields["started_on"], fields["ends_on"])
    elif change.event_type == "Case.ReflectionPeriodExtended":
        row["reflection_ends_on"] = fields["ends_on"]
        row["reflection_extended_days"] += fields["extended_by_days"]
    else:
        row["reflection_ended_on"] = fields["ended_on"]
        row["reflection_end_reason"] = str(fields["reason"])


def _period_started(row: dict[str, Any], basis: str, started_on: date, ends_on: date) -> None:
    row.update(
        reflection_basis=basis,
        reflection_started_on=started_on,
        reflection_ends_on=ends_on,
        reflection_extended_days=0,
        reflection_ended_on=None,
        reflection_end_reason=None,
    )
