"""The read models over HTTP: caseload, capacity, stays, outcomes, a case's timeline
(outcomes in adapters/http/routes/outcomes.py).

Each route reads one view of docs/read-models (same columns, same meaning), a
page at a time (adapters/http/routes/paging.py), and accepts `?wait_for_position=`.
Who may read what (services/access.py):
- analysts' views (caseload by worker, stays, outcomes) need `read:read_models`;
- the caseload also serves staff who read cases; caseworkers see their own rows only;
- capacity serves whoever may read facilities too (it holds no case data);
- a case's timeline needs `read:case` or `read:history`, and the case in scope.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery, QueryParameter

from adapters.http.routes.lists import own_cases, require_any
from adapters.http.routes.outcomes import outcome_handlers
from adapters.http.routes.paging import PAGING, Page, PageRequest, View, between, equal, view_page
from adapters.privacy.accounts import User
from domain.vocab import RiskLevel, Stage
from services.access import READ_CASE, READ_FACILITY, READ_HISTORY, READ_MODELS, sees_all_cases

TAGS = ["read models"]


# ------------------------------------------------------------------ caseload


class CaseloadRow(msgspec.Struct, frozen=True):
    case_id: UUID
    case_number: str
    beneficiary_code: str
    caseworker: str | None
    stage: str
    risk_level: str | None
    opened_on: date
    days_open: int
    last_activity_at: datetime
    risk_assessed_on: date | None
    next_review_due: date
    overdue: int
    position: int


class WorkerLoad(msgspec.Struct, frozen=True):
    caseworker: str
    open_cases: int
    intake: int
    screening: int
    reflection_period: int
    assessment: int
    case_plan: int
    service_provision: int
    reintegration: int
    follow_up: int
    high_risk: int
    overdue: int
    caseload_band: str


CASELOAD = View("caseload", "caseload", CaseloadRow, ("case_number", "case_id"))


BY_WORKER = View("caseload_by_worker", "caseload", WorkerLoad, ("caseworker",))


@get("/api/v1/caseload", sync_to_thread=True, tags=TAGS, dependencies=PAGING)
def caseload(  # noqa: PLR0917 - one query parameter each
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    caseworker: Annotated[str | None, QueryParameter(max_length=100)] = None,
    stage: FromQuery[Stage | None] = None,
    risk_level: FromQuery[RiskLevel | None] = None,
    overdue: FromQuery[bool | None] = None,
) -> Page[CaseloadRow]:
    """Open cases, by case number. Caseworkers see only the cases assigned to them."""
    require_any(request.user, READ_MODELS, READ_CASE)
    worker = own_cases(request.user, caseworker)
    flag = None if overdue is None else int(overdue)
    where = equal(CASELOAD.rows, caseworker=worker, stage=stage, risk_level=risk_level)
    where += equal(CASELOAD.rows, overdue=flag)
    return view_page(request, CASELOAD, where, page)


@get("/api/v1/caseload/by-worker", sync_to_thread=True, tags=TAGS, dependencies=PAGING)
def caseload_by_worker(
    request: Request[User, Any, Any], page: NamedDependency[PageRequest]
) -> Page[WorkerLoad]:
    """Each caseworker's open cases, per stage, with Primero's caseload band."""
    require_any(request.user, READ_MODELS)
    return view_page(request, BY_WORKER, [], page)


# ------------------------------------------------------------------ capacity


class BedPeriod(msgspec.Struct, frozen=True):
    start: date
    end: date | None
    beds: int


class FacilityCapacity(msgspec.Struct, frozen=True):
    facility_id: UUID
    name: str
    kind: str
    beds: int
    beds_effective_from: date
    occupied: int
    available: int
    occupancy_rate: float
    registered_on: date
    daily_through: date
    bed_inventory: list[BedPeriod]
    updated_at: datetime
    position: int


class DailyOccupancy(msgspec.Struct, frozen=True):
    facility_id: UUID
    day: date
    facility_name: str
    beds: int
    occupied: int
    admissions: int
    transfers_in: int
    discharges: int
    transfers_out: int
    utilisation: float | None
    data_quality_flag: int


class Utilisation(msgspec.Struct, frozen=True):
    facility_id: UUID
    facility_name: str
    first_day: date
    last_day: date
    days: int
    bed_nights: int
    occupied_bed_nights: int
    utilisation: float | None
    average_daily_utilisation: float | None
    flagged_days: int
    admissions: int
    discharges: int


CAPACITY = View("facility_capacity", "capacity", FacilityCapacity, ("name", "facility_id"))


DAILY = View("facility_occupancy_daily", "capacity", DailyOccupancy, ("facility_id", "day"))


UTILISATION = View("facility_utilisation", "capacity", Utilisation, ("facility_id",))


@get("/api/v1/capacity", sync_to_thread=True, tags=TAGS, dependencies=PAGING)
def capacity(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: FromQuery[UUID | None] = None,
) -> Page[FacilityCapacity]:
    """Beds, residents and free beds of each facility now, by name."""
    require_any(request.user, READ_MODELS, READ_FACILITY)
    return view_page(request, CAPACITY, equal(CAPACITY.rows, facility_id=facility_id), page)


@get("/api/v1/capacity/daily", sync_to_thread=True, tags=TAGS, dependencies=PAGING)
def capacity_daily(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: FromQuery[UUID | None] = None,
    from_: Annotated[date | None, QueryParameter(name="from")] = None,
    to: FromQuery[date | None] = None,
) -> Page[DailyOccupancy]:
    """Occupancy night by night (HUD): per facility, then day; `from` and `to` included."""
    require_any(request.user, READ_MODELS, READ_FACILITY)
    days = DAILY.rows
    where = equal(days, facility_id=facility_id) + between(days.c.day, from_, to)
    return view_page(request, DAILY, where, page)


@get("/api/v1/capacity/utilisation", sync_to_thread=True, tags=TAGS, dependencies=PAGING)
def capacity_utilisation(
    request: Request[User, Any, Any], page: NamedDependency[PageRequest]
) -> Page[Utilisation]:
    """Each facility's utilisation over all its days, with HUD's flagged days."""
    require_any(request.user, READ_MODELS, READ_FACILITY)
    return view_page(request, UTILISATION, [], page)


# --------------------------------------------------------------------- stays


class StayRow(msgspec.Struct, frozen=True):
    stay_id: UUID
    case_id: UUID
    case_number: str
    facility_id: UUID
    facility_name: str
    admitted_on: date
    discharged_on: date | None
    length_of_stay_days: int | None
    days_so_far: int
    transfers: int
    on_leave: int
    discharge_reason: str | None
    exit_destination: str | None
    updated_at: datetime
    position: int


STAYS = View("shelter_stays", "capacity", StayRow, ("admitted_on", "stay_id"))


@get("/api/v1/stays", sync_to_thread=True, tags=TAGS, dependencies=PAGING)
def stays(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: FromQuery[UUID | None] = None,
    case_id: FromQuery[UUID | None] = None,
    current: FromQuery[bool | None] = None,
) -> Page[StayRow]:
    """Shelter stays by admission day; `current=true`: not yet discharged."""
    require_any(request.user, READ_MODELS)
    view = STAYS.rows
    where = equal(view, facility_id=facility_id, case_id=case_id)
    if current is not None:
        discharged = view.c.discharged_on
        where.append(discharged.is_(None) if current else discharged.is_not(None))
    return view_page(request, STAYS, where, page)


# ------------------------------------------------------------------ timeline


class TimelineEntry(msgspec.Struct, frozen=True):
    case_id: UUID
    case_number: str
    position: int
    aggregate_type: str
    aggregate_id: UUID
    aggregate_version: int
    occurred_at: datetime
    occurred_on: date
    actor: str
    event_type: str
    summary: str


TIMELINE = View("case_timeline", "timeline", TimelineEntry, ("position",))


@get(
    "/api/v1/cases/{record_id:uuid}/timeline",
    sync_to_thread=True,
    tags=["cases"],
    dependencies=PAGING,
)
def timeline(
    request: Request[User, Any, Any], record_id: FromPath[UUID], page: NamedDependency[PageRequest]
) -> Page[TimelineEntry]:
    """A case's history, its stays' and plans' included, in the order it was recorded."""
    require_any(request.user, READ_CASE, READ_HISTORY)
    _check_case(request, record_id)
    return view_page(request, TIMELINE, equal(TIMELINE.rows, case_id=record_id), page)


def _check_case(request: Request[User, Any, Any], case_id: UUID) -> None:
    """404 for a case never opened (from the store: the timeline may lag); 403 out of scope."""
    state = request.app.state
    if sees_all_cases(request.user.role):
        state.journey.queries.case(case_id)
    else:
        state.scope.check_case(request.user, case_id)


def read_model_handlers() -> list[HTTPRouteHandler]:
    return [
        caseload,
        caseload_by_worker,
        capacity,
        capacity_daily,
        capacity_utilisation,
        stays,
        *outcome_handlers(),
        timeline,
    ]
