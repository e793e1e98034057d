"""A pipeline for tests: a real nats-server, the relay and workers as asyncio tasks
or as real processes, and comparisons against a from-scratch rebuild."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, MetaData, select

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import Demo
from adapters.stream.consumer import NatsSource
from adapters.stream.jetstream import StreamSettings, connect
from adapters.stream.relay import Relay, RelaySettings
from projections import catalog
from projections.model import ReadModel
from projections.registry import read_models
from projections.worker import ProjectionWorker, WorkerSettings
from services.commands import Command
from tests.support.projecting import changes


def fresh_stream() -> StreamSettings:
    tag = uuid.uuid4().hex[:10]
    return StreamSettings(name=f"T_{tag}", prefix=f"test.{tag}")


async def stream_payloads(nats_url: str, stream: StreamSettings) -> bytes:
    """Every message's data on the stream, one per line (to search for personal values)."""
    client = await connect(nats_url, "test-reader", reconnect=False)
    try:
        js = client.jetstream()
        last = (await js.stream_info(stream.name)).state.last_seq
        messages = [await js.get_msg(stream.name, seq=s) for s in range(1, last + 1)]
        return b"\n".join(m.data or b"" for m in messages)
    finally:
        await client.close()


@dataclass
class Pipeline:
    """Relay and workers as tasks on the running event loop."""

    journey: Journey
    engine: Engine
    nats_url: str
    stream: StreamSettings = field(default_factory=fresh_stream)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    workers: dict[str, ProjectionWorker] = field(default_factory=dict)

    def start_relay(self) -> Relay:
        relay = Relay(
            self.journey.app.recorder,
            self.nats_url,
            self.stream,
            RelaySettings(max_backoff_seconds=0.5),
        )
        self.tasks["relay"] = asyncio.create_task(relay.run(self.stop))
        return relay

    def start_worker(self, name: str, **overrides: Any) -> ProjectionWorker:
        source = NatsSource(self.nats_url, self.stream, durable=f"projection-{name}")
        worker = ProjectionWorker(
            read_models()[name], self.engine, source, WorkerSettings(fetch_timeout=0.2, **overrides)
        )
        self.workers[name] = worker
        self.tasks[name] = asyncio.create_task(worker.run(self.stop))
        return worker

    def start_all(self) -> None:
        self.start_relay()
        for name in read_models():
            self.start_worker(name)

    async def kill(self, name: str) -> None:
        """Cancel a task wherever it is, as a crash would interrupt it."""
        task = self.tasks.pop(name)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    async def caught_up(self, timeout: float = 60.0) -> None:
        head = self.journey.app.recorder.max_notification_id() or 0
        deadline = time.monotonic() + timeout
        while any(w.position < head for w in self.workers.values()):
            self._raise_if_crashed()
            if time.monotonic() > deadline:
                behind = {n: w.position for n, w in self.workers.items()}
                msg = f"not caught up with {head} in {timeout} s: {behind}"
                raise AssertionError(msg)
            await asyncio.sleep(0.05)

    def _raise_if_crashed(self) -> None:
        for name, task in self.tasks.items():
            if task.done() and task.exception() is not None:
                msg = f"{name} crashed"
                raise AssertionError(msg) from task.exception()

    async def close(self) -> None:
        self.stop.set()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)


def process_env(
    database_url: str, read_url: str, nats_url: str, stream: StreamSettings
) -> dict[str, str]:
    return {
        **os.environ,
        "JOURNEY_DATABASE_URL": database_url,
        "JOURNEY_READ_DATABASE_URL": read_url,
        "JOURNEY_NATS_URL": nats_url,
        "JOURNEY_NATS_STREAM": stream.name,
        "JOURNEY_NATS_PREFIX": stream.prefix,
    }


def spawn(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    """`journey ARGS` as a real process (killed with SIGKILL in fault tests)."""
    return subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def stream_positions(nats_url: str, stream: StreamSettings) -> list[int]:
    """The store position carried by every message on the stream, in stream order."""
    client = await connect(nats_url, "test-reader", reconnect=False)
    try:
        js = client.jetstream()
        last = (await js.stream_info(stream.name)).state.last_seq
        messages = [await js.get_msg(stream.name, seq=s) for s in range(1, last + 1)]
        return [int((m.headers or {})["Nats-Msg-Id"]) for m in messages]
    finally:
        await client.close()


def table_rows(engine: Engine, model: ReadModel, generation: int) -> dict[str, list[Any]]:
    """Every row of every table of one generation, sorted, for comparison."""
    tables = model.define(MetaData(), generation)
    with engine.connect() as conn:
        return {
            view: sorted(tuple(r) for r in conn.execute(select(t))) for view, t in tables.items()
        }


def rebuilt_rows(
    journey: Journey, model: ReadModel, engine: Engine, generation: int = 999
) -> dict[str, list[Any]]:
    """The model built from scratch, straight from the store, in the same database."""
    tables = catalog.generation_tables(engine, model, generation)
    everything = changes(journey)
    with engine.begin() as conn:
        for start in range(0, len(everything), 500):
            model.apply(conn, tables, everything[start : start + 500])
    try:
        return table_rows(engine, model, generation)
    finally:
        catalog.drop_generation(engine, model, generation)


def assert_equal_to_rebuild(
    journey: Journey, engine: Engine, names: list[str] | None = None
) -> None:
    for name, model in read_models().items():
        if names is not None and name not in names:
            continue
        with engine.begin() as conn:
            active = catalog.active_generation(conn, name)
        assert table_rows(engine, model, active) == rebuilt_rows(journey, model, engine), name


async def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            msg = f"timed out after {timeout} s waiting for {what}"
            raise AssertionError(msg)
        await asyncio.sleep(0.05)


class PacedDemo(Demo):
    """The demo at a staff-like pace, so that workers run (and kills land) while it writes."""

    def do(self, record_id: UUID | None, command: Command, actor: str) -> UUID:
        time.sleep(0.002)
        return super().do(record_id, command, actor)


def load_in_background(
    journey: Journey, clock: ScriptedClock, count: int, seed: int
) -> threading.Thread:
    """`count` paced demo journeys on a thread of their own, started."""
    thread = threading.Thread(target=PacedDemo(journey, clock, seed=seed).run, args=(count,))
    thread.start()
    return thread
