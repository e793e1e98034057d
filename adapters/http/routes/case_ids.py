"""`GET /api/v1/cases/{ref}/id`: a case's id by the number on its file, and nothing else.

Shelter staff admit a person by the case number the caseworker gives them, but
AdmitToShelter (like every command's body) names the case by its id, and shelter staff
may not read cases. This is the one thing of a case they need: whether the number
exists, and its id. For the roles that read cases or admit to a shelter; what it
answers is not personal data (numbers are issued in sequence), so it is not written to
the access log.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from msgspec import Meta

from adapters.http.routes.record_refs import CaseRef
from adapters.privacy.accounts import User
from domain.case import Case
from domain.errors import RecordNotFound
from services.access import READ_CASE, allowed
from services.references import resolve, unknown

ADMIT = "AdmitToShelter"


class CaseIdentity(msgspec.Struct, frozen=True):
    case_id: Annotated[
        UUID,
        Meta(
            description="the case's id, as commands name it",
            examples=["5d0c8f3e-2b71-5a9c-8e14-7f6a2b9c1d03"],
        ),
    ]
    case_number: Annotated[
        str, Meta(description="the number on the case's file", examples=["PVPT-C-2026-0007"])
    ]


@get(
    "/api/v1/cases/{ref:str}/id",
    sync_to_thread=True,
    tags=["cases"],
    operation_id="getCaseId",
    summary="A case's id by its number",
    description="The id of the case with this number (or id), for a command that names "
    "the case by id: a shelter admitting the person on a caseworker's referral. Nothing "
    "else of the case. For the roles that read cases (read:case) or admit to a shelter "
    "(AdmitToShelter). An unknown number: 404.",
)
def get_case_id(request: Request[User, Any, Any], ref: CaseRef) -> CaseIdentity:
    role = request.user.role
    if not (allowed(role, READ_CASE) or allowed(role, ADMIT)):
        raise PermissionDeniedException(f"role {role.value} may not {READ_CASE} nor {ADMIT}")
    reference = resolve(Case, ref)
    queries = request.app.state.journey.queries
    try:
        case = queries.case(reference.id)
    except RecordNotFound as missing:
        raise (unknown(queries, reference) or missing) from None
    return CaseIdentity(reference.id, case.case_number)


def case_id_handlers() -> list[HTTPRouteHandler]:
    return [get_case_id]
