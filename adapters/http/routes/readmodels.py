"""The read models over HTTP: caseload and a case's timeline (stays, capacity, outcomes
and the directory in their own modules).

Each route reads one view of docs/read-models (same columns, same meaning), a
page at a time (adapters/http/routes/paging.py), and accepts `?wait_for_position=`.
Who may read what (services/access.py):
- analysts' views (caseload by worker, outcomes) need `read:read_models`;
- the caseload also serves staff who read cases, the stays those who read stays;
  caseworkers see their own cases' rows only;
- a case's timeline needs `read:case` or `read:history`, and the case in scope.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from msgspec import Meta
from sqlalchemy import ColumnElement, Connection

from adapters.http.routes.capacity import capacity_handlers
from adapters.http.routes.day_centre_lists import day_centre_list_handlers
from adapters.http.routes.directory import directory_handlers
from adapters.http.routes.episode_outcomes import episode_outcome_handlers
from adapters.http.routes.fields import (
    BeneficiaryCode,
    CaseId,
    CaseNumber,
    Caseworker,
    LastActivityAt,
    NextReviewDue,
    OpenedOn,
    Position,
    RiskAssessedOn,
    RiskLevelName,
    StageName,
)
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import (
    CASE_RANKS,
    CASE_SORTS,
    CaseFilters,
    case_conditions,
    case_filters,
    own_cases,
    require_any,
)
from adapters.http.routes.outcomes import outcome_handlers
from adapters.http.routes.paging import Page, PageRequest, View, equal, view_page
from adapters.http.routes.prevention_summaries import prevention_handlers
from adapters.http.routes.record_refs import CaseRef
from adapters.http.routes.stay_lists import stay_list_handlers
from adapters.http.routes.turnaway_lists import turn_away_handlers
from adapters.privacy.accounts import User
from domain.case import Case
from services.access import READ_CASE, READ_HISTORY, READ_MODELS
from services.references import find

TAGS = ["read models"]


# ------------------------------------------------------------------ caseload


class CaseloadRow(msgspec.Struct, frozen=True):
    """An open case in the caseload view (docs/read-models/caseload.md)."""

    case_id: CaseId
    case_number: CaseNumber
    beneficiary_code: BeneficiaryCode
    caseworker: Caseworker
    stage: StageName
    risk_level: RiskLevelName
    opened_on: OpenedOn
    days_open: Annotated[
        int, Meta(ge=0, description="days from `opened_on` to today in Prishtina", examples=[12])
    ]
    last_activity_at: LastActivityAt
    risk_assessed_on: RiskAssessedOn
    next_review_due: NextReviewDue
    overdue: Annotated[
        int, Meta(ge=0, le=1, description="1 when `next_review_due` is before today", examples=[0])
    ]
    position: Position
    # the reflection and recovery period, the latest (null without one)
    reflection_basis: Annotated[
        str | None, Meta(description="its legal basis", examples=["kosovo_sop"])
    ] = None
    reflection_started_on: Annotated[
        date | None, Meta(description="the day it started", examples=["2026-03-02"])
    ] = None
    reflection_ends_on: Annotated[
        date | None, Meta(description="its end, extensions included", examples=["2026-05-31"])
    ] = None
    reflection_extended_days: Annotated[
        int | None, Meta(description="days added by extensions", examples=[0])
    ] = None
    reflection_ended_on: Annotated[
        date | None, Meta(description="the day it ended early", examples=[None])
    ] = None
    reflection_end_reason: Annotated[
        str | None, Meta(description="why it ended early", examples=[None])
    ] = None
    reflection_days_left: Annotated[
        int | None, Meta(description="days left while it runs today; else null", examples=[41])
    ] = None


class WorkerLoad(msgspec.Struct, frozen=True):
    """A caseworker's open cases (docs/read-models/caseload.md)."""

    caseworker: Annotated[
        str,
        Meta(
            max_length=100, description="user name, or `(unassigned)`", examples=["besa.krasniqi"]
        ),
    ]
    open_cases: Annotated[int, Meta(ge=0, description="open cases assigned", examples=[14])]
    intake: Annotated[int, Meta(ge=0, description="open cases in stage intake", examples=[2])]
    screening: Annotated[int, Meta(ge=0, description="open cases in stage screening", examples=[2])]
    reflection_period: Annotated[
        int, Meta(ge=0, description="open cases in stage reflection_period", examples=[2])
    ]
    assessment: Annotated[
        int, Meta(ge=0, description="open cases in stage assessment", examples=[2])
    ]
    case_plan: Annotated[int, Meta(ge=0, description="open cases in stage case_plan", examples=[2])]
    service_provision: Annotated[
        int, Meta(ge=0, description="open cases in stage service_provision", examples=[2])
    ]
    reintegration: Annotated[
        int, Meta(ge=0, description="open cases in stage reintegration", examples=[2])
    ]
    follow_up: Annotated[int, Meta(ge=0, description="open cases in stage follow_up", examples=[2])]
    high_risk: Annotated[int, Meta(ge=0, description="open cases at high risk", examples=[1])]
    overdue: Annotated[
        int, Meta(ge=0, description="open cases whose risk review is overdue", examples=[0])
    ]
    in_reflection_period: Annotated[
        int, Meta(ge=0, description="open cases whose reflection period runs today", examples=[1])
    ]
    caseload_band: Annotated[
        str, Meta(description="Primero's band: <10, 10-19, 20-29, 30+", examples=["10-19"])
    ]


CASELOAD = View(
    "caseload",
    "caseload",
    CaseloadRow,
    ("case_number", "case_id"),
    (*CASE_SORTS, "days_open"),
    CASE_RANKS,
)


BY_WORKER = View(
    "caseload_by_worker",
    "caseload",
    WorkerLoad,
    ("caseworker",),
    ("open_cases", "high_risk", "overdue"),
)


@list_route(
    "/api/v1/caseload",
    CASELOAD,
    "Open cases from the caseload view, with days open and whether the risk review is "
    "overdue. Readers of read models or of cases; caseworkers see only their own rows.",
    operation_id="listCaseload",
    summary="List open cases",
    tags=TAGS,
    filters=case_filters,
)
def caseload(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[CaseFilters],
) -> Page[CaseloadRow]:
    require_any(request.user, READ_MODELS, READ_CASE)
    worker = own_cases(request, page, filters.caseworker)

    def where(conn: Connection) -> list[ColumnElement[bool]]:
        return case_conditions(conn, CASELOAD.rows, filters, worker)

    return view_page(request, CASELOAD, where, page, reads=[("shelter_stays", "capacity")])


@list_route(
    "/api/v1/caseload/by-worker",
    BY_WORKER,
    "Each caseworker's open cases, per stage, with Primero's caseload band. Readers of "
    "read models.",
    operation_id="listCaseloadByWorker",
    summary="List caseloads per caseworker",
    tags=TAGS,
)
def caseload_by_worker(
    request: Request[User, Any, Any], page: NamedDependency[PageRequest]
) -> Page[WorkerLoad]:
    require_any(request.user, READ_MODELS)
    return view_page(request, BY_WORKER, [], page)


# ------------------------------------------------------------------ timeline


class TimelineEntry(msgspec.Struct, frozen=True):
    """One event of a case, its stays' or its plans' (docs/read-models/timeline.md)."""

    case_id: CaseId
    case_number: CaseNumber
    position: Annotated[int, Meta(ge=1, description="the event's store position", examples=[1042])]
    aggregate_type: Annotated[
        str, Meta(description="Case, ShelterStay, ReintegrationPlan or CarePlan", examples=["Case"])
    ]
    aggregate_id: Annotated[
        UUID,
        Meta(
            description="the record the event belongs to",
            examples=["3f9a7c1e-2b4d-4e8f-9a1b-5c6d7e8f9a0b"],
        ),
    ]
    aggregate_version: Annotated[
        int, Meta(ge=1, description="the record's version after the event", examples=[4])
    ]
    occurred_at: Annotated[
        datetime, Meta(description="when it was decided (UTC)", examples=["2026-03-09T10:15:00Z"])
    ]
    occurred_on: Annotated[date, Meta(description="its day in Prishtina", examples=["2026-03-09"])]
    actor: Annotated[str, Meta(description="the staff user who did it", examples=["besa.krasniqi"])]
    event_type: Annotated[str, Meta(description="the event", examples=["Case.RiskAssessed"])]
    summary: Annotated[
        str, Meta(description="what happened, without personal data", examples=["risk: medium"])
    ]


TIMELINE = View("case_timeline", "timeline", TimelineEntry, ("position",))


@list_route(
    "/api/v1/cases/{ref:str}/timeline",
    TIMELINE,
    "A case's history, its stays' and plans' included, in the order it was recorded. "
    "Readers of cases or of history, the case in their scope.",
    operation_id="listCaseTimeline",
    summary="List a case's timeline",
    tags=["cases"],
)
def timeline(
    request: Request[User, Any, Any],
    ref: CaseRef,
    page: NamedDependency[PageRequest],
) -> Page[TimelineEntry]:
    require_any(request.user, READ_CASE, READ_HISTORY)
    case_id = _check_case(request, ref)
    return view_page(request, TIMELINE, equal(TIMELINE.rows, case_id=case_id), page)


def _check_case(request: Request[User, Any, Any], ref: str) -> UUID:
    """The case's id; 404 for a case never opened (from the store: the timeline may
    lag), 422 naming `ref` for a malformed reference, 403 out of scope."""
    state = request.app.state
    case = find(state.journey.queries, Case, ref)
    state.scope.allow_case(request.user, case)
    return case.id


def read_model_handlers() -> list[HTTPRouteHandler]:
    return [
        caseload,
        caseload_by_worker,
        *capacity_handlers(),
        *stay_list_handlers(),
        *outcome_handlers(),
        *directory_handlers(),
        timeline,
        *day_centre_list_handlers(),  # day rehabilitation centre (issue 14)
        *episode_outcome_handlers(),  # trafficking episodes (issue 15)
        *turn_away_handlers(),  # turn-aways (issue 15)
        *prevention_handlers(),  # prevention's reach and referrals (issue 16)
    ]
