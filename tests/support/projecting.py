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
from projections.source import Delivery


def changes(journey: Journey, after: int = 0) -> list[Change]:
    """Every stored event after store position `after`, as a read model receives it."""
    notifications = journey.app.recorder.select_notifications(start=after + 1, limit=10**6)
    result = []
    for seq, notification in enumerate(notifications, start=after + 1):
        delivery = change_of(seq, encode_envelope(envelope_of(notification)))
        assert delivery.change is not None, delivery.error
        result.append(delivery.change)
    return result


def deliveries(journey: Journey) -> list[Delivery]:
    """Every stored event as a stream delivers it to a projection worker."""
    notifications = journey.app.recorder.select_notifications(start=1, limit=10**6)
    return [
        change_of(seq, encode_envelope(envelope_of(n)))
        for seq, n in enumerate(notifications, start=1)
    ]


class ScriptedSource:
    """Hands out the scripted deliveries from the sequence `start` asked for."""

    def __init__(self, deliveries: list[Delivery]) -> None:
        self.deliveries = deliveries
        self.starts: list[tuple[int, frozenset[str] | None]] = []
        self.acked: list[int] = []
        self.next = 0

    async def start(self, from_seq: int, aggregate_types: frozenset[str] | None = None) -> None:
        self.starts.append((from_seq, aggregate_types))
        self.next = from_seq

    async def fetch(self, max_messages: int, timeout: float) -> list[Delivery]:
        batch = [d for d in self.deliveries if d.stream_seq >= self.next][:max_messages]
        if batch:
            self.next = batch[-1].stream_seq + 1
        return batch

    async def ack_through(self, delivery: Delivery) -> None:
        self.acked.append(delivery.stream_seq)

    async def head(self) -> int:
        return self.deliveries[-1].stream_seq if self.deliveries else 0

    async def close(self) -> None:
        return None


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
