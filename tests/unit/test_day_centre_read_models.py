"""The day centre in the capacity and outcomes read models, fed with real stored events:
places per session, enrolment per centre and month, attendance rates, courses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.vocab import (
    AttendanceStatus,
    DayCentreActivity,
    EnrolmentEndReason,
    FacilityKind,
    RiskLevel,
)
from projections.capacity import Capacity
from projections.catalog import point_views
from projections.model import ReadModel
from projections.outcomes import Outcomes
from services.commands.case import AssessRisk
from services.commands.day_centre import (
    CancelSession,
    CompleteCourse,
    EndEnrolment,
    EnrolInDayCentre,
    RecordAttendance,
    ScheduleSession,
)
from services.commands.shelter import AdmitToShelter, RegisterFacility
from tests.support.factories import MANAGER, WORKER, consent_to_services, open_case, register
from tests.support.projecting import memory_engine, project, rows

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Tables = dict[str, list[dict[str, Any]]]


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


def facility(journey: Journey, kind: FacilityKind, name: str) -> UUID:
    command = RegisterFacility(name=name, kind=kind, beds=10, effective_from=date(2026, 1, 1))
    return journey.bus.execute(None, command, actor=MANAGER).id


def a_case(journey: Journey) -> UUID:
    beneficiary = register(journey)
    consent_to_services(journey, beneficiary)  # the day centre is a service
    case_id = open_case(journey, beneficiary)
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.LOW), actor=WORKER)
    return case_id


def enrol(journey: Journey, case_id: UUID, centre: UUID) -> UUID:
    command = EnrolInDayCentre(case_id=case_id, facility_id=centre, reason="Vocational course")
    return journey.bus.execute(None, command, actor=WORKER).id


def session(journey: Journey, centre: UUID, held_on: date, places: int = 4) -> UUID:
    command = ScheduleSession(
        facility_id=centre,
        held_on=held_on,
        activity=DayCentreActivity.VOCATIONAL_COURSE,
        title="Hairdressing",
        facilitator="drita.berisha",
        places=places,
    )
    return journey.bus.execute(None, command, actor=MANAGER).id


def attend(journey: Journey, session_id: UUID, enrolment: UUID, status: AttendanceStatus) -> None:
    command = RecordAttendance(enrolment_id=enrolment, status=status)
    journey.bus.execute(session_id, command, actor=WORKER)


def a_programme(journey: Journey, clock: ScriptedClock) -> dict[str, UUID]:
    """A resident of the shelter also enrolled, and another participant who leaves in
    April and comes back in May; sessions in March (one cancelled) and May."""
    centre = facility(journey, FacilityKind.DAY_REHABILITATION_CENTRE, "Day Centre Prishtina")
    shelter = facility(journey, FacilityKind.SHELTER, "Shelter Prishtina")
    resident, visitor = a_case(journey), a_case(journey)
    journey.bus.execute(None, AdmitToShelter(case_id=resident, facility_id=shelter), actor=WORKER)
    first, second = enrol(journey, resident, centre), enrol(journey, visitor, centre)
    held = session(journey, centre, START.date())
    attend(journey, held, first, AttendanceStatus.ATTENDED)
    attend(journey, held, second, AttendanceStatus.ABSENT)
    journey.bus.execute(session(journey, centre, START.date()), CancelSession(), actor=MANAGER)
    journey.bus.execute(first, CompleteCourse(course="Hairdressing, level 1"), actor=WORKER)
    clock.advance(days=35)  # 6 April
    journey.bus.execute(second, EndEnrolment(reason=EnrolmentEndReason.LEFT), actor=WORKER)
    clock.advance(days=30)  # 6 May
    again = enrol(journey, visitor, centre)
    may = session(journey, centre, clock().date(), places=2)
    attend(journey, may, again, AttendanceStatus.ATTENDED)
    attend(journey, may, first, AttendanceStatus.EXCUSED)
    return {"centre": centre, "first": first, "second": second, "again": again, "held": held}


def projected(journey: Journey, model: ReadModel, batch: int = 500) -> Tables:
    engine = memory_engine()
    tables = project(journey, model, engine, batch=batch)
    return {view: sorted(rows(engine, table), key=repr) for view, table in tables.items()}


def test_sessions_are_places_with_attendance(journey: Journey, clock: ScriptedClock) -> None:
    ids = a_programme(journey, clock)
    sessions = {r["session_id"]: r for r in projected(journey, Capacity())["day_centre_sessions"]}
    held = sessions[str(ids["held"])]
    assert (held["places"], held["participants"], held["places_free"]) == (4, 2, 2)
    assert (held["attended"], held["absent"], held["attendance_rate"]) == (1, 1, 0.5)
    assert held["facility_name"] == "Day Centre Prishtina"
    assert held["month"] == "2026-03"
    assert sorted(r["cancelled"] for r in sessions.values()) == [0, 0, 1]


def test_enrolment_per_centre_and_month(journey: Journey, clock: ScriptedClock) -> None:
    ids = a_programme(journey, clock)
    monthly = projected(journey, Capacity())["day_centre_enrolment_monthly"]
    by_month = {r["month"]: r for r in monthly if r["facility_id"] == str(ids["centre"])}
    assert sorted(by_month) == ["2026-03", "2026-04", "2026-05"]
    march, april, may = by_month["2026-03"], by_month["2026-04"], by_month["2026-05"]
    assert (march["enrolled"], march["started"], march["ended"]) == (2, 2, 0)
    assert (march["sessions_held"], march["places_offered"], march["attended"]) == (1, 4, 1)
    assert (april["enrolled"], april["ended"], april["sessions_held"]) == (2, 1, 0)
    assert (may["enrolled"], may["started"], may["attendance_rate"]) == (2, 1, 1.0)


def test_outcomes_per_enrolment_and_per_centre(journey: Journey, clock: ScriptedClock) -> None:
    ids = a_programme(journey, clock)
    outcomes = {r["enrolment_id"]: r for r in projected(journey, Outcomes())["day_centre_outcomes"]}
    first, second = outcomes[str(ids["first"])], outcomes[str(ids["second"])]
    assert (first["attended"], first["excused"], first["attendance_rate"]) == (1, 1, 1.0)
    assert (first["courses_completed"], first["ended_on"]) == (1, None)
    assert (second["absent"], second["attendance_rate"], second["end_reason"]) == (1, 0.0, "left")
    assert second["days_enrolled"] == 36
    engine = memory_engine()
    tables = project(journey, Outcomes(), engine)
    with engine.begin() as conn:
        point_views(conn, Outcomes(), tables)
        by_centre = conn.execute(text("SELECT * FROM day_centre_outcomes_by_centre")).mappings()
        (centre,) = [dict(r) for r in by_centre]
    assert (centre["enrolments"], centre["active"], centre["ended_left"]) == (3, 2, 1)
    assert (centre["attended"], centre["absent"], centre["courses_completed"]) == (2, 1, 1)


@pytest.mark.parametrize("model", [Capacity(), Outcomes()], ids=lambda m: m.name)
def test_the_same_rows_whatever_the_batch(
    journey: Journey, clock: ScriptedClock, model: ReadModel
) -> None:
    a_programme(journey, clock)
    assert projected(journey, model, batch=1) == projected(journey, model, batch=500)


def test_a_week_later_the_months_stay(journey: Journey, clock: ScriptedClock) -> None:
    ids = a_programme(journey, clock)
    clock.advance(days=7)
    session(journey, ids["centre"], clock().date() - timedelta(days=1))
    monthly = projected(journey, Capacity())["day_centre_enrolment_monthly"]
    assert [r["month"] for r in monthly][-1] == "2026-05"
