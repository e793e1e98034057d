"""Grants over HTTP (issue 17): the list (the `grants` read model,
docs/read-models/grants.md) and one grant from the event store with its attributions and
changes. Both need read:grants (case managers, admins, analysts, auditors); the reasons
given for a revision or for ending an attribution are free text, withheld from roles
without personal data. The commands (open, revise, close, attribute, end an attribution)
are in adapters/http/routes/commands.py, for case managers and admins."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from msgspec import Meta

from adapters.http.routes.fields import OptionalDay, Position
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import require_any
from adapters.http.routes.paging import Page, PageRequest, View, equal, view_page
from adapters.http.routes.record_changes import with_changes
from adapters.http.routes.record_refs import GrantRef
from adapters.http.routes.records import (
    PAST,
    WITHHOLDING,
    AsOf,
    Version,
    load_record,
)
from adapters.privacy.accounts import User
from domain.funding.grant import Grant
from services.access import READ_GRANTS
from services.funding_views import GrantView, grant_view

TAGS = ["grants"]
GRANT = "grant"  # the record type, as the history's


class GrantStatus(StrEnum):
    """Whether a grant is open for attributions."""

    ACTIVE = "active"
    CLOSED = "closed"


Day = Annotated[date, Meta(description="a day of the grant's period", examples=["2026-01-01"])]


class GrantRow(msgspec.Struct, frozen=True):
    """A grant as the `grants` read model lists it."""

    grant_id: Annotated[
        UUID, Meta(description="the grant's id", examples=["2b0e8f1c-6a4d-5e3f-9c7b-1d2e3f4a5b6c"])
    ]
    reference: Annotated[str, Meta(description="its reference", examples=["EU-IPA-2026-014"])]
    reference_key: Annotated[
        str,
        Meta(description="the reference in capitals, as compared", examples=["EU-IPA-2026-014"]),
    ]
    donor: Annotated[
        UUID | None,
        Meta(description="the donor in the registry; null: not registered", examples=[None]),
    ]
    donor_name: Annotated[
        str, Meta(description="the donor's name", examples=["European Union Office in Kosovo"])
    ]
    title: Annotated[str, Meta(description="the action's title", examples=["Direct assistance"])]
    starts_on: Day
    ends_on: Day
    currency: Annotated[str, Meta(description="ISO 4217", examples=["EUR"])]
    status: Annotated[str, Meta(description="active or closed", examples=["active"])]
    closed_on: OptionalDay
    budget_total: Annotated[int, Meta(description="sum of its budget lines", examples=[205000])]
    revisions: Annotated[int, Meta(ge=0, description="revisions of its terms", examples=[0])]
    version: Annotated[int, Meta(ge=1, description="the grant's version", examples=[4])]
    position: Position


GRANTS = View("grants", "grants", GrantRow, ("reference",), ("starts_on", "ends_on", "donor_name"))


@list_route(
    "/api/v1/grants",
    GRANTS,
    "The grants PVPT holds, from the grants read model: donor, title, period, currency, "
    "budget total and status. Needs read:grants (case managers, admins, analysts, auditors).",
    operation_id="listGrants",
    summary="List grants",
    tags=TAGS,
)
def list_grants(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    status: Annotated[GrantStatus | None, QueryParameter(description="active or closed")] = None,
    active_on: Annotated[
        date | None, QueryParameter(description="whose period covers this day")
    ] = None,
) -> Page[GrantRow]:
    require_any(request.user, READ_GRANTS)
    rows = GRANTS.rows
    where = equal(rows, status=status)
    if active_on is not None:
        where += [rows.c.starts_on <= active_on, rows.c.ends_on >= active_on]
    return view_page(request, GRANTS, where, page)


@get(
    "/api/v1/grants/{ref:str}",
    sync_to_thread=True,
    tags=TAGS,
    operation_id="getGrant",
    summary="A grant by reference or id",
    description="A grant: its reference and terms (donor, title, period, currency, budget "
    "lines, indicators), whether it is closed, the records attributed to it by command and "
    "its changes (revisions, attributions ended); from the event store (current). A "
    "campaign whose grant is the reference counts as attributed too: the grants read model "
    "lists it. Needs read:grants. The reasons for its changes are free text: withheld from "
    "roles without personal data." + WITHHOLDING + PAST,
)
def get_grant(
    request: Request[User, Any, Any],
    ref: GrantRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[GrantView]:
    grant = load_record(request, READ_GRANTS, Grant, ref, as_of=as_of, version=version)
    return with_changes(request, grant, GRANT, grant_view)


def grant_handlers() -> list[HTTPRouteHandler]:
    return [list_grants, get_grant]
