"""Lists, a page at a time, from the read models' views, as fresh as the client asks.

Every list answers `{"items": [...], "next_cursor": ..., "total": ...}` and takes the
same paging parameters (docs/api.md#lists-and-read-models, docs/adr/0018):
- `?limit=` 1 to 500 rows (50 by default);
- `?sort=column` or `?sort=-column` on the columns the list documents (its route's
  description names them), then the list's unique key as tie-break; nulls last;
- `?cursor=`: the `next_cursor` of the page before (null on the last page), opaque:
  base64 of the list's name, the sort and the last row's sort values. Pages are
  keyset pages: a row added or changed between two pages never makes another row
  appear twice or be skipped. A cursor of another list or another sort is a 422;
- `?total=true`: `total` counts the rows under the same filters (else it is null).

Lists come from read models, which follow the event store with a lag (usually
milliseconds). A client that must see its own write passes the `position` its
command returned as `?wait_for_position=`: the answer waits until the read model
has applied it, at most `?wait_timeout=` seconds (5 by default, 10 at most), or is
a 503 problem saying which model lags and how far it got.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Annotated, Any, Generic, TypeVar

import msgspec
from litestar import Request, Response
from litestar.di import Provide
from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    Engine,
    column,
    func,
    inspect,
    select,
    table,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import FromClause, TableClause

from adapters.http.problem_types import PROBLEM_TYPES, refusal
from adapters.http.problems import problem
from adapters.http.routes.columns import field_types, optional, sql_type
from adapters.http.routes.parameters import (
    DEFAULT_LIMIT,
    DEFAULT_WAIT_SECONDS,
    MAX_LIMIT,
    Cursor,
    Limit,
    Sort,
    Total,
    WaitFor,
    WaitTimeout,
)
from adapters.http.routes.sorting import Order, resolve_order
from domain.errors import InvalidInput
from projections import catalog
from projections.rebuild import wait_for_position

R = TypeVar("R", bound=msgspec.Struct)


Filters = Sequence[ColumnElement[bool]] | Callable[[Connection], Sequence[ColumnElement[bool]]]


class Page(msgspec.Struct, Generic[R], frozen=True):
    """One page of a list."""

    items: Annotated[
        list[R], msgspec.Meta(description="the page's rows, in the list's order", examples=[[]])
    ]
    next_cursor: Annotated[
        str | None,
        msgspec.Meta(
            description="pass as `cursor` for the next page; null on the last page",
            examples=["WyJjYXNlcyIsIiIsWyJQVlBULUMtMjAyNi0wMDAzIiwiMmQ5ZiJdXQ"],
        ),
    ]
    total: (
        Annotated[
            int,
            msgspec.Meta(
                ge=0,
                description="rows under the same filters on all pages, with `total=true`; "
                "else null",
                examples=[124],
            ),
        ]
        | None
    ) = None


# ------------------------------------------------------------ the request


@dataclass(frozen=True)
class PageRequest:
    limit: int
    cursor: str | None
    wait_for_position: int | None
    wait_timeout: float
    sort: str | None = None
    total: bool = False


def page_request(  # noqa: PLR0917 - one query parameter each
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    wait_for_position: WaitFor = None,
    wait_timeout: WaitTimeout = DEFAULT_WAIT_SECONDS,
    sort: Sort = None,
    total: Total = False,
) -> PageRequest:
    return PageRequest(limit, cursor, wait_for_position, wait_timeout, sort, total)


def page_only(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageRequest:
    """Paging of a list that is not a read model (nothing to wait for, one order)."""
    return PageRequest(limit, cursor, None, DEFAULT_WAIT_SECONDS)


PAGING = {"page": Provide(page_request, sync_to_thread=False)}


PAGING_ONLY = {"page": Provide(page_only, sync_to_thread=False)}


# ------------------------------------------------- typed columns of a view


@dataclass(frozen=True)
class View(Generic[R]):
    """A read model's view (or table) as a list: its rows, their unique default order
    (`order`), further columns a client may sort on (`sorts`) and the rank of ranked
    values (`ranks`: risk levels, stages), which sort by rank."""

    name: str
    model: str
    row: type[R]
    order: tuple[str, ...]
    sorts: tuple[str, ...] = ()
    ranks: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)

    @cached_property
    def rows(self) -> TableClause:
        """The view, with typed columns, to filter and select from."""
        return self.named(self.name)

    def named(self, name: str) -> TableClause:
        """A table of another name with the view's columns (e.g. a model's own table)."""
        columns = [column(f, sql_type(t)) for f, t in field_types(self.row).items()]
        return table(name, *columns)

    @property
    def sortable(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.order + self.sorts))

    def order_for(self, sort: str | None) -> Order:
        """The order `?sort=` asks for (422 naming `sort` for another column)."""
        nullable = frozenset(n for n, t in field_types(self.row).items() if optional(t))
        return resolve_order(self.order, self.sortable, sort, nullable, self.ranks)

    def describe(self, text: str) -> str:
        """A route's description: `text`, then the list's order and sortable columns."""
        columns = ", ".join(f"`{name}`" for name in self.sortable)
        unique = ", ".join(f"`{name}`" for name in self.order)
        return (
            f"{text}\n\nOrdered by {unique} unless `sort` names one of: {columns} "
            f"(`-` before it for descending; ties broken by {unique}). At most {MAX_LIMIT} "
            "rows a page; `total=true` counts the rows under the same filters."
        )


# ----------------------------------------------------------------- cursors


def encode_cursor(list_name: str, key: Sequence[Any], sort: str = "") -> str:
    raw = msgspec.json.encode([list_name, sort, list(key)])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(
    list_name: str, token: str, key_types: Sequence[Any], sort: str = ""
) -> list[Any]:
    """The sort key a cursor carries; 422 when it is not one this list issued, or when it
    was issued for another `sort` (saying which: its key has that sort's columns)."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        name, issued_for, values = msgspec.json.decode(raw, type=tuple[str, str, list[Any]])
        if name != list_name:
            raise ValueError(name)
    except (ValueError, binascii.Error, msgspec.ValidationError, msgspec.DecodeError) as error:
        raise InvalidInput("cursor", "not a cursor this list issued") from error
    if issued_for != sort:
        shown = issued_for or "(default)"
        raise InvalidInput("cursor", f"issued for sort={shown}; pass the same sort with it")
    try:
        return [msgspec.convert(v, t) for v, t in zip(values, key_types, strict=True)]
    except (ValueError, msgspec.ValidationError) as error:
        raise InvalidInput("cursor", "not a cursor this list issued") from error


# ------------------------------------------------------------------- pages


def equal(view: FromClause, **values: Any) -> list[ColumnElement[bool]]:
    """`column = value` for each value given (None: no filter)."""
    return [
        view.c[name] == (value.value if isinstance(value, Enum) else value)
        for name, value in values.items()
        if value is not None
    ]


def between(
    column: ColumnClause[Any], low: Any, high: Any, names: tuple[str, str] = ("from", "to")
) -> list[ColumnElement[bool]]:
    """`low <= column <= high`, each bound optional (`names`: the query parameters)."""
    if low is not None and high is not None and low > high:
        raise InvalidInput(names[0], f"{low} is after {names[1]}={high}")
    where = []
    if low is not None:
        where.append(column >= low)
    if high is not None:
        where.append(column <= high)
    return where


def read_page(
    conn: Connection,
    view: View[R],
    where: Sequence[ColumnElement[bool]],
    page: PageRequest,
    source: FromClause | None = None,
) -> Page[R]:
    """One page of `view` (or of `source`, a table with the view's columns)."""
    rows = source if source is not None else view.rows
    order = view.order_for(page.sort)
    conditions = list(where)
    total = _count(conn, rows, conditions) if page.total else None
    if page.cursor is not None:
        conditions.append(order.after(rows, _cursor_key(view, order, page.cursor)))
    query = select(rows).where(*conditions).order_by(*order.order_by(rows))
    found = conn.execute(query.limit(page.limit + 1)).mappings()
    items = [msgspec.convert(dict(r), view.row) for r in found]
    return _paged(view, order, items, page.limit, total)


def _count(conn: Connection, rows: FromClause, where: list[ColumnElement[bool]]) -> int:
    return int(conn.execute(select(func.count()).select_from(rows).where(*where)).scalar_one())


def _cursor_key(view: View[R], order: Order, cursor: str) -> list[Any]:
    types_ = field_types(view.row)
    key = decode_cursor(view.name, cursor, [types_[c.name] for c in order.columns], order.token)
    for sort_column, value in zip(order.columns, key, strict=True):
        if sort_column.ranks and value is not None and value not in sort_column.ranks:
            raise InvalidInput("cursor", "not a cursor this list issued")
    return key


def _paged(view: View[R], order: Order, found: list[R], limit: int, total: int | None) -> Page[R]:
    if len(found) <= limit:
        return Page(found, None, total)
    last = found[limit - 1]
    key = msgspec.to_builtins([getattr(last, c.name) for c in order.columns])
    return Page(found[:limit], encode_cursor(view.name, key, order.token), total)


# -------------------------------------------------------------- freshness


@refusal("ReadModelBehind")
class ReadModelBehind(Exception):
    """The read model has not (yet) applied what the client waits for (or, not
    `built`, has never been built: answered as ReadModelNotBuilt)."""

    def __init__(self, model: str, applied: int, wanted: int | None, built: bool = True) -> None:
        self.model, self.applied, self.wanted, self.built = model, applied, wanted, built
        if not built:
            detail = f"read model {model} has not been built yet; start its worker"
        else:
            detail = (
                f"read model {model} has applied store position {applied}, "
                f"not yet {wanted}; retry shortly"
            )
        super().__init__(detail)


def read_model_behind(_: Request[Any, Any, Any], error: ReadModelBehind) -> Response[Any]:
    response = problem(
        PROBLEM_TYPES["ReadModelBehind" if error.built else "ReadModelNotBuilt"],
        str(error),
        model=error.model,
        applied_position=error.applied,
        requested_position=error.wanted,
    )
    response.headers["Retry-After"] = "1"
    return response


def active_generation(conn: Connection, model: str) -> int | None:
    """The generation the model's views show; None before its worker first ran."""
    active = conn.execute(
        select(catalog.generations.c.active).where(catalog.generations.c.projection == model)
    ).scalar_one_or_none()
    return None if active is None else int(active)


def applied_position(conn: Connection, model: str) -> int:
    """The store position the model's active generation has applied (0 before any)."""
    active = active_generation(conn, model)
    return 0 if active is None else catalog.read_position(conn, model, active)[1]


def await_position(request: Request[Any, Any, Any], model: str, page: PageRequest) -> None:
    """Read-your-writes: return once `model` has applied `?wait_for_position=`, else 503."""
    wanted = page.wait_for_position
    if wanted is None:
        return
    head = store_head(request)
    if wanted > head:
        raise InvalidInput("wait_for_position", f"the store has reached position {head} only")
    _await(request, model, wanted, page.wait_timeout)


def await_store_head(request: Request[Any, Any, Any], model: str, timeout: float) -> None:
    """Return once `model` has applied every event the store held when this was asked,
    within `timeout` seconds; else 503 (read-model-behind, or -not-built at once)."""
    head = store_head(request)
    if head == 0:
        return
    engine: Engine = request.app.state.read_engine
    with engine.connect() as conn:
        try:
            built = active_generation(conn, model) is not None
        except DBAPIError:  # no catalog yet: no model was ever built
            built = False
    if not built:
        raise ReadModelBehind(model, 0, head, built=False)
    _await(request, model, head, timeout)


def store_head(request: Request[Any, Any, Any]) -> int:
    """The event store's last position now."""
    return request.app.state.journey.app.recorder.max_notification_id() or 0


def _await(request: Request[Any, Any, Any], model: str, wanted: int, timeout: float) -> None:
    engine: Engine = request.app.state.read_engine
    if wait_for_position(engine, model, wanted, timeout):
        return
    with engine.connect() as conn:
        raise ReadModelBehind(model, applied_position(conn, model), wanted)


def view_page(
    request: Request[Any, Any, Any],
    view: View[R],
    where: Filters,
    page: PageRequest,
    *,
    source: Callable[[Connection], FromClause] | None = None,
    reads: Sequence[tuple[str, str]] = (),
) -> Page[R]:
    """Wait if asked, then read one page of a read model's view (or of `source(conn)`, a
    table with the view's columns). `where` may need the connection (a caseworker's own
    cases); `reads` names other views (view, model) the filters read, so that a model
    never built is a 503 naming it rather than a server error."""
    await_position(request, view.model, page)
    engine: Engine = request.app.state.read_engine
    with engine.connect() as conn:
        try:
            rows = None if source is None else source(conn)
            conditions = where(conn) if callable(where) else where
            return read_page(conn, view, conditions, page, rows)
        except DBAPIError:
            conn.rollback()
            own = [(view.name, view.model)] if source is None else []  # a source exists
            missing = [m for name, m in (*own, *reads) if not inspect(conn).has_table(name)]
            if not missing:
                raise
    raise ReadModelBehind(missing[0], 0, page.wait_for_position, built=False)
