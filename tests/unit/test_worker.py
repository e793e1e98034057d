"""The projection worker with a scripted source: skipped events move the position
without `apply`, poison is still dead-lettered, and the source is told which
aggregate types the model reads."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Column, Connection, Engine, Integer, MetaData, String, Table, select

from adapters.store.read_database import read_engine
from projections import catalog
from projections.dead_letters import DeadLetterReason, reason_of
from projections.model import Change, ReadModel, physical_name
from projections.rebuild import REBUILD_SETTINGS
from projections.source import Delivery
from projections.worker import ProjectionWorker, WorkerSettings
from tests.support.projecting import ScriptedSource

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class CaseEvents(ReadModel):
    """One row per Case event; fails on an event named in `failing`."""

    name = "case_events"
    aggregate_types = frozenset({"Case"})

    def __init__(self) -> None:
        self.batches: list[list[Change]] = []
        self.failing: set[str] = set()

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        table = Table(
            physical_name("case_events", generation),
            metadata,
            Column("position", Integer, primary_key=True),
            Column("event_type", String(80), nullable=False),
        )
        return {"case_events": table}

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        self.batches.append(list(batch))
        for change in batch:
            if change.event_type in self.failing:
                msg = f"cannot apply {change.event_type}"
                raise RuntimeError(msg)
            conn.execute(
                tables["case_events"]
                .insert()
                .values(position=change.position, event_type=change.event_type)
            )


def case_event(seq: int, event_type: str = "Case.NoteAdded") -> Delivery:
    change = Change(seq, seq, "Case", UUID(int=seq), 1, event_type, AT, "besa", {})
    return Delivery(seq, change, event_type=event_type, position=seq)


def skipped(seq: int) -> Delivery:
    return Delivery(seq, None, position=seq)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = read_engine(f"sqlite:///{tmp_path / 'read.db'}")
    yield engine
    engine.dispose()


def run_steps(worker: ProjectionWorker, steps: int) -> None:
    async def scenario() -> None:
        await worker.open()
        for _ in range(steps):
            await worker.step()

    asyncio.run(scenario())


def failed(worker: ProjectionWorker) -> bool:
    return worker.failed


def stored_positions(engine: Engine, worker: ProjectionWorker) -> list[int]:
    table = worker.tables["case_events"]
    with engine.connect() as conn:
        return list(conn.execute(select(table.c.position).order_by(table.c.position)).scalars())


def letters(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(catalog.dead_letters).order_by(catalog.dead_letters.c.id))
        return [dict(row) for row in rows.mappings()]


def committed(engine: Engine, name: str) -> tuple[int, int]:
    with engine.connect() as conn:
        return catalog.read_position(conn, name, catalog.active_generation(conn, name))


def test_delivery_kinds() -> None:
    assert case_event(1).change is not None
    assert not case_event(1).skipped
    assert not case_event(1).poison
    assert skipped(2).skipped
    assert not skipped(2).poison
    assert Delivery(3, None, "not a valid event envelope").poison
    assert Delivery(4, None).poison  # neither a change nor a position: never passed over


def test_the_source_is_told_the_model_s_aggregate_types(engine: Engine) -> None:
    source = ScriptedSource([case_event(1)])
    run_steps(ProjectionWorker(CaseEvents(), engine, source), 1)
    assert source.starts == [(1, frozenset({"Case"}))]


def test_skipped_events_move_the_position_without_being_applied(engine: Engine) -> None:
    model = CaseEvents()
    source = ScriptedSource([case_event(1), skipped(2), case_event(3), skipped(4), skipped(5)])
    worker = ProjectionWorker(model, engine, source)
    run_steps(worker, 1)
    assert [[c.position for c in batch] for batch in model.batches] == [[1, 3]]
    assert (worker.stream_seq, worker.position) == (5, 5)
    assert committed(engine, "case_events") == (5, 5)
    assert source.acked == [5]
    assert stored_positions(engine, worker) == [1, 3]


def test_a_batch_of_skipped_events_only_moves_the_position(engine: Engine) -> None:
    model = CaseEvents()
    source = ScriptedSource([case_event(1), skipped(2), skipped(3)])
    worker = ProjectionWorker(model, engine, source, WorkerSettings(batch=1))
    run_steps(worker, 3)
    assert [[c.position for c in batch] for batch in model.batches] == [[1]]
    assert committed(engine, "case_events") == (3, 3)


def test_a_gap_among_skipped_events_restarts_the_source(engine: Engine) -> None:
    source = ScriptedSource([case_event(1), skipped(3)])
    worker = ProjectionWorker(CaseEvents(), engine, source)
    run_steps(worker, 1)
    assert worker.stream_seq == 0
    assert source.starts == [(1, frozenset({"Case"})), (1, frozenset({"Case"}))]


class StatusAtAck(ScriptedSource):
    """Notes the worker's status row whenever the worker acknowledges."""

    def __init__(self, deliveries: list[Delivery], engine: Engine) -> None:
        super().__init__(deliveries)
        self.engine = engine
        self.seen: list[tuple[str, str | None]] = []

    async def ack_through(self, delivery: Delivery) -> None:
        row = catalog.statuses(self.engine)["projection:case_events"]
        self.seen.append((row["state"], row["last_error"]))
        await super().ack_through(delivery)


def test_the_letter_and_the_failed_status_are_written_before_the_worker_goes_on(
    engine: Engine,
) -> None:
    """Whoever sees the letter (or the worker failed) sees the status say failed: the
    e2e test checked `projections status` right after the letter appeared, while the
    worker reported `failed` only after acknowledging, so it could read `running`."""
    poison = Delivery(2, None, DeadLetterReason.NOT_JSON.because("x"))
    source = StatusAtAck([case_event(1), poison], engine)
    worker = ProjectionWorker(CaseEvents(), engine, source)
    run_steps(worker, 1)
    (letter,) = letters(engine)
    assert source.seen == [("failed", letter["error"])]


def test_poison_after_skipped_events_is_dead_lettered_where_it_is(engine: Engine) -> None:
    model = CaseEvents()
    poison = Delivery(4, None, DeadLetterReason.NOT_ENVELOPE.because("expected an object"))
    source = ScriptedSource([case_event(1), skipped(2), skipped(3), poison, case_event(5)])
    worker = ProjectionWorker(model, engine, source)
    run_steps(worker, 1)
    assert worker.failed
    assert committed(engine, "case_events") == (3, 3)
    (letter,) = letters(engine)
    assert (letter["stream_seq"], letter["position"]) == (4, None)
    assert letter["error"] == "not a valid event envelope: expected an object"
    assert catalog.statuses(engine)[worker.component]["last_error"] == letter["error"]
    assert stored_positions(engine, worker) == [1]


def test_a_failing_change_is_dead_lettered_after_the_skipped_events_before_it(
    engine: Engine,
) -> None:
    model = CaseEvents()
    model.failing = {"Case.RiskAssessed"}
    deliveries = [
        case_event(1),
        skipped(2),
        case_event(3),
        skipped(4),
        case_event(5, "Case.RiskAssessed"),
        skipped(6),
    ]
    worker = ProjectionWorker(model, engine, ScriptedSource(deliveries))
    run_steps(worker, 1)
    assert worker.failed
    assert committed(engine, "case_events") == (4, 4)
    (letter,) = letters(engine)
    assert (letter["stream_seq"], letter["position"], letter["event_type"]) == (
        5,
        5,
        "Case.RiskAssessed",
    )
    assert reason_of(letter["error"]) is DeadLetterReason.NOT_APPLIED
    assert "RuntimeError: cannot apply Case.RiskAssessed" in letter["error"]  # the model's own
    assert catalog.statuses(engine)[worker.component]["last_error"] == letter["error"]
    assert stored_positions(engine, worker) == [1, 3]


def test_an_operator_skip_moves_past_the_dead_letter_and_on_through_skipped_events(
    engine: Engine,
) -> None:
    model = CaseEvents()
    model.failing = {"Case.RiskAssessed"}
    source = ScriptedSource(
        [case_event(1), case_event(2, "Case.RiskAssessed"), skipped(3), case_event(4)]
    )
    worker = ProjectionWorker(model, engine, source)

    async def scenario() -> None:
        await worker.open()
        await worker.step()
        assert failed(worker)
        catalog.request_resolution(engine, "case_events", "skip", "arta.ops")
        await worker.step()
        assert not failed(worker)
        await worker.step()

    asyncio.run(scenario())
    assert committed(engine, "case_events") == (4, 4)
    assert stored_positions(engine, worker) == [1, 4]
    assert source.starts[-1] == (3, frozenset({"Case"}))


def test_a_rebuild_reads_in_larger_batches() -> None:
    assert REBUILD_SETTINGS.batch > WorkerSettings().batch
