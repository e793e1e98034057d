"""`python -m scripts.bench api`: `journey serve` on PostgreSQL (or SQLite: --database
sqlite) over HTTP, max throughput and then a steady rate of 80 % of it (issue 20: p99 at
that rate), against the in-process baseline of `commands`; the server, its users, the
figures and the report.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx

from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import build, ensure_postgres_schema, postgres_dsn
from adapters.settings import Settings
from adapters.store.read_database import read_engine
from scripts.bench.api_clients import (
    API_ADMIN,
    API_CLINICIAN,
    API_RETRIES,
    api_clients,
    api_max_throughput,
    api_steady,
)
from scripts.bench.commands import store_result
from scripts.bench.harness import (
    ROOT,
    Subparsers,
    add_smoke_argument,
    at_least,
    at_least_two,
    drop_schemas,
    free_port,
    machine,
    masked,
    postgres_store,
    postgres_url_of,
    sqlite_store,
    stored_events,
    table,
    wanted_postgres,
    warn_leaky_env,
)
from scripts.bench.workload import MANAGER, SEED, WORKER, Dates, plan_ops
from services.access import Role

API_CLIENTS = 8
API_COMMANDS = 3000  # the max-throughput phase, all clients together
API_STEADY_SHARE = 0.8  # the steady phase's rate, as a share of the max throughput measured
API_STEADY_SECONDS = 15.0
SMOKE_API_CLIENTS = 2
SMOKE_API_COMMANDS = 20
SMOKE_API_STEADY = (20.0, 1.0)  # commands/s, seconds
API_RATIO_TARGET = 0.7
API_P99_TARGET_MS = 50.0
API_TOTAL_TARGET_SECONDS = 180.0


SERVE_START_SECONDS = 120.0  # a loaded 2-core machine took over 30 s (migrations, keys)


def wait_healthy(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVE_START_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base_url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:]
    raise SystemExit(f"`journey serve` did not come up at {base_url}:\n{tail}")


@contextmanager
def api_server(url: str, workdir: Path) -> Iterator[str]:
    """`journey serve` on the store at `url` (127.0.0.1, a free port), stopped afterwards."""
    base_url = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "JOURNEY_DATA_DIR": str(workdir / "data"),
        "JOURNEY_DATABASE_URL": url,
        "JOURNEY_READ_DATABASE_URL": Settings.for_url(url).read_url,
    }
    argv = [sys.executable, "-m", "adapters.cli", "serve", "--host", "127.0.0.1"]
    argv += ["--port", base_url.rsplit(":", 1)[1]]
    log = workdir / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        wait_healthy(base_url, server, log)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


def api_users(url: str, clients: int) -> list[dict[str, str]]:
    """A case manager and a clinician per client, an admin; each client's tokens."""
    engine = read_engine(Settings.for_url(url).read_url)
    try:
        accounts = Accounts(engine)
        admin = accounts.add(API_ADMIN, Role.ADMIN)
        tokens = []
        for i in range(clients):
            manager = accounts.add(f"bench.manager.{i}", Role.CASE_MANAGER)
            clinician = accounts.add(f"bench.clinician.{i}", Role.CLINICIAN)
            tokens.append(
                {WORKER: manager, MANAGER: manager, API_CLINICIAN: clinician, API_ADMIN: admin}
            )
    finally:
        engine.dispose()
    return tokens


def server_log_figures(log: Path) -> dict[str, Any]:
    lines = log.read_text(errors="replace").splitlines()
    bad = [line for line in lines if "ERROR" in line or "Traceback" in line]
    return {
        "access_log_lines": sum(1 for line in lines if '"POST /api/v1/' in line),
        "errors_logged": len(bad),
        "first_error": bad[0] if bad else None,
    }


def run_api(
    url: str,
    clients: int,
    commands: int,
    dates: Dates,
    steady_load: tuple[float | None, float] = (None, API_STEADY_SECONDS),
) -> dict[str, Any]:
    """`steady_load`: (commands/s, seconds); None: `API_STEADY_SHARE` of the max throughput."""
    per_client = max(2, commands // clients)
    wanted_rate, seconds = steady_load
    tokens = api_users(url, clients)
    journey = build(url)  # the server's store, read here only to count what it stored
    with tempfile.TemporaryDirectory(prefix="journey-bench-api-") as tmp:
        workdir = Path(tmp)
        try:
            with api_server(url, workdir) as base_url:
                pool = api_clients(journey, base_url, tokens, per_client, dates)
                print(f"[api] journey serve at {base_url}; {clients} clients, each "
                      f"{len(pool[0].setup)} setup commands, then {per_client} as fast as "
                      "answered ...", flush=True)  # fmt: skip
                fastest = api_max_throughput(pool, per_client)
                rate = wanted_rate or API_STEADY_SHARE * fastest["per_second"]
                for client in pool:
                    client.plan(math.ceil(rate * seconds / clients))
                print(f"[api] steady {rate:.0f} commands/s for {seconds:.0f} s ...", flush=True)
                steady = api_steady(pool, rate, seconds)
                for client in pool:
                    client.bus.client.close()
            events = stored_events(journey.app)
        finally:
            journey.close()
        return {
            "max_throughput": fastest,
            "steady": steady,
            "events_stored": events,
            "server": server_log_figures(workdir / "serve.log"),
        }


@contextmanager
def api_sqlite() -> Iterator[str]:
    """A fresh SQLite store for the server (its read database beside it), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="journey-bench-api-store-") as tmp:
        yield f"sqlite:///{tmp}/journey.db"


@contextmanager
def api_schema(pg_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema `bench_api_<random>` for the server, dropped afterwards."""
    base = postgres_dsn(pg_url)
    schema = f"bench_api_{uuid4().hex[:10]}"
    url = f"{base}?schema={schema}"
    try:
        ensure_postgres_schema(url)
        yield url
    finally:
        drop_schemas(base, (schema,))


def cmd_api(args: argparse.Namespace) -> dict[str, Any]:
    """The HTTP API (`journey serve`) against the in-process library baseline, on one store."""
    started = time.perf_counter()
    warn_leaky_env()
    pg_url = postgres_url_of(args)
    pg_version, pg_error = wanted_postgres(args.database, pg_url)
    dates = Dates.now()
    clients, commands = (
        (SMOKE_API_CLIENTS, SMOKE_API_COMMANDS) if args.smoke else (args.clients, args.commands)
    )
    setup, ops, mix = plan_ops(commands)
    print(f"command mix ({len(ops)} measured, seed {SEED}): {mix}")
    postgres = pg_error is None
    with postgres_store(pg_url) if postgres else sqlite_store() as store:
        in_process = store_result(store, setup, ops, dates)
    with api_schema(pg_url) if postgres else api_sqlite() as url:
        steady = SMOKE_API_STEADY if args.smoke else (None, API_STEADY_SECONDS)
        http = run_api(url, clients, commands, dates, steady)
    report: dict[str, Any] = {
        "benchmark": "api",
        "smoke": args.smoke,
        "store": store.name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(pg_version),
        "postgres_url": masked(pg_url) if postgres else None,
        "mix": mix,
        "in_process": in_process,
        "http": http,
    }
    report["seconds"] = time.perf_counter() - started
    report["targets"] = api_targets(report)
    print_api_report(report)
    return report


def api_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    fastest, steady = report["http"]["max_throughput"], report["http"]["steady"]
    baseline = report["in_process"]["baseline"]["per_second"]
    ratio = fastest["per_second"] / baseline
    return [
        {
            "metric": "HTTP commands/s / in-process baseline",
            "value": ratio,
            "shown": f"{ratio:.2f}x",
            "target": f">= {API_RATIO_TARGET}x",
            "met": ratio >= API_RATIO_TARGET,
        },
        {
            "metric": f"HTTP p99 ms at {steady['target_per_second']:.0f} commands/s",
            "value": steady["p99_ms"],
            "shown": f"{steady['p99_ms']:.1f}",
            "target": f"<= {API_P99_TARGET_MS:.0f}",
            "met": steady["p99_ms"] <= API_P99_TARGET_MS,
        },
        {
            "metric": "total run s",
            "value": report["seconds"],
            "shown": f"{report['seconds']:.0f}",
            "target": f"< {API_TOTAL_TARGET_SECONDS:.0f}",
            "met": report["seconds"] < API_TOTAL_TARGET_SECONDS,
        },
    ]


def api_rows(report: dict[str, Any]) -> list[list[str]]:
    ours, plain = report["in_process"]["ours"], report["in_process"]["baseline"]
    fastest, steady = report["http"]["max_throughput"], report["http"]["steady"]
    rows = [
        ["baseline: plain eventsourcing, in-process", "1 caller", plain],
        ["ours: command bus, in-process", "1 caller", ours],
        ["ours: HTTP, max throughput", f"{fastest['clients']} clients", fastest],
        [
            f"ours: HTTP, steady {steady['target_per_second']:.0f}/s",
            f"{steady['clients']} clients",
            steady,
        ],
    ]
    return [
        [
            name, load, str(s["commands"]), f"{s['per_second']:,.0f}", f"{s['p50_ms']:.2f}",
            f"{s['p99_ms']:.2f}",
            "-" if s is steady else f"{s['per_second'] / plain['per_second']:.2f}x",
        ]
        for name, load, s in rows
    ]  # fmt: skip


def print_api_report(report: dict[str, Any]) -> None:
    http = report["http"]
    fastest, steady, server = http["max_throughput"], http["steady"], http["server"]
    store = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[report["store"]]
    print(f"\n== api: `journey serve` over HTTP ({store}) vs in-process ==")
    headers = ("system", "load", "commands", "commands/s", "p50 ms", "p99 ms", "vs baseline")
    print(table(headers, api_rows(report)))
    print()
    targets = report["targets"]
    print(table(
        ("metric", "value", "target", "met?"),
        [[t["metric"], t["shown"], t["target"], "yes" if t["met"] else "NO"] for t in targets],
    ))  # fmt: skip
    print(
        "\nHTTP: `python -m adapters.cli serve` (uvicorn, its access log on) on a fresh store; "
        "bearer tokens of case managers (medical and psychological notes: clinicians; "
        "facilities: an admin); one httpx.Client (keep-alive) "
        "per client thread, each with its own records and the `commands` mix (own seed); "
        "latency = POST sent -> answer read, in the client."
    )
    print(
        f"max throughput: {fastest['commands']} commands in {fastest['seconds']:.1f} s; "
        f"steady: {steady['commands']} commands in {steady['seconds']:.1f} s "
        f"({steady['per_second']:.1f}/s), at most {steady['max_behind_schedule_ms']:.1f} ms "
        f"behind schedule, max {steady['max_ms']:.1f} ms."
    )
    refused = sum(fastest["refusals"].values()) + sum(steady["refusals"].values())
    retried = fastest["concurrent_writes_retried"] + steady["concurrent_writes_retried"]
    print(
        f"refused: {refused}; 409 concurrent_writes retried by the clients: {retried} "
        f"(at most {API_RETRIES} times each); events stored through HTTP: "
        f"{http['events_stored']}; server: "
        f"{server['access_log_lines']} access-log lines, {server['errors_logged']} errors logged"
        + (f" (first: {server['first_error']})" if server["first_error"] else "")
    )
    for refusal, count in (Counter(fastest["refusals"]) + Counter(steady["refusals"])).items():
        print(f"  REFUSED x{count}: {refusal}")
    print("baseline / in-process: as `commands` (same mix, one caller, no HTTP).")


def add_parser(sub: Subparsers) -> None:
    api = sub.add_parser("api", help="the HTTP API (journey serve) vs the in-process baseline")
    api.add_argument("--postgres-url", default=None, help="default: $JOURNEY_TEST_POSTGRES_URL")
    api.add_argument(
        "--commands",
        type=at_least_two,
        default=API_COMMANDS,
        help="measured commands, in-process and at max throughput over HTTP",
    )
    api.add_argument(
        "--clients", type=at_least(1), default=API_CLIENTS, help="concurrent HTTP clients"
    )
    api.add_argument("--json", type=Path, default=None, help="also write the figures here")
    api.add_argument(
        "--database", choices=("sqlite", "postgres"), default="postgres", help="the server's store"
    )
    add_smoke_argument(api)
    api.set_defaults(handler=cmd_api)
