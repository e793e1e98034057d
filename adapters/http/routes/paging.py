"""Lists, a page at a time, from the read models' views, as fresh as the client asks.

Every list answers `{"items": [...], "next_cursor": ...}`. `?limit=` takes 1 to
500 rows (50 by default); `next_cursor` is opaque (base64 of the list's name and
the sort key of the page's last row) and null on the last page. Pages are
keyset pages: a row added or changed between two pages never makes another row
appear twice or be skipped.

Lists come from read models, which follow the event store with a lag (usually
milliseconds). A client that must see its own write passes the `position` its
command returned as `?wait_for_position=`: the answer waits until the read model
has applied it, at most `?wait_timeout=` seconds (5 by default, 10 at most), or is
a 503 problem saying which model lags and how far it got.
"""

from __future__ import annotations

import base64
import binascii
import json
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cached_property
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

import msgspec
from litestar import Request, Response
from litestar.di import Provide
from litestar.params import QueryParameter
from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    Date,
    Dialect,
    Engine,
    Float,
    Integer,
    String,
    Text,
    TypeDecorator,
    column,
    inspect,
    literal,
    select,
    table,
    tuple_,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import TableClause
from sqlalchemy.types import TypeEngine

from adapters.http.problem_types import PROBLEM_TYPES, refusal
from adapters.http.problems import problem
from domain.errors import InvalidInput
from projections import catalog
from projections.rebuild import wait_for_position
from projections.time_sql import Instant

MAX_LIMIT = 500


DEFAULT_LIMIT = 50


MAX_WAIT_SECONDS = 10.0


DEFAULT_WAIT_SECONDS = 5.0


R = TypeVar("R", bound=msgspec.Struct)


class Page(msgspec.Struct, Generic[R], frozen=True):
    items: list[R]
    next_cursor: str | None


# ------------------------------------------------------------ the request


@dataclass(frozen=True)
class PageRequest:
    limit: int
    cursor: str | None
    wait_for_position: int | None
    wait_timeout: float


Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="rows per page")]


Cursor = Annotated[
    str | None, QueryParameter(max_length=2000, description="`next_cursor` of the page before")
]


WaitFor = Annotated[
    int | None,
    QueryParameter(ge=0, description="wait until the read model applied this store position"),
]


WaitTimeout = Annotated[
    float, QueryParameter(gt=0, le=MAX_WAIT_SECONDS, description="seconds to wait at most")
]


def page_request(
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    wait_for_position: WaitFor = None,
    wait_timeout: WaitTimeout = DEFAULT_WAIT_SECONDS,
) -> PageRequest:
    return PageRequest(limit, cursor, wait_for_position, wait_timeout)


def page_only(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageRequest:
    """Paging of a list that is not a read model (nothing to wait for)."""
    return PageRequest(limit, cursor, None, DEFAULT_WAIT_SECONDS)


PAGING = {"page": Provide(page_request, sync_to_thread=False)}


PAGING_ONLY = {"page": Provide(page_only, sync_to_thread=False)}


# ------------------------------------------------- typed columns of a view


class UuidText(TypeDecorator[UUID]):
    """A UUID kept as text (36 characters) in the read models."""

    impl = String(36)
    cache_ok = True

    def process_bind_param(self, value: UUID | None, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> UUID | None:
        return None if value is None else UUID(str(value))


class JsonText(TypeDecorator[Any]):
    """JSON kept as text (e.g. a facility's bed inventory)."""

    impl = Text
    cache_ok = True

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


_SQL_TYPES: dict[Any, TypeEngine[Any]] = {
    UUID: UuidText(),
    datetime: Instant(),  # aware, in UTC, on both databases (docs/time.md)
    date: Date(),
    int: Integer(),
    float: Float(),
    str: String(),
}


def _plain(annotation: Any) -> Any:
    """`X | None` -> X; `list[X]` -> list."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return typing.get_origin(annotation) or annotation


def field_types(row: type[msgspec.Struct]) -> dict[str, Any]:
    return {f.name: f.type for f in msgspec.structs.fields(row)}


def _sql_type(annotation: Any) -> TypeEngine[Any]:
    plain = _plain(annotation)
    return JsonText() if plain in (list, dict) else _SQL_TYPES[plain]


@dataclass(frozen=True)
class View(Generic[R]):
    """A read model's view (or table) as a list: its rows and their unique sort key."""

    name: str
    model: str
    row: type[R]
    order: tuple[str, ...]

    @cached_property
    def rows(self) -> TableClause:
        """The view, with typed columns, to filter and select from."""
        return self.named(self.name)

    def named(self, name: str) -> TableClause:
        """A table of another name with the view's columns (e.g. a model's own table)."""
        columns = [column(f, _sql_type(t)) for f, t in field_types(self.row).items()]
        return table(name, *columns)


# ----------------------------------------------------------------- cursors


def encode_cursor(list_name: str, key: Sequence[Any]) -> str:
    raw = msgspec.json.encode([list_name, list(key)])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(list_name: str, token: str, key_types: Sequence[Any]) -> list[Any]:
    """The sort key a cursor carries; 422 when it is not one this list issued."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        name, values = msgspec.json.decode(raw, type=tuple[str, list[Any]])
        if name != list_name or len(values) != len(key_types):
            raise ValueError(name)
        return [msgspec.convert(v, t) for v, t in zip(values, key_types, strict=True)]
    except (ValueError, binascii.Error, msgspec.ValidationError, msgspec.DecodeError) as error:
        raise InvalidInput("cursor", "not a cursor this list issued") from error


# ------------------------------------------------------------------- pages


def equal(view: TableClause, **values: Any) -> list[ColumnElement[bool]]:
    """`column = value` for each value given (None: no filter)."""
    return [
        view.c[name] == (value.value if isinstance(value, Enum) else value)
        for name, value in values.items()
        if value is not None
    ]


def between(column: ColumnClause[Any], low: Any, high: Any) -> list[ColumnElement[bool]]:
    """`from <= column <= to`, each bound optional."""
    if low is not None and high is not None and low > high:
        raise InvalidInput("from", f"{low} is after to={high}")
    where = []
    if low is not None:
        where.append(column >= low)
    if high is not None:
        where.append(column <= high)
    return where


def _after(view: TableClause, order: tuple[str, ...], key: list[Any]) -> ColumnElement[bool]:
    columns = [view.c[name] for name in order]
    bound = [literal(v, c.type) for c, v in zip(columns, key, strict=True)]
    if len(columns) == 1:
        return columns[0] > bound[0]
    return tuple_(*columns) > tuple_(*bound)


def read_page(
    conn: Connection,
    view: View[R],
    where: Sequence[ColumnElement[bool]],
    page: PageRequest,
    source: TableClause | None = None,
) -> Page[R]:
    """One page of `view` (or of `source`, a table with the view's columns)."""
    rows = source if source is not None else view.rows
    conditions = list(where)
    if page.cursor is not None:
        types_ = field_types(view.row)
        key = decode_cursor(view.name, page.cursor, [types_[n] for n in view.order])
        conditions.append(_after(rows, view.order, key))
    query = select(rows).where(*conditions)
    query = query.order_by(*(rows.c[n] for n in view.order)).limit(page.limit + 1)
    found = [msgspec.convert(dict(r), view.row) for r in conn.execute(query).mappings()]
    return _paged(view, found, page.limit)


def _paged(view: View[R], found: list[R], limit: int) -> Page[R]:
    if len(found) <= limit:
        return Page(found, None)
    last = found[limit - 1]
    key = msgspec.to_builtins([getattr(last, name) for name in view.order])
    return Page(found[:limit], encode_cursor(view.name, key))


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
    state = request.app.state
    head = state.journey.app.recorder.max_notification_id() or 0
    if wanted > head:
        raise InvalidInput("wait_for_position", f"the store has reached position {head} only")
    if wait_for_position(state.read_engine, model, wanted, page.wait_timeout):
        return
    with state.read_engine.connect() as conn:
        raise ReadModelBehind(model, applied_position(conn, model), wanted)


def view_page(
    request: Request[Any, Any, Any],
    view: View[R],
    where: Sequence[ColumnElement[bool]],
    page: PageRequest,
) -> Page[R]:
    """Wait if asked, then read one page of a read model's view."""
    await_position(request, view.model, page)
    engine: Engine = request.app.state.read_engine
    with engine.connect() as conn:
        try:
            return read_page(conn, view, where, page)
        except DBAPIError:
            conn.rollback()
            if inspect(conn).has_table(view.name):
                raise
    raise ReadModelBehind(view.model, 0, page.wait_for_position, built=False)
