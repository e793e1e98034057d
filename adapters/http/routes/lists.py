"""The lists of records: cases (from the caseload read model) and the access log,
a page at a time (adapters/http/routes/paging.py); who may read which list.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromQuery, QueryParameter
from sqlalchemy import Connection, Engine
from sqlalchemy.sql.expression import TableClause

from adapters.audit.access_log import AccessLog, AccessRecord, access_record
from adapters.http.routes.paging import (
    PAGING,
    PAGING_ONLY,
    Page,
    PageRequest,
    ReadModelBehind,
    View,
    active_generation,
    await_position,
    decode_cursor,
    encode_cursor,
    equal,
    read_page,
)
from adapters.privacy.accounts import User
from domain.vocab import Stage
from projections.model import physical_name
from services.access import READ_ACCESS_LOG, READ_CASE, allowed, sees_all_cases


def require_any(user: User, *actions: str) -> None:
    if not any(allowed(user.role, action) for action in actions):
        raise PermissionDeniedException(f"role {user.role.value} may not {' or '.join(actions)}")


def own_cases(user: User, caseworker: str | None) -> str | None:
    """The caseworker filter a user may use: caseworkers see only their own cases."""
    if sees_all_cases(user.role):
        return caseworker
    if caseworker not in (None, user.name):
        raise PermissionDeniedException(f"caseworkers see only their own cases ({user.name})")
    return user.name


# ------------------------------------------------------------ cases (list)


class CaseItem(msgspec.Struct, frozen=True):
    """A case as the caseload read model has it (closed cases too)."""

    case_id: UUID
    case_number: str
    beneficiary_code: str
    caseworker: str | None
    stage: str
    risk_level: str | None
    opened_on: date
    last_activity_at: datetime
    risk_assessed_on: date | None
    next_review_due: date
    position: int


CASES = View("cases", "caseload", CaseItem, ("case_number", "case_id"))


@get(
    "/api/v1/cases",
    sync_to_thread=True,
    tags=["cases"],
    dependencies=PAGING,
    description="Cases, open and closed, from the caseload read model (it may lag: "
    "see `wait_for_position`). Caseworkers see only the cases assigned to them.",
)
def list_cases(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    stage: FromQuery[Stage | None] = None,
    caseworker: Annotated[str | None, QueryParameter(max_length=100)] = None,
) -> Page[CaseItem]:
    require_any(request.user, READ_CASE)
    worker = own_cases(request.user, caseworker)
    await_position(request, CASES.model, page)
    engine: Engine = request.app.state.read_engine
    with engine.connect() as conn:
        source = _caseload_table(conn)
        where = equal(source, stage=stage, caseworker=worker)
        return read_page(conn, CASES, where, page, source)


def _caseload_table(conn: Connection) -> TableClause:
    """The caseload model's table of its active generation (the view hides closed cases)."""
    active = active_generation(conn, CASES.model)
    if active is None:
        raise ReadModelBehind(CASES.model, 0, None, built=False)
    return CASES.named(physical_name(CASES.model, active))


# -------------------------------------------------------------- access log


ACCESS_LOG = "access_log"


@get(
    "/api/v1/audit/access",
    sync_to_thread=True,
    tags=["audit"],
    dependencies=PAGING_ONLY,
    description="Who read which personal data or confidential notes, oldest first. "
    "Auditors only; no route changes it.",
)
def access_log_entries(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    record_id: Annotated[str | None, QueryParameter(max_length=36)] = None,
) -> Page[AccessRecord]:
    require_any(request.user, READ_ACCESS_LOG)
    after = 0 if page.cursor is None else decode_cursor(ACCESS_LOG, page.cursor, [int])[0]
    log: AccessLog = request.app.state.access_log
    rows = log.entries(record_id, after_id=after, limit=page.limit + 1)
    entries = [access_record(row) for row in rows]
    if len(entries) <= page.limit:
        return Page(entries, None)
    return Page(entries[: page.limit], encode_cursor(ACCESS_LOG, [entries[page.limit - 1].id]))


def list_handlers() -> list[HTTPRouteHandler]:
    return [list_cases, access_log_entries]
