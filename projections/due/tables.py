"""The due read model's tables: the cases it follows, the items they owe, and which
case each plan belongs to (docs/read-models/due.md).

Kinds of due item (`DueKind`); the rule and source of each are in docs/domain.md
("What is due"). `court_date` is reserved: the justice issue (15) adds its events to
projections/due/events.py and nothing else changes.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Column, Date, Integer, MetaData, String, Table

DEFAULT_NO_CONTACT_DAYS = 30  # setting `no_contact_days` (docs/settings.md)
DUE_SOON_DAYS = 7  # "due soon": due today or within the next week


class DueKind(StrEnum):
    """What is due."""

    REFLECTION_PERIOD_END = "reflection_period_end"
    RISK_REASSESSMENT = "risk_reassessment"
    NEEDS_REASSESSMENT = "needs_reassessment"
    CARE_PLAN_REVIEW = "care_plan_review"
    REINTEGRATION_PLAN_REVIEW = "reintegration_plan_review"
    PLANNED_SERVICE = "planned_service"
    FOLLOW_UP_3 = "follow_up_3"
    FOLLOW_UP_6 = "follow_up_6"
    FOLLOW_UP_12 = "follow_up_12"
    GUARDIAN_CONSENT_RENEWAL = "guardian_consent_renewal"
    NO_CONTACT = "no_contact"
    COURT_DATE = "court_date"  # a hearing of criminal proceedings (issue 15, justice)
    RETURN_DATE = "return_date"  # issue 15, return: the planned travel and hand-over
    RETURN_RISK_ASSESSMENT = "return_risk_assessment"  # return requested, risk not assessed
    RETENTION_END = "retention_end"  # issue 17: a beneficiary's retention period ends


LAPSING = (DueKind.REFLECTION_PERIOD_END,)  # listed until their day, gone after (sql.py)


def _cases(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("case_id", String(36), primary_key=True),
        Column("case_number", String(32), nullable=False),
        Column("beneficiary_id", String(36), nullable=False, index=True),
        Column("beneficiary_code", String(32), nullable=False),
        Column("caseworker", String(100)),
        Column("is_open", Integer, nullable=False),
        Column("last_contact_on", Date, nullable=False),
        Column("position", Integer, nullable=False),
    )


def _items(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("item_key", String(160), primary_key=True),
        Column("case_id", String(36), index=True),
        Column("beneficiary_id", String(36), index=True),
        Column("kind", String(32), nullable=False),
        Column("source", String(120), nullable=False),
        Column("anchor_on", Date),
        Column("due_on", Date, nullable=False),
        Column("window_from", Date),
        Column("window_to", Date),
        Column("done_on", Date),
        Column("position", Integer, nullable=False),
    )


def _links(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("record_id", String(36), primary_key=True),
        Column("case_id", String(36), nullable=False),
        Column("position", Integer, nullable=False),
    )


def _people(metadata: MetaData, name: str) -> Table:
    """Per beneficiary, what the retention policy reads (projections/due/retention.py)."""
    return Table(
        name,
        metadata,
        Column("beneficiary_id", String(36), primary_key=True),
        Column("beneficiary_code", String(32), nullable=False),
        Column("majority_year", Integer),
        Column("anchor_on", Date, nullable=False),
        Column("last_case_id", String(36)),
        Column("last_case_number", String(32)),
        Column("erased_on", Date),
        Column("position", Integer, nullable=False),
    )


def _proceedings(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("proceedings_id", String(36), primary_key=True),
        Column("beneficiary_id", String(36), nullable=False, index=True),
        Column("stage", String(32), nullable=False),
        Column("decided_stage", String(32)),
        Column("decided_on", Date),
        Column("is_open", Integer, nullable=False),
        Column("position", Integer, nullable=False),
    )


TABLES = {
    "due_cases": _cases,
    "due_items": _items,
    "due_links": _links,
    "due_people": _people,  # issue 17: retention
    "due_proceedings": _proceedings,
}
