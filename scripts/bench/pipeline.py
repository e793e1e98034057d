"""`python -m scripts.bench pipeline`: load, relay, rebuilds, the library's baseline and
freshness in one run on PostgreSQL (one fresh schema `bench_<random>`, dropped
afterwards) or SQLite (--database sqlite), with the targets and the report.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from adapters.run.bootstrap import postgres_dsn
from adapters.store.read_database import read_engine
from adapters.stream.nats_server import EmbeddedNats
from projections.rebuild import REBUILD_SETTINGS
from scripts.bench.harness import (
    Subparsers,
    add_smoke_argument,
    at_least,
    bench_schema,
    machine,
    masked,
    nats_server_version,
    postgres_url_of,
    table,
    wanted_postgres,
    warn_leaky_env,
)
from scripts.bench.pipeline_baseline import library_baseline
from scripts.bench.pipeline_freshness import (
    SMOKE_FRESHNESS,
    Freshness,
    PipelineBench,
    measure_freshness,
)
from scripts.bench.pipeline_load import (
    COPY_CHUNK,
    DEFAULT_EVENTS,
    P99_TARGET_MS,
    RATIO_TARGET,
    RELAY_TARGET,
    SMOKE_EVENTS,
    TOTAL_TARGET_SECONDS,
    load_store,
    run_rebuilds,
    run_relay_phase,
)


@contextmanager
def pipeline_store(database: str, pg_url: str, workdir: Path) -> Iterator[str]:
    """The store's URL: a fresh schema (dropped afterwards), or a file in `workdir`."""
    if database == "sqlite":
        yield f"sqlite:///{workdir / 'store' / 'journey.db'}"
        return
    base = postgres_dsn(pg_url)
    with bench_schema(base) as schema:
        yield f"{base}?schema={schema}"


def run_pipeline(bench: PipelineBench, events: int) -> dict[str, Any]:
    print(
        f"[load] {events} events: demo journeys on the in-memory store, copied to "
        f"{masked(bench.url)} ...",
        flush=True,
    )
    loaded = load_store(bench.url, events)
    print(
        f"[load] {loaded.journeys} journeys, {loaded.commands} commands; "
        f"{loaded.simulate_seconds + loaded.copy_seconds:.1f} s",
        flush=True,
    )
    print("[relay] publishing from position 0 ...", flush=True)
    relay = run_relay_phase(bench.url, bench.nats_url, bench.stream, events)
    engine = read_engine(bench.read_url)
    try:
        rebuilds = run_rebuilds(engine, bench.nats_url, bench.stream, events)
        baseline = library_baseline(bench.url, engine, loaded, rebuilds)
        print(
            f"[freshness] {bench.load.rate:.0f} commands/s for {bench.load.seconds:.0f} s ...",
            flush=True,
        )
        freshness = measure_freshness(bench, engine, events)
    finally:
        engine.dispose()
    return {
        "load": dataclasses.asdict(loaded)
        | {"seconds": loaded.simulate_seconds + loaded.copy_seconds},
        "relay": relay,
        "rebuild": rebuilds,
        "baseline": baseline,
        "freshness": freshness,
    }


def pipeline_ratios(report: dict[str, Any]) -> dict[str, float]:
    caseload = report["rebuild"].get("caseload", {})
    if "events_per_s" not in caseload or "events_per_s" not in report["baseline"]:
        return {}
    return {
        "caseload_rebuild_vs_library_runner": caseload["events_per_s"]
        / report["baseline"]["events_per_s"]
    }


def cmd_pipeline(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    load_before = os.getloadavg()
    warn_leaky_env()
    pg_url = postgres_url_of(args)
    pg_version, _ = wanted_postgres(args.database, pg_url)
    events = SMOKE_EVENTS if args.smoke else args.events
    load = SMOKE_FRESHNESS if args.smoke else Freshness()
    with (
        tempfile.TemporaryDirectory(prefix="journey-pipeline-") as tmp,
        pipeline_store(args.database, pg_url, Path(tmp)) as url,
        EmbeddedNats(Path(tmp) / "nats") as nats,
    ):
        figures = run_pipeline(PipelineBench(url, nats.url, Path(tmp), load), events)
    postgres = args.database == "postgres"
    report = {
        "benchmark": "pipeline",
        "smoke": args.smoke,
        "store": "postgresql" if postgres else "sqlite",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(pg_version)
        | {
            "nats_server": nats_server_version(),
            "nats_py": package_version("nats-py"),
            "load_average_1_5_15_before": load_before,
            "load_average_1_5_15_after": os.getloadavg(),
        },
        "postgres_url": masked(pg_url) if postgres else None,
        "store_url": f"{masked(url)} (removed)",
        "events": events,
        **figures,
        "ratios": pipeline_ratios(figures),
        "seconds": time.perf_counter() - started,
    }
    report["targets"] = pipeline_targets(report)
    print_pipeline_report(report)
    return report


def pipeline_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    ratio = report["ratios"].get("caseload_rebuild_vs_library_runner")
    fresh = report["freshness"]
    return [
        {
            "metric": "relay events/s",
            "value": report["relay"]["events_per_s"],
            "target": f">= {RELAY_TARGET:,.0f}",
            "met": report["relay"]["events_per_s"] >= RELAY_TARGET,
        },
        {
            "metric": "caseload rebuild / library runner",
            "value": ratio,
            "target": f">= {RATIO_TARGET:.0f}x",
            "met": ratio is not None and ratio >= RATIO_TARGET,
        },
        {
            "metric": "freshness p99 ms",
            "value": fresh["p99_ms"],
            "target": f"<= {P99_TARGET_MS:.0f}",
            "met": fresh["p99_ms"] <= P99_TARGET_MS and not fresh["never_visible"],
        },
        {
            "metric": "total run s",
            "value": report["seconds"],
            "target": f"<= {TOTAL_TARGET_SECONDS:.0f}",
            "met": report["seconds"] <= TOTAL_TARGET_SECONDS,
        },
    ]


def pipeline_rows(report: dict[str, Any]) -> list[list[str]]:
    load, relay, base, fresh = (report[k] for k in ("load", "relay", "baseline", "freshness"))
    met = {t["metric"]: "yes" if t["met"] else "NO" for t in report["targets"]}
    target = {t["metric"]: t["target"] for t in report["targets"]}
    rows = [
        [
            "events stored",
            f"{load['events']:,}",
            f">= {DEFAULT_EVENTS:,}",
            "yes" if load["events"] >= DEFAULT_EVENTS else "NO",
        ],
        [
            "load s (demo in memory + copy)",
            f"{load['seconds']:.1f} ({load['simulate_seconds']:.1f} + {load['copy_seconds']:.1f})",
            "-",
            "-",
        ],
        [
            "relay events/s",
            f"{relay['events_per_s']:,.0f}",
            target["relay events/s"],
            met["relay events/s"],
        ],
    ]
    for name, result in report["rebuild"].items():
        value = f"{result['events_per_s']:,.0f}" if "events_per_s" in result else "FAILED"
        rows.append([f"rebuild {name} events/s", value, "-", "-"])
    rows += [
        ["library runner (caseload) events/s", _rate(base), "-", "-"],
        [
            "caseload rebuild / library runner",
            _ratio(report),
            target["caseload rebuild / library runner"],
            met["caseload rebuild / library runner"],
        ],
        ["freshness p50 ms", f"{fresh['p50_ms']:.1f}", "-", "-"],
        [
            "freshness p99 ms",
            f"{fresh['p99_ms']:.1f}",
            target["freshness p99 ms"],
            met["freshness p99 ms"],
        ],
        ["freshness max ms", f"{fresh['max_ms']:.1f}", "-", "-"],
        ["total run s", f"{report['seconds']:.0f}", target["total run s"], met["total run s"]],
    ]
    return rows


def _rate(figures: dict[str, Any]) -> str:
    return f"{figures['events_per_s']:,.0f}" if "events_per_s" in figures else "not run"


def _ratio(report: dict[str, Any]) -> str:
    ratio = report["ratios"].get("caseload_rebuild_vs_library_runner")
    return "-" if ratio is None else f"{ratio:.1f}x"


def print_baseline_notes(base: dict[str, Any]) -> None:
    if "skipped" in base:
        print(f"baseline: {base['skipped']}.")
        return
    print(
        f"baseline: eventsourcing {package_version('eventsourcing')} ProjectionRunner, "
        f"Projection + PostgresTrackingRecorder subclass; rate = all {base['events']:,} "
        f"stored events / seconds until it tracked the last Case event "
        f"({base['case_events_per_s']:,.0f} Case events/s)."
    )
    print(f"  {base['per_event']}.")
    compared = base.get("compared_with_ours")
    if compared:
        print(
            f"  equivalence: {compared['rows']} caseload rows, identical to ours: "
            f"{compared['identical']}"
        )


def print_pipeline_report(report: dict[str, Any]) -> None:
    load, base, fresh = report["load"], report["baseline"], report["freshness"]
    store = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[report["store"]]
    print(f"\n== pipeline: store -> relay -> NATS JetStream -> projections ({store}) ==")
    print(table(("metric", "value", "target", "met?"), pipeline_rows(report)))
    print(
        f"\nload: `journey demo` journeys ({load['journeys']} journeys, {load['commands']} "
        "commands through the command bus) on the in-memory store, then the first "
        f"{load['events']:,} stored events copied in order into {store} "
        f"({COPY_CHUNK} per insert_events; snapshots not copied); "
        f"{load['case_events']:,} of them are Case events."
    )
    print(
        f"rebuild: projections.rebuild over a NatsSource from stream message 1, all "
        f"{report['events']:,} events, rate = events / seconds until the views switched; "
        f"batches of {REBUILD_SETTINGS.batch:,}; every message is consumed, but only those "
        "of the aggregate types a model reads are decoded (the rest only move its position)."
    )
    print_baseline_notes(base)
    print(
        f"freshness: {fresh['mode']}; {fresh['commands']} commands (AssignCaseworker / "
        f"AssessRisk alternating on {fresh['cases']} open cases) at "
        f"{fresh['commands_per_s']:.1f}/s, max {fresh['max_behind_schedule_ms']:.1f} ms "
        f"behind schedule; accepted (bus returned) -> row in `caseload` with position >= "
        f"the command's, polled every {fresh['poll_ms']:.0f} ms; visible "
        f"{fresh['visible']}, never {fresh['never_visible']}, refused {fresh['refused']}."
    )


def add_parser(sub: Subparsers) -> None:
    pipeline = sub.add_parser("pipeline", help="relay, rebuilds, library baseline, freshness")
    pipeline.add_argument(
        "--events", type=at_least(1000), default=DEFAULT_EVENTS, help="events to store"
    )
    pipeline.add_argument(
        "--postgres-url", default=None, help="default: $JOURNEY_TEST_POSTGRES_URL"
    )
    pipeline.add_argument("--json", type=Path, default=None, help="also write the figures here")
    pipeline.add_argument(
        "--database", choices=("sqlite", "postgres"), default="postgres", help="the store"
    )
    add_smoke_argument(pipeline)
    pipeline.set_defaults(handler=cmd_pipeline)
