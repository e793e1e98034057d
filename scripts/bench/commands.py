"""`python -m scripts.bench commands`: on SQLite (a temp file) and PostgreSQL (fresh
schemas, dropped afterwards), OURS runs a realistic command mix through
`journey.bus.execute`; the BASELINE is a plain `eventsourcing.application.Application`
with the library's default JSON transcoder and minimal `@event` aggregates, doing the same
repository reads and the same saves for the same sequence of operations. Then
serialisation alone (codec.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scripts.bench.codec import (
    CODEC_EVENTS,
    SMOKE_CODEC_EVENTS,
    bench_codec,
    codec_table,
    print_codec_notes,
)
from scripts.bench.harness import (
    Store,
    Subparsers,
    add_database_argument,
    add_smoke_argument,
    at_least_two,
    machine,
    masked,
    postgres_store,
    postgres_url_of,
    sqlite_store,
    table,
    wanted_postgres,
    warn_leaky_env,
)
from scripts.bench.ours import run_ours
from scripts.bench.plain import run_plain
from scripts.bench.workload import SEED, Dates, Op, plan_ops

DEFAULT_COMMANDS = 3000
SMOKE_COMMANDS = 40  # --smoke: every stage runs, on sizes that only show it still works


def commands_table(results: dict[str, dict[str, Any]]) -> str:
    rows: list[list[str]] = []
    for store, result in results.items():
        if "skipped" in result:
            rows.append([store, "skipped", "-", "-", "-", "-", "-"])
            continue
        for system in ("ours", "baseline"):
            s = result[system]
            ratio = s["per_second"] / result["baseline"]["per_second"]
            rows.append([
                store, system, str(s["commands"]), f"{s['per_second']:,.0f}",
                f"{s['p50_ms']:.2f}", f"{s['p99_ms']:.2f}", f"{ratio:.2f}x",
            ])  # fmt: skip
    headers = ("store", "system", "commands", "commands/s", "p50 ms", "p99 ms", "vs baseline")
    return table(headers, rows)


def store_result(store: Store, setup: list[Op], ops: list[Op], dates: Dates) -> dict[str, Any]:
    print(f"[{store.name}] ours: {len(setup)} setup + {len(ops)} measured commands ...", flush=True)
    ours = run_ours(store, setup, ops, dates)
    print(f"[{store.name}] baseline ...", flush=True)
    plain = run_plain(store, setup, ops, dates)
    print(f"[{store.name}] refusals: ours {sum(ours.refusals.values())}, "
          f"baseline {sum(plain.refusals.values())}; events stored (setup included): "
          f"ours {ours.events_stored}, baseline {plain.events_stored}")  # fmt: skip
    for refusal, count in ours.refusals.items():
        print(f"[{store.name}] REFUSED x{count}: {refusal}")
    return {
        "ours": dataclasses.asdict(ours),
        "baseline": dataclasses.asdict(plain),
        "ratios_ours_vs_baseline": {
            "commands_per_s": ours.per_second / plain.per_second,
            "p50": ours.p50_ms / plain.p50_ms,
            "p99": ours.p99_ms / plain.p99_ms,
        },
    }


def cmd_commands(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    warn_leaky_env()
    pg_url = postgres_url_of(args)
    pg_version, pg_error = wanted_postgres(args.database, pg_url)
    dates = Dates.now()
    count = SMOKE_COMMANDS if args.smoke else args.commands
    setup, ops, mix = plan_ops(count)
    print(f"command mix ({len(ops)} measured, seed {SEED}): {mix}")
    results: dict[str, dict[str, Any]] = {}
    if args.database != "postgres":
        with sqlite_store() as store:
            results["sqlite"] = store_result(store, setup, ops, dates)
    if pg_error:
        results["postgresql"] = {"skipped": pg_error}
    else:
        with postgres_store(pg_url) as store:
            results["postgresql"] = store_result(store, setup, ops, dates)
    print("[codec] serialisation ...", flush=True)
    codec = bench_codec(SMOKE_CODEC_EVENTS if args.smoke else CODEC_EVENTS)
    report = {
        "benchmark": "commands",
        "smoke": args.smoke,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(pg_version),
        "postgres_url": masked(pg_url),
        "mix": mix,
        "stores": results,
        "codec": codec,
        "seconds": time.perf_counter() - started,
    }
    print_commands_report(report)
    return report


def print_commands_report(report: dict[str, Any]) -> None:
    print("\n== commands: ours (bus + msgspec + domain rules) vs plain eventsourcing ==")
    print(commands_table(report["stores"]))
    print("baseline: eventsourcing Application, default JSON transcoder, @event aggregates,")
    print("the same reads and saves per command; 'vs baseline' = commands/s ratio.")
    print("\n== serialisation alone ==")
    print(codec_table(report["codec"]))
    print_codec_notes(report["codec"])


def add_parser(sub: Subparsers) -> None:
    commands = sub.add_parser("commands", help="command throughput and serialisation")
    commands.add_argument(
        "--postgres-url", default=None, help="default: $JOURNEY_TEST_POSTGRES_URL"
    )
    commands.add_argument(
        "--commands", type=at_least_two, default=DEFAULT_COMMANDS, help="measured commands"
    )
    commands.add_argument("--json", type=Path, default=None, help="also write the figures here")
    add_database_argument(commands)
    add_smoke_argument(commands)
    commands.set_defaults(handler=cmd_commands)
