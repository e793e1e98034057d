"""`journey up` as an operator runs it: a process in a session of its own, with a data
directory of its own, serving on a free port; stopped, with every child, afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest

# relay and 4 workers: the components that report their state in /health
PIPELINE = 5
CLI = ("-m", "adapters.cli")


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port: int = probe.getsockname()[1]
    return port


def session_pids(session: int) -> set[int]:
    """Every live process of the session `session` (from /proc: no psutil)."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited meanwhile
        # pid (comm) state ppid pgrp session ...: comm may hold spaces, split after it
        fields = stat.rpartition(")")[2].split()
        if fields[0] != "Z" and int(fields[3]) == session:
            found.add(int(entry.name))
    return found


def _running(port: int) -> bool:
    """The API answers and the relay and every worker report running (all started)."""
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
    except httpx.TransportError:
        return False
    states = {name: c["state"] for name, c in answer.json().get("components", {}).items()}
    return len(states) >= PIPELINE and set(states.values()) == {"running"}


def _wait_until_running(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        if _running(port):
            return
        time.sleep(0.5)
    pytest.fail(f"journey up did not run within 120 s: {log.read_text()[-3000:]}")


STOP_GRACE = 40


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, as a service manager stops it; then whatever is left of its session."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):  # then killed below
            process.wait(STOP_GRACE + 20)
    for pid in session_pids(process.pid):
        os.kill(pid, signal.SIGKILL)
    process.wait(10)


def up_environment(data_dir: Path) -> dict[str, str]:
    """This process's environment, but the data directory; no store, read database or
    NATS of the developer's own."""
    env = {**os.environ, "JOURNEY_DATA_DIR": str(data_dir)}
    # The tests check that the children stop by themselves, not how fast: on a loaded
    # machine 17 processes may need more than the default 10 s to finish and exit.
    env["JOURNEY_STOP_GRACE_SECONDS"] = str(STOP_GRACE)
    for name in ("JOURNEY_DATABASE_URL", "JOURNEY_READ_DATABASE_URL", "JOURNEY_NATS_URL"):
        env.pop(name, None)
    return env


@contextmanager
def journey_up(
    data_dir: Path,
    log: Path,
    launcher: tuple[str, ...] = CLI,
    *options: str,
    settings: dict[str, str] | None = None,
) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`python LAUNCHER up --http-port PORT [OPTIONS]`, once its API and pipeline run;
    `settings`: more environment (JOURNEY_LOG_FORMAT …)."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, *launcher, "up", "--http-port", str(port), *options],
            env={**up_environment(data_dir), **(settings or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_running(port, process, log)
        yield process, port
    finally:
        _stop(process)


def add_user(data_dir: Path, name: str, role: str) -> str:
    """`journey users add NAME --role ROLE` on that data directory; the user's token."""
    done = subprocess.run(
        [sys.executable, *CLI, "users", "add", name, "--role", role],
        env=up_environment(data_dir),
        capture_output=True,
        text=True,
        timeout=120,  # Argon2 and the stores' opening, on a loaded machine
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]
