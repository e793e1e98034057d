"""How `journey up` and `journey serve` react to SIGINT (Ctrl-C) and SIGTERM (a stop).

Both handlers are installed explicitly: a process started with SIGINT ignored (a
background job of a non-interactive shell, some service managers) inherits that, and
Python then installs no KeyboardInterrupt handler of its own. The first signal raises
KeyboardInterrupt — at once, or, inside `deferred()`, once the block has recorded the
process it was starting, so that every started process is known and stopped. Signals
that come while stopping are logged and otherwise ignored: stopping is not cut short.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TypeVar

log = logging.getLogger("journey.up")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
T = TypeVar("T")


class StopSignals:
    def __init__(self) -> None:
        self._deferring = False
        self._pending: int | None = None
        self._stopping = False

    def install(self) -> StopSignals:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._handle)
        return self

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self._stopping:
            log.info("%s: already stopping", signal.Signals(signum).name)
        elif self._deferring:
            self._pending = signum
        else:
            self._interrupt(signum)

    def _interrupt(self, signum: int) -> None:
        self._stopping = True
        raise KeyboardInterrupt(signal.Signals(signum).name)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """A stop signal that arrives inside the block is raised at its end."""
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
        if self._pending is not None and not self._stopping:
            self._interrupt(self._pending)

    def stopping(self) -> None:
        """From now on, stop signals are only logged (call before stopping the children)."""
        self._stopping = True


def exit_on_stop_signals() -> None:
    """SIGINT and SIGTERM end the process with status 0 — by SystemExit, so that `finally`
    blocks close what is open — also when SIGINT was inherited as ignored. For `journey
    serve`: uvicorn handles both while it serves (it finishes the requests it has), then
    raises the signal again for the handler it found before, this one."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _exit)


def _exit(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def run_until_stopped(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(main)` in a process that SIGINT or SIGTERM stops: from now on they end
    it (status 0) while it starts; while the loop runs, its own handlers tell `main` to
    stop (adapters/run/pipeline.py `stop_on_signals`); once the loop is closed, they are
    ignored, so that what is left of stopping is not cut short."""
    exit_on_stop_signals()
    try:
        return asyncio.run(main)
    finally:
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
