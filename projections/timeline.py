"""Timeline: every case's history, entry by entry (docs/read-models/timeline.md).

Fed by Case, ShelterStay, ReintegrationPlan, CarePlan, CriminalProceedings and
ReturnProcess events: one row per event, never updated. A stay, plan, proceedings or
return joins the timeline of the case its creation event names (ShelterStay.Admitted,
ReintegrationPlan.Drafted, CarePlan.Started, CriminalProceedings.Opened,
ReturnProcess.Requested carry case_id and case_number);
`timeline_links` keeps that link, and each case's own number, so later events
find their case. Beneficiary and Facility events are left out: a beneficiary
may have several cases and holds personal data; a facility is shared.

Each entry's `summary` is a short sentence built from picklist values, dates,
numbers and organisation names only: never notes, rationales, comments,
reasons, goal descriptions or any personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    insert,
)

from projections.care import CARE_SUMMARIES
from projections.justice import JUSTICE_SUMMARIES
from projections.model import Change, ReadModel, physical_name
from projections.returns import RETURN_SUMMARIES
from projections.rows import Row, RowCache
from projections.time_sql import Instant, local_date_sql

Summary = Callable[[dict[str, Any]], str]

SUMMARY_LENGTH = 500

# The event that creates each tracked aggregate, and so links it to a case.
CREATION_EVENT = {
    "Case": "Case.Opened",
    "ShelterStay": "ShelterStay.Admitted",
    "ReintegrationPlan": "ReintegrationPlan.Drafted",
    "CarePlan": "CarePlan.Started",  # care plans (issue 14, careplan)
    "CriminalProceedings": "CriminalProceedings.Opened",  # issue 15, justice
    "ReturnProcess": "ReturnProcess.Requested",  # returns across a border (issue 15)
}
_CREATIONS = frozenset(CREATION_EVENT.values())


def short_id(value: UUID) -> str:
    """The first 8 hex digits of an id: enough to tell facilities apart on screen."""
    return str(value)[:8]


def _was(previous: str | None) -> str:
    return "none" if previous is None else previous


def _opened(f: dict[str, Any]) -> str:
    referral = f["referral"]
    return (
        f"Case opened for {f['beneficiary_code']}: referred by {referral.organisation}"
        f"{_kind(referral.organisation_type)} on {referral.referred_on} for {referral.reason}"
    )


def _kind(organisation_type: object) -> str:
    return "" if organisation_type is None else f" ({organisation_type})"


def _screened_out(f: dict[str, Any]) -> str:
    """Stored before outcomes (ScreenedOut v2, upcast): not a victim, as it said then."""
    if f["closure_reason"] == "not_a_victim":
        return f"Screened out on {f['screened_on']}: not a victim; case closed"
    need = "" if f["other_need"] is None else f" ({f['other_need']})"
    referral = f["onward_referral"]
    onward = "no onward referral" if referral is None else f"referred on to {referral.partner}"
    return f"Screened out on {f['screened_on']}: {f['outcome']}{need}, {onward}; case closed"


def _approval_requested(f: dict[str, Any]) -> str:
    reason = "" if f["closure_reason"] is None else f" ({f['closure_reason']})"
    return f"Approval requested: {f['subject']}{reason}"


def _service_delivered(f: dict[str, Any]) -> str:
    return (
        f"Service delivered: {f['service']} by {f['provider']} ({f['outcome']}) "
        f"on {f['delivered_on']}"
    )


def _discharged(f: dict[str, Any]) -> str:
    return f"Discharged on {f['discharged_on']}: {f['reason']}, to {f['destination']}"


def _reviewed(f: dict[str, Any]) -> str:
    next_review = f["next_review_on"]
    return "Plan reviewed" + ("" if next_review is None else f", next review {next_review}")


_CASE_SUMMARIES: dict[str, Summary] = {
    "Case.Opened": _opened,
    "Case.CaseworkerAssigned": lambda f: (
        f"Caseworker assigned: {f['caseworker']} (was {_was(f['previous'])})"
    ),
    "Case.RiskAssessed": lambda f: f"Risk assessed on {f['assessed_on']}: {f['level']}",
    "Case.ScreeningStarted": lambda _: "Screening started",
    "Case.ScreenedIn": lambda f: (
        f"Screened in on {f['screened_on']}"
        + (
            ""
            if f["reflection_ends_on"] is None
            else f": reflection period until {f['reflection_ends_on']}"
        )
    ),
    "Case.ScreenedOut": _screened_out,
    "Case.Rescreened": lambda f: f"Screened again ({f['number']}): back to stage screening",
    "Case.AssessmentStarted": lambda _: "Assessment started",
    "Case.ApprovalRequested": _approval_requested,
    "Case.ApprovalGranted": lambda f: f"Approval granted: {f['subject']}",
    "Case.ApprovalRejected": lambda f: f"Approval rejected: {f['subject']}",
    "Case.ReintegrationStarted": lambda _: "Reintegration started",
    "Case.FollowUpStarted": lambda _: "Follow-up started",
    "Case.Reopened": lambda f: f"Case reopened, back to stage {f['stage']}",
    "Case.ServiceDelivered": _service_delivered,
    "Case.ReferredOut": lambda f: (
        f"Referred to {f['partner']} ({f['reason']}) as referral {f['number']}"
    ),
    "Case.ReferralAccepted": lambda f: f"Referral {f['number']} accepted",
    "Case.ReferralRejected": lambda f: f"Referral {f['number']} rejected",
    "Case.ReferralRevoked": lambda f: f"Referral {f['number']} revoked",
    "Case.NoteAdded": lambda f: f"Note {f['number']} added ({f['category']})",
    "Case.ShelterStayStarted": lambda f: f"In a shelter: stay {str(f['stay_id'])[:8]}",
    "Case.ShelterStayEnded": lambda f: f"Out of the shelter: stay {str(f['stay_id'])[:8]}",
    "Case.PlanDrafted": lambda f: f"Reintegration plan {str(f['plan_id'])[:8]} drafted",
    "Case.PersonalDataErased": lambda f: (
        f"Personal data erased ({f['legal_basis']}, request {f['reference']}); "
        "identifying texts of this case now read [erased]"
    ),
    # reflection and recovery period (its reasons and details are staff's words: not copied)
    "Case.ReflectionPeriodStarted": lambda f: (
        f"Reflection period started on {f['started_on']} ({f['legal_basis']}, "
        f"{f['length_days']} days), until {f['ends_on']}"
    ),
    "Case.ReflectionPeriodExtended": lambda f: (
        f"Reflection period extended by {f['extended_by_days']} days, until {f['ends_on']} "
        f"(approved by {f['approved_by']})"
    ),
    "Case.ReflectionPeriodEnded": lambda f: (
        f"Reflection period ended early on {f['ended_on']}: {f['reason']}"
    ),
    # day rehabilitation centre (issue 14, section 5)
    "Case.DayCentreEnrolled": lambda f: (
        f"Enrolled in day centre {short_id(f['facility_id'])}: "
        f"enrolment {short_id(f['enrolment_id'])}"
    ),
    "Case.DayCentreEnrolmentEnded": lambda f: (
        f"Day-centre enrolment {short_id(f['enrolment_id'])} ended"
    ),
}
_STAY_SUMMARIES: dict[str, Summary] = {
    "ShelterStay.Admitted": lambda f: (
        f"Admitted on {f['admitted_on']} to shelter {short_id(f['facility_id'])}"
    ),
    "ShelterStay.Transferred": lambda f: (
        f"Transferred between facilities {short_id(f['from_facility_id'])} → "
        f"{short_id(f['to_facility_id'])}"
    ),
    "ShelterStay.LeaveStarted": lambda f: f"Leave started, return expected {f['expected_return']}",
    "ShelterStay.ReturnedFromLeave": lambda _: "Returned from leave",
    "ShelterStay.Discharged": _discharged,
}
_PLAN_SUMMARIES: dict[str, Summary] = {
    "ReintegrationPlan.Drafted": lambda _: "Reintegration plan drafted",
    "ReintegrationPlan.GoalAdded": lambda f: (
        f"Goal {f['number']} added: {f['type']}, target {f['target_date']}"
    ),
    "ReintegrationPlan.GoalProgressRecorded": lambda f: f"Progress recorded on goal {f['number']}",
    "ReintegrationPlan.GoalAchieved": lambda f: f"Goal {f['number']} achieved",
    "ReintegrationPlan.GoalAbandoned": lambda f: f"Goal {f['number']} abandoned",
    "ReintegrationPlan.Reviewed": _reviewed,
    "ReintegrationPlan.Completed": lambda f: f"Plan completed on {f['completed_on']}",
    "ReintegrationPlan.Discontinued": lambda _: "Plan discontinued",
    "ReintegrationPlan.FollowUpRecorded": lambda f: (
        f"Follow-up at {f['month']} months, visited on {f['visited_on']}: {f['status']}"
    ),
}
SUMMARIES: dict[str, Summary] = {**_CASE_SUMMARIES, **_STAY_SUMMARIES, **_PLAN_SUMMARIES}
SUMMARIES.update(CARE_SUMMARIES)  # care plans (issue 14, careplan): projections/care.py
SUMMARIES.update(JUSTICE_SUMMARIES)  # criminal proceedings (issue 15): projections/justice.py
SUMMARIES.update(RETURN_SUMMARIES)  # returns (issue 15): projections/returns.py


def summary_of(change: Change) -> str:
    """The entry's sentence; an event type without a summary function says its name."""
    summarise = SUMMARIES.get(change.event_type)
    text = change.event_type if summarise is None else summarise(change.fields)
    return text[:SUMMARY_LENGTH]


class Timeline(ReadModel):
    name = "timeline"
    aggregate_types = frozenset(CREATION_EVENT)

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            "case_timeline": self._entries(metadata, generation),
            "timeline_links": self._links(metadata, generation),
        }

    def _entries(self, metadata: MetaData, generation: int) -> Table:
        # The primary key, in this column order, is the (case_id, position) index
        # a case's timeline is read by, on PostgreSQL and SQLite alike.
        return Table(
            physical_name("case_timeline", generation),
            metadata,
            Column("case_id", String(36), nullable=False),
            Column("position", Integer, nullable=False),
            Column("case_number", String(32), nullable=False),
            Column("aggregate_type", String(32), nullable=False),
            Column("aggregate_id", String(36), nullable=False),
            Column("aggregate_version", Integer, nullable=False),
            Column("occurred_at", Instant(), nullable=False),
            Column("actor", String(100), nullable=False),
            Column("event_type", String(80), nullable=False),
            Column("summary", String(SUMMARY_LENGTH), nullable=False),
            PrimaryKeyConstraint("case_id", "position"),
        )

    def _links(self, metadata: MetaData, generation: int) -> Table:
        return Table(
            physical_name("timeline_links", generation),
            metadata,
            Column("aggregate_id", String(36), primary_key=True),
            Column("aggregate_type", String(32), nullable=False),
            Column("case_id", String(36), nullable=False),
            Column("case_number", String(32), nullable=False),
        )

    def view_sql(self, view: str, table: Table, dialect: str) -> str:
        if view != "case_timeline":
            return super().view_sql(view, table, dialect)
        occurred_on = local_date_sql(dialect, "occurred_at")
        return (
            "SELECT case_id, case_number, position, aggregate_type, aggregate_id, "
            f"aggregate_version, occurred_at, {occurred_on} AS occurred_on, actor, "
            f'event_type, summary FROM "{table.name}"'
        )

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        links = RowCache(conn, tables["timeline_links"], ("aggregate_id",))
        changes = [c for c in batch if c.aggregate_type in CREATION_EVENT]
        links.prefetch((str(c.aggregate_id),) for c in changes if c.event_type not in _CREATIONS)
        entries = [_entry(change, _link_of(links, change)) for change in changes]
        links.flush()
        if entries:
            conn.execute(insert(tables["case_timeline"]), entries)


def _link_of(links: RowCache, change: Change) -> Row:
    """The case an event belongs to: linked by its aggregate's creation event."""
    key = (str(change.aggregate_id),)
    if change.event_type in _CREATIONS:
        link = _new_link(change)
        links.put(key, link)
        return link
    found = links.get(key)
    if found is None:
        creation = CREATION_EVENT[change.aggregate_type]
        msg = (
            f"{change.event_type} for {change.aggregate_type} {change.aggregate_id}, "
            f"whose {creation} was never seen: it belongs to no known case"
        )
        raise LookupError(msg)
    return found


def _new_link(change: Change) -> Row:
    fields = change.fields
    is_case = change.aggregate_type == "Case"
    return {
        "aggregate_id": str(change.aggregate_id),
        "aggregate_type": change.aggregate_type,
        "case_id": str(change.aggregate_id if is_case else fields["case_id"]),
        "case_number": fields["case_number"],
    }


def _entry(change: Change, link: Row) -> Row:
    return {
        "case_id": link["case_id"],
        "position": change.position,
        "case_number": link["case_number"],
        "aggregate_type": change.aggregate_type,
        "aggregate_id": str(change.aggregate_id),
        "aggregate_version": change.version,
        "occurred_at": change.at,
        "actor": change.actor,
        "event_type": change.event_type,
        "summary": summary_of(change),
    }
