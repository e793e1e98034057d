"""The production document store: a table `journey_documents` in the event store's
database (its schema on PostgreSQL), one `bytea` row per sealed content (ADR 0023).

A row is written before the event that names it is committed and deleted when the
document is removed; PostgreSQL's backups (pg_dump, base backups) carry it with the
events, and `journey backup` does too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import Column, Engine, LargeBinary, MetaData, String, Table, delete, select

from projections.ddl import create_tables
from projections.time_sql import Instant

metadata = MetaData()
documents = Table(
    "journey_documents",
    metadata,
    Column("content_id", String(36), primary_key=True),
    Column("sealed", LargeBinary, nullable=False),
    Column("stored_at", Instant(), nullable=False),
)


class DatabaseVault:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(metadata, engine)

    def put(self, content_id: UUID, sealed: bytes) -> None:
        row = {"content_id": str(content_id), "sealed": sealed, "stored_at": datetime.now(UTC)}
        with self.engine.begin() as conn:
            conn.execute(delete(documents).where(documents.c.content_id == str(content_id)))
            conn.execute(documents.insert().values(**row))

    def get(self, content_id: UUID) -> bytes | None:
        query = select(documents.c.sealed).where(documents.c.content_id == str(content_id))
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar_one_or_none()
        return None if found is None else bytes(found)

    def delete(self, content_id: UUID) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(documents).where(documents.c.content_id == str(content_id)))

    def content_ids(self) -> Iterator[UUID]:
        with self.engine.connect() as conn:
            ids = conn.execute(select(documents.c.content_id).order_by("content_id")).scalars()
            found = [UUID(value) for value in ids]
        yield from found

    def close(self) -> None:
        self.engine.dispose()
