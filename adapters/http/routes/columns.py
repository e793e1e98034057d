"""The typed columns of a read model's view, from the fields of the Struct a list
answers with: a UUID kept as text, JSON kept as text, instants in UTC, dates."""

from __future__ import annotations

import json
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import Date, Dialect, Float, Integer, String, Text, TypeDecorator
from sqlalchemy.types import TypeEngine

from projections.time_sql import Instant


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


def optional(annotation: Any) -> bool:
    union = isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union
    return union and type(None) in typing.get_args(annotation)


def _plain(annotation: Any) -> Any:
    """`X | None` -> X; `list[X]` -> list."""
    if optional(annotation):
        return _plain(next(a for a in typing.get_args(annotation) if a is not type(None)))
    return typing.get_origin(annotation) or annotation


@cache
def field_types(row: type[msgspec.Struct]) -> dict[str, Any]:
    """Each field's type, without its `Annotated` metadata (descriptions, constraints)."""
    hints = typing.get_type_hints(row)  # without include_extras: Annotated[X, ...] -> X
    return {f.name: hints[f.name] for f in msgspec.structs.fields(row)}


def sql_type(annotation: Any) -> TypeEngine[Any]:
    plain = _plain(annotation)
    return JsonText() if plain in (list, dict) else _SQL_TYPES[plain]
