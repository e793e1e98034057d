"""The system under chaos for scripts.chaos: every component a process of its own,
so that each can be killed (SIGKILL) and started again, on loopback only.

- nats-server with its JetStream store in the data dir, on a fixed free port (a
  restart comes back where the others reconnect);
- `journey relay`, `journey worker NAME` per read model, the chain keeper
  (`journey audit checkpoint --follow`) and `journey serve` (the HTTP API);
- PostgreSQL: not killed (other work may share the server); the run's own
  connections are. Every child is started with PGAPPNAME=journey-chaos-<run>, which
  libpq sends as application_name, and only backends with that name are terminated.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy import Engine

from adapters.store.postgres import postgres_dsn
from adapters.stream.nats_server import EmbeddedNats
from projections import catalog
from projections.registry import read_models
from scripts.bench.harness import ROOT, free_port
from scripts.load.system import Store

POSTGRES = "postgres connections"
NATS = "nats-server"
API = "api"
STOP_SECONDS = 15.0


@dataclass
class Child:
    """A `journey ...` process that can be killed and started again."""

    name: str
    args: list[str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class System:
    store: Store
    run_id: str
    http_port: int = field(default_factory=free_port)
    nats_port: int = field(default_factory=free_port)
    nats: EmbeddedNats | None = None
    children: dict[str, Child] = field(default_factory=dict)

    def __post_init__(self) -> None:
        logs = self.store.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        specs = {"relay": ["relay"], "chain keeper": ["audit", "checkpoint", "--follow"]}
        specs |= {f"worker {name}": ["worker", name] for name in read_models()}
        specs[API] = ["serve", "--host", "127.0.0.1", "--port", str(self.http_port)]
        self.children = {
            name: Child(name, args, logs / f"{name.replace(' ', '-')}.log")
            for name, args in specs.items()
        }

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def nats_url(self) -> str:
        return f"nats://127.0.0.1:{self.nats_port}"

    @property
    def application_name(self) -> str:
        return f"journey-chaos-{self.run_id}"

    def components(self) -> list[str]:
        """What can be killed: NATS, every child, and (PostgreSQL) the run's connections."""
        names = [NATS, *self.children]
        return [*names, POSTGRES] if self.store.database == "postgres" else names

    def env(self) -> dict[str, str]:
        env = {**os.environ, "JOURNEY_DATA_DIR": str(self.store.data_dir)}
        env |= {
            "JOURNEY_DATABASE_URL": self.store.database_url,
            "JOURNEY_READ_DATABASE_URL": self.store.read_url,
            "JOURNEY_NATS_URL": self.nats_url,
            "JOURNEY_CHECKPOINT_EVERY": "200",
            "JOURNEY_CHECKPOINT_SECONDS": "5",
            "PGAPPNAME": self.application_name,
        }
        for name in ("JOURNEY_MASTER_KEY_FILE", "JOURNEY_CHAIN_KEY", "JOURNEY_NATS_STREAM"):
            env.pop(name, None)
        return env

    # ------------------------------------------------------------ start and stop

    def start_all(self) -> None:
        self.start(NATS)
        for name in self.children:
            self.start(name)

    def start(self, name: str) -> None:
        if name == POSTGRES:
            return  # nothing to start: the processes open new connections themselves
        if name == NATS:
            self.nats = EmbeddedNats(self.store.data_dir / "nats", self.nats_port).start()
            return
        child = self.children[name]
        argv = [sys.executable, "-m", "adapters.cli", *child.args]
        with child.log.open("ab") as out:
            child.process = subprocess.Popen(  # noqa: S603
                argv,
                env=self.env(),
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        child.starts += 1

    def kill(self, name: str) -> int:
        """SIGKILL the component (for PostgreSQL: terminate the run's backends); returns
        how many processes or connections were ended."""
        if name == POSTGRES:
            return self.terminate_backends()
        if name == NATS:
            process = self.nats.process if self.nats is not None else None
        else:
            process = self.children[name].process
        if process is None or process.poll() is not None:
            return 0
        process.kill()
        process.wait(10)
        return 1

    def terminate_backends(self) -> int:
        """pg_terminate_backend on the backends of this run's processes only."""
        query = (
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()"
        )
        with psycopg.connect(postgres_dsn(self.store.database_url), autocommit=True) as conn:
            row = conn.execute(query, (self.application_name,)).fetchone()
        return int(row[0]) if row else 0

    def dead(self) -> list[str]:
        """Children that exited by themselves (not killed by us and not restarted)."""
        return [name for name, child in self.children.items() if not child.running]

    def stop_all(self) -> None:
        """SIGTERM every child, SIGKILL what hangs, then NATS."""
        running = [c for c in self.children.values() if c.running]
        for child in running:
            assert child.process is not None
            child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.process.pid, signal.SIGKILL)
                child.process.wait(5)
        if self.nats is not None:
            self.nats.stop()

    # ------------------------------------------------------------ positions

    def positions(self, engine: Engine) -> dict[str, int]:
        """The store position each read model has applied (its active generation)."""
        with engine.begin() as conn:
            return {
                name: catalog.read_position(conn, name, catalog.active_generation(conn, name))[1]
                for name in read_models()
            }
