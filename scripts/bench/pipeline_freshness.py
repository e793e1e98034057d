"""Stage 5 of `pipeline`: relay and caseload worker as subprocesses; commands at a
steady rate, each timed from accepted to visible in the `caseload` view.
"""

from __future__ import annotations

import dataclasses
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import psycopg
from sqlalchemy import Engine, text

from adapters.run.bootstrap import Journey, build, postgres_dsn
from adapters.settings import Settings
from adapters.stream.jetstream import StreamSettings
from domain.errors import DomainError
from domain.vocab import (
    RiskLevel,
)
from projections import catalog
from projections.rebuild import wait_for_position
from scripts.bench.harness import ROOT
from scripts.bench.workload import CASEWORKERS, MANAGER, SEED, WORKER
from services.commands import Command
from services.commands.case import AssessRisk, AssignCaseworker

FRESHNESS_RATE = 100.0
FRESHNESS_SECONDS = 20.0
FRESHNESS_CASES = 400
VISIBLE_POLL_SECONDS = 0.002


@dataclasses.dataclass(frozen=True)
class Accepted:
    case_id: str
    position: int
    at: float


Positions = Callable[[list[str]], dict[str, int]]


@contextmanager
def shown_positions(read_url: str) -> Iterator[Positions]:
    """The `caseload` view's position of each case, read with the driver itself."""
    if read_url.startswith("sqlite"):
        path = read_url.removeprefix("sqlite:///")
        lite = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            yield lambda ids: dict(lite.execute(SHOWN_SQLITE.format(",".join("?" * len(ids))), ids))
        finally:
            lite.close()
        return
    schema = parse_qs(urlsplit(read_url).query).get("schema", [""])[0]
    options = f"-c search_path={schema}" if schema else ""
    with psycopg.connect(postgres_dsn(read_url), autocommit=True, options=options) as conn:
        yield lambda ids: dict(conn.execute(SHOWN_POSTGRES, (ids,)).fetchall())


SHOWN_POSTGRES = "SELECT case_id, position FROM caseload WHERE case_id = ANY(%s)"
SHOWN_SQLITE = "SELECT case_id, position FROM caseload WHERE case_id IN ({})"


class VisibilityWatch:
    """A thread that polls the `caseload` view until each accepted command shows."""

    def __init__(self, read_url: str) -> None:
        self.read_url = read_url
        self.lock = threading.Lock()
        self.pending: list[Accepted] = []
        self.latencies_ms: list[float] = []
        self.polls = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="visibility", daemon=True)

    def add(self, accepted: Accepted) -> None:
        with self.lock:
            self.pending.append(accepted)

    def waiting(self) -> int:
        with self.lock:
            return len(self.pending)

    def _run(self) -> None:
        with shown_positions(self.read_url) as shown:
            while not self.stop.is_set():
                self._poll(shown)
                time.sleep(VISIBLE_POLL_SECONDS)

    def _poll(self, positions: Positions) -> None:
        with self.lock:
            waiting = list(self.pending)
        if not waiting:
            return
        shown = positions(sorted({a.case_id for a in waiting}))
        seen = time.perf_counter()
        self.polls += 1
        done = [a for a in waiting if shown.get(a.case_id, 0) >= a.position]
        with self.lock:
            self.pending = [a for a in self.pending if a not in done]
            self.latencies_ms += [(seen - a.at) * 1e3 for a in done]


@dataclasses.dataclass
class LiveCase:
    case_id: UUID
    caseworker: str | None


@dataclasses.dataclass(frozen=True)
class Freshness:
    """The freshness stage's load: `rate` commands/s for `seconds` on `cases` open cases."""

    rate: float = FRESHNESS_RATE
    seconds: float = FRESHNESS_SECONDS
    cases: int = FRESHNESS_CASES


SMOKE_FRESHNESS = Freshness(rate=50.0, seconds=2.0, cases=40)


def open_cases(engine: Engine, count: int) -> list[LiveCase]:
    query = text("SELECT case_id, caseworker FROM caseload ORDER BY case_id LIMIT :n")
    with engine.connect() as conn:
        rows = conn.execute(query, {"n": count})
        return [LiveCase(UUID(row[0]), row[1]) for row in rows]


def live_command(index: int, case: LiveCase, rng: random.Random) -> tuple[Command, str]:
    if index % 2:
        level = rng.choice(list(RiskLevel))
        return AssessRisk(level=level, rationale="reviewed at the weekly meeting"), WORKER
    worker = rng.choice([w for w in CASEWORKERS if w != case.caseworker])
    case.caseworker = worker
    return AssignCaseworker(caseworker=worker), MANAGER


def drive_commands(
    journey: Journey, cases: list[LiveCase], watch: VisibilityWatch, load: Freshness
) -> dict[str, Any]:
    """Commands at a steady `load.rate` for `load.seconds`, each handed to the watch."""
    rng = random.Random(SEED)
    total = int(load.rate * load.seconds)
    refused: Counter[str] = Counter()
    behind = 0.0
    started = time.perf_counter()
    for index in range(total):
        delay = started + index / load.rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        behind = max(behind, -delay)
        case = cases[index % len(cases)]
        command, actor = live_command(index, case, rng)
        try:
            result = journey.bus.execute(case.case_id, command, actor=actor)
        except DomainError as error:
            refused[f"{type(command).__name__}: {error}"] += 1
            continue
        watch.add(Accepted(str(case.case_id), result.position, time.perf_counter()))
    seconds = time.perf_counter() - started
    return {
        "cases": len(cases),
        "commands": total,
        "seconds": seconds,
        "commands_per_s": total / seconds,
        "max_behind_schedule_ms": behind * 1e3,
        "refused": dict(refused),
    }


def child_processes(env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    cli = [sys.executable, "-m", "adapters.cli"]
    children = []
    for name, argv in (("relay", [*cli, "relay"]), ("worker", [*cli, "worker", "caseload"])):
        with (logs / f"{name}.log").open("wb") as log:
            children.append(
                subprocess.Popen(  # noqa: S603
                    argv, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
                )
            )
    return children


def stop_children(children: Sequence[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(5)


def wait_live(
    engine: Engine, head: int, children: Sequence[subprocess.Popen[bytes]], logs: Path
) -> None:
    """Until the relay runs and the caseload worker has caught up with `head`; on a
    loaded two-core machine starting both (imports, every read model's tables) can take
    more than a minute, hence the generous wait."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            break
        relay = catalog.statuses(engine).get("relay")
        if relay and relay["state"] == "running" and wait_for_position(engine, "caseload", head, 0):
            return
        time.sleep(0.1)
    tails = "\n".join(_log_tail(logs / f"{name}.log") for name in ("relay", "worker"))
    raise SystemExit(f"the relay or the caseload worker did not come up within 240 s:\n{tails}")


def _log_tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(errors="replace") if path.exists() else "(no log)"
    return f"--- {path.name}:\n" + "\n".join(text.splitlines()[-lines:])


def latency_figures(latencies: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50_ms": cuts[49], "p99_ms": cuts[98], "max_ms": max(latencies)}


def measure_freshness(bench: PipelineBench, engine: Engine, head: int) -> dict[str, Any]:
    env = {
        **os.environ,
        "JOURNEY_DATA_DIR": str(bench.workdir / "data"),
        "JOURNEY_DATABASE_URL": bench.url,
        "JOURNEY_READ_DATABASE_URL": bench.read_url,
        "JOURNEY_NATS_URL": bench.nats_url,
        # one master key for the store, whichever process opens it
        "JOURNEY_MASTER_KEY_FILE": str(Settings.for_url(bench.url).master_key_file.resolve()),
    }
    children = child_processes(env, bench.workdir)
    journey = build(bench.url)
    watch = VisibilityWatch(bench.read_url)
    switch = sys.getswitchinterval()
    try:
        wait_live(engine, head, children, bench.workdir)
        sys.setswitchinterval(0.0005)  # the poller thread gets the GIL promptly
        watch.thread.start()
        driven = drive_commands(journey, open_cases(engine, bench.load.cases), watch, bench.load)
        deadline = time.monotonic() + 30
        while watch.waiting() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        watch.stop.set()
        sys.setswitchinterval(switch)
        stop_children(children)
        journey.close()
    print_child_errors(bench.workdir)
    return {
        "mode": "relay and caseload worker as subprocesses (python -m adapters.cli relay | "
        "worker caseload); commands and the visibility poller in this process",
        **driven,
        "visible": len(watch.latencies_ms),
        "never_visible": watch.waiting(),
        "poll_ms": VISIBLE_POLL_SECONDS * 1e3,
        "polls": watch.polls,
        **latency_figures(watch.latencies_ms),
    }


def print_child_errors(logs: Path) -> None:
    for name in ("relay", "worker"):
        lines = (logs / f"{name}.log").read_text(errors="replace").splitlines()
        bad = [
            line for line in lines if "WARNING" in line or "ERROR" in line or "Traceback" in line
        ]
        if bad:
            print(f"[freshness] {name} logged {len(bad)} warnings/errors, e.g.: {bad[0]}")


@dataclasses.dataclass(frozen=True)
class PipelineBench:
    url: str  # the store: a fresh PostgreSQL schema, or an SQLite file in the work dir
    nats_url: str
    workdir: Path
    load: Freshness = dataclasses.field(default_factory=Freshness)
    stream: StreamSettings = dataclasses.field(default_factory=StreamSettings)

    @property
    def read_url(self) -> str:
        """The read models' database: the same schema, or `read.db` beside the store."""
        return Settings.for_url(self.url).read_url
