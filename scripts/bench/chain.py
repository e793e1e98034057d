"""Benchmark of the tamper-evident history: the chain keeper and `journey audit verify`.

    .venv/bin/python -m scripts.bench chain [--events N] [--postgres-url URL] [--sqlite] [--smoke]

`measure(database_url, events)` fills the store, then times, on that store:
- the BASELINE: reading the whole log in the same batches, no hashing;
- the KEEPER: chaining every event and writing its per-position hash, with a
  signed checkpoint every 1,000 events (`ChainKeeper.catch_up`);
- VERIFY: recomputing the chain over the whole log and comparing it with the
  per-position hashes and every checkpoint's signature (`adapters.audit.verify.verify`).

Filling: the demo's journeys run once through the real command bus on the
in-memory store (a corpus of ~6,000 stored events, fewer for a small --events;
personal fields sealed); the corpus is then inserted into the target store again
and again, each copy with fresh originator ids, in `insert_events` batches of
5,000 -- the same bytes, sizes and topic mix as real journeys, without running
100,000 commands first.

The PostgreSQL run uses a fresh schema `bench_chain_<random>`, dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from psycopg import sql

from adapters.audit.chain_tables import ChainStore, store_engine
from adapters.audit.keeper import ChainKeeper, KeeperSettings
from adapters.audit.signing_key import Signer
from adapters.audit.verify import verify
from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from scripts.bench.harness import Subparsers, add_smoke_argument

CORPUS_JOURNEYS = 200
EVENTS_PER_CORPUS_JOURNEY = 100  # a quarter of a corpus journey's events, or fewer
CHUNK = 5_000
BATCH = 5_000


def corpus(journeys: int = CORPUS_JOURNEYS) -> list[StoredEvent]:
    """The stored events of the demo's journeys, in log order."""
    clock = ScriptedClock(START)
    journey = build("memory://", clock)
    try:
        Demo(journey, clock).run(journeys)
        recorder = journey.app.recorder
        head = recorder.max_notification_id() or 0
        return [
            StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
            for n in recorder.select_notifications(1, head)
        ]
    finally:
        journey.close()


def copies(events: Sequence[StoredEvent], count: int) -> Iterator[list[StoredEvent]]:
    """`count` events: the corpus repeated, fresh originator ids per copy, in chunks."""
    produced = 0
    while produced < count:
        renamed: dict[object, uuid.UUID] = {}
        chunk: list[StoredEvent] = []
        for event in events[: count - produced]:
            new_id = renamed.setdefault(event.originator_id, uuid.uuid4())
            chunk.append(StoredEvent(new_id, event.originator_version, event.topic, event.state))
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
        produced += min(len(events), count - produced)


def fill(recorder: ApplicationRecorder, count: int) -> float:
    began = time.perf_counter()
    journeys = min(CORPUS_JOURNEYS, 1 + count // EVENTS_PER_CORPUS_JOURNEY)  # small runs: less
    for chunk in copies(corpus(journeys), count):
        recorder.insert_events(chunk)
    stored = recorder.max_notification_id() or 0
    if stored < count:
        raise SystemExit(f"filled {stored} events, wanted {count}")
    return time.perf_counter() - began


def read_all(recorder: ApplicationRecorder) -> int:
    """The baseline: the whole log read in the verifier's batches, nothing else."""
    position, seen = 0, 0
    while batch := recorder.select_notifications(position + 1, BATCH):
        seen += len(batch)
        position = batch[-1].id
    return seen


def measure(database_url: str, events: int = 100_000) -> dict[str, float]:
    """Fill the (empty) store at `database_url`, then time read, keeper and verify."""
    journey = build(database_url)
    store = ChainStore(store_engine(database_url))
    signer = Signer(Ed25519PrivateKey.generate())
    try:
        recorder = journey.app.recorder
        fill_seconds = fill(recorder, events)
        stored = recorder.max_notification_id() or 0
        began = time.perf_counter()
        read = read_all(recorder)
        read_seconds = time.perf_counter() - began
        keeper = ChainKeeper(recorder, store, signer, KeeperSettings(every=1000, batch=BATCH))
        began = time.perf_counter()
        keeper.catch_up(checkpoint_now=True)
        keeper_seconds = time.perf_counter() - began
        report = verify(recorder, store, signer.verifier, None, stream_checked=False)
    finally:
        journey.close()
        store.engine.dispose()
    if not report.intact or report.events_checked != stored or read != stored:
        raise SystemExit(f"verification of the filled store failed: {report.problems[:3]}")
    return {
        "events": float(stored),
        "fill_seconds": fill_seconds,
        "baseline_read_events_per_s": stored / read_seconds,
        "keeper_events_per_s": stored / keeper_seconds,
        "verify_events_per_s": report.events_per_second,
        "verify_seconds": report.seconds,
        "checkpoints": float(report.checkpoints_checked),
    }


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    schema = f"bench_chain_{uuid.uuid4().hex[:10]}"
    try:
        yield f"{base_url}?schema={schema}"
    finally:
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def print_table(store: str, figures: dict[str, float]) -> None:
    print(f"\n{store}: {figures['events']:,.0f} events (filled in {figures['fill_seconds']:.1f} s)")
    print(f"  {'what':<46} {'events/s':>12}")
    rows = (
        ("baseline: read the log, no hashing", "baseline_read_events_per_s"),
        ("keeper: chain + store hashes + sign every 1000", "keeper_events_per_s"),
        ("verify: recompute, compare, check signatures", "verify_events_per_s"),
    )
    for label, key in rows:
        print(f"  {label:<46} {figures[key]:>12,.0f}")
    print(
        f"  verify took {figures['verify_seconds']:.2f} s, "
        f"{figures['checkpoints']:.0f} checkpoints checked"
    )


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "chain",
        help="the chain keeper and `journey audit verify` vs a plain read of the log",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "JOURNEY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--sqlite", action="store_true", help="also measure a SQLite file")
    add_smoke_argument(parser)
    parser.set_defaults(handler=run, error=parser.error)


def run(args: argparse.Namespace) -> None:
    if args.smoke:
        args.events, args.sqlite = 1_200, True  # a checkpoint every 1,000: one
    if args.events < 1:
        args.error("--events: must be at least 1")
    with postgres_schema(args.postgres_url) as url:
        print_table("PostgreSQL", measure(url, args.events))
    if args.sqlite:
        with tempfile.TemporaryDirectory() as directory:
            print_table("SQLite", measure(f"sqlite:///{directory}/journey.db", args.events))
