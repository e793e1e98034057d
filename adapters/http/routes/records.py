"""Records by id, shown field by field as the caller's role allows.

Every view goes through the one disclosure policy (services/views.py,
services/disclosure.py): personal data, free texts and confidential notes are
shown only to roles that may see them, withheld fields are listed with the
reason, and each read that showed identifying data is written to the access
log. Responses carry the record's version as ETag, which adapters/http/caching.py
qualifies with a digest of the body (the body depends on the role, not only the version).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, QueryParameter

from adapters.audit import history_export
from adapters.http.routes.history import history_handlers, route_of
from adapters.privacy.accounts import User
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.plan import ReintegrationPlan
from domain.stay import ShelterStay
from services.access import (
    READ_BENEFICIARY,
    READ_CASE,
    READ_FACILITY,
    READ_HISTORY,
    READ_PLAN,
    READ_STAY,
    allowed,
)
from services.views import BeneficiaryView, CaseView, beneficiary_view, case_view, record_view


def _require(user: User, action: str) -> None:
    if not allowed(user.role, action):
        raise PermissionDeniedException(f"role {user.role.value} may not {action}")


def _with_etag(content: Any, version: int) -> Response[Any]:
    return Response(content, headers={"ETag": f'"{version}"'})


AsOf = Annotated[
    datetime | None,
    QueryParameter(
        description="the record as it stood at this moment (RFC 3339 with a time zone), "
        "by when its events were recorded; needs the read:history permission"
    ),
]
Version = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        description="the record as it stood after this many events; needs read:history. "
        "Not together with as_of",
    ),
]


def _past(user: User, as_of: datetime | None, version: int | None) -> None:
    """Reading an earlier state of a record is reading its history."""
    if as_of is not None or version is not None:
        _require(user, READ_HISTORY)


def log_shown(
    request: Request[User, Any, Any], record: str, record_id: UUID, shown: set[str]
) -> None:
    """Write the identifying data a read showed to the access log (nothing shown: no row)."""
    user = request.user
    history_export.log_shown(
        request.app.state.access_log,
        user.name,
        user.role,
        {(record, record_id): shown} if shown else {},
        route_of(request),
    )


@get("/api/v1/beneficiaries/{record_id:uuid}", sync_to_thread=True, tags=["beneficiaries"])
def get_beneficiary(
    request: Request[User, Any, Any],
    record_id: FromPath[UUID],
    as_of: AsOf = None,
    version: Version = None,
) -> Response[BeneficiaryView]:
    user, state = request.user, request.app.state
    _require(user, READ_BENEFICIARY)
    _past(user, as_of, version)
    beneficiary = state.journey.queries.at(Beneficiary, record_id, as_of, version)
    state.scope.allow_beneficiary(user, beneficiary)
    view, shown = beneficiary_view(beneficiary, user.role)
    log_shown(request, "beneficiary", record_id, shown)
    return _with_etag(view, beneficiary.version)


@get("/api/v1/cases/{record_id:uuid}", sync_to_thread=True, tags=["cases"])
def get_case(
    request: Request[User, Any, Any],
    record_id: FromPath[UUID],
    as_of: AsOf = None,
    version: Version = None,
) -> Response[CaseView]:
    user, state = request.user, request.app.state
    _require(user, READ_CASE)
    _past(user, as_of, version)
    case = state.journey.queries.at(Case, record_id, as_of, version)
    state.scope.allow_case(user, case)
    view, shown = case_view(case, user.role)
    log_shown(request, "case", record_id, shown)
    return _with_etag(view, case.version)


@get("/api/v1/facilities/{record_id:uuid}", sync_to_thread=True, tags=["facilities"])
def get_facility(
    request: Request[User, Any, Any], record_id: FromPath[UUID]
) -> Response[dict[str, Any]]:
    _require(request.user, READ_FACILITY)
    facility = request.app.state.journey.queries.facility(record_id)
    view, _ = record_view(facility, request.user.role)
    return _with_etag(view, facility.version)


@get("/api/v1/stays/{record_id:uuid}", sync_to_thread=True, tags=["stays"])
def get_stay(
    request: Request[User, Any, Any],
    record_id: FromPath[UUID],
    as_of: AsOf = None,
    version: Version = None,
) -> Response[dict[str, Any]]:
    _require(request.user, READ_STAY)
    _past(request.user, as_of, version)
    stay = request.app.state.journey.queries.at(ShelterStay, record_id, as_of, version)
    request.app.state.scope.check_case(request.user, stay.case_id)
    view, shown = record_view(stay, request.user.role)
    log_shown(request, "stay", record_id, shown)
    return _with_etag(view, stay.version)


@get("/api/v1/plans/{record_id:uuid}", sync_to_thread=True, tags=["plans"])
def get_plan(
    request: Request[User, Any, Any],
    record_id: FromPath[UUID],
    as_of: AsOf = None,
    version: Version = None,
) -> Response[dict[str, Any]]:
    _require(request.user, READ_PLAN)
    _past(request.user, as_of, version)
    plan = request.app.state.journey.queries.at(ReintegrationPlan, record_id, as_of, version)
    request.app.state.scope.check_case(request.user, plan.case_id)
    view, shown = record_view(plan, request.user.role)
    log_shown(request, "plan", record_id, shown)
    return _with_etag(view, plan.version)


def record_handlers() -> list[HTTPRouteHandler]:
    return [get_beneficiary, get_case, get_facility, get_stay, get_plan, *history_handlers()]
