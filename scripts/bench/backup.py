"""Backup and restore times and sizes (the RPO/RTO figures in docs/deployment.md).

    .venv/bin/python -m scripts.bench backup [--journeys 240] [--events 100000]
                                             [--postgres-url URL] [--smoke]

1. SQLite: `journey demo`'s journeys (default 240) through the real command bus
   on the in-memory store, their events and data keys copied into a SQLite
   installation; then `journey backup` of it and `journey restore` into a fresh
   one. Baseline from the same run: SQLite's online backup API copying
   journey.db and keys.db to plain files (no encryption, no row format).
2. PostgreSQL (a fresh schema, dropped afterwards): as many journeys as make
   `--events` events, copied in; backup, and restore into a second schema.
   Baseline: `pg_dump --format=custom` of the same schema.
Temporary files go to a temporary directory, removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from adapters.backup.create import take_backup
from adapters.backup.restore import restore
from adapters.privacy import master_key
from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from adapters.settings import Settings
from adapters.store.postgres import postgres_dsn
from adapters.store.transfer import copy_log
from scripts.bench.harness import Subparsers, add_smoke_argument

EVENTS_PER_JOURNEY = 28  # the demo stores ~28.6 events per journey
SEED = 2000


def simulate(journeys: int) -> Journey:
    clock = ScriptedClock(START)
    journey = build("memory://", clock)
    Demo(journey, clock, SEED).run(journeys)
    return journey


def copy_installation(memory: Journey, url: str) -> int:
    """The simulated log (same positions and bytes) and its data keys, into `url`."""
    target = build(url)
    try:
        return copy_log(memory.app, target.app).head
    finally:
        target.close()


def timed(work: Callable[[], Any]) -> tuple[Any, float]:
    began = time.perf_counter()
    result = work()
    return result, time.perf_counter() - began


def row(label: str, events: int, seconds: float, size: int) -> str:
    rate = f"{events / seconds:,.0f} events/s" if seconds > 0 else "-"
    return f"  {label:<44} {seconds:7.2f} s  {size / 1e6:8.2f} MB  {rate}"


def bench_sqlite(work: Path, journeys: int) -> None:
    memory = simulate(journeys)
    source = work / "demo" / "journey.db"
    source.parent.mkdir()
    shutil.copy2(Path(os.environ["JOURNEY_DATA_DIR"]) / "master.key", source.parent)
    events = copy_installation(memory, f"sqlite:///{source}")
    memory.close()
    settings = Settings.for_url(f"sqlite:///{source}")
    master = master_key.load(settings.master_key_file)
    file = work / "demo.backup"
    report, backup_s = timed(lambda: take_backup(settings, file, master))
    fresh = work / "demo-restored"
    fresh.mkdir()
    shutil.copy2(settings.master_key_file, fresh)
    _, restore_s = timed(
        lambda: restore(file, Settings.for_url(f"sqlite:///{fresh / 'journey.db'}"))
    )

    def raw_copy() -> int:
        size = 0
        for name in ("journey.db", "keys.db"):
            with sqlite3.connect(source.parent / name) as src, sqlite3.connect(work / name) as dst:
                src.backup(dst)
            size += (work / name).stat().st_size
        return size

    raw_size, raw_s = timed(raw_copy)
    keys = report.rows["journey_data_keys"]
    print(f"SQLite, {journeys} demo journeys: {events:,} events, {keys:,} data keys")
    print(row("journey backup", events, backup_s, report.size))
    print(row("journey restore (fresh installation)", events, restore_s, report.size))
    print(row("baseline: SQLite backup API to plain files", events, raw_s, raw_size))


def bench_postgres(work: Path, base: str, events_wanted: int) -> None:
    memory = simulate(-(-events_wanted // EVENTS_PER_JOURNEY))
    schemas = [f"bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    source, target = (f"{base}?schema={schema}" for schema in schemas)
    try:
        events = copy_installation(memory, source)
        memory.close()
        settings = Settings.for_url(source)
        master = master_key.load(settings.master_key_file)
        file = work / "pg.backup"
        report, backup_s = timed(lambda: take_backup(settings, file, master))
        _, restore_s = timed(lambda: restore(file, Settings.for_url(target)))
        dump = work / "pg.dump"
        command = ["pg_dump", "--format=custom", f"--schema={schemas[0]}", f"--file={dump}"]
        _, dump_s = timed(lambda: subprocess.run([*command, postgres_dsn(base)], check=True))  # noqa: S603
        print(f"PostgreSQL: {events:,} events, {report.rows['journey_data_keys']:,} data keys")
        print(row("journey backup", events, backup_s, report.size))
        print(row("journey restore (fresh schema)", events, restore_s, report.size))
        print(
            row(
                "baseline: pg_dump --format=custom of the schema",
                events,
                dump_s,
                dump.stat().st_size,
            )
        )
    finally:
        with psycopg.connect(postgres_dsn(base), autocommit=True) as conn:
            for schema in schemas:
                conn.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
                )


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "backup",
        help="backup and restore times and sizes vs SQLite's backup API and pg_dump",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--journeys", type=int, default=240)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "JOURNEY_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    add_smoke_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> None:
    if args.smoke:
        args.journeys, args.events = 3, 300
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        os.environ["JOURNEY_DATA_DIR"] = str(work / "data")
        os.environ.pop("JOURNEY_MASTER_KEY_FILE", None)
        bench_sqlite(work, args.journeys)
        bench_postgres(work, args.postgres_url.split("?", maxsplit=1)[0], args.events)
