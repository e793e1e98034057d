"""Events/s of one read model's workers: one worker against N partition workers.

    .venv/bin/python -m scripts.bench partitions [--events N] [--partitions 3]
        [--models timeline,caseload] [--postgres-url URL] [--smoke]

1. The demo's journeys through the real command bus on the in-memory store; the
   first N stored events copied in order into a fresh PostgreSQL schema.
2. An embedded nats-server; the relay publishes the log to a fresh stream.
3. For each model: `journey worker NAME` as one process (the baseline), then
   `journey worker NAME --partition i/N` as N processes, each time into a fresh
   read schema, from the start of the stream. The clock starts when every worker
   has reported `running` (process start-up excluded) and stops when the model's
   position (the furthest-behind partition) reaches the stream's head.

PostgreSQL only: on SQLite every worker waits for the one writer lock, so partitions
cannot add speed there. The figures depend on the cores free: on a 2-core machine
the workers, PostgreSQL and NATS share two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import Engine

from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from adapters.store.read_database import read_engine
from adapters.store.transfer import copy_log
from adapters.stream.jetstream import StreamSettings, connect
from adapters.stream.nats_server import EmbeddedNats
from adapters.stream.relay import Relay, RelayStatus
from projections import catalog
from scripts.bench.harness import Subparsers, add_smoke_argument

EVENTS_PER_JOURNEY = 24  # the demo's journeys average ~27 stored events: a margin
SEED = 20261128


def schema_url(base: str, schema: str) -> str:
    return f"{base}?schema={schema}"


@contextlib.contextmanager
def schemas(base: str) -> Iterator[list[str]]:
    """Schemas the run creates (appended by the caller), all dropped at the end."""
    made: list[str] = []
    try:
        yield made
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            for schema in made:
                conn.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
                )


def load_store(url: str, count: int) -> None:
    clock = ScriptedClock(START)
    memory = build("memory://", clock)
    target = build(url)
    try:
        Demo(memory, clock, SEED).run(-(-count // EVENTS_PER_JOURNEY))
        copy_log(memory.app, target.app, count)  # the events with their data keys
        stored = target.app.recorder.max_notification_id()
        if stored != count:
            raise SystemExit(f"copied {count} events but the store's log ends at {stored}")
    finally:
        memory.close()
        target.close()


async def publish(url: str, nats_url: str, stream: StreamSettings, count: int) -> None:
    stop = asyncio.Event()

    def on_status(status: RelayStatus) -> None:
        if status.position >= count:
            stop.set()

    journey = build(url)
    try:
        await Relay(journey.app.recorder, nats_url, stream, on_status=on_status).run(stop)
    finally:
        journey.close()


async def stream_head(nats_url: str, stream: StreamSettings) -> int:
    client = await connect(nats_url, "bench-partitions", reconnect=False)
    try:
        return int((await client.jetstream().stream_info(stream.name)).state.last_seq)
    finally:
        await client.close()


def worker_commands(model: str, partitions: int) -> list[list[str]]:
    if partitions == 1:
        return [["worker", model]]
    return [["worker", model, "--partition", f"{i}/{partitions}"] for i in range(partitions)]


def all_running(engine: Engine, model: str, count: int, since: datetime) -> bool:
    reports = catalog.statuses(engine)
    mine = [
        r
        for name, r in reports.items()
        if name == f"projection:{model}" or name.startswith(f"projection:{model}[")
    ]
    fresh = [r for r in mine if r["state"] == "running" and r["updated_at"] >= since]
    return len(fresh) >= count


def model_seq(engine: Engine, model: str) -> int:
    with engine.begin() as conn:
        return catalog.read_position(conn, model, catalog.active_generation(conn, model))[0]


def timed_run(env: dict[str, str], read_url: str, model: str, partitions: int, head: int) -> float:
    """Seconds from every worker running until the model has applied the whole stream."""
    engine = read_engine(read_url)
    catalog.create_catalog(engine)
    since = catalog.now()
    processes = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "adapters.cli", *command],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for command in worker_commands(model, partitions)
    ]
    try:
        deadline = time.monotonic() + 600
        while not all_running(engine, model, partitions, since):
            check(processes, deadline)
            time.sleep(0.01)
        started = time.perf_counter()
        while model_seq(engine, model) < head:
            check(processes, deadline)
            time.sleep(0.01)
        return time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
            process.wait(30)
        engine.dispose()


def check(processes: Sequence[subprocess.Popen[bytes]], deadline: float) -> None:
    if any(p.poll() is not None for p in processes):
        raise SystemExit("a worker process exited early")
    if time.monotonic() > deadline:
        raise SystemExit("the workers did not finish within 10 minutes")


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "partitions",
        help="one read model's workers: one against N partitions (PostgreSQL)",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--events", type=int, default=30_000)
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--models", default="timeline,caseload")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "JOURNEY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    add_smoke_argument(parser)
    parser.set_defaults(handler=run, error=parser.error)


def run(args: argparse.Namespace) -> None:
    if args.smoke:
        args.events, args.partitions, args.models = 1_000, 2, "caseload"
    if args.partitions < 2:
        args.error("--partitions: at least 2, to compare with one worker")
    tag = uuid.uuid4().hex[:8]
    with schemas(args.postgres_url) as made, tempfile.TemporaryDirectory() as workdir:
        made.append(f"bench_store_{tag}")
        store_url = schema_url(args.postgres_url, made[-1])
        print(f"loading {args.events} events ...", flush=True)
        load_store(store_url, args.events)
        stream = StreamSettings(name=f"BENCH_{tag}", prefix=f"bench.{tag}")
        with EmbeddedNats(Path(workdir) / "nats") as nats:
            asyncio.run(publish(store_url, nats.url, stream, args.events))
            head = asyncio.run(stream_head(nats.url, stream))
            print(f"stream holds {head} messages; nats-server at {nats.url}")
            print(f"{'model':<10} {'workers':>8} {'seconds':>8} {'events/s':>9} {'speed-up':>9}")
            for model in args.models.split(","):
                baseline = 0.0
                for partitions in (1, args.partitions):
                    made.append(f"bench_read_{tag}_{model}_{partitions}")
                    read_url = schema_url(args.postgres_url, made[-1])
                    env = {
                        **os.environ,
                        "JOURNEY_DATABASE_URL": store_url,
                        "JOURNEY_READ_DATABASE_URL": read_url,
                        "JOURNEY_NATS_URL": nats.url,
                        "JOURNEY_NATS_STREAM": stream.name,
                        "JOURNEY_NATS_PREFIX": stream.prefix,
                    }
                    seconds = timed_run(env, read_url, model, partitions, head)
                    rate = head / seconds
                    baseline = baseline or rate
                    print(
                        f"{model:<10} {partitions:>8} {seconds:>8.2f} {rate:>9.0f} "
                        f"{rate / baseline:>8.2f}x",
                        flush=True,
                    )
