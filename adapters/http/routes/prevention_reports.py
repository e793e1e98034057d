"""The prevention read model over HTTP (docs/read-models/prevention.md): its tables and
the knowledge view as lists, and the two summaries a manager asks for — people of some
groups reached, by sex, with their knowledge change; referrals from prevention work.
Readers of read models (`read:read_models`). No person is in any answer.

Every list and summary filters the same way: `municipality` (KAS codes, comma-separated:
`20,25`), `from` and `to` (the day the activity was held), `campaign_id`, `type`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter

from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import require_any
from adapters.http.routes.paging import Page, PageRequest, R, View, view_page
from adapters.http.routes.prevention_rows import (
    AudienceLine,
    CampaignProgress,
    IndicatorProgress,
    KnowledgeChange,
    MaterialLine,
    PreventionActivityRow,
    ReachLine,
    ReferralLine,
)
from adapters.privacy.accounts import User
from domain.errors import InvalidInput
from domain.prevention.vocab import ActivityType
from projections.prevention.query import Where
from services.access import READ_PREVENTION_MODELS

MODEL = "prevention"
REPORTS = "/api/v1/prevention/reports"
TAGS = ["read models"]
CODES = r"^[0-9]{2}(,[0-9]{2})*$"


# Who reads the prevention reports: read:prevention_models (services/access.py) —
# prevention officers, managers, admins and analysts; not every reader of the case read
# models (shelter staff), and prevention officers read no case read model.
READERS = (READ_PREVENTION_MODELS,)


def require_reader(request: Request[User, Any, Any]) -> None:
    """403 unless the user may read the prevention reports (any action of READERS)."""
    require_any(request.user, *READERS)


# ------------------------------------------------------------------ filters


def where(
    municipality: Annotated[
        str | None,
        QueryParameter(pattern=CODES, description="in these municipalities: KAS codes, `20,25`"),
    ] = None,
    from_: Annotated[
        date | None, QueryParameter(name="from", description="held on or after this day")
    ] = None,
    to: Annotated[date | None, QueryParameter(description="held on or before this day")] = None,
    campaign_id: Annotated[UUID | None, QueryParameter(description="of this campaign")] = None,
    type: Annotated[
        ActivityType | None, QueryParameter(description="activities of this type")
    ] = None,
) -> Where:
    if from_ is not None and to is not None and from_ > to:
        raise InvalidInput("from", f"{from_} is after to={to}")
    return Where(
        tuple(municipality.split(",")) if municipality else (),
        from_,
        to,
        None if campaign_id is None else str(campaign_id),
        None if type is None else type.value,
    )


def _list(path: str, view: View[Any], text: str, operation_id: str, summary: str) -> get:
    return list_route(
        f"{REPORTS}/{path}",
        view,
        f"{text} Readers of read models.",
        operation_id=operation_id,
        summary=summary,
        tags=TAGS,
        filters=where,
    )


def _page(request: Request[User, Any, Any], view: View[R], page: PageRequest, at: Where) -> Page[R]:
    require_reader(request)
    return view_page(request, view, at.conditions(view.rows), page)


# -------------------------------------------------------------------- lists

ACTIVITIES = View(
    "prevention_activities",
    MODEL,
    PreventionActivityRow,
    ("held_on", "activity_id"),
    ("people", "municipality", "type", "month"),
)
REACH = View(
    "prevention_reach",
    MODEL,
    ReachLine,
    ("held_on", "activity_id", "line"),
    ("people", "municipality", "participant_group", "sex"),
)
AUDIENCE = View(
    "prevention_audience", MODEL, AudienceLine, ("held_on", "activity_id", "line"), ("figure",)
)
MATERIALS = View(
    "prevention_materials",
    MODEL,
    MaterialLine,
    ("held_on", "activity_id", "material", "language"),
    ("quantity",),
)
REFERRALS = View(
    "prevention_referrals",
    MODEL,
    ReferralLine,
    ("held_on", "activity_id", "number"),
    ("route", "kind", "cases_opened"),
)
KNOWLEDGE = View(
    "prevention_knowledge", MODEL, KnowledgeChange, ("held_on", "activity_id"), ("mean_change",)
)
CAMPAIGNS = View(
    "prevention_campaigns", MODEL, CampaignProgress, ("starts_on", "campaign_id"), ("name",)
)
INDICATORS = View("prevention_indicators", MODEL, IndicatorProgress, ("campaign_id", "line"))


@_list(
    "activities",
    ACTIVITIES,
    "Prevention activities with their figures; withdrawn ones flagged.",
    "listPreventionActivities",
    "List prevention activities",
)
def activities(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[Where],
) -> Page[PreventionActivityRow]:
    return _page(request, ACTIVITIES, page, filters)


@_list(
    "reach",
    REACH,
    "People met in person, one line per activity, group, sector, sex and age band.",
    "listPreventionReach",
    "List prevention reach",
)
def reach(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[Where],
) -> Page[ReachLine]:
    return _page(request, REACH, page, filters)


@_list(
    "audience",
    AUDIENCE,
    "Media and online audience figures with their source, apart from people met.",
    "listPreventionAudience",
    "List prevention audience figures",
)
def audience(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[Where],
) -> Page[AudienceLine]:
    return _page(request, AUDIENCE, page, filters)


@_list(
    "materials",
    MATERIALS,
    "Awareness materials distributed, per activity, type and language.",
    "listPreventionMaterials",
    "List prevention materials",
)
def materials(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[Where],
) -> Page[MaterialLine]:
    return _page(request, MATERIALS, page, filters)


@_list(
    "referrals",
    REFERRALS,
    "Disclosures at activities, where they were referred and the cases opened from them.",
    "listPreventionReferrals",
    "List referrals from prevention",
)
def referrals(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[Where],
) -> Page[ReferralLine]:
    return _page(request, REFERRALS, page, filters)


@_list(
    "knowledge",
    KNOWLEDGE,
    "Each activity's pre- and post-session knowledge tests and the change.",
    "listPreventionKnowledge",
    "List knowledge change",
)
def knowledge(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[Where],
) -> Page[KnowledgeChange]:
    return _page(request, KNOWLEDGE, page, filters)


@list_route(
    f"{REPORTS}/campaigns",
    CAMPAIGNS,
    "Campaigns with their activities held and people met. Readers of read models.",
    operation_id="listPreventionCampaigns",
    summary="List prevention campaigns",
    tags=TAGS,
)
def campaigns(
    request: Request[User, Any, Any], page: NamedDependency[PageRequest]
) -> Page[CampaignProgress]:
    require_reader(request)
    return view_page(request, CAMPAIGNS, [], page)


@list_route(
    f"{REPORTS}/indicators",
    INDICATORS,
    "Campaigns' planned indicators: achieved and the share of the target. Readers of read models.",
    operation_id="listPreventionIndicators",
    summary="List campaign indicators",
    tags=TAGS,
)
def indicators(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    campaign_id: Annotated[UUID | None, QueryParameter(description="of this campaign")] = None,
) -> Page[IndicatorProgress]:
    require_reader(request)
    rows = INDICATORS.rows
    found = [] if campaign_id is None else [rows.c.campaign_id == str(campaign_id)]
    return view_page(request, INDICATORS, found, page)


def prevention_report_handlers() -> list[HTTPRouteHandler]:
    return [activities, reach, audience, materials, referrals, knowledge, campaigns, indicators]
