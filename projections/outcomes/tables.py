"""The outcomes read model's tables: plans, cases, quarters, stays and facts."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table

CLOSURE_BANDS = ((30, "<=1 month"), (91, "1-3 months"), (182, "3-6 months"))
LONGEST_BAND = ">6 months"


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
        # identification and screening (issue 14)
        Column("screenings_out", Integer, nullable=False),
        Column("rescreened_count", Integer, nullable=False),
        Column("position", Integer, nullable=False),
    )


def _screenings_table(metadata: MetaData, name: str) -> Table:
    """One row per screening out (identification and screening, issue 14)."""
    return Table(
        name,
        metadata,
        Column("case_id", String(36), primary_key=True),
        Column("screening", Integer, primary_key=True),
        Column("case_number", String(32), nullable=False),
        Column("screened_on", Date, nullable=False),
        Column("outcome", String(32), nullable=False),
        Column("other_need", String(32)),
        Column("referred_on_to", String(48)),
        Column("no_referral", Integer, nullable=False),
        Column("closure_reason", String(32), nullable=False),
        Column("rescreened", Integer, nullable=False),
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


TABLES: dict[str, Callable[[MetaData, str], Table]] = {
    "reintegration_outcomes": _plans_table,
    "case_outcomes": _cases_table,
    "outcomes_by_quarter": _quarters_table,
    "outcome_stays": _stays_table,
    "outcome_facts": _facts_table,
    "screening_outcomes": _screenings_table,  # identification and screening (issue 14)
}
