"""Chaos run: commands through the HTTP API while the system's parts are killed.

    .venv/bin/python -m scripts.chaos [--seed 7] [--duration 60] [--commands 100000]
        [--database postgres|sqlite] [--postgres-url URL] [--kills N] [--clients 4]
        [--grace 20] [--json FILE]

1. A temp data dir and a store (a fresh PostgreSQL schema `load_<random>`, dropped
   at the end, or SQLite files); nats-server, `journey relay`, a `journey worker`
   per read model, the chain keeper and `journey serve`, each a process of its own
   on loopback (scripts/chaos/system.py). Two small shelters (4 and 3 beds) that
   every client admits to, so admissions compete for beds.
2. --clients case managers send commands (register, open a case, notes, risk,
   admit, discharge) for --duration seconds or --commands in all, each with its own
   Idempotency-Key, retried with that key through every outage; every answer kept
   (scripts/chaos/clients.py).
3. Meanwhile --kills times (default: each component once) a component is killed at
   a seeded random moment, started again and timed until the system has recovered
   (scripts/chaos/kills.py): nats-server, the relay, each worker, the chain keeper,
   the API and, on PostgreSQL, the run's own database connections.
4. Once every read model has applied the store's head, the checks, against the
   store (scripts/chaos/checks.py): acknowledged commands stored; each command
   applied at most once; stream = store; read models = rebuild; hash chain
   verifies; capacity never exceeded. A table of figures, PASS/FAIL per check;
   exit 1 if any check fails.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import msgspec

from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import Journey, build
from adapters.settings import redacted
from adapters.store.read_database import read_engine
from adapters.stream.jetstream import StreamSettings
from domain.vocab import FacilityKind
from scripts.bench.harness import bounded
from scripts.chaos.checks import (
    Check,
    acknowledged_stored,
    applied_once,
    capacity_held,
    chain_verifies,
    read_models_rebuilt,
    read_store,
    stream_matches_store,
)
from scripts.chaos.clients import Budget, ChaosClient, Sent
from scripts.chaos.kills import Chaos
from scripts.chaos.report import print_report, traffic
from scripts.chaos.system import System
from scripts.load.system import Store, store
from services.access import Role
from services.commands.shelter import RegisterFacility

SHELTERS = (("Chaos shelter A", 4), ("Chaos shelter B", 3))
SETTLE_SECONDS = 90.0
READY_SECONDS = 60.0


def accounts(read_url: str, clients: int) -> tuple[str, list[str]]:
    """An admin (for the shelters) and a case manager per client; their tokens."""
    engine = read_engine(read_url)
    try:
        users = Accounts(engine)
        admin = users.add("chaos.admin", Role.ADMIN)
        return admin, [users.add(f"chaos.manager.{i}", Role.CASE_MANAGER) for i in range(clients)]
    finally:
        engine.dispose()


def wait_for(what: str, ready: Any, seconds: float) -> float:
    """Seconds until `ready()`; SystemExit naming `what` if not in time."""
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        try:
            if ready():
                return time.monotonic() - began
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"chaos: {what} not within {seconds:.0f} s")


def shelters(system: System, admin: str) -> list[UUID]:
    ids = []
    with httpx.Client(base_url=system.base_url, timeout=10.0) as http:
        for name, beds in SHELTERS:
            command = RegisterFacility(
                name=name, kind=FacilityKind.SHELTER, beds=beds, effective_from=_today()
            )
            answer = http.post(
                "/api/v1/facilities",
                content=msgspec.json.encode(command),
                headers={"Authorization": f"Bearer {admin}", "Content-Type": "application/json"},
            )
            if answer.status_code != 201:
                raise SystemExit(f"chaos: registering {name}: {answer.status_code} {answer.text}")
            ids.append(UUID(answer.json()["id"]))
    return ids


def _today() -> Any:
    return datetime.now(UTC).date()


def started(system: System, health: str) -> bool:
    """The API answers; meanwhile a child that failed to start is started again, as
    `journey up`'s supervisor does (processes that start together on PostgreSQL can
    meet "tuple concurrently updated" while creating their tables)."""
    for name in system.dead():
        print(f"[chaos] {name} exited while starting; starting it again", flush=True)
        system.start(name)
    return httpx.get(health, timeout=1).status_code == 200


def caught_up(system: System, journey: Journey, engine: Any) -> bool:
    head = journey.app.recorder.max_notification_id() or 0
    return not system.dead() and min(system.positions(engine).values()) >= head


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    run_id = f"{args.seed}-{uuid4().hex[:6]}"
    with store(args.database, workdir, args.postgres_url) as shared:
        target = small_pools(shared)
        journey = build(target.settings)
        engine = read_engine(target.read_url)
        system = System(target, run_id)
        try:
            admin, managers = accounts(target.read_url, args.clients)
            system.start_all()
            health = f"{system.base_url}/health"
            wait_for("the API", lambda: started(system, health), READY_SECONDS)
            facilities = shelters(system, admin)
            ready = lambda: started(system, health) and caught_up(system, journey, engine)  # noqa: E731
            wait_for("the read models", ready, READY_SECONDS)
            clients = [
                ChaosClient(i, system.base_url, token, facilities, run_id, args.seed)
                for i, token in enumerate(managers)
            ]
            chaos, seconds = load_with_kills(args, system, journey, engine, clients)
            sent = [s for c in clients for s in c.sent]
            settled = settle(system, journey, engine)
            checks = [settled, *run_checks(system, journey, engine, sent)]
        finally:
            system.stop_all()
            engine.dispose()
            journey.close()
    return report(args, target.database_url, chaos, sent, checks, seconds)


def load_with_kills(
    args: argparse.Namespace,
    system: System,
    journey: Journey,
    engine: Any,
    clients: list[ChaosClient],
) -> tuple[Chaos, float]:
    began = time.monotonic()
    budget = Budget(began + args.duration, began + args.duration + args.grace, args.commands)
    chaos = Chaos(system, journey, engine, random.Random(args.seed), began)
    plan = chaos.schedule(args.kills or len(system.components()), args.duration)
    print(f"[chaos] load for {args.duration:.0f} s with {len(plan)} kills ...", flush=True)
    with ThreadPoolExecutor(len(clients)) as pool:
        running = [pool.submit(client.run, budget) for client in clients]
        try:
            chaos.run(plan, budget.until)
            while not all(f.done() for f in running):
                chaos.watch()  # a client still retrying needs the system whole
                time.sleep(0.25)
        finally:
            budget.stop.set()
            for future in running:
                future.result()
    return chaos, time.monotonic() - began


def small_pools(target: Store) -> Store:
    """Each process keeps at most 6 event-store connections (default 15): the run's
    processes share the PostgreSQL server, and its connection limit, with others."""
    if target.database != "postgres":
        return target
    return replace(target, database_url=f"{target.database_url}&pool_size=2&max_overflow=4")


def settle(system: System, journey: Journey, engine: Any) -> Check:
    """After the load: every child running and every read model at the store's head."""
    check = Check("system recovered after the run")
    began = time.monotonic()
    while not caught_up(system, journey, engine):
        if time.monotonic() - began > SETTLE_SECONDS:
            behind = system.positions(engine)
            check.problems.append(
                f"not caught up within {SETTLE_SECONDS:.0f} s: head "
                f"{journey.app.recorder.max_notification_id()}, read models {behind}, "
                f"not running: {system.dead() or 'none'}"
            )
            break
        time.sleep(0.2)
    check.figures = {"settle_seconds": round(time.monotonic() - began, 1)}
    return check


def run_checks(system: System, journey: Journey, engine: Any, sent: Sequence[Sent]) -> list[Check]:
    print("[chaos] checking against the store ...", flush=True)
    stored = read_store(journey)
    stream = StreamSettings(name="JOURNEY_EVENTS", prefix="journey.events")
    return [
        acknowledged_stored(sent, stored),
        applied_once(sent, stored),
        stream_matches_store(system.nats_url, stream, stored),
        read_models_rebuilt(journey, engine),
        chain_verifies(system.env()),
        capacity_held(journey),
    ]


def report(  # noqa: PLR0917 - one call site
    args: argparse.Namespace,
    url: str,
    chaos: Chaos,
    sent: Sequence[Sent],
    checks: list[Check],
    seconds: float,
) -> dict[str, Any]:
    return {
        "benchmark": "chaos",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": {
            "seed": args.seed,
            "duration": args.duration,
            "commands_bound": args.commands,
            "clients": args.clients,
            "database": args.database,
            "store": redacted(url),
            "kills": args.kills,
            "grace": args.grace,
        },
        "load_seconds": round(seconds, 1),
        "commands": traffic(sent),
        "chaos": chaos.figures(),
        "checks": [c.as_json() for c in checks],
        "passed": all(c.passed for c in checks),
    }


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m scripts.chaos",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    add = main.add_argument
    add("--seed", type=int, default=2026, help="kill moments, components and command mix")
    add("--duration", type=bounded(float, 5, 3600), default=60.0, help="seconds of load")
    add("--commands", type=bounded(int, 1), default=100_000, help="commands at most, in all")
    add("--database", choices=("postgres", "sqlite"), default="postgres")
    add("--postgres-url", default=None, help="default: $JOURNEY_TEST_POSTGRES_URL")
    add("--kills", type=bounded(int, 0, 1000), default=None,
        help="kills in all (default: each component once)")  # fmt: skip
    add("--clients", type=bounded(int, 1, 64), default=4, help="concurrent case managers")
    add("--grace", type=bounded(float, 0, 600), default=20.0,
        help="seconds after --duration for commands still retrying")  # fmt: skip
    add("--json", type=Path, default=None, help="write the figures and checks here")
    add("--workdir", type=Path, default=None,
        help="data dir and the processes' logs, kept (default: a temp dir, removed)")  # fmt: skip
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        if any(args.workdir.iterdir()):
            parser().error(f"--workdir {args.workdir}: not empty (the run needs a fresh one)")
        result = run(args, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="journey-chaos-") as tmp:
            result = run(args, Path(tmp))
    print_report(result)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
