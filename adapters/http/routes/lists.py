"""The lists of records: cases (from the caseload read model) and the access log,
a page at a time (adapters/http/routes/paging.py); who may read which list, and a
caseworker's scope (their own cases) in SQL over the caseload model.

Every list a caseworker sees only part of takes its scope from `caseworker_scope`,
which first waits until the caseload model has applied every event the store held
when the request came: a reassignment takes a case out of the old caseworker's lists
at once, as it does from the record routes (adapters/http/scope.py), or the list is a
503 read-model-behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    column,
    literal_column,
    not_,
    select,
    table,
)
from sqlalchemy.sql.expression import TableClause

from adapters.audit.access_log import AccessLog, AccessRecord, access_record
from adapters.http.routes.fields import (
    BENEFICIARY_CODE_AS_TYPED,
    CASE_NUMBER_AS_TYPED,
    BeneficiaryCode,
    CaseId,
    CaseNumber,
    Caseworker,
    LastActivityAt,
    NextReviewDue,
    OpenedOn,
    Position,
    RiskAssessedOn,
    RiskLevelName,
    StageName,
)
from adapters.http.routes.listing import list_route
from adapters.http.routes.paging import (
    PAGING_ONLY,
    Page,
    PageRequest,
    R,
    ReadModelBehind,
    View,
    active_generation,
    await_store_head,
    between,
    decode_cursor,
    encode_cursor,
    equal,
    view_page,
)
from adapters.http.routes.parameters import MAX_LIMIT
from adapters.privacy.accounts import User
from domain.vocab import RiskLevel, Stage
from projections.model import physical_name
from projections.time_sql import local_today_sql
from services.access import READ_ACCESS_LOG, READ_CASE, allowed, sees_all_cases
from services.references import issued_beneficiary_code, issued_case_number


def require_any(user: User, *actions: str) -> None:
    if not any(allowed(user.role, action) for action in actions):
        raise PermissionDeniedException(f"role {user.role.value} may not {' or '.join(actions)}")


def caseworker_scope(request: Request[User, Any, Any], page: PageRequest) -> str | None:
    """Whose cases a list may show: None (everyone's) for roles that see all cases; for
    a caseworker, her own, once the caseload model has applied every event the store
    held when she asked (at most `wait_timeout` seconds; else 503 read-model-behind)."""
    user = request.user
    if sees_all_cases(user.role):
        return None
    await_store_head(request, CASES.model, page.wait_timeout)
    return user.name


def own_cases(
    request: Request[User, Any, Any], page: PageRequest, caseworker: str | None
) -> str | None:
    """The caseworker filter a user may use: caseworkers see only their own cases."""
    user = request.user
    if not sees_all_cases(user.role) and caseworker not in (None, user.name):
        raise PermissionDeniedException(f"caseworkers see only their own cases ({user.name})")
    worker = caseworker_scope(request, page)
    return caseworker if worker is None else worker


def caseload_table(conn: Connection) -> TableClause:
    """The caseload model's table of its active generation: every case, closed ones too
    (the `caseload` view shows the open ones)."""
    active = active_generation(conn, CASES.model)
    if active is None:
        raise ReadModelBehind(CASES.model, 0, None, built=False)
    return _named_caseload(physical_name(CASES.model, active))


@cache
def _named_caseload(name: str) -> TableClause:
    """One table object per name, so that a query's filters and its FROM are the same."""
    return CASES.named(name)


def in_own_cases(
    conn: Connection, worker: str | None, case_id: ColumnElement[Any]
) -> list[ColumnElement[bool]]:
    """For a caseworker (`worker`, from `caseworker_scope`), `case_id` among the cases
    assigned to them (closed ones too); no condition for None."""
    if worker is None:
        return []
    cases = caseload_table(conn)
    return [case_id.in_(select(cases.c.case_id).where(cases.c.caseworker == worker))]


def own_cases_page(
    request: Request[User, Any, Any],
    view: View[R],
    where: list[ColumnElement[bool]],
    page: PageRequest,
) -> Page[R]:
    """A page of a list of the records of cases (stays, plans, referrals): for a
    caseworker, those of their own cases only."""
    case_id = view.rows.c.case_id
    worker = caseworker_scope(request, page)

    def scoped(conn: Connection) -> list[ColumnElement[bool]]:
        return [*where, *in_own_cases(conn, worker, case_id)]

    return view_page(request, view, scoped, page, reads=[("caseload", CASES.model)])


# ------------------------------------------------------------ cases (list)


class CaseItem(msgspec.Struct, frozen=True):
    """A case as the caseload read model has it (closed cases too)."""

    case_id: CaseId
    case_number: CaseNumber
    beneficiary_code: BeneficiaryCode
    caseworker: Caseworker
    stage: StageName
    risk_level: RiskLevelName
    opened_on: OpenedOn
    last_activity_at: LastActivityAt
    risk_assessed_on: RiskAssessedOn
    next_review_due: NextReviewDue
    position: Position


CASE_SORTS = (
    "opened_on",
    "stage",
    "risk_level",
    "next_review_due",
    "last_activity_at",
    "caseworker",
    "beneficiary_code",
)
CASE_RANKS = {
    "stage": tuple(stage.value for stage in Stage),
    "risk_level": tuple(level.value for level in RiskLevel),
}
CASES = View("cases", "caseload", CaseItem, ("case_number", "case_id"), CASE_SORTS, CASE_RANKS)
STAY_FACILITIES = table("shelter_stays", column("case_id"), column("facility_id"))


@dataclass(frozen=True)
class CaseFilters:
    """What a caseworker filters cases on."""

    stage: Stage | None
    caseworker: str | None
    risk_level: RiskLevel | None
    overdue: bool | None
    opened_from: date | None
    opened_to: date | None
    case_number: str | None
    beneficiary_code: str | None
    facility_id: UUID | None


def case_filters(  # noqa: PLR0917 - one query parameter each
    stage: Annotated[Stage | None, QueryParameter(description="cases in this stage")] = None,
    caseworker: Annotated[
        str | None, QueryParameter(max_length=100, description="cases assigned to this user")
    ] = None,
    risk_level: Annotated[
        RiskLevel | None, QueryParameter(description="cases whose latest risk is this")
    ] = None,
    overdue: Annotated[
        bool | None, QueryParameter(description="open cases whose risk review is (not) overdue")
    ] = None,
    opened_from: Annotated[
        date | None, QueryParameter(description="cases opened on or after this day")
    ] = None,
    opened_to: Annotated[
        date | None, QueryParameter(description="cases opened on or before this day")
    ] = None,
    case_number: Annotated[
        str | None,
        QueryParameter(pattern=CASE_NUMBER_AS_TYPED, description="the case of this number"),
    ] = None,
    beneficiary_code: Annotated[
        str | None,
        QueryParameter(pattern=BENEFICIARY_CODE_AS_TYPED, description="cases of this beneficiary"),
    ] = None,
    facility_id: Annotated[
        UUID | None, QueryParameter(description="cases with a stay (now or before) there")
    ] = None,
) -> CaseFilters:
    return CaseFilters(
        stage,
        caseworker,
        risk_level,
        overdue,
        opened_from,
        opened_to,
        issued_case_number(case_number),
        issued_beneficiary_code(beneficiary_code),
        facility_id,
    )


@list_route(
    "/api/v1/cases",
    CASES,
    "Cases, open and closed, from the caseload read model (it may lag: see "
    "`wait_for_position`). Readers of cases may call it; caseworkers see only the cases "
    "assigned to them (another `caseworker` is a 403).",
    operation_id="listCases",
    summary="List cases",
    tags=["cases"],
    filters=case_filters,
)
def list_cases(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[CaseFilters],
) -> Page[CaseItem]:
    require_any(request.user, READ_CASE)
    worker = own_cases(request, page, filters.caseworker)

    def where(conn: Connection) -> list[ColumnElement[bool]]:
        return case_conditions(conn, caseload_table(conn), filters, worker)

    return view_page(
        request, CASES, where, page, source=caseload_table, reads=[("shelter_stays", "capacity")]
    )


def case_conditions(
    conn: Connection, cases: TableClause, filters: CaseFilters, worker: str | None
) -> list[ColumnElement[bool]]:
    c = cases.c
    where = equal(
        cases,
        stage=filters.stage,
        caseworker=worker,
        risk_level=filters.risk_level,
        case_number=filters.case_number,
        beneficiary_code=filters.beneficiary_code,
    )
    where += between(c.opened_on, filters.opened_from, filters.opened_to, OPENED)
    if filters.overdue is not None:  # of open cases: a closed case has no review due
        today = literal_column(local_today_sql(conn.dialect.name), Date())
        late = c.next_review_due < today
        where += [c.stage != Stage.CLOSED.value, late if filters.overdue else not_(late)]
    if filters.facility_id is not None:
        stays = STAY_FACILITIES
        there = select(stays.c.case_id).where(stays.c.facility_id == str(filters.facility_id))
        where.append(c.case_id.in_(there))
    return where


OPENED = ("opened_from", "opened_to")


# -------------------------------------------------------------- access log


ACCESS_LOG = "access_log"


@get(
    "/api/v1/audit/access",
    sync_to_thread=True,
    tags=["audit"],
    dependencies=PAGING_ONLY,
    operation_id="listAccessLogEntries",
    summary="List the access log",
    description="Who read which personal data or confidential notes, oldest first, "
    f"at most {MAX_LIMIT} entries a page (one order, no total). Auditors only; no route "
    "changes it.",
)
def access_log_entries(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    record_id: Annotated[
        str | None, QueryParameter(max_length=36, description="entries about this record's id")
    ] = None,
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
