"""Progress on a terminal only (adapters/cli/progress.py): a bar on a terminal, nothing
at all when piped or quiet, so a script reading the output never gets a bar."""

from __future__ import annotations

import io

from adapters.cli.progress import counting, progress


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


def test_a_total_that_moves_is_followed_to_the_end() -> None:
    screen = Terminal()
    with progress("rebuild caseload", None, stream=screen) as advance:
        advance(40, 80)
        advance(100, 100)  # the stream's head moved on while the rebuild ran
    assert "rebuild caseload" in screen.getvalue()
    assert "100%" in screen.getvalue()


def test_work_of_unknown_size_shows_a_count_on_a_terminal_only() -> None:
    screen = Terminal()
    with counting("backup", "rows", stream=screen) as count:
        count(12_000)
    assert "backup" in screen.getvalue()
    assert "12,000 rows" in screen.getvalue()
    for stream, quiet in ((io.StringIO(), False), (Terminal(), True)):
        with counting("backup", "rows", quiet=quiet, stream=stream) as count:
            count(12_000)
        assert stream.getvalue() == ""
