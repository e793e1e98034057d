"""What every benchmark of scripts/bench/ shares: Stats and `measure` of a run of
operations, the stores measured (SQLite temp file, fresh PostgreSQL schemas), the
machine's description, tables, and the command-line options (--smoke, --database,
sizes). Imports no other benchmark module but the workload.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import psycopg
from eventsourcing.application import Application
from psycopg import sql

from adapters.run.bootstrap import ensure_postgres_schema, postgres_dsn
from adapters.settings import store_env
from adapters.stream.nats_server import nats_server_binary
from domain.errors import DomainError
from scripts.bench.workload import Op

# what `sub.add_parser` is called on: each benchmark module adds its sub-command
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
CODEC_KEYS = ("MAPPER_TOPIC", "TRANSCODER_TOPIC")
LEAKY_ENV = (*CODEC_KEYS, "CIPHER_TOPIC", "COMPRESSOR_TOPIC", "PERSISTENCE_MODULE")


@dataclasses.dataclass(frozen=True)
class Stats:
    store: str
    system: str
    commands: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    refusals: dict[str, int]
    events_stored: int = 0


def measure(store: str, system: str, run: Callable[[Op], None], ops: Sequence[Op]) -> Stats:
    latencies: list[float] = []
    refusals: Counter[str] = Counter()
    for op in ops:
        start = time.perf_counter()
        try:
            run(op)
        except DomainError as error:
            refusals[f"{op.kind}: {error.rule}: {error}"] += 1
        latencies.append(time.perf_counter() - start)
    total = sum(latencies)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Stats(
        store, system, len(ops), total, len(ops) / total, cuts[49] * 1e3, cuts[98] * 1e3,
        dict(refusals),
    )  # fmt: skip


def stored_events(app: Application[UUID]) -> int:
    return app.recorder.max_notification_id() or 0


@dataclasses.dataclass(frozen=True)
class Store:
    name: str
    ours_url: str
    plain_env: dict[str, str]


def plain_env(url: str) -> dict[str, str]:
    """The same store settings as ours, without our codec: the library's defaults."""
    return {k: v for k, v in store_env(url).items() if k not in CODEC_KEYS}


@contextmanager
def sqlite_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory(prefix="journey-bench-") as tmp:
        yield Store("sqlite", f"sqlite:///{tmp}/ours.db", plain_env(f"sqlite:///{tmp}/plain.db"))


@contextmanager
def postgres_store(url: str) -> Iterator[Store]:
    base = postgres_dsn(url)
    tag = uuid4().hex[:10]
    schemas = (f"bench_{tag}", f"bench_{tag}_plain")
    ours_url, plain_url = (f"{base}?schema={s}" for s in schemas)
    try:
        ensure_postgres_schema(ours_url)
        ensure_postgres_schema(plain_url)
        yield Store("postgresql", ours_url, plain_env(plain_url))
    finally:
        drop_schemas(base, schemas)


def postgres_version(url: str) -> tuple[str | None, str | None]:
    """(server version, None) if reachable, else (None, why not)."""
    try:
        with psycopg.connect(postgres_dsn(url), connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
    except psycopg.Error as error:
        return None, " ".join(str(error).split())
    return (str(row[0]) if row else "?"), None


def masked(url: str) -> str:
    parts = urlsplit(url)
    if not parts.password:
        return url
    return url.replace(f":{parts.password}@", ":***@")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return " | ".join(
            c.rjust(w) if i else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def machine(postgres: str | None) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "eventsourcing": package_version("eventsourcing"),
        "msgspec": package_version("msgspec"),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres,
    }


def warn_leaky_env() -> None:
    for key in LEAKY_ENV:
        if key in os.environ:
            print(f"WARNING: ${key} is set; eventsourcing reads it, so the baseline may "
                  "not use the library defaults")  # fmt: skip


def postgres_url_of(args: argparse.Namespace) -> str:
    """--postgres-url, else $JOURNEY_TEST_POSTGRES_URL, else the local default."""
    url: str = (
        args.postgres_url or os.environ.get("JOURNEY_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    )
    return url


def wanted_postgres(database: str, url: str) -> tuple[str | None, str | None]:
    """(server version, None), or (None, why PostgreSQL is left out); with `--database
    postgres` an unreachable server stops the run instead."""
    if database == "sqlite":
        return None, "not measured (--database sqlite)"
    version, error = postgres_version(url)
    if error and database == "postgres":
        raise SystemExit(f"PostgreSQL at {masked(url)} is unreachable: {error}")
    if error:
        print(f"PostgreSQL at {masked(url)} is UNREACHABLE ({error}); benchmarking SQLite only")
        return None, f"unreachable: {error}"
    return version, None


@contextmanager
def bench_schema(base: str) -> Iterator[str]:
    schema = f"bench_{uuid4().hex[:10]}"
    try:
        ensure_postgres_schema(f"{base}?schema={schema}")
        yield schema
    finally:
        drop_schemas(base, (schema,))


def drop_schemas(base: str, schemas: Sequence[str]) -> None:
    with psycopg.connect(base, autocommit=True) as conn:
        for schema in schemas:
            drop = sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
            conn.execute(drop.format(sql.Identifier(schema)))


def nats_server_version() -> str:
    done = subprocess.run(  # noqa: S603
        [nats_server_binary(), "--version"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or done.stderr.strip()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def add_smoke_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes: every stage runs and reports (CI checks it still works); the "
        "figures mean nothing",
    )


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres", "both"),
        default="both",
        help="which stores to measure (both: PostgreSQL too when reachable)",
    )


def bounded(kind: Callable[[str], float], low: float, high: float | None = None) -> Any:
    def parse(text: str) -> float:
        value = kind(text)
        if value < low or (high is not None and value > high):
            limit = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            raise argparse.ArgumentTypeError(f"{text}: must be {limit}")
        return value

    return parse


def at_least(low: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        count = int(text)
        if count < low:
            raise argparse.ArgumentTypeError(f"{count}: at least {low}")
        return count

    return parse


def at_least_two(text: str) -> int:
    count = int(text)
    if count < 2:
        raise argparse.ArgumentTypeError(f"{count}: measure at least 2 commands")
    return count
