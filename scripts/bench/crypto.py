"""What sealing identifying fields costs on the command path.

    .venv/bin/python -m scripts.bench crypto [--postgres-url URL] [--commands 3000]

The same seeded command mix as `python -m scripts.bench commands` (registrations, cases,
notes, services, admissions, plans, consents), through the real command bus, twice per
round on fresh stores, in alternating order:

- SEALED: the system as it runs — identifying fields encrypted with AES-GCM under
  per-record data keys (key created on first use, cached);
- BASELINE: the same codec with its seal tables emptied, so nothing is encrypted
  and no data key is created (the store as it was before issue 5).

`measure()` returns commands/s and p50/p99 of each and the ratio; `python -m scripts.bench
audit` calls it. Rounds alternate so that drift on this shared machine hits both.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import tempfile
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
from psycopg import sql

from adapters.privacy import sealing
from adapters.run.bootstrap import build, ensure_postgres_schema, postgres_dsn
from scripts.bench.harness import Stats, Subparsers, add_smoke_argument, measure
from scripts.bench.ours import OursRunner
from scripts.bench.workload import Dates, plan_ops

ROUNDS = 2


@contextlib.contextmanager
def unsealed() -> Iterator[None]:
    """The codec with nothing to seal (the seal tables emptied, then restored)."""
    saved = dict(sealing.EVENT_SEALS), dict(sealing.STATE_SEALS)
    sealing.EVENT_SEALS.clear()
    sealing.STATE_SEALS.clear()
    try:
        yield
    finally:
        sealing.EVENT_SEALS.update(saved[0])
        sealing.STATE_SEALS.update(saved[1])


@contextlib.contextmanager
def fresh_store(postgres_url: str | None) -> Iterator[str]:
    if postgres_url is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/journey.db"
        return
    schema = f"bench_crypto_{uuid.uuid4().hex[:8]}"
    url = f"{postgres_dsn(postgres_url)}?schema={schema}"
    ensure_postgres_schema(url)
    try:
        yield url
    finally:
        with psycopg.connect(postgres_dsn(postgres_url), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def run_mix(postgres_url: str | None, commands: int, *, sealed: bool) -> Stats:
    setup, ops, _ = plan_ops(commands)
    with fresh_store(postgres_url) as url, contextlib.ExitStack() as stack:
        if not sealed:
            stack.enter_context(unsealed())
        journey = build(url)
        try:
            runner = OursRunner(journey, Dates.now())
            for op in setup:
                runner.run(op)
            return measure("store", "sealed" if sealed else "baseline", runner.run, ops)
        finally:
            journey.close()


def measure_crypto(
    postgres_url: str | None, commands: int = 3000, rounds: int = ROUNDS
) -> dict[str, Any]:
    """Best of `rounds` alternating runs of each; ratio sealed / baseline."""
    runs: dict[str, list[Stats]] = {"sealed": [], "baseline": []}
    for round_ in range(rounds):
        order = (True, False) if round_ % 2 == 0 else (False, True)
        for sealed in order:
            runs["sealed" if sealed else "baseline"].append(
                run_mix(postgres_url, commands, sealed=sealed)
            )
    best = {name: max(stats, key=lambda s: s.per_second) for name, stats in runs.items()}
    figures: dict[str, Any] = {name: _figures(stats) for name, stats in best.items()}
    figures["ratio_commands_per_s"] = best["sealed"].per_second / best["baseline"].per_second
    return figures


def _figures(stats: Stats) -> dict[str, float]:
    keep = ("commands", "per_second", "p50_ms", "p99_ms")
    return {k: v for k, v in dataclasses.asdict(stats).items() if k in keep}


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "crypto",
        help="what sealing identifying fields costs on the command path",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--postgres-url", default=os.environ.get("JOURNEY_TEST_POSTGRES_URL"))
    parser.add_argument("--commands", type=int, default=3000)
    add_smoke_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> None:
    rounds = 1 if args.smoke else ROUNDS
    if args.smoke:
        args.commands = 30
    for name, url in (("sqlite", None), ("postgresql", args.postgres_url)):
        if name == "postgresql" and not url:
            print("postgresql: skipped (no --postgres-url / $JOURNEY_TEST_POSTGRES_URL)")
            continue
        result = measure_crypto(url, args.commands, rounds)
        sealed, plain = result["sealed"], result["baseline"]
        print(
            f"{name}: sealed {sealed['per_second']:.0f} cmd/s (p50 {sealed['p50_ms']:.2f} ms, "
            f"p99 {sealed['p99_ms']:.2f} ms) vs baseline {plain['per_second']:.0f} cmd/s "
            f"(p50 {plain['p50_ms']:.2f}, p99 {plain['p99_ms']:.2f}) -> "
            f"{result['ratio_commands_per_s']:.2f}x"
        )
