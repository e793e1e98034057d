"""Stages 1-3 of `pipeline`: the demo's journeys copied into the store (with their data
keys), the relay publishing the log to an embedded nats-server, and
`projections.rebuild` of every registered read model from the stream.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import Any

from eventsourcing.persistence import (
    ApplicationRecorder,
)
from eventsourcing.utils import get_topic
from sqlalchemy import Engine, MetaData, func, select

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START as DEMO_START
from adapters.run.demo import Demo, DemoSummary
from adapters.store.transfer import copy_log
from adapters.stream.consumer import NatsSource
from adapters.stream.jetstream import StreamSettings, connect
from adapters.stream.relay import Relay, RelayStatus
from domain.base import JourneyAggregate
from domain.case import Case
from projections.model import ReadModel
from projections.rebuild import RebuildFailed, rebuild
from projections.registry import read_models
from scripts.bench.workload import SEED
from services.app import JourneyApp

DEFAULT_EVENTS = 100_000
EVENTS_PER_JOURNEY = 24  # the demo's journeys average ~27 stored events: a margin
COPY_CHUNK = 5_000
RELAY_TARGET = 10_000.0
RATIO_TARGET = 10.0
P99_TARGET_MS = 250.0
TOTAL_TARGET_SECONDS = 480.0
SMOKE_EVENTS = 1_000
BASELINE_NAME = "caseload_baseline"
CASELOAD_COLUMNS = (
    "case_id, case_number, beneficiary_code, caseworker, stage, risk_level, opened_on, "
    "last_activity_at, risk_assessed_on, next_review_due, position"
)


def case_event_classes() -> list[type[Any]]:
    return [
        cls
        for cls in vars(Case).values()
        if isinstance(cls, type) and issubclass(cls, JourneyAggregate.Event)
    ]


CASE_TOPICS = tuple(sorted(get_topic(cls) for cls in case_event_classes()))


@dataclasses.dataclass(frozen=True)
class Loaded:
    events: int
    journeys: int
    commands: int
    case_events: int
    last_case_position: int
    simulate_seconds: float
    copy_seconds: float


def simulate(count: int) -> tuple[Journey, DemoSummary]:
    """`journey demo`'s journeys through the real command bus, on the in-memory store."""
    clock = ScriptedClock(DEMO_START)
    journey = build("memory://", clock)
    summary = Demo(journey, clock, SEED).run(-(-count // EVENTS_PER_JOURNEY))
    stored = journey.app.recorder.max_notification_id() or 0
    if stored < count:
        journey.close()
        raise SystemExit(f"the demo stored {stored} < {count} events: lower EVENTS_PER_JOURNEY")
    return journey, summary


def copy_into(source: JourneyApp, target: JourneyApp, count: int) -> list[int]:
    """The first `count` stored events, same bytes and order, with their data keys;
    the Case events' positions."""
    copied = copy_log(source, target, count, COPY_CHUNK)
    stored = target.recorder.max_notification_id()
    if stored != count:
        raise SystemExit(f"copied {count} events but the store's log ends at {stored}")
    return [position for position, topic in copied.positions if topic in CASE_TOPICS]


def load_store(url: str, count: int) -> Loaded:
    started = time.perf_counter()
    memory, summary = simulate(count)
    simulated = time.perf_counter() - started
    journey = build(url)
    try:
        positions = copy_into(memory.app, journey.app, count)
    finally:
        journey.close()
        memory.close()
    copied = time.perf_counter() - started - simulated
    return Loaded(
        count,
        summary.beneficiaries,
        summary.commands,
        len(positions),
        max(positions),
        simulated,
        copied,
    )


async def publish_all(
    recorder: ApplicationRecorder, nats_url: str, stream: StreamSettings, count: int
) -> dict[str, Any]:
    """Run the relay from an empty stream until it has published `count` events."""
    stop = asyncio.Event()
    errors: set[str] = set()

    def on_status(status: RelayStatus) -> None:
        if status.last_error:
            errors.add(status.last_error)
        if status.position >= count:
            stop.set()

    relay = Relay(recorder, nats_url, stream, on_status=on_status)
    started = time.perf_counter()
    await relay.run(stop)
    seconds = time.perf_counter() - started
    last_seq = await stream_last_seq(nats_url, stream)
    return {
        "events": count,
        "seconds": seconds,
        "events_per_s": count / seconds,
        "batch": relay.settings.batch,
        "stream_last_seq": last_seq,
        "errors": sorted(errors),
    }


async def stream_last_seq(nats_url: str, stream: StreamSettings) -> int:
    client = await connect(nats_url, "journey-bench", reconnect=False)
    try:
        info = await client.jetstream().stream_info(stream.name)
        return int(info.state.last_seq)
    finally:
        await client.close()


async def delete_consumer(nats_url: str, stream: StreamSettings, durable: str) -> None:
    client = await connect(nats_url, "journey-bench", reconnect=False)
    try:
        await client.jetstream().delete_consumer(stream.name, durable)
    finally:
        await client.close()


def run_relay_phase(url: str, nats_url: str, stream: StreamSettings, count: int) -> dict[str, Any]:
    journey = build(url)
    try:
        return asyncio.run(publish_all(journey.app.recorder, nats_url, stream, count))
    finally:
        journey.close()


async def rebuild_model(
    model: ReadModel, engine: Engine, nats_url: str, stream: StreamSettings, events: int
) -> dict[str, Any]:
    durable = f"bench-rebuild-{model.name}"
    source = NatsSource(nats_url, stream, durable)
    started = time.perf_counter()
    try:
        generation = await rebuild(model, engine, source)
    except RebuildFailed as error:
        return {"error": str(error), "seconds": time.perf_counter() - started}
    seconds = time.perf_counter() - started
    await delete_consumer(nats_url, stream, durable)
    return {
        "events": events,
        "seconds": seconds,
        "events_per_s": events / seconds,
        "generation": generation,
        "rows": generation_rows(engine, model, generation),
    }


def generation_rows(engine: Engine, model: ReadModel, generation: int) -> dict[str, int]:
    tables = model.define(MetaData(), generation)
    with engine.connect() as conn:
        return {
            view: int(conn.execute(select(func.count()).select_from(physical)).scalar_one())
            for view, physical in tables.items()
        }


def run_rebuilds(
    engine: Engine, nats_url: str, stream: StreamSettings, events: int
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, model in read_models().items():
        print(f"[rebuild] {name} ...", flush=True)
        results[name] = asyncio.run(rebuild_model(model, engine, nats_url, stream, events))
    return results
