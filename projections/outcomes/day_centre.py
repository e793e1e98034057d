"""The day rehabilitation centre in the outcomes read model: each enrolment's attendance
and courses completed, and per centre the enrolments, their endings, the attendance rate
and the courses completed (docs/read-models/outcomes.md).

- `day_centre_outcomes` (table): one row per enrolment;
- `day_centre_outcomes_by_centre` (derived view): those rows summed per centre.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Column, Connection, Date, Float, Integer, MetaData, String, Table

from domain.vocab import AttendanceStatus, EnrolmentEndReason
from projections.model import Change
from projections.rows import Row, RowCache

TYPES = frozenset({"DayCentreEnrolment", "DayCentreSession"})
VIEW = "day_centre_outcomes"


def outcomes_table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("enrolment_id", String(36), primary_key=True),
        Column("case_id", String(36), nullable=False),
        Column("case_number", String(32), nullable=False),
        Column("facility_id", String(36), nullable=False),
        Column("started_on", Date, nullable=False),
        Column("ended_on", Date),
        Column("end_reason", String(16)),
        Column("days_enrolled", Integer),
        Column("sessions_recorded", Integer, nullable=False),
        Column("attended", Integer, nullable=False),
        Column("absent", Integer, nullable=False),
        Column("excused", Integer, nullable=False),
        Column("attendance_rate", Float),
        Column("courses_completed", Integer, nullable=False),
        Column("last_course_completed_on", Date),
        Column("position", Integer, nullable=False),
    )


def _ended_as(reason: EnrolmentEndReason) -> str:
    return f"SUM(CASE WHEN end_reason = '{reason.value}' THEN 1 ELSE 0 END) AS ended_{reason.value}"


BY_CENTRE = (
    "SELECT facility_id, COUNT(*) AS enrolments, "
    "SUM(CASE WHEN ended_on IS NULL THEN 1 ELSE 0 END) AS active, "
    + ", ".join(_ended_as(reason) for reason in EnrolmentEndReason)
    + ", SUM(sessions_recorded) AS sessions_recorded, SUM(attended) AS attended, "
    "SUM(absent) AS absent, SUM(excused) AS excused, "
    "CASE WHEN SUM(attended) + SUM(absent) > 0 "
    "THEN CAST(SUM(attended) AS FLOAT) / (SUM(attended) + SUM(absent)) END AS attendance_rate, "
    "SUM(courses_completed) AS courses_completed, "
    "SUM(CASE WHEN courses_completed > 0 THEN 1 ELSE 0 END) AS enrolments_with_a_course "
    f"FROM {VIEW} GROUP BY facility_id"
)


def apply_day_centre(conn: Connection, table: Table, batch: Sequence[Change]) -> None:
    """Change the enrolments' rows for the day-centre events of a batch, in order."""
    cache = RowCache(conn, table, ("enrolment_id",))
    cache.prefetch((_enrolment_of(c),) for c in batch if c.aggregate_type in TYPES)
    for change in batch:
        handler = HANDLERS.get(change.event_type)
        if handler is None:
            continue
        key = (_enrolment_of(change),)
        row = (
            _start(change) if change.event_type == "DayCentreEnrolment.Enrolled" else cache.get(key)
        )
        if row is None:
            msg = f"{change.event_type} names enrolment {key[0]} that was never enrolled"
            raise LookupError(msg)
        handler(row, change)
        cache.put(key, {**row, "position": change.position})
    cache.flush()


def _enrolment_of(change: Change) -> str:
    if change.aggregate_type == "DayCentreSession":
        return str(change.fields.get("enrolment_id", change.aggregate_id))
    return str(change.aggregate_id)


def _start(change: Change) -> Row:
    fields = change.fields
    return {
        "enrolment_id": str(change.aggregate_id),
        "case_id": str(fields["case_id"]),
        "case_number": fields["case_number"],
        "facility_id": str(fields["facility_id"]),
        "started_on": fields["started_on"],
        "ended_on": None,
        "end_reason": None,
        "days_enrolled": None,
        "sessions_recorded": 0,
        "attended": 0,
        "absent": 0,
        "excused": 0,
        "attendance_rate": None,
        "courses_completed": 0,
        "last_course_completed_on": None,
    }


def _enrolled(_row: Row, _change: Change) -> None:
    """The row is the start."""


def _ended(row: Row, change: Change) -> None:
    row["ended_on"] = change.fields["ended_on"]
    row["end_reason"] = EnrolmentEndReason(change.fields["reason"]).value
    row["days_enrolled"] = (row["ended_on"] - row["started_on"]).days + 1


def _course_completed(row: Row, change: Change) -> None:
    row["courses_completed"] += 1
    completed = change.fields["completed_on"]
    last = row["last_course_completed_on"]
    row["last_course_completed_on"] = completed if last is None else max(last, completed)


def _attendance_recorded(row: Row, change: Change) -> None:
    row[AttendanceStatus(change.fields["status"]).value] += 1
    row["sessions_recorded"] += 1
    attended, absent = row["attended"], row["absent"]
    row["attendance_rate"] = attended / (attended + absent) if attended + absent else None


HANDLERS: dict[str, Callable[[Row, Change], None]] = {
    "DayCentreEnrolment.Enrolled": _enrolled,
    "DayCentreEnrolment.Ended": _ended,
    "DayCentreEnrolment.CourseCompleted": _course_completed,
    "DayCentreSession.AttendanceRecorded": _attendance_recorded,
}
