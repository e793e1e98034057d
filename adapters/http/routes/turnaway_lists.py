"""Turn-aways over HTTP (issue 15, section 6): admissions each shelter refused, per
facility, month and reason, and where the people were referred, per facility, month and
organisation (capacity, docs/read-models/capacity.md). Counts only, no one named."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from msgspec import Meta

from adapters.http.routes.day_centre_lists import MONTH, Month
from adapters.http.routes.fields import FacilityId, FacilityName, Position, UpdatedAt
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import require_any
from adapters.http.routes.paging import Page, PageRequest, View, between, equal, view_page
from adapters.privacy.accounts import User
from domain.facility_turnaway import TurnAwayReason
from services.access import READ_FACILITY, READ_MODELS

TAGS = ["read models"]
WHO = " Readers of read models or of facilities."


class TurnAwayMonth(msgspec.Struct, frozen=True):
    """A shelter's turn-aways of one month for one reason."""

    facility_id: FacilityId
    month: Month
    reason: Annotated[
        str,
        Meta(
            description="no_bed, risk_too_high, outside_mandate, declined_by_person or other",
            examples=["no_bed"],
        ),
    ]
    facility_name: FacilityName
    municipality: Annotated[
        str | None,
        Meta(
            description="the shelter's municipality code (01-38) at its latest turn-away "
            "of the month; null when none recorded",
            examples=["19"],
        ),
    ]
    turn_aways: Annotated[int, Meta(ge=0, description="admissions refused", examples=[4])]
    referred: Annotated[
        int, Meta(ge=0, description="of them referred to an organisation", examples=[3])
    ]
    with_case: Annotated[
        int, Meta(ge=0, description="of them concerning a recorded case", examples=[1])
    ]
    children: Annotated[int, Meta(ge=0, description="of them children", examples=[1])]
    adults: Annotated[int, Meta(ge=0, description="of them adults", examples=[2])]
    age_unknown: Annotated[int, Meta(ge=0, description="of them of unknown age", examples=[1])]
    women_and_girls: Annotated[int, Meta(ge=0, description="of them women and girls", examples=[3])]
    men_and_boys: Annotated[int, Meta(ge=0, description="of them men and boys", examples=[1])]
    gender_other_or_unknown: Annotated[
        int, Meta(ge=0, description="of them of another or unknown gender", examples=[0])
    ]
    updated_at: UpdatedAt
    position: Position


class TurnAwayReferral(msgspec.Struct, frozen=True):
    """Where a shelter's turned-away people of one month were referred."""

    facility_id: FacilityId
    month: Month
    organisation_id: Annotated[
        UUID,
        Meta(
            description="the organisation referred to (/api/v1/organisations)",
            examples=["3c9e1f5a-7b2d-5e8f-a4c6-1d0b9e7f2a35"],
        ),
    ]
    facility_name: FacilityName
    turn_aways: Annotated[int, Meta(ge=0, description="people referred there", examples=[2])]
    updated_at: UpdatedAt
    position: Position


MONTHS = View(
    "facility_turnaways_monthly",
    "capacity",
    TurnAwayMonth,
    ("facility_id", "month", "reason"),
    ("month", "turn_aways"),
)
REFERRALS = View(
    "facility_turnaway_referrals",
    "capacity",
    TurnAwayReferral,
    ("facility_id", "month", "organisation_id"),
    ("month", "turn_aways"),
)
FacilityFilter = Annotated[UUID | None, QueryParameter(description="this facility only")]
FromMonth = Annotated[
    str | None,
    QueryParameter(name="from", pattern=MONTH, description="this month (2026-03) or later"),
]
ToMonth = Annotated[str | None, QueryParameter(pattern=MONTH, description="this month or earlier")]


@list_route(
    "/api/v1/capacity/turn-aways",
    MONTHS,
    "Admissions each shelter refused, per facility, calendar month and reason, with how "
    "many were referred on, children and adults, and gender; `from` and `to` included." + WHO,
    operation_id="listTurnAways",
    summary="List turn-aways per facility and month",
    tags=TAGS,
)
def turn_aways(  # noqa: PLR0917 - one query parameter each
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: FacilityFilter = None,
    reason: Annotated[TurnAwayReason | None, QueryParameter(description="this reason only")] = None,
    from_: FromMonth = None,
    to: ToMonth = None,
) -> Page[TurnAwayMonth]:
    require_any(request.user, READ_MODELS, READ_FACILITY)
    rows = MONTHS.rows
    where = equal(rows, facility_id=facility_id, reason=reason)
    return view_page(request, MONTHS, where + between(rows.c.month, from_, to), page)


@list_route(
    "/api/v1/capacity/turn-aways/referrals",
    REFERRALS,
    "Where turned-away people were referred, per facility, calendar month and "
    "organisation; `from` and `to` included." + WHO,
    operation_id="listTurnAwayReferrals",
    summary="List turn-away referrals per facility and month",
    tags=TAGS,
)
def turn_away_referrals(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: FacilityFilter = None,
    from_: FromMonth = None,
    to: ToMonth = None,
) -> Page[TurnAwayReferral]:
    require_any(request.user, READ_MODELS, READ_FACILITY)
    rows = REFERRALS.rows
    where = equal(rows, facility_id=facility_id) + between(rows.c.month, from_, to)
    return view_page(request, REFERRALS, where, page)


def turn_away_handlers() -> list[HTTPRouteHandler]:
    return [turn_aways, turn_away_referrals]
