"""Progress on a terminal only (adapters/cli/progress.py): a bar on a terminal, nothing
at all when piped or quiet, so a script reading the output never gets a bar."""

from __future__ import annotations

import io

from adapters.cli.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_that_reaches_the_end() -> None:
    screen = Terminal()
    with progress("demo journeys", 50, stream=screen) as advance:
        for day in range(51):
            advance(day)
    assert "demo journeys" in screen.getvalue()
    assert "100%" in screen.getvalue()


def test_a_pipe_or_quiet_gets_nothing() -> None:
    for stream, quiet in ((io.StringIO(), False), (Terminal(), True)):
        with progress("demo journeys", 50, quiet=quiet, stream=stream) as advance:
            advance(25)
        assert stream.getvalue() == ""
