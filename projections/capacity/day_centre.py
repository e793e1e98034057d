"""The day rehabilitation centre in the capacity read model: places per session and
enrolment per centre and month, not beds (docs/read-models/capacity.md).

- `day_centre_sessions`: one row per session, its places and who was recorded;
- `day_centre_enrolments`: one row per enrolment (start, end): who is enrolled where;
- `day_centre_enrolment_monthly`: per centre and calendar month, the enrolments active on
  at least one day of it, those started and ended in it, and its sessions' places and
  attendance. Recounted at the end of each batch, for the centres the batch touched, from
  the two tables above: months run without gaps from the centre's first enrolment or
  session to the month of its latest event (or latest date stated, if later), at most
  the last MAX_MONTHS of them (the domain bounds a session's day and an enrolment's dates;
  the bound keeps a recount small whatever the store holds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Float,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    delete,
    func,
    insert,
    select,
)

from domain.local_time import local_date
from domain.vocab import AttendanceStatus, DayCentreActivity, EnrolmentEndReason
from projections.capacity.batch import BatchRows
from projections.model import Change, physical_name
from projections.rows import Row, RowCache
from projections.time_sql import Instant

TYPES = ("DayCentreEnrolment", "DayCentreSession")

MAX_MONTHS = 240
"""The months a centre's recount writes at most (20 years, ending with the latest)."""


def sessions_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("day_centre_sessions", generation),
        metadata,
        Column("session_id", String(36), primary_key=True),
        Column("facility_id", String(36), nullable=False),
        Column("facility_name", String(100), nullable=False),
        Column("held_on", Date, nullable=False),
        Column("month", String(7), nullable=False),
        Column("activity", String(32), nullable=False),
        Column("places", Integer, nullable=False),
        Column("participants", Integer, nullable=False),
        Column("attended", Integer, nullable=False),
        Column("absent", Integer, nullable=False),
        Column("excused", Integer, nullable=False),
        Column("places_free", Integer, nullable=False),
        Column("fill_rate", Float, nullable=False),
        Column("attendance_rate", Float),
        Column("cancelled", Integer, nullable=False),
        Column("updated_at", Instant(), nullable=False),
        Column("position", Integer, nullable=False),
    )


def enrolments_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("day_centre_enrolments", generation),
        metadata,
        Column("enrolment_id", String(36), primary_key=True),
        Column("case_id", String(36), nullable=False),
        Column("case_number", String(32), nullable=False),
        Column("facility_id", String(36), nullable=False, index=True),
        Column("facility_name", String(100), nullable=False),
        Column("started_on", Date, nullable=False),
        Column("ended_on", Date),
        Column("end_reason", String(16)),
        Column("updated_at", Instant(), nullable=False),
        Column("position", Integer, nullable=False),
    )


def monthly_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("day_centre_enrolment_monthly", generation),
        metadata,
        Column("facility_id", String(36), primary_key=True),
        Column("month", String(7), primary_key=True),
        Column("facility_name", String(100), nullable=False),
        Column("enrolled", Integer, nullable=False),
        Column("started", Integer, nullable=False),
        Column("ended", Integer, nullable=False),
        Column("sessions_held", Integer, nullable=False),
        Column("places_offered", Integer, nullable=False),
        Column("participants", Integer, nullable=False),
        Column("attended", Integer, nullable=False),
        Column("attendance_rate", Float),
    )


TABLES = {
    "day_centre_sessions": sessions_table,
    "day_centre_enrolments": enrolments_table,
    "day_centre_enrolment_monthly": monthly_table,
}


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def attendance_rate(attended: int, absent: int) -> float | None:
    """Attended ÷ (attended + absent): an excused absence counts against no one."""
    return attended / (attended + absent) if attended + absent else None


class DayCentreRows:
    """The day-centre rows a batch touches, and the centres whose months it recounts."""

    def __init__(self, conn: Connection, tables: dict[str, Table], capacity: BatchRows) -> None:
        self.conn = conn
        self.tables = tables
        self.capacity = capacity
        self.sessions = RowCache(conn, tables["day_centre_sessions"], ("session_id",))
        self.enrolments = RowCache(conn, tables["day_centre_enrolments"], ("enrolment_id",))
        self.touched: dict[str, date] = {}  # centre -> the latest day an event concerns

    def apply(self, change: Change) -> None:
        handler = HANDLERS.get(change.event_type)
        if handler is not None:
            facility_id = handler(self, change)
            day = local_date(change.at)
            self.touched[facility_id] = max(self.touched.get(facility_id, day), day)

    def flush(self) -> None:
        self.sessions.flush()
        self.enrolments.flush()
        for facility_id, latest in sorted(self.touched.items()):
            recount_months(self.conn, self.tables, facility_id, latest)
        self.touched.clear()

    def row(self, cache: RowCache, change: Change, noun: str, verb: str) -> Row:
        row = cache.get((str(change.aggregate_id),))
        if row is None:
            msg = f"{change.event_type} for {noun} {change.aggregate_id} that was never {verb}"
            raise LookupError(msg)
        return row

    def put(self, cache: RowCache, key: str, row: Row, change: Change) -> str:
        cache.put((key,), {**row, "updated_at": change.at, "position": change.position})
        facility_id: str = row["facility_id"]
        return facility_id


# ------------------------------------------------------------------ handlers


def _enrolled(rows: DayCentreRows, change: Change) -> str:
    fields = change.fields
    facility = rows.capacity.facility(fields["facility_id"], change)
    enrolment = {
        "enrolment_id": str(change.aggregate_id),
        "case_id": str(fields["case_id"]),
        "case_number": fields["case_number"],
        "facility_id": facility["facility_id"],
        "facility_name": facility["name"],
        "started_on": fields["started_on"],
        "ended_on": None,
        "end_reason": None,
    }
    return rows.put(rows.enrolments, enrolment["enrolment_id"], enrolment, change)


def _ended(rows: DayCentreRows, change: Change) -> str:
    enrolment = rows.row(rows.enrolments, change, "enrolment", "enrolled")
    enrolment["ended_on"] = change.fields["ended_on"]
    enrolment["end_reason"] = EnrolmentEndReason(change.fields["reason"]).value
    return rows.put(rows.enrolments, enrolment["enrolment_id"], enrolment, change)


def _course_completed(rows: DayCentreRows, change: Change) -> str:
    enrolment = rows.row(rows.enrolments, change, "enrolment", "enrolled")
    facility_id: str = enrolment["facility_id"]
    return facility_id


def _scheduled(rows: DayCentreRows, change: Change) -> str:
    fields = change.fields
    facility = rows.capacity.facility(fields["facility_id"], change)
    session = {
        "session_id": str(change.aggregate_id),
        "facility_id": facility["facility_id"],
        "facility_name": facility["name"],
        "held_on": fields["held_on"],
        "month": month_of(fields["held_on"]),
        "activity": DayCentreActivity(fields["activity"]).value,
        "places": fields["places"],
        "participants": 0,
        "attended": 0,
        "absent": 0,
        "excused": 0,
        "cancelled": 0,
    }
    return _put_session(rows, session, change)


def _attendance_recorded(rows: DayCentreRows, change: Change) -> str:
    session = rows.row(rows.sessions, change, "session", "scheduled")
    status = AttendanceStatus(change.fields["status"]).value
    session[status] += 1
    session["participants"] += 1
    return _put_session(rows, session, change)


def _cancelled(rows: DayCentreRows, change: Change) -> str:
    session = rows.row(rows.sessions, change, "session", "scheduled")
    return _put_session(rows, {**session, "cancelled": 1}, change)


def _put_session(rows: DayCentreRows, session: Row, change: Change) -> str:
    session["places_free"] = max(session["places"] - session["participants"], 0)
    session["fill_rate"] = session["participants"] / session["places"]
    session["attendance_rate"] = attendance_rate(session["attended"], session["absent"])
    return rows.put(rows.sessions, session["session_id"], session, change)


HANDLERS: dict[str, Callable[[DayCentreRows, Change], str]] = {
    "DayCentreEnrolment.Enrolled": _enrolled,
    "DayCentreEnrolment.Ended": _ended,
    "DayCentreEnrolment.CourseCompleted": _course_completed,
    "DayCentreSession.Scheduled": _scheduled,
    "DayCentreSession.AttendanceRecorded": _attendance_recorded,
    "DayCentreSession.Cancelled": _cancelled,
}


# ------------------------------------------------------------------ months


def recount_months(
    conn: Connection, tables: dict[str, Table], facility_id: str, latest: date
) -> None:
    """Rewrite a centre's monthly rows from its enrolments and sessions."""
    enrolled, held, monthly = (
        tables["day_centre_enrolments"],
        tables["day_centre_sessions"],
        tables["day_centre_enrolment_monthly"],
    )
    spans = _rows(conn, select(enrolled).where(enrolled.c.facility_id == facility_id))
    sessions = _rows(
        conn, select(held).where(held.c.facility_id == facility_id, held.c.cancelled == 0)
    )
    stored = conn.execute(
        select(func.max(monthly.c.month)).where(monthly.c.facility_id == facility_id)
    ).scalar()
    days = [s["started_on"] for s in spans] + [s["ended_on"] for s in spans if s["ended_on"]]
    days += [s["held_on"] for s in sessions]
    if not days:
        return
    last = max(month_of(max([*days, latest])), stored or "")
    name = (spans or sessions)[0]["facility_name"]
    rows = [
        _month_row(month, spans, sessions, facility_id=facility_id, name=name)
        for month in _months(max(month_of(min(days)), months_before(last, MAX_MONTHS - 1)), last)
    ]
    conn.execute(delete(monthly).where(monthly.c.facility_id == facility_id))
    conn.execute(insert(monthly), rows)


def _rows(conn: Connection, query: Select[Any]) -> list[Row]:
    return [dict(row) for row in conn.execute(query).mappings()]


def _month_row(
    month: str, spans: list[Row], sessions: list[Row], *, facility_id: str, name: str
) -> Row:
    """One centre's month: enrolments active on a day of it, started and ended in it,
    and its sessions (not cancelled)."""
    held = [s for s in sessions if s["month"] == month]
    attended = sum(s["attended"] for s in held)
    return {
        "facility_id": facility_id,
        "month": month,
        "facility_name": name,
        "enrolled": sum(1 for s in spans if _active_in(s, month)),
        "started": sum(1 for s in spans if month_of(s["started_on"]) == month),
        "ended": sum(1 for s in spans if s["ended_on"] and month_of(s["ended_on"]) == month),
        "sessions_held": len(held),
        "places_offered": sum(s["places"] for s in held),
        "participants": sum(s["participants"] for s in held),
        "attended": attended,
        "attendance_rate": attendance_rate(attended, sum(s["absent"] for s in held)),
    }


def _active_in(enrolment: Row, month: str) -> bool:
    """Enrolled on at least one day of `month`."""
    started, ended = enrolment["started_on"], enrolment["ended_on"]
    return month_of(started) <= month and (ended is None or month_of(ended) >= month)


def months_before(month: str, count: int) -> str:
    """The month `count` months before `month` ("2026-03", 2 -> "2026-01"), not before
    year 1."""
    index = max(int(month[:4]) * 12 + int(month[5:]) - 1 - count, 12)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _months(first: str, last: str) -> Iterator[str]:
    """Every month from `first` to `last` ("2026-01"), both included."""
    year, month = int(first[:4]), int(first[5:])
    while (current := f"{year:04d}-{month:02d}") <= last:
        yield current
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
