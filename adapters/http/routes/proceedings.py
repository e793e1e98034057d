"""Criminal proceedings, read: one by id, and a case's (issue 15, justice).

`GET /api/v1/proceedings/{ref}`: the proceedings, from the event store.
`GET /api/v1/cases/{ref}/proceedings`: every proceedings of the case, oldest first.
Both need read:proceedings (lawyers, case managers; caseworkers on their own cases;
auditors with personal data withheld); the references and a private lawyer's name are
withheld from a role that may not see personal data, and what was shown is logged.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler

from adapters.audit import history_export
from adapters.http.routes.history import require, route_of
from adapters.http.routes.record_refs import CaseRef, ProceedingsRef
from adapters.privacy.accounts import User
from domain.case import Case
from domain.proceedings import CriminalProceedings
from services.access import READ_CASE, READ_PROCEEDINGS, allowed
from services.proceedings_view import ProceedingsView
from services.references import find
from services.views import proceedings_view

SCOPE = " Caseworkers: only for their own cases (403 otherwise)."
WITHHOLDING = " Fields the role may not see are withheld and named in `withheld`."


@get(
    "/api/v1/proceedings/{ref:str}",
    sync_to_thread=True,
    tags=["proceedings"],
    operation_id="getProceedings",
    summary="Criminal proceedings by id",
    description="Criminal proceedings in which a case's beneficiary is a victim or witness: "
    "references, stage, role, cooperation choice, representation, protection measures, "
    "hearings, outcome and compensation claims; from the event store (current). Needs "
    "read:proceedings." + SCOPE + WITHHOLDING,
)
def get_proceedings(
    request: Request[User, Any, Any], ref: ProceedingsRef
) -> Response[ProceedingsView]:
    user, state = request.user, request.app.state
    require(user, READ_PROCEEDINGS)
    p = find(state.journey.queries, CriminalProceedings, ref)
    state.scope.check_case(user, p.case_id)
    view, shown = proceedings_view(p, user.role)
    _log(request, p, shown)
    return Response(view, headers={"ETag": f'"{p.version}"'})


@get(
    "/api/v1/cases/{ref:str}/proceedings",
    sync_to_thread=True,
    tags=["proceedings"],
    operation_id="listCaseProceedings",
    summary="A case's criminal proceedings",
    description="Every criminal proceedings of the case, oldest first, as "
    "`getProceedings` answers each (event store, current). Needs read:case and "
    "read:proceedings." + SCOPE + WITHHOLDING,
)
def list_case_proceedings(request: Request[User, Any, Any], ref: CaseRef) -> list[ProceedingsView]:
    user, state = request.user, request.app.state
    require(user, READ_CASE, READ_PROCEEDINGS)
    case = find(state.journey.queries, Case, ref)
    state.scope.allow_case(user, case)
    return case_proceedings(request, case)


def case_proceedings(request: Request[User, Any, Any], case: Case) -> list[ProceedingsView]:
    """The case's proceedings as the user may see them (none without read:proceedings);
    what they showed goes to the access log."""
    if not allowed(request.user.role, READ_PROCEEDINGS):
        return []
    views = []
    for proceedings_id in case.proceedings_ids:
        p = request.app.state.journey.queries.app.load(CriminalProceedings, proceedings_id)
        view, shown = proceedings_view(p, request.user.role)
        _log(request, p, shown)
        views.append(view)
    return views


def _log(request: Request[User, Any, Any], p: CriminalProceedings, shown: set[str]) -> None:
    """The identifying data a read showed, to the access log (nothing shown: no row)."""
    user = request.user
    records = {("proceedings", p.id): shown} if shown else {}
    log = request.app.state.access_log
    history_export.log_shown(log, user.name, user.role, records, route_of(request))


def proceedings_handlers() -> list[HTTPRouteHandler]:
    return [get_proceedings, list_case_proceedings]
