"""Load and soak: sustained mixed load on the real system (`journey up`) on loopback.

    .venv/bin/python -m scripts.load [--duration 60] [--clients 16] [--rate R]
        [--database postgres|sqlite] [--postgres-url URL] [--seed N] [--warmup S]
        [--query-share 0.5] [--json FILE] [--plot FILE.png]

1. A temp data dir and a store: a fresh PostgreSQL schema `load_<random>` (dropped at
   the end; --postgres-url, else $JOURNEY_TEST_POSTGRES_URL, else the local test
   database) or SQLite files; one seed event (scripts/load/system.py says why).
2. `journey up --http-port FREE`: embedded nats-server, relay, a worker per read model,
   the chain keeper and the HTTP API, as processes; ready once every worker has
   reported and caught up. A case manager and a clinician per client, an admin.
3. N client threads (httpx, keep-alive), each with its own records: a setup (three
   facilities, 20 beneficiaries and cases; one client after another), then for
   --duration seconds a mix of commands (scripts/bench/workload.py's Planner) and queries
   (records, timelines, caseload, capacity, outcomes; some `?wait_for_position=`),
   as fast as answered or at --rate requests/s in all.
4. Every second: per-window throughput and latency (commands and queries apart),
   refusals (409/422, expected) and errors (anything else), the read models' lag
   (positions from /metrics; seconds = age of the oldest accepted command a model has
   not applied), RSS of every process of `journey up` (/proc).
5. After the warm-up: headline figures, RSS slope per process (flagged over 5 MB/min or
   20 % growth), lag p99 against 1 s. Then the time for the read models to drain,
   and everything started is stopped (also on Ctrl-C or an error).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from adapters.run.bootstrap import Journey, build
from adapters.settings import redacted
from scripts.bench.api import api_users, server_log_figures
from scripts.bench.api_clients import HttpRefusal
from scripts.bench.harness import bounded, machine, postgres_version, stored_events
from scripts.load.clients import Accepted, Clock, LoadClient, Run, Schedule, drive
from scripts.load.report import bounds, lag, memory, plot, print_report, traffic, windows
from scripts.load.sampling import Sampler, parse_metrics
from scripts.load.system import Store, System, interruptible, journey_up, seed, store

DRAIN_SECONDS = 60.0


@dataclasses.dataclass
class Measured:
    clients: list[LoadClient]
    sampler: Sampler
    setup_seconds: float
    drain_seconds: float | None


def make_clients(
    system: System, target: Store, journey: Journey, args: argparse.Namespace
) -> list[LoadClient]:
    tokens = api_users(target.read_url, args.clients)
    return [
        LoadClient(
            i,
            seed=args.seed,
            http=httpx.Client(base_url=system.base_url, timeout=30.0),
            tokens=t,
            journey=journey,
            query_share=args.query_share,
        )
        for i, t in enumerate(tokens)
    ]


def run_setups(clients: Sequence[LoadClient]) -> float:
    """One client after another (their records' codes come from shared sequences)."""
    began = time.perf_counter()
    for index, client in enumerate(clients):
        try:
            client.run_setup()
        except HttpRefusal as refusal:
            raise SystemExit(f"client {index}'s setup was refused: {refusal}") from refusal
    for client in clients:
        client.reconnect()
    return time.perf_counter() - began


def run_load(system: System, clients: list[LoadClient], args: argparse.Namespace) -> Measured:
    run = Run(Clock(time.perf_counter()), Accepted(), args.duration)
    sampler = Sampler(system.base_url, system.pid, run.clock, run.accepted)
    sampler.start()
    try:
        with ThreadPoolExecutor(len(clients)) as pool:
            running = [pool.submit(drive, c, run, schedule(args, i)) for i, c in enumerate(clients)]
            try:
                for future in running:
                    future.result()
            finally:
                run.stop.set()  # on Ctrl-C: the clients finish their request and return
    finally:
        sampler.stop()
    return Measured(clients, sampler, 0.0, drain(system))


def schedule(args: argparse.Namespace, index: int) -> Schedule | None:
    return None if args.rate is None else Schedule(args.rate, index, args.clients)


def drain(system: System) -> float | None:
    """Seconds until every read model has applied the store's head (None: not in time)."""
    began = time.perf_counter()
    with httpx.Client(base_url=system.base_url, timeout=5.0) as http:
        while time.perf_counter() - began < DRAIN_SECONDS:
            pipeline = parse_metrics(http.get("/metrics").raise_for_status().text)
            if min(pipeline.models.values()) >= pipeline.head:
                return time.perf_counter() - began
            time.sleep(0.05)
    return None


def measure(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    with store(args.database, workdir, args.postgres_url) as target:
        journey = build(target.settings)
        try:
            seed(journey)
            with journey_up(target) as system:
                print(f"[load] journey up (pid {system.pid}) at {system.base_url}; "
                      f"{args.clients} clients set up ...", flush=True)  # fmt: skip
                clients = make_clients(system, target, journey, args)
                setup_seconds = run_setups(clients)
                print(f"[load] setup {setup_seconds:.1f} s; load for {args.duration:.0f} s "
                      "...", flush=True)  # fmt: skip
                measured = run_load(system, clients, args)
                measured.setup_seconds = setup_seconds
                for client in clients:
                    client.bus.client.close()
            events = stored_events(journey.app)
        finally:
            journey.close()
        return figures(args, target, measured, events, server_log_figures(system.log))


def figures(
    args: argparse.Namespace,
    target: Store,
    measured: Measured,
    events: int,
    server: dict[str, Any],
) -> dict[str, Any]:
    outcomes = sorted((o for c in measured.clients for o in c.outcomes), key=lambda o: o.at)
    samples = measured.sampler.samples
    steady = [s for s in samples if s.at >= args.warmup]
    report: dict[str, Any] = {
        "benchmark": "load",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": config(args, target),
        "setup_seconds": measured.setup_seconds,
        "whole": traffic(outcomes, args.duration),
        "steady": traffic([o for o in outcomes if o.at >= args.warmup],
                          args.duration - args.warmup),
        "lag": lag(steady),
        "drain_seconds": measured.drain_seconds,
        "memory": memory(steady, measured.sampler.pids, args.duration - args.warmup),
        "concurrent_writes_retried": sum(c.bus.retries for c in measured.clients),
        "events_stored": events,
        "server": server,
        "series": {
            "windows": windows(outcomes, args.duration),
            "samples": [dataclasses.asdict(s) for s in samples],
        },
    }  # fmt: skip
    report["bounds"] = bounds(report)
    return report


def config(args: argparse.Namespace, target: Store) -> dict[str, Any]:
    version = postgres_version(target.database_url)[0] if target.database == "postgres" else None
    return {
        "duration": args.duration,
        "warmup": args.warmup,
        "clients": args.clients,
        "rate": args.rate,
        "query_share": args.query_share,
        "database": target.database,
        "store": redacted(target.database_url),
        "seed": args.seed,
        "machine": machine(version),
    }


def finite(value: Any) -> Any:
    """NaN (no data in a window) as null: JSON has no NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


# ------------------------------------------------------------------ command line


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m scripts.load",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    add = main.add_argument
    add("--duration", type=bounded(float, 2, 3600), default=60.0, help="seconds of load")
    add("--clients", type=bounded(int, 1, 256), default=16, help="concurrent HTTP clients")
    add("--rate", type=bounded(float, 0.1), default=None,
        help="target requests/s in all (default: as fast as the clients go)")  # fmt: skip
    add("--database", choices=("postgres", "sqlite"), default="postgres")
    add("--postgres-url", default=None, help="default: $JOURNEY_TEST_POSTGRES_URL")
    add("--seed", type=int, default=20260517, help="the clients' random mixes")
    add("--warmup", type=bounded(float, 0), default=None,
        help="seconds left out of the steady figures (default: duration / 4)")  # fmt: skip
    add("--query-share", type=bounded(float, 0, 1), default=0.5, help="share of queries")
    add("--json", type=Path, default=None, help="write the figures and time series here")
    add("--plot", type=Path, default=None, help="write a PNG of latency, lag and RSS here")
    return main


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    args = parser().parse_args(argv)
    if args.warmup is None:
        args.warmup = args.duration / 4
    if args.warmup >= args.duration - 1:
        parser().error(f"--warmup {args.warmup:g}: must end at least 1 s before --duration")
    if args.plot is not None and args.plot.suffix.lower() != ".png":
        parser().error(f"--plot {args.plot}: the plot is a PNG (name it *.png)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    interruptible()
    args = arguments(argv)
    with tempfile.TemporaryDirectory(prefix="journey-load-") as tmp:
        report = measure(args, Path(tmp))
    print_report(report)
    if args.json is not None:
        args.json.write_text(json.dumps(finite(report), indent=2, default=str) + "\n")
    if args.plot is not None:
        plot(report, args.plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
