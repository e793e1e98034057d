"""Several workers of one read model, each on a partition of the records, under load
(on SQLite and PostgreSQL): the tables equal a from-scratch rebuild, every event of a
record was applied once, in order, by the worker of that record's partition — also
when the partition workers are real processes SIGKILLed at random moments."""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from uuid import UUID

import pytest
from sqlalchemy import Connection, Engine, Table
from sqlalchemy.exc import DBAPIError

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import Demo
from adapters.stream.consumer import NatsSource, durable_for
from projections import catalog
from projections.caseload import Caseload
from projections.model import Change, ReadModel
from projections.partition import Partition
from projections.rebuild import rebuild
from projections.registry import read_models
from projections.timeline import Timeline
from projections.worker import ProjectionWorker, WorkerSettings
from tests.support.factories import open_case, register
from tests.support.pipeline import (
    Pipeline,
    assert_equal_to_rebuild,
    load_in_background,
    process_env,
    spawn,
    wait_until,
)
from tests.support.projecting import changes

PARTITIONED = ("timeline", "caseload")
PARTITIONS = 3


def _load_in_background(journey: Journey, clock: ScriptedClock, count: int) -> threading.Thread:
    return load_in_background(journey, clock, count, seed=8)


class RecordedTimeline(Timeline):
    """The real timeline, watched: every change its batches applied, in order."""

    def __init__(self) -> None:
        self.applied: list[Change] = []

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        super().apply(conn, tables, batch)
        self.applied.extend(batch)


class RecordedCaseload(Caseload):
    """The real caseload, watched the same way."""

    def __init__(self) -> None:
        self.applied: list[Change] = []

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        super().apply(conn, tables, batch)
        self.applied.extend(batch)


RECORDED: dict[str, type[RecordedTimeline | RecordedCaseload]] = {
    "timeline": RecordedTimeline,
    "caseload": RecordedCaseload,
}


def start_partition_worker(
    pipeline: Pipeline, model: ReadModel, partition: Partition
) -> ProjectionWorker:
    source = NatsSource(
        pipeline.nats_url, pipeline.stream, durable_for(model.name, partition), partition
    )
    worker = ProjectionWorker(
        model, pipeline.engine, source, WorkerSettings(fetch_timeout=0.2), partition=partition
    )
    key = worker.key
    pipeline.workers[key] = worker
    pipeline.tasks[key] = asyncio.create_task(worker.run(pipeline.stop))
    return worker


def _versions_by_record(applied: Sequence[Change]) -> dict[UUID, list[int]]:
    versions: dict[UUID, list[int]] = defaultdict(list)
    for change in applied:
        versions[change.aggregate_id].append(change.version)
    return dict(versions)


@pytest.mark.short_run_on("sqlite")
def test_three_partition_workers_apply_each_record_once_and_in_order(
    journey: Journey, clock: ScriptedClock, engine: Engine, nats_url: str
) -> None:
    pipeline = Pipeline(journey, engine, nats_url)
    recorded = {
        (name, index): RECORDED[name]() for name in PARTITIONED for index in range(PARTITIONS)
    }

    async def scenario() -> None:
        pipeline.start_relay()
        for (_, index), model in recorded.items():
            start_partition_worker(pipeline, model, Partition(index, PARTITIONS))
        loader = _load_in_background(journey, clock, 40)
        await asyncio.to_thread(loader.join)
        await pipeline.caught_up()
        await pipeline.close()

    asyncio.run(scenario())
    assert_equal_to_rebuild(journey, engine, list(PARTITIONED))
    stored = changes(journey)
    for name in PARTITIONED:
        types = read_models()[name].aggregate_types or frozenset()
        expected = _versions_by_record([c for c in stored if c.aggregate_type in types])
        applied: list[Change] = []
        for index in range(PARTITIONS):
            share = recorded[name, index].applied
            assert share, f"{name} partition {index} applied nothing"
            assert all(Partition(index, PARTITIONS).owns(c.aggregate_id) for c in share)
            applied += share
        # each record: every version once, in the order stored, by its one worker
        assert _versions_by_record(applied) == expected, name


@pytest.mark.short_run_on("postgres")
@pytest.mark.slow
def test_partition_worker_processes_killed_at_random_moments_lose_and_double_nothing(  # noqa: PLR0917
    journey: Journey,
    clock: ScriptedClock,
    engine: Engine,
    nats_url: str,
    database_url: str,
    read_url: str,
) -> None:
    rng = random.Random(12)
    pipeline = Pipeline(journey, engine, nats_url)
    env = process_env(database_url, read_url, nats_url, pipeline.stream)
    commands = [
        ["worker", "timeline", "--partition", f"{index}/{PARTITIONS}"]
        for index in range(PARTITIONS)
    ]

    async def scenario() -> None:
        pipeline.start_relay()
        loader = _load_in_background(journey, clock, 80)
        heads = []
        for _ in range(3):
            since = datetime.now(UTC).replace(tzinfo=None)
            processes = [spawn(env, *command) for command in commands]
            started = partial(_partitions_running, engine, since)
            await wait_until(started, 60, "the partition worker processes to start")
            await asyncio.sleep(rng.uniform(0.3, 1.2))  # kill them while they work
            for process in processes:
                process.kill()
                process.wait()
            heads.append(journey.app.recorder.max_notification_id() or 0)
        await asyncio.to_thread(loader.join)
        assert heads[0] < (journey.app.recorder.max_notification_id() or 0), "killed in the load"
        assert all(seq > 0 for seq in _partition_stream_seqs(engine)), "the processes worked"
        timeline = read_models()["timeline"]
        for index in range(PARTITIONS):
            start_partition_worker(pipeline, timeline, Partition(index, PARTITIONS))
        await pipeline.caught_up()
        await pipeline.close()

    asyncio.run(scenario())
    assert_equal_to_rebuild(journey, engine, ["timeline"])


def _partition_stream_seqs(engine: Engine) -> list[int]:
    """What each timeline partition worker process committed (0 if it never claimed)."""
    with engine.connect() as conn:
        active = catalog.active_generation(conn, "timeline")
        progress = catalog.partition_progress(conn, "timeline", active)
        conn.commit()
    return [progress.get(index, (0, 0))[0] for index in range(PARTITIONS)]


@pytest.mark.short_run_on("sqlite")
def test_a_rebuild_moves_every_partition_worker_to_the_new_generation(
    journey: Journey, clock: ScriptedClock, engine: Engine, nats_url: str
) -> None:
    pipeline = Pipeline(journey, engine, nats_url)
    timeline = read_models()["timeline"]

    async def scenario() -> None:
        pipeline.start_relay()
        for index in range(PARTITIONS):
            start_partition_worker(pipeline, timeline, Partition(index, PARTITIONS))
        await asyncio.to_thread(Demo(journey, clock, seed=5).run, 10)
        await pipeline.caught_up()
        source = NatsSource(nats_url, pipeline.stream, "rebuild-timeline")
        assert await rebuild(timeline, engine, source) == 2
        for _ in range(6):  # events after the switch, for the moved workers
            await asyncio.to_thread(lambda: open_case(journey, register(journey)))
        moved = lambda: all(w.generation == 2 for w in pipeline.workers.values())  # noqa: E731
        await wait_until(moved, 30, "every partition worker on generation 2")
        await pipeline.caught_up()
        await pipeline.close()

    asyncio.run(scenario())
    assert_equal_to_rebuild(journey, engine, ["timeline"])
    with engine.connect() as conn:
        assert catalog.partition_progress(conn, "timeline", 1) == {}  # dropped by the last
        assert sorted(catalog.partition_progress(conn, "timeline", 2)) == [0, 1, 2]


def _partitions_running(engine: Engine, since: datetime) -> bool:
    """Every timeline partition worker reported `running` after `since` (naive UTC)."""
    with contextlib.suppress(DBAPIError):  # the catalog may not exist yet
        reports = catalog.statuses(engine)
        return all(
            (report := reports.get(f"projection:timeline[{index}/{PARTITIONS}]")) is not None
            and report["state"] == "running"
            and report["updated_at"].replace(tzinfo=None) >= since
            for index in range(PARTITIONS)
        )
    return False
