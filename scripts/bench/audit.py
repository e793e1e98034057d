"""`python -m scripts.bench audit`: the figures of issue 5 in one run, each with its baseline.

- chain: verification of the hash chain over >= 100,000 events (events/s), the keeper
  that builds it, and a plain read of the same log as the baseline (chain.py);
- as-of: rebuilding a 1,000-event case as of random moments, p50/p95 with snapshots
  vs replaying every event (asof.py; target p95 <= 50 ms);
- encryption: the command mix with identifying fields sealed vs the same codec with
  nothing to seal (crypto.py).

SQLite (temporary files) and PostgreSQL when a URL is given (fresh schemas, dropped
afterwards); `--database` picks one. `--smoke` runs every part on tiny sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from adapters.run.bootstrap import ensure_postgres_schema, postgres_dsn
from scripts.bench import asof as asof_bench
from scripts.bench import chain as chain_bench
from scripts.bench import crypto as crypto_bench
from scripts.bench.harness import (
    Subparsers,
    add_database_argument,
    add_smoke_argument,
    at_least,
    at_least_two,
)

CHAIN_EVENTS = 100_000
CASE_EVENTS = 1000
ASOF_SAMPLES = 200
CRYPTO_COMMANDS = 3000


@dataclass(frozen=True)
class Sizes:
    chain_events: int
    case_events: int
    samples: int
    commands: int
    rounds: int = crypto_bench.ROUNDS


SMOKE = Sizes(chain_events=1_200, case_events=60, samples=5, commands=30, rounds=1)


@contextlib.contextmanager
def empty_store(kind: str, postgres_url: str | None) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/journey.db"
        return
    assert postgres_url is not None
    schema = f"bench_audit_{uuid.uuid4().hex[:8]}"
    url = f"{postgres_dsn(postgres_url)}?schema={schema}"
    ensure_postgres_schema(url)
    try:
        yield url
    finally:
        with psycopg.connect(postgres_dsn(postgres_url), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def stores(database: str, postgres_url: str | None) -> list[str]:
    if database == "postgres" and not postgres_url:
        raise SystemExit("--database postgres needs --postgres-url or $JOURNEY_TEST_POSTGRES_URL")
    wanted = {"sqlite": ["sqlite"], "postgres": ["postgresql"], "both": ["sqlite", "postgresql"]}
    return [kind for kind in wanted[database] if kind == "sqlite" or postgres_url]


def run_audit(args: argparse.Namespace) -> dict[str, Any]:
    sizes = SMOKE if args.smoke else Sizes(args.events, CASE_EVENTS, ASOF_SAMPLES, args.commands)
    report: dict[str, Any] = {}
    for kind in stores(args.database, args.postgres_url):
        report[kind] = measure(kind, args.postgres_url, sizes)
    print_audit(report)
    return report


def measure(kind: str, postgres_url: str | None, sizes: Sizes) -> dict[str, Any]:
    print(f"[{kind}] chain over {sizes.chain_events} events ...", flush=True)
    with empty_store(kind, postgres_url) as url:
        chain = chain_bench.measure(url, sizes.chain_events)
    print(f"[{kind}] as-of of a {sizes.case_events}-event case ...", flush=True)
    with empty_store(kind, postgres_url) as url:
        asof = asof_bench.measure(url, sizes.case_events, sizes.samples)
    print(f"[{kind}] encryption on the command path ...", flush=True)
    crypto = crypto_bench.measure_crypto(
        None if kind == "sqlite" else postgres_url, sizes.commands, sizes.rounds
    )
    return {"chain": chain, "as_of": asof, "encryption": crypto}


def print_audit(report: dict[str, Any]) -> None:
    rows = []
    for kind, figures in report.items():
        rows += [(kind, name, f"{value:,.2f}") for name, value in _flat(figures)]
    width = max(len(name) for _, name, _ in rows)
    print(f"\n{'store':<11} {'figure':<{width}} value")
    for kind, name, value in rows:
        print(f"{kind:<11} {name:<{width}} {value:>14}")


def _flat(figures: dict[str, Any], prefix: str = "") -> list[tuple[str, float]]:
    flat: list[tuple[str, float]] = []
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat += _flat(value, f"{name}.")
        elif isinstance(value, int | float):
            flat.append((name, float(value)))
    return flat


def add_parser(sub: Subparsers) -> None:
    audit = sub.add_parser(
        "audit", help="hash chain verification, as-of replay, encryption cost (issue 5)"
    )
    audit.add_argument("--postgres-url", default=os.environ.get("JOURNEY_TEST_POSTGRES_URL"))
    audit.add_argument("--events", type=at_least(100_000), default=100_000, help="chained events")
    audit.add_argument("--commands", type=at_least_two, default=3000, help="commands per mix")
    audit.add_argument("--json", type=Path, default=None, help="also write the figures here")
    add_database_argument(audit)
    add_smoke_argument(audit)
    audit.set_defaults(handler=run_audit)
