"""What a read model is: tables, views, and how a batch of events changes them.

A read model never sees NATS: the worker hands it `Change`s — one per stored
event, already decoded into typed fields by the adapter that consumed it —
inside an open SQL transaction that also moves the model's position. Read
models hold no personal data: a beneficiary appears by pseudonymous code only.

Tables are physical per *generation* (`caseload__g3`); analysts query views
with the plain names (`caseload`), which a rebuild repoints atomically.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import Connection, MetaData, Table


@dataclass(frozen=True)
class Change:
    """One stored event as a read model sees it."""

    stream_seq: int
    position: int
    aggregate_type: str
    aggregate_id: UUID
    version: int
    event_type: str  # "Case.ServiceDelivered"
    at: datetime  # when the command was decided
    actor: str
    fields: dict[str, Any]  # the event's own fields, typed (enums, dates, value objects)
    correlation_id: str | None = None  # the ids of the request that stored it, if any
    causation_id: str | None = None


class ReadModel(ABC):
    """Subclass per read model; see projections/caseload.py for an example."""

    name: ClassVar[str]
    # The aggregate types whose events `apply` reads; None = every type. Events of
    # other types are not decoded: the worker only moves the position past them.
    aggregate_types: ClassVar[frozenset[str] | None] = None
    # What the model publishes in the `reporting` schema (ADR 35): view -> the columns
    # an analyst's read-only role may read. Only non-identifying ones: no code, case
    # number, name of a person or staff member, no free text. Each column is listed, so
    # a column added to a view later is published only when someone adds it here. By
    # default the published view is those columns of the model's view of the same name;
    # a model that must filter rows or generalise values writes the SELECT itself
    # (`reporting_sql`), which yields exactly the listed columns, in order.
    reporting_views: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    @abstractmethod
    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        """The model's tables for one generation, keyed by their view name."""

    def view_sql(self, view: str, table: Table, dialect: str) -> str:
        """The SELECT behind an analyst's view; override to add computed columns."""
        return f'SELECT * FROM "{table.name}"'

    def derived_views(self, dialect: str) -> dict[str, str]:
        """Views over the model's views (e.g. per-worker totals); name -> SELECT."""
        return {}

    def reporting_sql(self, view: str, schema: str, dialect: str) -> str | None:
        """The SELECT behind published view `view` when the model writes its own (rows
        filtered, values generalised), reading the model's views in `schema`; None
        publishes the listed columns of the model's view of the same name."""
        return None

    def view_names(self) -> list[str]:
        """Every view the model creates: its tables' views, then its derived views."""
        return [*self.define(MetaData(), 1), *self.derived_views("sqlite")]

    @abstractmethod
    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        """Change the tables for a batch of events, in order, inside `conn`'s transaction."""


def physical_name(view: str, generation: int) -> str:
    return f"{view}__g{generation}"
