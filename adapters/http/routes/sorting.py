"""The order of a list and the keyset condition "after this row" for any order.

A list sorts on one column, ascending (`sort=opened_on`) or descending
(`sort=-opened_on`), then on the list's unique key in the same direction, so the
order is total and a page boundary is exact. A column with null values puts them
last in both directions. A column with ranked values (risk: low < medium < high,
stages in the order a case goes through them) sorts by rank, not alphabetically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    false,
    literal,
    or_,
)
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.expression import FromClause

from domain.errors import InvalidInput


@dataclass(frozen=True)
class SortColumn:
    """One column of an order: its name, direction, whether it may be null, its ranks."""

    name: str
    descending: bool
    nullable: bool
    ranks: tuple[str, ...] = ()

    def expression(self, rows: FromClause) -> ColumnElement[Any]:
        column = rows.c[self.name]
        if not self.ranks:
            return column
        return case({value: rank for rank, value in enumerate(self.ranks)}, value=column)

    def bound(self, rows: FromClause, value: Any) -> ColumnElement[Any]:
        """The cursor's value, as the expression compares it."""
        if self.ranks:
            return literal(self.ranks.index(value), Integer())
        return literal(value, rows.c[self.name].type)

    def order_by(self, rows: FromClause) -> UnaryExpression[Any]:
        expression = self.expression(rows)
        ordered = expression.desc() if self.descending else expression.asc()
        return ordered.nulls_last() if self.nullable else ordered

    def same(self, rows: FromClause, value: Any) -> ColumnElement[bool]:
        if value is None:
            return rows.c[self.name].is_(None)
        return self.expression(rows) == self.bound(rows, value)

    def beyond(self, rows: FromClause, value: Any) -> ColumnElement[bool] | None:
        """Rows whose value comes after `value` in this direction (None: none can)."""
        if value is None:
            return None  # nulls come last: nothing is beyond a null
        expression, bound = self.expression(rows), self.bound(rows, value)
        after = expression < bound if self.descending else expression > bound
        return or_(after, rows.c[self.name].is_(None)) if self.nullable else after


@dataclass(frozen=True)
class Order:
    """A list's order: the token a cursor carries (`-opened_on`, "" by default) and columns."""

    token: str
    columns: tuple[SortColumn, ...]

    def order_by(self, rows: FromClause) -> list[UnaryExpression[Any]]:
        return [column.order_by(rows) for column in self.columns]

    def after(self, rows: FromClause, key: Sequence[Any]) -> ColumnElement[bool]:
        """Rows after the row whose order values are `key` (keyset pagination)."""
        alternatives = []
        for index, column in enumerate(self.columns):
            beyond = column.beyond(rows, key[index])
            if beyond is not None:
                equal = [c.same(rows, v) for c, v in zip(self.columns, key[:index], strict=False)]
                alternatives.append(and_(*equal, beyond))
        return or_(*alternatives) if alternatives else false()


def resolve_order(
    unique: tuple[str, ...],
    sortable: Sequence[str],
    sort: str | None,
    nullable: frozenset[str],
    ranks: Mapping[str, tuple[str, ...]],
) -> Order:
    """The order `?sort=` asks for; the unique key alone, ascending, when it asks for none.

    422 naming `sort` for a column the list does not sort on."""
    descending = sort is not None and sort.startswith("-")
    name = (sort or "").removeprefix("-") or unique[0]
    if name not in sortable:
        choices = ", ".join(sortable)
        raise InvalidInput("sort", f"cannot sort on {name!r}; this list sorts on: {choices}")
    names = [name, *(k for k in unique if k != name)]
    columns = tuple(SortColumn(n, descending, n in nullable, ranks.get(n, ())) for n in names)
    token = "" if (name, descending) == (unique[0], False) else ("-" if descending else "") + name
    return Order(token, columns)
