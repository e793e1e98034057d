"""The system under load for scripts.load: `journey up` in a temp data dir, its
processes and their memory, stopped (whatever happens) at the end.

Why a seed event: `journey up` on an empty store reports "caught up" at position 0
before the workers have created their views, counts their rows and dies on
"no such table"; one facility registered in-process before it starts avoids that.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import httpx

from adapters.run.bootstrap import Journey
from adapters.settings import Settings
from adapters.store.postgres import ensure_postgres_schema, postgres_dsn
from domain.vocab import FacilityKind
from projections.registry import read_models
from scripts.bench.harness import (
    DEFAULT_POSTGRES_URL,
    ROOT,
    drop_schemas,
    free_port,
    postgres_version,
)
from services.commands.shelter import RegisterFacility

READY_SECONDS = 120.0
STOP_SECONDS = 30.0
SEED_ACTOR = "load.seed"


@dataclass(frozen=True)
class Store:
    """Where the system keeps its events and read models."""

    database: str  # "sqlite" | "postgres"
    database_url: str
    data_dir: Path

    @property
    def settings(self) -> Settings:
        return Settings(self.database_url, self.data_dir)

    @property
    def read_url(self) -> str:
        return self.settings.read_url


def postgres_base(explicit: str | None) -> str:
    base = explicit or os.environ.get("JOURNEY_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    _, error = postgres_version(base)
    if error:
        raise SystemExit(f"--database postgres: {postgres_dsn(base)} is unreachable: {error}")
    return base


@contextmanager
def store(database: str, data_dir: Path, postgres_url: str | None) -> Iterator[Store]:
    """SQLite files in the data dir, or a fresh PostgreSQL schema `load_<random>`
    dropped afterwards."""
    if database == "sqlite":
        yield Store(database, f"sqlite:///{data_dir / 'journey.db'}", data_dir)
        return
    base = postgres_dsn(postgres_base(postgres_url))
    schema = f"load_{uuid4().hex[:10]}"
    url = f"{base}?schema={schema}"
    try:
        ensure_postgres_schema(url)
        yield Store(database, url, data_dir)
    finally:
        drop_schemas(base, (schema,))


def seed(journey: Journey) -> None:
    """One event before `journey up` (see the module docstring)."""
    command = RegisterFacility(
        name="Load seed shelter",
        kind=FacilityKind.SHELTER,
        beds=4,
        effective_from=datetime.now(UTC).date(),
    )
    journey.bus.execute(None, command, actor=SEED_ACTOR)


@dataclass
class System:
    """`journey up` as a child process in its own session (a Ctrl-C at the terminal
    reaches this script, which then stops it in order)."""

    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


def up_env(target: Store) -> dict[str, str]:
    env = {**os.environ, "JOURNEY_DATA_DIR": str(target.data_dir)}
    env["JOURNEY_DATABASE_URL"] = target.database_url
    for name in ("JOURNEY_READ_DATABASE_URL", "JOURNEY_NATS_URL", "JOURNEY_MASTER_KEY_FILE"):
        env.pop(name, None)
    return env


@contextmanager
def journey_up(target: Store) -> Iterator[System]:
    port = free_port()
    argv = [sys.executable, "-m", "adapters.cli", "up", "--http-port", str(port)]
    log = target.data_dir / "up.log"
    interruptible()
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            argv,
            env=up_env(target),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    system = System(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_ready(system)
        yield system
    finally:
        stop(system)


def interruptible() -> None:
    """Ctrl-C (SIGINT) raises KeyboardInterrupt here, even when a shell started this
    script in the background with SIGINT ignored; and, as a handled signal is reset to
    its default on exec, `journey up` gets Python's own handler and turns our SIGINT
    into its orderly stop (an inherited SIG_IGN would make it deaf to it)."""
    signal.signal(signal.SIGINT, signal.default_int_handler)


def ready(health: dict[str, object]) -> bool:
    """Every worker and the relay have reported, nothing failing, nothing behind."""
    components = health.get("components")
    if health.get("status") != "ok" or not isinstance(components, dict):
        return False
    wanted = {"relay", *(f"projection:{name}" for name in read_models())}
    return wanted <= set(components) and all(
        components[name].get("lag") == 0 for name in wanted if name != "relay"
    )


def wait_ready(system: System) -> None:
    deadline = time.monotonic() + READY_SECONDS
    with httpx.Client(base_url=system.base_url, timeout=2.0) as client:
        while time.monotonic() < deadline and system.process.poll() is None:
            try:
                answer = client.get("/health")
                if answer.status_code == 200 and ready(answer.json()):
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.25)
    tail = system.log.read_text(errors="replace")[-3000:]
    state = "exited" if system.process.poll() is not None else "not ready"
    raise SystemExit(f"`journey up` {state} after {READY_SECONDS:.0f} s:\n{tail}")


def stop(system: System) -> None:
    """SIGINT (its Ctrl-C: children, then NATS), then SIGKILL to its session if it
    hangs; processes of ours left alive afterwards are named."""
    known = family(system.pid)
    if system.process.poll() is None:
        system.process.send_signal(signal.SIGINT)
        try:
            system.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(system.pid, signal.SIGKILL)
            system.process.wait(5)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in known):
        time.sleep(0.2)
    for pid in known:
        if alive(pid):
            print(f"[load] killing leftover {known[pid]} (pid {pid})", file=sys.stderr)
            os.kill(pid, signal.SIGKILL)


# ------------------------------------------------------------------ processes


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in task.read_text().split()]
        except FileNotFoundError:
            continue
    return found


def process_name(pid: int) -> str:
    """`journey up`, `nats-server`, `relay`, `worker caseload`, `chain keeper`, `http`."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except FileNotFoundError:
        return "gone"
    argv = [part for part in argv if part]
    if argv and argv[0].endswith("nats-server"):
        return "nats-server"
    words = argv[argv.index("adapters.cli") + 1 :] if "adapters.cli" in argv else argv[:1]
    named = {"up": "journey up", "serve": "http", "audit": "chain keeper"}
    if words and words[0] in named:
        return named[words[0]]
    return " ".join(words[:2]) if words and words[0] == "worker" else " ".join(words[:1])


def family(root: int) -> dict[int, str]:
    """The process and all its descendants, by pid, with a name each."""
    found: dict[int, str] = {}
    pending = [root]
    while pending:
        pid = pending.pop()
        if alive(pid):
            found[pid] = process_name(pid)
            pending += children(pid)
    return found


def rss_mb(pid: int) -> float | None:
    """Resident set size from /proc (no psutil); None once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None
