"""The partner-organisation registry over HTTP: the list (the `organisations` read model,
docs/read-models/organisations.md), searched by name in any of our languages, and one
organisation from the event store. Every staff role reads them (read:organisation);
the commands are in adapters/http/routes/commands.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from msgspec import Meta
from sqlalchemy import ColumnElement, Text, column, or_, select

from adapters.http.routes.fields import OptionalDay, Position, UpdatedAt
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import require_any
from adapters.http.routes.paging import Page, PageRequest, View, equal, view_page
from adapters.http.routes.record_refs import OrganisationRef
from adapters.privacy.accounts import User
from domain import places
from domain.errors import InvalidInput
from domain.name_folding import fold
from domain.organisation import (
    ActivePeriod,
    Organisation,
    OrganisationDetails,
    OrganisationKind,
    OrganisationNames,
)
from domain.vocab import OrganisationType
from services.access import READ_ORGANISATION
from services.references import find

TAGS = ["organisations"]
MAX_SEARCH = 100
OrganisationIdField = Annotated[
    UUID,
    Meta(description="the organisation's id", examples=["f4d5371e-3929-56a0-870f-317ee8808f05"]),
]
Key = Annotated[str, Meta(description="its registry key, for good", examples=["csw-prishtine"])]
Name = Annotated[
    str | None,
    Meta(description="its name in this language; null: none", examples=["Qendra për Punë Sociale"]),
]
HtcdsType = Annotated[
    OrganisationType | None,
    Meta(description="HTCDS org_Type; null where HTCDS has none that fits", examples=["NGO"]),
]
Country = Annotated[
    str, Meta(description="ISO 3166-1 alpha-2 code, XK for Kosovo", examples=["XK"])
]
MunicipalityCode = Annotated[
    str | None,
    Meta(description="KAS municipality code, in Kosovo only; else null", examples=["19"]),
]
ActiveFrom = Annotated[date, Meta(description="first day it was active", examples=["2020-01-01"])]


class OrganisationRow(msgspec.Struct, frozen=True):
    """A partner organisation in the registry."""

    organisation_id: OrganisationIdField
    key: Key
    display_name: Annotated[
        str,
        Meta(description="Albanian name, else English, else Serbian", examples=["IOM Kosovo"]),
    ]
    name_sq: Name
    name_sr: Name
    name_en: Name
    kind: Annotated[
        str, Meta(description="what kind of organisation (see `kind` filter)", examples=["ngo"])
    ]
    htcds_type: Annotated[
        str | None,
        Meta(description="HTCDS org_Type; null where HTCDS has none that fits", examples=["NGO"]),
    ]
    country: Country
    municipality: MunicipalityCode
    city: Annotated[str | None, Meta(description="city or town", examples=["Prishtinë"])]
    phone: Annotated[str | None, Meta(description="phone, E.164", examples=["+38338123456"])]
    active_from: ActiveFrom
    active_to: OptionalDay
    periods: Annotated[int, Meta(ge=1, description="periods it has been active", examples=[1])]
    version: Annotated[int, Meta(ge=1, description="the record's version", examples=[2])]
    updated_at: UpdatedAt
    position: Position


class OrganisationView(msgspec.Struct, frozen=True):
    """A partner organisation as it stands: names, kind, place, contact, activity."""

    id: OrganisationIdField
    key: Key
    version: Annotated[int, Meta(ge=1, description="its version; also its ETag", examples=[2])]
    display_name: Annotated[str, Meta(description="the name staff see", examples=["IOM Kosovo"])]
    names: Annotated[
        OrganisationNames,
        Meta(
            description="its names in Albanian, Serbian and English (null: none in that language)",
            examples=[
                {"albanian": "Policia e Kosovës", "serbian": None, "english": "Kosovo Police"}
            ],
        ),
    ]
    details: Annotated[
        OrganisationDetails,
        Meta(
            description="its kind, place and contact (HTCDS org_*); null: not known",
            examples=[{"kind": "police", "country": "XK", "municipality": "19"}],
        ),
    ]
    htcds_type: HtcdsType
    active_from: ActiveFrom
    active_to: OptionalDay
    periods: Annotated[
        list[ActivePeriod],
        Meta(
            description="the periods it was active, oldest first",
            examples=[[{"start": "2020-01-01", "end": None}]],
        ),
    ]
    active_today: Annotated[bool, Meta(description="active on today's date", examples=[True])]


ORGANISATIONS = View(
    "organisations",
    "organisations",
    OrganisationRow,
    ("key",),
    ("display_name", "kind", "municipality", "active_from", "active_to"),
)


class OrganisationPeriodRow(msgspec.Struct, frozen=True):
    """A period an organisation was active (what `active_on` filters by)."""

    organisation_id: OrganisationIdField
    number: Annotated[int, Meta(ge=1, description="1 for the first period", examples=[1])]
    active_from: ActiveFrom
    active_to: OptionalDay


# The folded words of every name and the key (projections/organisations.py); not a column
# of the rows answered.
SEARCH = column("search", Text)
PERIODS = View(
    "organisation_periods", "organisations", OrganisationPeriodRow, ("organisation_id", "number")
)


def search_terms(q: str | None) -> list[str]:
    """The folded words of a search, each to be found at the start of a word of a name."""
    if q is None:
        return []
    if len(q) > MAX_SEARCH:
        raise InvalidInput("q", f"is {len(q)} characters; at most {MAX_SEARCH}")
    words = fold(q).split()
    if not words:
        raise InvalidInput("q", "has no letters to search for")
    return words


def _active_on(day: date) -> ColumnElement[bool]:
    periods = PERIODS.rows
    covering = select(periods.c.organisation_id).where(
        periods.c.active_from <= day,
        or_(periods.c.active_to.is_(None), periods.c.active_to >= day),
    )
    return ORGANISATIONS.rows.c.organisation_id.in_(covering)


@list_route(
    "/api/v1/organisations",
    ORGANISATIONS,
    "The partner organisations of the registry. `q` finds a name in Albanian, Serbian or "
    "English however it is typed (ë = e, ç = c, Cyrillic = Latin, xh = dž, ...): every word "
    "of `q` must begin a word of one of its names or its key. Every staff role.",
    operation_id="listOrganisations",
    summary="List and search partner organisations",
    tags=TAGS,
)
def list_organisations(  # noqa: PLR0917 - one query parameter each
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    q: Annotated[
        str | None, QueryParameter(description="words of a name, in any of our languages")
    ] = None,
    kind: Annotated[OrganisationKind | None, QueryParameter(description="of this kind")] = None,
    municipality: Annotated[
        str | None, QueryParameter(description="in this municipality (KAS code, '19')")
    ] = None,
    country: Annotated[
        str | None, QueryParameter(description="in this country (ISO 3166-1, 'XK')")
    ] = None,
    active_on: Annotated[date | None, QueryParameter(description="active on this day")] = None,
) -> Page[OrganisationRow]:
    require_any(request.user, READ_ORGANISATION)
    rows = ORGANISATIONS.rows
    where = equal(
        rows,
        kind=kind,
        municipality=places.municipality_code("municipality", municipality),
        country=places.country_code("country", country),
    )
    where += [SEARCH.contains(f" {word}") for word in search_terms(q)]
    if active_on is not None:
        where.append(_active_on(active_on))
    return view_page(request, ORGANISATIONS, where, page, reads=[(PERIODS.name, PERIODS.model)])


@get(
    "/api/v1/organisations/{ref:str}",
    sync_to_thread=True,
    tags=TAGS,
    operation_id="getOrganisation",
    summary="A partner organisation by key or id",
    description="A partner organisation as it stands: its names in the three languages, "
    "kind and HTCDS type, place and contact, and the periods it was active; from the event "
    "store (current). Its earlier names are in its history. Every staff role.",
)
def get_organisation(
    request: Request[User, Any, Any], ref: OrganisationRef
) -> Response[OrganisationView]:
    require_any(request.user, READ_ORGANISATION)
    organisation = find(request.app.state.journey.queries, Organisation, ref)
    today = _today(request)
    return Response(
        organisation_view(organisation, today),
        headers={"ETag": f'"{organisation.version}"'},
    )


def _today(request: Request[User, Any, Any]) -> date:
    now: datetime = request.app.state.journey.bus.now()
    return now.date()


def organisation_view(organisation: Organisation, today: date) -> OrganisationView:
    return OrganisationView(
        id=organisation.id,
        key=organisation.key,
        version=organisation.version,
        display_name=organisation.display_name,
        names=organisation.names,
        details=organisation.details,
        htcds_type=organisation.htcds_type,
        active_from=organisation.active_from,
        active_to=organisation.active_to,
        periods=list(organisation.periods),
        active_today=organisation.is_active_on(today),
    )


def organisation_handlers() -> list[HTTPRouteHandler]:
    return [list_organisations, get_organisation]
