"""The capacity read model's facility lists over HTTP: beds and residents now, night by
night, and utilisation (docs/read-models/capacity.md). Readers of read models or of
facilities (they hold no case data)."""

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

from adapters.http.routes.fields import Day, FacilityId, FacilityName, Position, Share, UpdatedAt
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import require_any
from adapters.http.routes.paging import Page, PageRequest, View, between, equal, view_page
from adapters.privacy.accounts import User
from services.access import READ_FACILITY, READ_MODELS

TAGS = ["read models"]
WHO = " Readers of read models or of facilities."


Beds = Annotated[int, Meta(ge=0, description="beds (or day-centre places)", examples=[12])]


class BedPeriod(msgspec.Struct, frozen=True):
    """A period of a facility's bed inventory (HMIS)."""

    start: Annotated[date, Meta(description="first day of the period", examples=["2025-01-01"])]
    end: Annotated[
        date | None, Meta(description="last day; null while current", examples=["2025-12-31"])
    ]
    beds: Beds


class FacilityCapacity(msgspec.Struct, frozen=True):
    """A facility's beds and residents now."""

    facility_id: FacilityId
    name: FacilityName
    kind: Annotated[
        str, Meta(description="shelter or day_rehabilitation_centre", examples=["shelter"])
    ]
    municipality: Annotated[
        str | None,
        Meta(
            description="the municipality it is in: KAS code 01-38; null when not recorded",
            examples=["19"],
        ),
    ]
    municipality_name: Annotated[
        str | None,
        Meta(description="that municipality's name in Albanian", examples=["Prishtinë"]),
    ]
    beds: Beds
    beds_effective_from: Annotated[
        date, Meta(description="day the current bed count took effect", examples=["2025-01-01"])
    ]
    occupied: Annotated[int, Meta(ge=0, description="residents now", examples=[3])]
    available: Annotated[int, Meta(ge=0, description="free beds now", examples=[3])]
    occupancy_rate: Annotated[
        float, Meta(ge=0, description="residents / beds now", examples=[0.25])
    ]
    registered_on: Annotated[
        date, Meta(description="day the facility was registered", examples=["2025-01-01"])
    ]
    daily_through: Annotated[
        date, Meta(description="last day of its night-by-night rows", examples=["2026-03-09"])
    ]
    bed_inventory: Annotated[
        list[BedPeriod], Meta(description="bed counts over time, oldest first", examples=[[]])
    ]
    updated_at: UpdatedAt
    position: Position


class DailyOccupancy(msgspec.Struct, frozen=True):
    """One facility's night (HUD occupancy)."""

    facility_id: FacilityId
    day: Day
    facility_name: FacilityName
    beds: Beds
    occupied: Annotated[int, Meta(ge=0, description="residents that night", examples=[3])]
    admissions: Annotated[int, Meta(ge=0, description="admissions that day", examples=[1])]
    transfers_in: Annotated[int, Meta(ge=0, description="transfers in that day", examples=[0])]
    discharges: Annotated[int, Meta(ge=0, description="discharges that day", examples=[1])]
    transfers_out: Annotated[int, Meta(ge=0, description="transfers out that day", examples=[0])]
    utilisation: Share
    data_quality_flag: Annotated[
        int, Meta(ge=0, le=1, description="1 when utilisation is outside 65-105 %", examples=[0])
    ]


class Utilisation(msgspec.Struct, frozen=True):
    """A facility's utilisation over all its days."""

    facility_id: FacilityId
    facility_name: FacilityName
    first_day: Day
    last_day: Day
    days: Annotated[int, Meta(ge=0, description="days counted", examples=[68])]
    bed_nights: Annotated[
        int, Meta(ge=0, description="beds summed over the nights", examples=[816])
    ]
    occupied_bed_nights: Annotated[
        int, Meta(ge=0, description="residents summed over the nights", examples=[612])
    ]
    utilisation: Share
    average_daily_utilisation: Share
    flagged_days: Annotated[
        int, Meta(ge=0, description="days outside 65-105 % utilisation", examples=[2])
    ]
    admissions: Annotated[int, Meta(ge=0, description="admissions", examples=[9])]
    discharges: Annotated[int, Meta(ge=0, description="discharges", examples=[7])]


CAPACITY = View(
    "facility_capacity",
    "capacity",
    FacilityCapacity,
    ("name", "facility_id"),
    ("available", "occupancy_rate"),
)


DAILY = View(
    "facility_occupancy_daily",
    "capacity",
    DailyOccupancy,
    ("facility_id", "day"),
    ("utilisation",),
)


UTILISATION = View(
    "facility_utilisation",
    "capacity",
    Utilisation,
    ("facility_id",),
    ("facility_name", "utilisation", "flagged_days"),
)

FacilityFilter = Annotated[UUID | None, QueryParameter(description="this facility only")]


@list_route(
    "/api/v1/capacity",
    CAPACITY,
    "Beds, residents and free beds of each facility now." + WHO,
    operation_id="listFacilityCapacity",
    summary="List facilities' beds now",
    tags=TAGS,
)
def capacity(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: FacilityFilter = None,
) -> Page[FacilityCapacity]:
    require_any(request.user, READ_MODELS, READ_FACILITY)
    return view_page(request, CAPACITY, equal(CAPACITY.rows, facility_id=facility_id), page)


@list_route(
    "/api/v1/capacity/daily",
    DAILY,
    "Occupancy night by night (HUD), per facility and day; `from` and `to` included." + WHO,
    operation_id="listDailyOccupancy",
    summary="List occupancy night by night",
    tags=TAGS,
)
def capacity_daily(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    facility_id: FacilityFilter = None,
    from_: Annotated[
        date | None, QueryParameter(name="from", description="nights on or after this day")
    ] = None,
    to: Annotated[date | None, QueryParameter(description="nights on or before this day")] = None,
) -> Page[DailyOccupancy]:
    require_any(request.user, READ_MODELS, READ_FACILITY)
    days = DAILY.rows
    where = equal(days, facility_id=facility_id) + between(days.c.day, from_, to)
    return view_page(request, DAILY, where, page)


@list_route(
    "/api/v1/capacity/utilisation",
    UTILISATION,
    "Each facility's utilisation over all its days, with HUD's flagged days." + WHO,
    operation_id="listUtilisation",
    summary="List facilities' utilisation",
    tags=TAGS,
)
def capacity_utilisation(
    request: Request[User, Any, Any], page: NamedDependency[PageRequest]
) -> Page[Utilisation]:
    require_any(request.user, READ_MODELS, READ_FACILITY)
    return view_page(request, UTILISATION, [], page)


def capacity_handlers() -> list[HTTPRouteHandler]:
    return [capacity, capacity_daily, capacity_utilisation]
