"""`journey up` stops on SIGINT and SIGTERM even when started with SIGINT ignored (a
background job of a non-interactive shell, some service managers): every child drains
and exits, and no process of its session is left behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

# relay, 4 workers, chain keeper, http, nats-server
CHILDREN = 8
PIPELINE = 5  # relay and 4 workers, which report their state
# signal.SIGINT ignored, then exec: the state a shell gives a background job
IGNORING_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "os.execv(sys.executable, [sys.executable, '-m', 'adapters.cli', *sys.argv[1:]])"
)


def _free_port() -> int:
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


@pytest.fixture
def up(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    """`journey up` in a session of its own, SIGINT ignored, serving on a free port."""
    env = {**os.environ, "JOURNEY_DATA_DIR": str(tmp_path / "data")}
    for name in ("JOURNEY_DATABASE_URL", "JOURNEY_READ_DATABASE_URL", "JOURNEY_NATS_URL"):
        env.pop(name, None)
    port = _free_port()
    log = tmp_path / "up.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", IGNORING_SIGINT, "up", "--http-port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_running(port, process, log)
        yield process, port, log
    finally:
        for pid in session_pids(process.pid):  # whatever a failed test left
            os.kill(pid, signal.SIGKILL)
        process.wait(10)


def _send(process: subprocess.Popen[bytes], how: str) -> None:
    if how == "Ctrl-C":  # a terminal sends SIGINT to its whole foreground process group
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.Signals[how])


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "Ctrl-C"])
def test_up_started_ignoring_sigint_stops_every_child_on_a_signal(
    up: tuple[subprocess.Popen[bytes], int, Path], how: str
) -> None:
    """Each child stops by itself, with 0, also on the SIGINT of Ctrl-C: none inherits
    an ignored SIGINT, none is left to be killed."""
    process, _, log = up
    children = session_pids(process.pid) - {process.pid}
    assert len(children) >= CHILDREN, children
    _send(process, how)
    try:
        code = process.wait(30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"journey up ignored {how}: {log.read_text()[-3000:]}")
    assert code == 0, log.read_text()[-3000:]
    deadline = time.monotonic() + 5
    while (left := session_pids(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"left behind: {left}"
    text = log.read_text()
    assert "(0 not cleanly)" in text, text[-3000:]
    if how != "Ctrl-C":  # else the children stop by themselves as soon as they get it
        assert "stopped 7 processes" in text, text[-3000:]  # each child, before NATS
