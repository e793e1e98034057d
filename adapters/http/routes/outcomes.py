"""The outcomes read model over HTTP: per quarter, closed cases, reintegration plans
(docs/read-models/outcomes.md); analysts' views, they need `read:read_models`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromQuery, QueryParameter

from adapters.http.routes.lists import require_any
from adapters.http.routes.paging import PAGING, Page, PageRequest, View, between, equal, view_page
from adapters.privacy.accounts import User
from domain.vocab import ClosureReason, PlanStatus
from services.access import READ_MODELS

QUARTER = r"^[0-9]{4}-Q[1-4]$"
TAGS = ["read models"]


class QuarterOutcomes(msgspec.Struct, frozen=True):
    quarter: str
    cases_opened: int
    cases_closed: int
    cases_reintegrated: int
    reintegrated_share: float | None
    re_trafficked_count: int
    stays_discharged: int
    median_length_of_stay_days: float | None
    median_days_to_closure: float | None


class CaseOutcome(msgspec.Struct, frozen=True):
    case_id: UUID
    case_number: str
    beneficiary_code: str
    referred_on: date
    opened_on: date
    closed_on: date
    closure_reason: str
    days_to_closure: int
    closure_band: str
    services_received: int
    service_types: str | None
    referrals_out: int
    referrals_accepted: int
    reopened_count: int
    re_trafficked: int
    position: int


class PlanOutcome(msgspec.Struct, frozen=True):
    plan_id: UUID
    case_id: UUID
    case_number: str
    status: str
    goals_total: int
    goals_achieved: int
    goals_abandoned: int
    goals_open: int
    goal_types: str | None
    drafted_on: date
    completed_on: date | None
    discontinued_on: date | None
    follow_up_3m: str | None
    follow_up_6m: str | None
    follow_up_12m: str | None
    position: int


QUARTERS = View("outcomes_by_quarter", "outcomes", QuarterOutcomes, ("quarter",))


CASE_OUTCOMES = View("case_outcomes", "outcomes", CaseOutcome, ("closed_on", "case_id"))


PLAN_OUTCOMES = View("reintegration_outcomes", "outcomes", PlanOutcome, ("drafted_on", "plan_id"))


@get("/api/v1/outcomes", sync_to_thread=True, tags=TAGS, dependencies=PAGING)
def outcomes(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    from_: Annotated[str | None, QueryParameter(name="from", pattern=QUARTER)] = None,
    to: Annotated[str | None, QueryParameter(pattern=QUARTER)] = None,
) -> Page[QuarterOutcomes]:
    """Counts, shares and medians per calendar quarter (`2026-Q1`), oldest first."""
    require_any(request.user, READ_MODELS)
    where = between(QUARTERS.rows.c.quarter, from_, to)
    return view_page(request, QUARTERS, where, page)


@get("/api/v1/outcomes/cases", sync_to_thread=True, tags=TAGS, dependencies=PAGING)
def case_outcomes(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    closure_reason: FromQuery[ClosureReason | None] = None,
    from_: Annotated[date | None, QueryParameter(name="from")] = None,
    to: FromQuery[date | None] = None,
) -> Page[CaseOutcome]:
    """Closed cases by closure day: how and how fast they closed."""
    require_any(request.user, READ_MODELS)
    view = CASE_OUTCOMES.rows
    where = equal(view, closure_reason=closure_reason) + between(view.c.closed_on, from_, to)
    return view_page(request, CASE_OUTCOMES, where, page)


@get("/api/v1/outcomes/plans", sync_to_thread=True, tags=TAGS, dependencies=PAGING)
def plan_outcomes(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    status: FromQuery[PlanStatus | None] = None,
    case_id: FromQuery[UUID | None] = None,
) -> Page[PlanOutcome]:
    """Reintegration plans by drafting day: goals achieved and follow-ups."""
    require_any(request.user, READ_MODELS)
    where = equal(PLAN_OUTCOMES.rows, status=status, case_id=case_id)
    return view_page(request, PLAN_OUTCOMES, where, page)


def outcome_handlers() -> list[HTTPRouteHandler]:
    return [outcomes, case_outcomes, plan_outcomes]
