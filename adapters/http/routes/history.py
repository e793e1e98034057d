"""A case's full history for auditors: GET /api/v1/cases/{ref}/history (number or id).

Every event of the case, its beneficiary, its shelter stays, its plans and its
day-centre enrolments, in the order they were recorded, each with its actor, when it was
decided and when it was stored, and the data the caller's role may see
(adapters/audit/history_export.py); then the access log of those records. Reading
history needs `read:history` besides `read:case`; a caseworker's scope (their own cases)
applies.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler

from adapters.audit import history_export
from adapters.http.routes.record_refs import CaseRef
from adapters.privacy.accounts import User
from domain.case import Case
from services.access import READ_CASE, READ_HISTORY, allowed
from services.references import find

ROUTE_LENGTH = 200  # the access log's route column


def require(user: User, *actions: str) -> None:
    for action in actions:
        if not allowed(user.role, action):
            raise PermissionDeniedException(f"role {user.role.value} may not {action}")


def route_of(request: Request[User, Any, Any]) -> str:
    """The path and query, as the access log keeps them (as_of and version included)."""
    query = request.url.query
    return (request.url.path + (f"?{query}" if query else ""))[:ROUTE_LENGTH]


@get(
    "/api/v1/cases/{ref:str}/history",
    sync_to_thread=True,
    tags=["audit"],
    operation_id="getCaseHistory",
    summary="A case's full history",
    description="The case's full history: every event of the case, its beneficiary, "
    "its shelter stays, its plans, its day-centre enrolments, its care plan and its "
    "criminal proceedings, oldest first, with actor, "
    "decision time and recorded time, and the data the role may see (withheld fields are "
    "named); then every access-log row about those records, this export's own included. Needs "
    "read:case and read:history; caseworkers: their own cases only.",
)
def get_case_history(request: Request[User, Any, Any], ref: CaseRef) -> history_export.CaseHistory:
    user, state = request.user, request.app.state
    require(user, READ_CASE, READ_HISTORY)
    queries = state.journey.queries
    case = find(queries, Case, ref)
    state.scope.allow_case(user, case)
    events = queries.case_history(case.id)
    return history_export.case_history(
        events,
        case,
        actor=user.name,
        role=user.role,
        log=state.access_log,
        route=route_of(request),
    )


def history_handlers() -> list[HTTPRouteHandler]:
    return [get_case_history]
