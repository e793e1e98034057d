"""The day rehabilitation centre's read-model lists over HTTP: sessions with their places
and attendance, enrolment per centre and month, enrolments (capacity,
docs/read-models/capacity.md), and attendance and courses per enrolment and per centre
(outcomes, docs/read-models/outcomes.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from msgspec import Meta

from adapters.http.routes.fields import (
    CaseId,
    CaseNumber,
    Count,
    Day,
    FacilityId,
    FacilityName,
    OptionalDay,
    Position,
    Share,
    UpdatedAt,
)
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import own_cases_page, require_any
from adapters.http.routes.paging import Page, PageRequest, View, between, equal, view_page
from adapters.privacy.accounts import User
from domain.vocab import DayCentreActivity
from services.access import READ_ENROLMENT, READ_FACILITY, READ_MODELS

TAGS = ["read models"]
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
Month = Annotated[
    str, Meta(pattern=MONTH, description="a calendar month in Prishtina", examples=["2026-03"])
]
EnrolmentId = Annotated[
    UUID,
    Meta(description="the enrolment's id", examples=["7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"]),
]
EndReason = Annotated[
    str | None,
    Meta(description="completed, left, moved, other; null while enrolled", examples=[None]),
]
CentreFilter = Annotated[UUID | None, QueryParameter(description="this day centre only")]
WHO = " Readers of read models or of facilities."


class DayCentreSessionRow(msgspec.Struct, frozen=True):
    """A day-centre session: its places and who was recorded."""

    session_id: Annotated[
        UUID,
        Meta(description="the session's id", examples=["3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d"]),
    ]
    facility_id: FacilityId
    facility_name: FacilityName
    held_on: Day
    month: Month
    activity: Annotated[str, Meta(description="kind of session", examples=["vocational_course"])]
    places: Annotated[int, Meta(ge=1, description="participants it takes", examples=[8])]
    participants: Annotated[int, Meta(ge=0, description="participants recorded", examples=[6])]
    attended: Annotated[int, Meta(ge=0, description="of them attended", examples=[5])]
    absent: Annotated[int, Meta(ge=0, description="of them absent", examples=[1])]
    excused: Annotated[int, Meta(ge=0, description="of them excused", examples=[0])]
    places_free: Annotated[int, Meta(ge=0, description="places not taken", examples=[2])]
    fill_rate: Annotated[float, Meta(ge=0, description="participants ÷ places", examples=[0.75])]
    attendance_rate: Share
    cancelled: Annotated[int, Meta(ge=0, le=1, description="1 when cancelled", examples=[0])]
    updated_at: UpdatedAt
    position: Position


class DayCentreMonth(msgspec.Struct, frozen=True):
    """A day centre's month: enrolments active, started and ended; sessions' places."""

    facility_id: FacilityId
    month: Month
    facility_name: FacilityName
    enrolled: Annotated[
        int, Meta(ge=0, description="enrolments active on a day of the month", examples=[14])
    ]
    started: Annotated[int, Meta(ge=0, description="enrolments started in it", examples=[3])]
    ended: Annotated[int, Meta(ge=0, description="enrolments ended in it", examples=[2])]
    sessions_held: Annotated[
        int, Meta(ge=0, description="sessions held (not cancelled)", examples=[9])
    ]
    places_offered: Annotated[int, Meta(ge=0, description="their places", examples=[72])]
    participants: Annotated[int, Meta(ge=0, description="participants recorded", examples=[60])]
    attended: Annotated[int, Meta(ge=0, description="of them attended", examples=[48])]
    attendance_rate: Share


class DayCentreEnrolmentRow(msgspec.Struct, frozen=True):
    """A day-centre enrolment: who is enrolled where, from when to when."""

    enrolment_id: EnrolmentId
    case_id: CaseId
    case_number: CaseNumber
    facility_id: FacilityId
    facility_name: FacilityName
    started_on: Day
    ended_on: OptionalDay
    end_reason: EndReason
    updated_at: UpdatedAt
    position: Position


class DayCentreOutcome(msgspec.Struct, frozen=True):
    """An enrolment's attendance and courses completed."""

    enrolment_id: EnrolmentId
    case_id: CaseId
    case_number: CaseNumber
    facility_id: FacilityId
    started_on: Day
    ended_on: OptionalDay
    end_reason: EndReason
    days_enrolled: (
        Annotated[int, Meta(ge=1, description="days enrolled; null while enrolled", examples=[90])]
        | None
    )
    sessions_recorded: Annotated[int, Meta(ge=0, description="sessions recorded", examples=[20])]
    attended: Annotated[int, Meta(ge=0, description="sessions attended", examples=[16])]
    absent: Annotated[int, Meta(ge=0, description="sessions missed", examples=[3])]
    excused: Annotated[int, Meta(ge=0, description="absences excused", examples=[1])]
    attendance_rate: Share
    courses_completed: Annotated[int, Meta(ge=0, description="courses completed", examples=[1])]
    last_course_completed_on: OptionalDay
    position: Position


class DayCentreCentreOutcome(msgspec.Struct, frozen=True):
    """A day centre's enrolments, how they ended, attendance and courses."""

    facility_id: FacilityId
    enrolments: Count
    active: Count
    ended_completed: Count
    ended_left: Count
    ended_moved: Count
    ended_other: Count
    ended_withdrew_consent: Count
    sessions_recorded: Count
    attended: Count
    absent: Count
    excused: Count
    attendance_rate: Share
    courses_completed: Count
    enrolments_with_a_course: Count


SESSIONS = View(
    "day_centre_sessions",
    "capacity",
    DayCentreSessionRow,
    ("held_on", "session_id"),
    ("facility_name", "attendance_rate", "fill_rate"),
)
MONTHS = View("day_centre_enrolment_monthly", "capacity", DayCentreMonth, ("facility_id", "month"))
ENROLMENTS = View(
    "day_centre_enrolments",
    "capacity",
    DayCentreEnrolmentRow,
    ("started_on", "enrolment_id"),
    ("ended_on", "case_number", "facility_name"),
)
OUTCOMES = View(
    "day_centre_outcomes",
    "outcomes",
    DayCentreOutcome,
    ("started_on", "enrolment_id"),
    ("attendance_rate", "courses_completed", "case_number"),
)
BY_CENTRE = View(
    "day_centre_outcomes_by_centre", "outcomes", DayCentreCentreOutcome, ("facility_id",)
)


@list_route(
    "/api/v1/capacity/day-centre/sessions",
    SESSIONS,
    "Day-centre sessions: places, participants and attendance; `from` and `to` included." + WHO,
    operation_id="listDayCentreSessions",
    summary="List day-centre sessions",
    tags=TAGS,
)
def day_centre_sessions(  # noqa: PLR0917 - one query parameter each
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: CentreFilter = None,
    activity: Annotated[
        DayCentreActivity | None, QueryParameter(description="sessions of this kind")
    ] = None,
    from_: Annotated[
        date | None, QueryParameter(name="from", description="sessions on or after this day")
    ] = None,
    to: Annotated[date | None, QueryParameter(description="sessions on or before this day")] = None,
) -> Page[DayCentreSessionRow]:
    require_any(request.user, READ_MODELS, READ_FACILITY)
    rows = SESSIONS.rows
    where = equal(rows, facility_id=facility_id, activity=activity)
    return view_page(request, SESSIONS, where + between(rows.c.held_on, from_, to), page)


@list_route(
    "/api/v1/capacity/day-centre/months",
    MONTHS,
    "Enrolment and sessions per day centre and calendar month; `from` and `to` included." + WHO,
    operation_id="listDayCentreMonths",
    summary="List day-centre enrolment per month",
    tags=TAGS,
)
def day_centre_months(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: CentreFilter = None,
    from_: Annotated[
        str | None,
        QueryParameter(name="from", pattern=MONTH, description="this month (2026-03) or later"),
    ] = None,
    to: Annotated[
        str | None, QueryParameter(pattern=MONTH, description="this month or earlier")
    ] = None,
) -> Page[DayCentreMonth]:
    require_any(request.user, READ_MODELS, READ_FACILITY)
    rows = MONTHS.rows
    where = equal(rows, facility_id=facility_id) + between(rows.c.month, from_, to)
    return view_page(request, MONTHS, where, page)


@list_route(
    "/api/v1/enrolments",
    ENROLMENTS,
    "Day-centre enrolments from the capacity read model (it may lag: see "
    "`wait_for_position`). Readers of enrolments or of read models; caseworkers see the "
    "enrolments of their own cases.",
    operation_id="listEnrolments",
    summary="List day-centre enrolments",
    tags=["enrolments"],
)
def enrolments(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: CentreFilter = None,
    case_id: Annotated[UUID | None, QueryParameter(description="enrolments of this case")] = None,
    active: Annotated[
        bool | None, QueryParameter(description="true: not ended; false: ended")
    ] = None,
) -> Page[DayCentreEnrolmentRow]:
    require_any(request.user, READ_ENROLMENT, READ_MODELS)
    rows = ENROLMENTS.rows
    where = equal(rows, facility_id=facility_id, case_id=case_id)
    if active is not None:
        where.append(rows.c.ended_on.is_(None) if active else rows.c.ended_on.is_not(None))
    return own_cases_page(request, ENROLMENTS, where, page)


@list_route(
    "/api/v1/outcomes/day-centre",
    OUTCOMES,
    "Each day-centre enrolment's attendance rate and courses completed. Readers of read models.",
    operation_id="listDayCentreOutcomes",
    summary="List day-centre outcomes per enrolment",
    tags=TAGS,
)
def day_centre_outcomes(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: CentreFilter = None,
) -> Page[DayCentreOutcome]:
    require_any(request.user, READ_MODELS)
    return view_page(request, OUTCOMES, equal(OUTCOMES.rows, facility_id=facility_id), page)


@list_route(
    "/api/v1/outcomes/day-centre/by-centre",
    BY_CENTRE,
    "Per day centre: enrolments, how they ended, attendance rate, courses completed. "
    "Readers of read models.",
    operation_id="listDayCentreOutcomesByCentre",
    summary="List day-centre outcomes per centre",
    tags=TAGS,
)
def day_centre_by_centre(
    request: Request[User, Any, Any], page: NamedDependency[PageRequest]
) -> Page[DayCentreCentreOutcome]:
    require_any(request.user, READ_MODELS)
    return view_page(request, BY_CENTRE, [], page)


def day_centre_list_handlers() -> list[HTTPRouteHandler]:
    return [
        day_centre_sessions,
        day_centre_months,
        enrolments,
        day_centre_outcomes,
        day_centre_by_centre,
    ]
