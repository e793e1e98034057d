"""The access log: who read which personal data or notes, when.

Append-only: this module only inserts and selects; no API route updates or
deletes it. (Tamper evidence over it comes with the audit work.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, insert, select

from projections.ddl import create_tables
from projections.time_sql import Instant

access = MetaData()
access_log = Table(
    "access_log",
    access,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Instant(), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("role", String(32), nullable=False),
    Column("record_type", String(32), nullable=False),
    Column("record_id", String(36), nullable=False, index=True),
    Column("fields", String(500), nullable=False),
    Column("route", String(200), nullable=False),
)


@dataclass(frozen=True)
class AccessEntry:
    actor: str
    role: str
    record_type: str
    record_id: str
    fields: Sequence[str]
    route: str


class AccessLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(access, engine)

    def record(self, entry: AccessEntry) -> None:
        if not entry.fields:
            return
        with self.engine.begin() as conn:
            conn.execute(
                insert(access_log).values(
                    at=datetime.now(UTC),
                    actor=entry.actor,
                    role=entry.role,
                    record_type=entry.record_type,
                    record_id=entry.record_id,
                    fields=",".join(sorted(entry.fields)),
                    route=entry.route,
                )
            )

    def entries(
        self, record_id: str | None = None, after_id: int = 0, limit: int = 100
    ) -> list[dict[str, Any]]:
        query = select(access_log).where(access_log.c.id > after_id)
        if record_id is not None:
            query = query.where(access_log.c.record_id == record_id)
        query = query.order_by(access_log.c.id).limit(limit)
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]


class AccessRecord(msgspec.Struct, frozen=True):
    """A row of the access log: who read which personal data or notes, when."""

    id: Annotated[int, Meta(ge=1, description="the entry's number, in order", examples=[57])]
    at: Annotated[
        datetime,
        Meta(description="when the data was shown (UTC)", examples=["2026-03-09T10:15:00Z"]),
    ]
    actor: Annotated[
        str,
        Meta(max_length=100, description="the staff user who read it", examples=["arta.manager"]),
    ]
    role: Annotated[
        str, Meta(max_length=32, description="the user's role then", examples=["case_manager"])
    ]
    record_type: Annotated[
        str, Meta(max_length=32, description="the kind of record read", examples=["beneficiary"])
    ]
    record_id: Annotated[
        str,
        Meta(
            max_length=36,
            description="the record's id",
            examples=["0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"],
        ),
    ]
    fields: Annotated[
        list[str],
        Meta(
            description="the personal-data fields or note categories shown",
            examples=[["birth_date", "given_name"]],
        ),
    ]
    route: Annotated[
        str,
        Meta(
            max_length=200,
            description="the path and query that showed them",
            examples=["/api/v1/beneficiaries/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"],
        ),
    ]


def access_record(row: dict[str, Any]) -> AccessRecord:
    at: datetime = row["at"]
    return AccessRecord(
        row["id"],
        at if at.tzinfo is not None else at.replace(tzinfo=UTC),
        row["actor"],
        row["role"],
        row["record_type"],
        row["record_id"],
        row["fields"].split(","),
        row["route"],
    )
