"""Tables of the list and status commands: drawn with rich on a terminal, and as the
command's plain text (aligned columns, which scripts and tests read) when stdout is a pipe
or a file. `--json` never comes here.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from adapters.cli.progress import console, on_terminal


def print_table(
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    plain: str,
    *,
    title: str | None = None,
    stream: TextIO | None = None,
) -> None:
    """`rows` under `headings` as a rich table on a terminal; `plain` everywhere else."""
    out = sys.stdout if stream is None else stream
    if not on_terminal(out):
        print(plain, file=out)
        return
    from rich.table import Table  # noqa: PLC0415 -- rich loads on a terminal only
    from rich.text import Text  # noqa: PLC0415

    table = Table(*headings, title=title, title_justify="left", header_style="bold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # as text: "[0/2]" is no markup
    console(out).print(table)


def plain_table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns two spaces apart, under the headings and a rule of dashes."""
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headings)]
    lines = [headings, ["-" * w for w in widths], *rows]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )
