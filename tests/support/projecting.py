"""Run read models without NATS: stored events -> envelopes -> Changes -> tables.

`project(journey, model, engine)` pushes everything in the store through the same
envelope encoding and decoding the relay and the consumer use, into one
generation of the model's tables, and returns those tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, Table, create_engine, select

from adapters.run.bootstrap import Journey
from adapters.stream.decoding import change_of
from adapters.stream.envelope import encode_envelope, envelope_of
from projections.model import Change, ReadModel


def changes(journey: Journey, after: int = 0) -> list[Change]:
    """Every stored event after store position `after`, as a read model receives it."""
    notifications = journey.app.recorder.select_notifications(start=after + 1, limit=10**6)
    result = []
    for seq, notification in enumerate(notifications, start=after + 1):
        delivery = change_of(seq, encode_envelope(envelope_of(notification)))
        assert delivery.change is not None, delivery.error
        result.append(delivery.change)
    return result


def memory_engine() -> Engine:
    return create_engine("sqlite+pysqlite:///:memory:")


def project(
    journey: Journey, model: ReadModel, engine: Engine, *, batch: int = 500, generation: int = 1
) -> dict[str, Table]:
    metadata = MetaData()
    tables = model.define(metadata, generation)
    metadata.create_all(engine)
    everything = changes(journey)
    for start in range(0, len(everything), batch):
        with engine.begin() as conn:
            model.apply(conn, tables, everything[start : start + batch])
    return tables


def rows(engine: Engine, table: Table, order_by: str | None = None) -> list[dict[str, Any]]:
    query = select(table)
    if order_by is not None:
        query = query.order_by(table.c[order_by])
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]
