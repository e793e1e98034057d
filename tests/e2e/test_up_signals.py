"""`journey up` stops on SIGINT and SIGTERM even when started with SIGINT ignored (a
background job of a non-interactive shell, some service managers): every child drains
and exits, and no process of its session is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from projections.registry import read_models
from tests.support.journey_up import STOP_GRACE, journey_up, session_pids

pytestmark = pytest.mark.slow

# relay, a worker per read model, chain keeper, http; then nats-server
STOPPED_FIRST = 1 + len(read_models()) + 1 + 1
CHILDREN = STOPPED_FIRST + 1
# signal.SIGINT ignored, then exec: the state a shell gives a background job
IGNORING_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "os.execv(sys.executable, [sys.executable, '-m', 'adapters.cli', *sys.argv[1:]])"
)


@pytest.fixture
def up(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    """`journey up` in a session of its own, SIGINT ignored, serving on a free port."""
    log = tmp_path / "up.log"
    with journey_up(tmp_path / "data", log, ("-c", IGNORING_SIGINT)) as (process, port):
        yield process, port, log


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
        code = process.wait(STOP_GRACE + 20)
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
        assert f"stopped {STOPPED_FIRST} processes" in text, text[-3000:]  # before NATS
