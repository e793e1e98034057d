"""What is due: `GET /api/v1/due` and `GET /api/v1/due/by-worker` (read model `due`,
docs/read-models/due.md), and the rows of one case for the case file.

The rows come from the due model's tables through projections/due/sql.py with the
`no_contact_days` setting as the server has it now (`app.state.no_contact_days`), so a
new setting applies at the next start of the server, without a rebuild. `overdue` is
judged against today in Kosovo as the list is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from msgspec import Meta
from sqlalchemy import ColumnElement, Connection, column, text
from sqlalchemy.sql.expression import FromClause

from adapters.http.routes.columns import field_types, sql_type
from adapters.http.routes.fields import BeneficiaryCode, CaseId, CaseNumber, Caseworker
from adapters.http.routes.listing import list_route
from adapters.http.routes.lists import in_own_cases, own_cases, require_any
from adapters.http.routes.paging import (
    Page,
    PageRequest,
    ReadModelBehind,
    View,
    active_generation,
    equal,
    view_page,
)
from adapters.privacy.accounts import User
from domain.case import Case
from domain.retention.policy import RetentionRules
from projections.due import DueKind
from projections.due.sql import open_items_sql
from projections.model import physical_name
from services.access import READ_CASE, READ_MODELS, sees_all_cases
from services.references import MAX_REF_LENGTH, resolve

TAGS = ["read models"]
KINDS = ", ".join(kind.value for kind in DueKind)
_DAY = "2026-06-02"


class DueItem(msgspec.Struct, frozen=True):
    """One thing due on an open case (docs/read-models/due.md)."""

    item_id: Annotated[
        str,
        Meta(
            description="the row's key: the case, then the record that owes the item, its "
            "kind and detail",
            examples=["3f9a7c1e-2b4d-4e8f-9a1b-5c6d7e8f9a0b:4aa7d9db:follow_up_3:"],
        ),
    ]
    case_id: CaseId
    case_number: CaseNumber
    beneficiary_code: BeneficiaryCode
    worker: Caseworker
    kind: Annotated[str, Meta(description=f"what is due: {KINDS}", examples=["follow_up_3"])]
    due_on: Annotated[date, Meta(description="the day it is due", examples=[_DAY])]
    window_from: Annotated[
        date | None,
        Meta(
            description="first day of its window (follow-ups, planned services); else null",
            examples=["2026-05-02"],
        ),
    ]
    window_to: Annotated[
        date | None,
        Meta(
            description="last day of its window (overdue after it); else null",
            examples=["2026-07-02"],
        ),
    ]
    anchor_on: Annotated[
        date | None,
        Meta(
            description="the day its interval counts from (the assessment, the plan's "
            "completion, the last contact…); null when it has none",
            examples=["2026-03-02"],
        ),
    ]
    source: Annotated[
        str,
        Meta(description="which record or rule it comes from", examples=["plan completed"]),
    ]
    done_on: Annotated[
        date | None,
        Meta(description="the day it was met; null on this list (open items)", examples=[None]),
    ]
    overdue: Annotated[
        int,
        Meta(ge=0, le=1, description="1 when past its window or due day, today", examples=[1]),
    ]
    days_overdue: Annotated[
        int, Meta(ge=0, description="days past its window or due day (0 if not)", examples=[3])
    ]


DUE_EXAMPLE = {
    "item_id": "3f9a7c1e-2b4d-4e8f-9a1b-5c6d7e8f9a0b:4aa7d9db-5791-4070-8c10-b03590b07c82"
    ":follow_up_3:",
    "case_id": "3f9a7c1e-2b4d-4e8f-9a1b-5c6d7e8f9a0b",
    "case_number": "PVPT-C-2026-0007",
    "beneficiary_code": "PVPT-2026-0123",
    "worker": "besa.krasniqi",
    "kind": "follow_up_3",
    "due_on": "2026-06-02",
    "window_from": "2026-05-02",
    "window_to": "2026-07-02",
    "anchor_on": "2026-03-02",
    "source": "plan completed 2026-03-02",
    "done_on": None,
    "overdue": 1,
    "days_overdue": 3,
}
DUE = View(
    "due",
    "due",
    DueItem,
    ("due_on", "item_id"),
    ("kind", "case_number", "worker", "overdue", "days_overdue"),
)


def due_source(request: Request[Any, Any, Any], conn: Connection) -> FromClause:
    """The open items, with the server's `no_contact_days`, from the active generation."""
    active = active_generation(conn, DUE.model)
    if active is None:
        raise ReadModelBehind(DUE.model, 0, None, built=False)
    items, cases = (physical_name(t, active) for t in ("due_items", "due_cases"))
    days: int = request.app.state.no_contact_days
    rules: RetentionRules = request.app.state.retention_rules
    columns = [column(f, sql_type(t)) for f, t in field_types(DueItem).items()]
    sql = open_items_sql(conn.dialect.name, items, cases, days, rules)
    return text(sql).columns(*columns).subquery("due")


@dataclass(frozen=True)
class DueFilters:
    worker: str | None
    case_id: UUID | None
    kind: DueKind | None
    overdue: bool | None


def due_filters(
    worker: Annotated[
        str | None, QueryParameter(max_length=100, description="items of this caseworker's cases")
    ] = None,
    case: Annotated[
        str | None,
        QueryParameter(
            max_length=MAX_REF_LENGTH, description="items of this case: its number or id"
        ),
    ] = None,
    kind: Annotated[DueKind | None, QueryParameter(description="items of this kind")] = None,
    overdue: Annotated[
        bool | None, QueryParameter(description="true: overdue items only; false: not overdue")
    ] = None,
) -> DueFilters:
    case_id = None if case is None else resolve(Case, case, "case").id
    return DueFilters(worker, case_id, kind, overdue)


def due_conditions(
    rows: FromClause, filters: DueFilters, conn: Connection, scope: str | None
) -> list[ColumnElement[bool]]:
    overdue = None if filters.overdue is None else int(filters.overdue)
    worker = filters.worker if scope is None else None  # a caseworker's: by the caseload
    where = equal(rows, worker=worker, kind=filters.kind, overdue=overdue)
    if filters.case_id is not None:
        where.append(rows.c.case_id == str(filters.case_id))
    return [*where, *in_own_cases(conn, scope, rows.c.case_id)]


@list_route(
    "/api/v1/due",
    DUE,
    "What is due on open cases, with whether it is overdue today in Kosovo: reflection "
    "period ends, risk and needs reassessments, plan reviews, planned services, follow-ups "
    "at 3/6/12 months (with their windows), guardian consent renewals and cases with no "
    "contact for `no_contact_days` (docs/read-models/due.md). Readers of read models or "
    "of cases; caseworkers see only their own cases' items (another `worker` is a 403).",
    operation_id="listDue",
    summary="List what is due",
    tags=TAGS,
    filters=due_filters,
)
def list_due(
    request: Request[User, Any, Any],
    page: NamedDependency[PageRequest],
    filters: NamedDependency[DueFilters],
) -> Page[DueItem]:
    require_any(request.user, READ_MODELS, READ_CASE)
    worker = own_cases(request, page, filters.worker)  # a caseworker: her own name
    scope = None if sees_all_cases(request.user.role) else worker
    source = DueSource(request)

    def where(conn: Connection) -> list[ColumnElement[bool]]:
        return due_conditions(source(conn), filters, conn, scope)

    return view_page(request, DUE, where, page, source=source, reads=[("caseload", "caseload")])


class DueSource:
    """The open items of one request: the same subquery for its FROM and its filters."""

    def __init__(self, request: Request[Any, Any, Any]) -> None:
        self.request = request
        self.rows: FromClause | None = None

    def __call__(self, conn: Connection) -> FromClause:
        if self.rows is None:
            self.rows = due_source(self.request, conn)
        return self.rows


def due_of_case(request: Request[Any, Any, Any], case_id: UUID, page: PageRequest) -> list[DueItem]:
    """A case's open items (for the case file), by due day; every one of them."""
    source = DueSource(request)

    def where(conn: Connection) -> list[ColumnElement[bool]]:
        return [source(conn).c.case_id == str(case_id)]

    return view_page(request, DUE, where, page, source=source).items


class WorkerDue(msgspec.Struct, frozen=True):
    """A caseworker's open, overdue and due-soon items (view `due_by_worker`)."""

    worker: Annotated[
        str,
        Meta(
            max_length=100, description="user name, or `(unassigned)`", examples=["besa.krasniqi"]
        ),
    ]
    open_items: Annotated[
        int, Meta(ge=0, description="open items of their open cases", examples=[23])
    ]
    overdue: Annotated[int, Meta(ge=0, description="of those, overdue today", examples=[4])]
    due_soon: Annotated[
        int,
        Meta(ge=0, description="not overdue and due within 7 days (today too)", examples=[3]),
    ]


BY_WORKER = View(
    "due_by_worker", "due", WorkerDue, ("worker",), ("open_items", "overdue", "due_soon")
)


@list_route(
    "/api/v1/due/by-worker",
    BY_WORKER,
    "Per caseworker, the open items of their open cases, how many are overdue today in "
    "Kosovo and how many are due within a week (the view `due_by_worker`, made with "
    "`no_contact_days` as the due worker had it when it started). Readers of read models.",
    operation_id="listDueByWorker",
    summary="List what is due per caseworker",
    tags=TAGS,
)
def due_by_worker(
    request: Request[User, Any, Any], page: NamedDependency[PageRequest]
) -> Page[WorkerDue]:
    require_any(request.user, READ_MODELS)
    return view_page(request, BY_WORKER, [], page)


def due_handlers() -> list[HTTPRouteHandler]:
    return [list_due, due_by_worker]
