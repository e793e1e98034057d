"""Command -> store -> relay -> NATS -> workers -> tables, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import Engine, text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import Demo
from adapters.run.pipeline import StatusWriter
from adapters.stream.consumer import NatsSource
from adapters.stream.relay import Relay, RelaySettings
from domain.vocab import RiskLevel
from projections import catalog
from projections.rebuild import rebuild, wait_for_position
from projections.registry import read_models
from services.commands.case import AssessRisk
from tests.support.factories import WORKER, open_case, register
from tests.support.pipeline import (
    Pipeline,
    assert_equal_to_rebuild,
    fresh_stream,
    stream_positions,
    table_rows,
    wait_until,
)


@pytest.mark.short_run_on("sqlite")
def test_demo_journeys_reach_every_read_model_exactly_once(
    journey: Journey, engine: Engine, nats_url: str, clock: ScriptedClock
) -> None:
    async def scenario() -> None:
        pipeline = Pipeline(journey, engine, nats_url)
        pipeline.start_all()
        try:
            await asyncio.to_thread(Demo(journey, clock, seed=11).run, 30)
            await pipeline.caught_up()
            head = journey.app.recorder.max_notification_id() or 0
            assert await stream_positions(nats_url, pipeline.stream) == list(range(1, head + 1))
        finally:
            await pipeline.close()
        assert_equal_to_rebuild(journey, engine)

    asyncio.run(scenario())


def test_a_service_can_read_its_own_write(journey: Journey, engine: Engine, nats_url: str) -> None:
    async def scenario() -> None:
        pipeline = Pipeline(journey, engine, nats_url)
        pipeline.start_all()
        try:
            case_id = open_case(journey, register(journey))
            result = journey.bus.execute(case_id, AssessRisk(level=RiskLevel.HIGH), actor=WORKER)
            seen = await asyncio.to_thread(
                wait_for_position, engine, "caseload", result.position, 20.0
            )
            assert seen
            with engine.connect() as conn:
                risk = conn.execute(text("SELECT risk_level FROM caseload")).scalar_one()
            assert risk == "high"
            assert not wait_for_position(engine, "caseload", result.position + 1000, 0.05)
        finally:
            await pipeline.close()

    asyncio.run(scenario())


@pytest.mark.short_run_on("postgres")
def test_a_rebuild_switches_while_queries_keep_answering(
    journey: Journey, engine: Engine, nats_url: str, clock: ScriptedClock
) -> None:
    async def scenario() -> None:
        pipeline = Pipeline(journey, engine, nats_url)
        pipeline.start_all()
        await asyncio.to_thread(Demo(journey, clock, seed=5).run, 20)
        await pipeline.caught_up()
        before = table_rows(engine, read_models()["caseload"], 1)
        answers, failures, done = _keep_querying(engine)
        try:
            source = NatsSource(nats_url, pipeline.stream, durable="rebuild-caseload")
            generation = await rebuild(read_models()["caseload"], engine, source)
            await asyncio.sleep(0.3)
        finally:
            done.set()
        assert generation == 2
        assert failures == []
        assert len(answers) > 0
        assert table_rows(engine, read_models()["caseload"], 2) == before
        await _wait_moved(pipeline, "caseload", 2)
        await pipeline.close()

    asyncio.run(scenario())


def _keep_querying(engine: Engine) -> tuple[list[int], list[str], threading.Event]:
    answers: list[int] = []
    failures: list[str] = []
    done = threading.Event()

    def query() -> None:
        while not done.is_set():
            try:
                with engine.connect() as conn:
                    answers.append(conn.execute(text("SELECT COUNT(*) FROM caseload")).scalar_one())
            except Exception as error:  # the test reports any failure
                failures.append(repr(error))

    threading.Thread(target=query, daemon=True).start()
    return answers, failures, done


async def _wait_moved(pipeline: Pipeline, name: str, generation: int) -> None:
    """Until the running worker is on `generation` and has dropped the generations
    before it. The worker takes the new number first and drops the old tables after
    (ProjectionWorker._open), so the number alone does not say the move is done."""
    model = read_models()[name]

    def moved() -> bool:
        on_new = pipeline.workers[name].generation == generation
        return on_new and catalog.stale_generations(pipeline.engine, model, generation) == []

    await wait_until(moved, 10, f"the {name} worker to move to generation {generation}")
    with pipeline.engine.connect() as conn:
        names = set(conn.dialect.get_table_names(conn))
    assert f"{name}__g{generation - 1}" not in names
    assert f"{name}__g{generation}" in names


def test_the_relay_says_when_nats_is_unreachable(journey: Journey) -> None:
    async def scenario() -> None:
        relay = Relay(
            journey.app.recorder,
            "nats://127.0.0.1:1",
            fresh_stream(),
            RelaySettings(max_backoff_seconds=0.2),
        )
        stop = asyncio.Event()
        task = asyncio.create_task(relay.run(stop))
        await wait_until(lambda: relay.status.state == "nats_unavailable", 10, "the report")
        assert relay.status.last_error
        stop.set()
        await task
        assert relay.status.state == "stopped"

    asyncio.run(scenario())


def test_the_relay_reports_its_position_after_a_burst(
    journey: Journey, engine: Engine, nats_url: str
) -> None:
    """The status table ends at the last position published, not the first report."""

    async def scenario() -> None:
        for _ in range(3):
            open_case(journey, register(journey))
        relay = Relay(
            journey.app.recorder,
            nats_url,
            fresh_stream(),
            RelaySettings(),
            on_status=StatusWriter(engine),
        )
        stop = asyncio.Event()
        task = asyncio.create_task(relay.run(stop))
        head = journey.app.recorder.max_notification_id() or 0

        def reported() -> bool:
            row = catalog.statuses(engine).get("relay")
            return row is not None and row["position"] == head

        await wait_until(reported, 10, "the relay's final position in pipeline_status")
        stop.set()
        await task

    asyncio.run(scenario())
