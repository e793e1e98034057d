"""`journey up`'s stop signals (adapters/run/signals.py): raised once, never inside a block
that starts a process, and ignored while stopping."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from adapters.run.signals import STOP_SIGNALS, StopSignals, exit_on_stop_signals, run_until_stopped


@pytest.fixture
def signals() -> Iterator[StopSignals]:
    before = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a background job inherits it
    yield StopSignals().install()
    for signum, handler in before.items():
        signal.signal(signum, handler)


@pytest.mark.parametrize("signum", STOP_SIGNALS, ids=lambda s: s.name)
def test_a_stop_signal_raises_keyboard_interrupt_even_if_sigint_was_ignored(
    signals: StopSignals, signum: signal.Signals
) -> None:
    with pytest.raises(KeyboardInterrupt, match=signum.name):
        os.kill(os.getpid(), signum)


def test_a_signal_inside_a_deferred_block_is_raised_at_its_end(signals: StopSignals) -> None:
    done: list[str] = []

    def start_a_process() -> None:
        with signals.deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            done.append("recorded")

    with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
        start_a_process()
    assert done == ["recorded"]


def test_signals_while_stopping_do_not_interrupt_the_stop(signals: StopSignals) -> None:
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
    signals.stopping()
    os.kill(os.getpid(), signal.SIGINT)
    os.kill(os.getpid(), signal.SIGTERM)
    with signals.deferred():
        os.kill(os.getpid(), signal.SIGINT)


@pytest.mark.parametrize("signum", STOP_SIGNALS, ids=lambda s: s.name)
def test_a_served_api_exits_with_0_on_a_stop_signal_even_if_sigint_was_ignored(
    signals: StopSignals, signum: signal.Signals
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_on_stop_signals()
    with pytest.raises(SystemExit) as exited:
        os.kill(os.getpid(), signum)
    assert exited.value.code == 0


def test_once_its_loop_has_closed_a_stopping_process_ignores_stop_signals(
    signals: StopSignals,
) -> None:
    async def main() -> int:
        return 7

    assert run_until_stopped(main()) == 7
    for signum in STOP_SIGNALS:
        os.kill(os.getpid(), signum)  # ignored: what is left of stopping runs to its end
