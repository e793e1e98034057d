"""The outcomes read model over HTTP (docs/read-models/outcomes.md): per quarter and
closed cases for analysts (`read:read_models`), and the reintegration plans as the
staff's list of plans (`read:plan` or `read:read_models`; caseworkers: their own cases).
"""

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
    CASE_NUMBER_AS_TYPED,
    BeneficiaryCode,
    CaseId,
    CaseNumber,
    Day,
    OptionalDay,
    PlanId,
    Position,
    Share,
)
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import own_cases_page, require_any
from adapters.http.routes.paging import Page, PageRequest, View, between, equal, view_page
from adapters.privacy.accounts import User
from domain.vocab import ClosureReason, OtherNeed, PlanStatus, ScreeningOutcome
from services.access import READ_MODELS, READ_PLAN
from services.references import issued_case_number

QUARTER = r"^[0-9]{4}-Q[1-4]$"
TAGS = ["read models"]
Days = Annotated[float, Meta(ge=0, description="days; null without data", examples=[42.5])] | None
FollowUp = Annotated[
    str | None,
    Meta(
        description="sustained, at_risk, re_trafficked, lost_contact; null until recorded",
        examples=["sustained"],
    ),
]


class QuarterOutcomes(msgspec.Struct, frozen=True):
    """Counts, shares and medians of one calendar quarter."""

    quarter: Annotated[str, Meta(pattern=QUARTER, description="the quarter", examples=["2026-Q1"])]
    cases_opened: Annotated[int, Meta(ge=0, description="cases opened", examples=[31])]
    cases_closed: Annotated[int, Meta(ge=0, description="cases closed", examples=[18])]
    cases_reintegrated: Annotated[
        int, Meta(ge=0, description="cases closed as reintegrated", examples=[11])
    ]
    reintegrated_share: Share
    re_trafficked_count: Annotated[
        int, Meta(ge=0, description="follow-ups that found re-trafficking", examples=[1])
    ]
    stays_discharged: Annotated[int, Meta(ge=0, description="stays ended", examples=[9])]
    median_length_of_stay_days: Days
    median_days_to_closure: Days


class CaseOutcome(msgspec.Struct, frozen=True):
    """A closed case: how and how fast it closed."""

    case_id: CaseId
    case_number: CaseNumber
    beneficiary_code: BeneficiaryCode
    referred_on: Annotated[
        date, Meta(description="day of the incoming referral", examples=["2026-01-02"])
    ]
    opened_on: Day
    closed_on: Day
    closure_reason: Annotated[str, Meta(description="why it closed", examples=["reintegrated"])]
    days_to_closure: Annotated[int, Meta(ge=0, description="days open", examples=[120])]
    closure_band: Annotated[
        str,
        Meta(description="<=1 month, 1-3 months, 3-6 months, >6 months", examples=["3-6 months"]),
    ]
    services_received: Annotated[int, Meta(ge=0, description="services delivered", examples=[6])]
    service_types: Annotated[
        str | None,
        Meta(description="kinds of service, comma-separated", examples=["legal,medical"]),
    ]
    referrals_out: Annotated[int, Meta(ge=0, description="outgoing referrals", examples=[2])]
    referrals_accepted: Annotated[int, Meta(ge=0, description="of them accepted", examples=[1])]
    reopened_count: Annotated[int, Meta(ge=0, description="times reopened", examples=[0])]
    re_trafficked: Annotated[
        int, Meta(ge=0, le=1, description="1 when a follow-up found re-trafficking", examples=[0])
    ]
    position: Position
    screenings_out: Annotated[
        int, Meta(ge=0, description="times screening did not confirm trafficking", examples=[0])
    ] = 0
    rescreened_count: Annotated[
        int, Meta(ge=0, description="times screened again on new information", examples=[0])
    ] = 0


class ScreeningOutcomeRow(msgspec.Struct, frozen=True):
    """One screening that did not confirm a possible victim: why, the other need, and
    the kind of partner the person was referred on to (no names, no reasons)."""

    case_id: CaseId
    screening: Annotated[
        int, Meta(ge=1, description="1 for the case's first screening out", examples=[1])
    ]
    case_number: CaseNumber
    screened_on: Day
    outcome: Annotated[
        str,
        Meta(
            description="why trafficking was not confirmed: not_trafficking_other_need, "
            "insufficient_information, declined",
            examples=["declined"],
        ),
    ]
    other_need: Annotated[
        str | None,
        Meta(
            description="the need instead (domestic_violence, labour_dispute, ...); null "
            "unless not_trafficking_other_need",
            examples=[None],
        ),
    ]
    referred_on_to: Annotated[
        str | None,
        Meta(
            description="HTCDS org_Type of the onward referral; empty when HTCDS has no type "
            "for the partner (an international organisation); null if none",
            examples=["NGO"],
        ),
    ]
    no_referral: Annotated[
        int, Meta(ge=0, le=1, description="1 when no onward referral was made", examples=[1])
    ]
    closure_reason: Annotated[
        str, Meta(description="the closure it gave", examples=["screened_out_insufficient_info"])
    ]
    rescreened: Annotated[
        int, Meta(ge=0, le=1, description="1 once screened again after it", examples=[0])
    ]


class PlanOutcome(msgspec.Struct, frozen=True):
    """A reintegration plan: its status, goals and follow-ups."""

    plan_id: PlanId
    case_id: CaseId
    case_number: CaseNumber
    status: Annotated[str, Meta(description="active, completed, discontinued", examples=["active"])]
    goals_total: Annotated[int, Meta(ge=0, description="goals set", examples=[4])]
    goals_achieved: Annotated[int, Meta(ge=0, description="goals achieved", examples=[2])]
    goals_abandoned: Annotated[int, Meta(ge=0, description="goals abandoned", examples=[0])]
    goals_open: Annotated[int, Meta(ge=0, description="goals still open", examples=[2])]
    goal_types: Annotated[
        str | None,
        Meta(
            description="HTCDS support-plan types of its goals, comma-separated",
            examples=["Education,Livelihood"],
        ),
    ]
    drafted_on: Annotated[date, Meta(description="day drafted", examples=["2026-02-10"])]
    completed_on: OptionalDay
    discontinued_on: OptionalDay
    follow_up_3m: FollowUp
    follow_up_6m: FollowUp
    follow_up_12m: FollowUp
    position: Position


QUARTERS = View("outcomes_by_quarter", "outcomes", QuarterOutcomes, ("quarter",))


CASE_OUTCOMES = View(
    "case_outcomes",
    "outcomes",
    CaseOutcome,
    ("closed_on", "case_id"),
    ("opened_on", "days_to_closure", "case_number"),
)


SCREENING_OUTCOMES = View(
    "screening_outcomes",
    "outcomes",
    ScreeningOutcomeRow,
    ("screened_on", "case_id", "screening"),
    ("outcome", "other_need", "case_number"),
)


PLAN_OUTCOMES = View(
    "reintegration_outcomes",
    "outcomes",
    PlanOutcome,
    ("drafted_on", "plan_id"),
    ("status", "case_number", "goals_open", "completed_on"),
    {"status": tuple(status.value for status in PlanStatus)},
)


@list_route(
    "/api/v1/outcomes",
    QUARTERS,
    "Counts, shares and medians per calendar quarter (`2026-Q1`). Readers of read models.",
    operation_id="listQuarterOutcomes",
    summary="List outcomes per quarter",
    tags=TAGS,
)
def outcomes(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    from_: Annotated[
        str | None,
        QueryParameter(name="from", pattern=QUARTER, description="this quarter or later"),
    ] = None,
    to: Annotated[
        str | None, QueryParameter(pattern=QUARTER, description="this quarter or earlier")
    ] = None,
) -> Page[QuarterOutcomes]:
    require_any(request.user, READ_MODELS)
    where = between(QUARTERS.rows.c.quarter, from_, to)
    return view_page(request, QUARTERS, where, page)


@list_route(
    "/api/v1/outcomes/cases",
    CASE_OUTCOMES,
    "Closed cases: how and how fast they closed. Readers of read models.",
    operation_id="listCaseOutcomes",
    summary="List closed cases' outcomes",
    tags=TAGS,
)
def case_outcomes(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    closure_reason: Annotated[
        ClosureReason | None, QueryParameter(description="cases closed for this reason")
    ] = None,
    from_: Annotated[
        date | None, QueryParameter(name="from", description="closed on or after this day")
    ] = None,
    to: Annotated[date | None, QueryParameter(description="closed on or before this day")] = None,
) -> Page[CaseOutcome]:
    require_any(request.user, READ_MODELS)
    view = CASE_OUTCOMES.rows
    where = equal(view, closure_reason=closure_reason) + between(view.c.closed_on, from_, to)
    return view_page(request, CASE_OUTCOMES, where, page)


@list_route(
    "/api/v1/outcomes/screenings",
    SCREENING_OUTCOMES,
    "Screenings that did not confirm a possible victim of trafficking: the outcome, the "
    "other need and the kind of partner the person was referred on to. Readers of read "
    "models.",
    operation_id="listScreeningOutcomes",
    summary="List screening outcomes",
    tags=TAGS,
)
def screening_outcomes(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    *,
    outcome: Annotated[
        ScreeningOutcome | None, QueryParameter(description="screenings with this outcome")
    ] = None,
    other_need: Annotated[
        OtherNeed | None, QueryParameter(description="screenings that found this other need")
    ] = None,
    from_: Annotated[
        date | None, QueryParameter(name="from", description="screened on or after this day")
    ] = None,
    to: Annotated[date | None, QueryParameter(description="screened on or before this day")] = None,
) -> Page[ScreeningOutcomeRow]:
    require_any(request.user, READ_MODELS)
    view = SCREENING_OUTCOMES.rows
    where = equal(view, outcome=outcome, other_need=other_need)
    where += between(view.c.screened_on, from_, to)
    return view_page(request, SCREENING_OUTCOMES, where, page)


@list_route(
    "/api/v1/plans",
    PLAN_OUTCOMES,
    "Reintegration plans with their goals and follow-ups, from the outcomes read model "
    "(it may lag: see `wait_for_position`). Readers of plans or of read models; "
    "caseworkers see the plans of their own cases.",
    operation_id="listPlans",
    summary="List reintegration plans",
    tags=["plans"],
)
def plans(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    status: Annotated[PlanStatus | None, QueryParameter(description="plans in this status")] = None,
    case_id: Annotated[UUID | None, QueryParameter(description="plans of this case")] = None,
    case_number: Annotated[
        str | None, QueryParameter(pattern=CASE_NUMBER_AS_TYPED, description="plans of this case")
    ] = None,
) -> Page[PlanOutcome]:
    require_any(request.user, READ_PLAN, READ_MODELS)
    view = PLAN_OUTCOMES.rows
    number = issued_case_number(case_number)
    where = equal(view, status=status, case_id=case_id, case_number=number)
    return own_cases_page(request, PLAN_OUTCOMES, where, page)


def outcome_handlers() -> list[HTTPRouteHandler]:
    return [outcomes, case_outcomes, screening_outcomes, plans]
