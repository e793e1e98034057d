"""The list and status commands' tables (adapters/cli/tables.py): drawn on a terminal,
the plain text the command gave when stdout is a pipe or a file (scripts read it)."""

from __future__ import annotations

import io

from adapters.cli.tables import plain_table, print_table

HEADINGS = ("component", "state")
ROWS = [("caseload", "running"), ("timeline[0/2]", "failed")]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_pipe_gets_the_plain_text_unchanged() -> None:
    piped = io.StringIO()
    print_table(HEADINGS, ROWS, "the plain text", stream=piped)
    assert piped.getvalue() == "the plain text\n"


def test_a_terminal_gets_every_cell_drawn_as_text() -> None:
    screen = Terminal()
    print_table(HEADINGS, ROWS, "the plain text", stream=screen)
    drawn = screen.getvalue()
    assert "the plain text" not in drawn
    for cell in (*HEADINGS, *(cell for row in ROWS for cell in row)):
        assert cell in drawn  # "[0/2]" too: a cell is never read as markup


def test_plain_columns_are_left_aligned_under_a_rule() -> None:
    assert plain_table(HEADINGS, ROWS).splitlines() == [
        "component      state",
        "-------------  -------",
        "caseload       running",
        "timeline[0/2]  failed",
    ]
