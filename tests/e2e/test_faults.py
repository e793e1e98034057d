"""Crashes and outages during a load: afterwards nothing is missing, nothing doubled,
and every read model equals a from-scratch rebuild (on SQLite and PostgreSQL).

Kills are real SIGKILLs of real processes (`journey relay`, `journey worker`,
nats-server) at seeded random moments while journeys are being recorded.
"""

from __future__ import annotations

import asyncio
import random
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import Demo
from adapters.stream.nats_server import EmbeddedNats
from projections.registry import read_models
from tests.support.pipeline import (
    Pipeline,
    assert_equal_to_rebuild,
    fresh_stream,
    load_in_background,
    process_env,
    spawn,
    stream_positions,
)


def _load_in_background(journey: Journey, clock: ScriptedClock, count: int) -> threading.Thread:
    return load_in_background(journey, clock, count, seed=3)


async def _all_published(journey: Journey, nats_url: str, pipeline: Pipeline) -> None:
    head = journey.app.recorder.max_notification_id() or 0
    for _ in range(600):
        try:
            if len(await stream_positions(nats_url, pipeline.stream)) >= head:
                break
        except Exception:  # the stream may not exist yet
            pass
        await asyncio.sleep(0.1)
    assert await stream_positions(nats_url, pipeline.stream) == list(range(1, head + 1))


async def _kill_at_random(
    env: dict[str, str],
    commands: list[list[str]],
    *,
    rounds: int,
    rng: random.Random,
    seconds: tuple[float, float],
) -> None:
    """Start the processes, SIGKILL them after a random while; `rounds` times."""
    for _ in range(rounds):
        processes = [spawn(env, *command) for command in commands]
        await asyncio.sleep(rng.uniform(*seconds))
        for process in processes:
            process.kill()
            process.wait()


async def _catch_up_and_compare(pipeline: Pipeline, journey: Journey, engine: Engine) -> None:
    for name in read_models():
        pipeline.start_worker(name)
    await pipeline.caught_up()
    await pipeline.close()
    assert_equal_to_rebuild(journey, engine)


@pytest.mark.short_run_on("postgres")
def test_relay_killed_at_random_moments_loses_and_doubles_nothing(  # noqa: PLR0917
    journey: Journey,
    clock: ScriptedClock,
    engine: Engine,
    nats_url: str,
    database_url: str,
    read_url: str,
) -> None:
    rng = random.Random(1)
    pipeline = Pipeline(journey, engine, nats_url)
    env = process_env(database_url, read_url, nats_url, pipeline.stream)

    async def scenario() -> None:
        loader = _load_in_background(journey, clock, 80)
        await _kill_at_random(env, [["relay"]], rounds=4, rng=rng, seconds=(0.6, 1.5))
        during = journey.app.recorder.max_notification_id() or 0
        await asyncio.to_thread(loader.join)
        assert 0 < during < (journey.app.recorder.max_notification_id() or 0), "load overlapped"
        relay = spawn(env, "relay")
        try:
            await _all_published(journey, nats_url, pipeline)
        finally:
            relay.terminate()
            relay.wait()
        await _catch_up_and_compare(pipeline, journey, engine)

    asyncio.run(scenario())


@pytest.mark.short_run_on("sqlite")
def test_workers_killed_at_random_moments_apply_every_event_once(  # noqa: PLR0917
    journey: Journey,
    clock: ScriptedClock,
    engine: Engine,
    nats_url: str,
    database_url: str,
    read_url: str,
) -> None:
    rng = random.Random(2)
    pipeline = Pipeline(journey, engine, nats_url)
    env = process_env(database_url, read_url, nats_url, pipeline.stream)

    async def scenario() -> None:
        pipeline.start_relay()
        loader = _load_in_background(journey, clock, 60)
        workers = [["worker", name] for name in read_models()]
        await _kill_at_random(env, workers, rounds=3, rng=rng, seconds=(1.0, 2.0))
        await asyncio.to_thread(loader.join)
        await _catch_up_and_compare(pipeline, journey, engine)

    asyncio.run(scenario())


@pytest.mark.short_run_on("postgres")
def test_a_worker_that_dies_after_committing_but_before_acking_does_not_double_count(
    journey: Journey,
    clock: ScriptedClock,
    engine: Engine,
    nats_url: str,
) -> None:
    pipeline = Pipeline(journey, engine, nats_url)

    async def scenario() -> None:
        pipeline.start_relay()
        await asyncio.to_thread(Demo(journey, clock, seed=4).run, 20)
        worker = pipeline.start_worker("outcomes")
        original_ack = worker.source.ack_through
        crashed = asyncio.Event()

        async def crash_instead_of_ack(delivery: object) -> None:
            crashed.set()
            raise SystemExit("killed between commit and ack")

        worker.source.ack_through = crash_instead_of_ack  # type: ignore[method-assign]
        await asyncio.wait_for(crashed.wait(), 30)
        await pipeline.kill("outcomes")
        assert worker.position > 0
        worker.source.ack_through = original_ack  # type: ignore[method-assign]
        await _catch_up_and_compare(pipeline, journey, engine)

    asyncio.run(scenario())


@pytest.mark.short_run_on("sqlite")
def test_nats_restarted_during_a_load_recovers_without_loss(
    journey: Journey,
    clock: ScriptedClock,
    engine: Engine,
    tmp_path: Path,
) -> None:
    server = EmbeddedNats(tmp_path / "nats").start()
    pipeline = Pipeline(journey, engine, server.url, fresh_stream())

    async def scenario() -> None:
        pipeline.start_all()
        loader = _load_in_background(journey, clock, 60)
        await asyncio.sleep(1.0)
        server.kill()
        await asyncio.sleep(1.5)
        server.start()
        await asyncio.to_thread(loader.join)
        await pipeline.caught_up(timeout=120)
        await _all_published(journey, server.url, pipeline)
        await pipeline.close()
        assert_equal_to_rebuild(journey, engine)

    try:
        asyncio.run(scenario())
    finally:
        server.stop()
