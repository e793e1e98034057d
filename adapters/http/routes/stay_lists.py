"""The shelter stays over HTTP (`GET /api/v1/stays`): the capacity read model's view
`shelter_stays` (docs/read-models/capacity.md), a page at a time, filtered by facility,
case, status and day of admission. Readers of stays or of read models; caseworkers see
the stays of their own cases (services/access.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
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
    CaseId,
    CaseNumber,
    FacilityId,
    FacilityName,
    Position,
    UpdatedAt,
)
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import own_cases_page, require_any
from adapters.http.routes.paging import Page, PageRequest, View, between, equal
from adapters.privacy.accounts import User
from services.access import READ_MODELS, READ_STAY
from services.references import issued_case_number


class StayRow(msgspec.Struct, frozen=True):
    """A shelter stay (docs/read-models/capacity.md, view `shelter_stays`)."""

    stay_id: Annotated[
        UUID, Meta(description="the stay's id", examples=["9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"])
    ]
    case_id: CaseId
    case_number: CaseNumber
    facility_id: FacilityId
    facility_name: FacilityName
    admitted_on: Annotated[date, Meta(description="day of admission", examples=["2026-03-02"])]
    discharged_on: Annotated[
        date | None, Meta(description="day of discharge; null while staying", examples=[None])
    ]
    length_of_stay_days: (
        Annotated[
            int,
            Meta(
                ge=0,
                description="nights from admission to discharge; null while staying",
                examples=[12],
            ),
        ]
        | None
    )
    days_so_far: Annotated[
        int, Meta(ge=0, description="nights from admission to discharge or today", examples=[7])
    ]
    transfers: Annotated[int, Meta(ge=0, description="transfers between facilities", examples=[0])]
    on_leave: Annotated[
        int, Meta(ge=0, le=1, description="1 while on temporary leave", examples=[0])
    ]
    discharge_reason: Annotated[
        str | None, Meta(description="why the stay ended; null while staying", examples=[None])
    ]
    exit_destination: Annotated[
        str | None,
        Meta(description="where the person went (HMIS); null while staying", examples=[None]),
    ]
    updated_at: UpdatedAt
    position: Position


STAYS = View(
    "shelter_stays",
    "capacity",
    StayRow,
    ("admitted_on", "stay_id"),
    ("discharged_on", "length_of_stay_days", "days_so_far", "case_number", "facility_name"),
)


class StayStatus(StrEnum):
    """A shelter stay that is current (not yet discharged) or discharged."""

    CURRENT = "current"
    DISCHARGED = "discharged"


@dataclass(frozen=True)
class StayFilters:
    facility_id: UUID | None
    case_id: UUID | None
    case_number: str | None
    status: StayStatus | None
    admitted_from: date | None
    admitted_to: date | None


def stay_filters(  # noqa: PLR0917 - one query parameter each
    facility_id: Annotated[
        UUID | None, QueryParameter(description="stays in this facility")
    ] = None,
    case_id: Annotated[UUID | None, QueryParameter(description="stays of this case")] = None,
    case_number: Annotated[
        str | None, QueryParameter(pattern=CASE_NUMBER_AS_TYPED, description="stays of this case")
    ] = None,
    status: Annotated[
        StayStatus | None,
        QueryParameter(description="`current`: not yet discharged; `discharged`: ended"),
    ] = None,
    admitted_from: Annotated[
        date | None, QueryParameter(description="stays admitted on or after this day")
    ] = None,
    admitted_to: Annotated[
        date | None, QueryParameter(description="stays admitted on or before this day")
    ] = None,
) -> StayFilters:
    number = issued_case_number(case_number)
    return StayFilters(facility_id, case_id, number, status, admitted_from, admitted_to)


@list_route(
    "/api/v1/stays",
    STAYS,
    "Shelter stays from the capacity read model (it may lag: see `wait_for_position`). "
    "Readers of stays or of read models; caseworkers see the stays of their own cases.",
    operation_id="listStays",
    summary="List shelter stays",
    tags=["stays"],
    filters=stay_filters,
)
def stays(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[StayFilters],
) -> Page[StayRow]:
    require_any(request.user, READ_STAY, READ_MODELS)
    view = STAYS.rows
    where = equal(
        view,
        facility_id=filters.facility_id,
        case_id=filters.case_id,
        case_number=filters.case_number,
    )
    where += between(view.c.admitted_on, filters.admitted_from, filters.admitted_to, ADMITTED)
    if filters.status is not None:
        discharged = view.c.discharged_on
        current = filters.status is StayStatus.CURRENT
        where.append(discharged.is_(None) if current else discharged.is_not(None))
    return own_cases_page(request, STAYS, where, page)


ADMITTED = ("admitted_from", "admitted_to")


def stay_list_handlers() -> list[HTTPRouteHandler]:
    return [stays]
