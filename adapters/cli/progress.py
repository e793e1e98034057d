"""Progress of long work on a terminal: a bar (or, where the amount of work is not known,
a spinner with a count) on stderr, drawn with rich; nothing when stderr is piped or
redirected (a log, CI, a script) or the command was given `--quiet`, so that the output a
script reads never holds a bar's control characters. Stdout stays the command's data.

`on_terminal` is the one place that decides; the tables (adapters/cli/tables.py) ask it too.
The work itself (projections/, adapters/backup, adapters/audit, ...) knows nothing of
rich: it calls back a plain function, which the command passes in from here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:  # rich loads on a terminal only: not in every `journey` process
    from rich.console import Console

Count = Callable[[int], None]  # how many units are done so far


class Advance(Protocol):
    """How much of the total is done; `total` changes it (a stream's head that moved)."""

    def __call__(self, done: int, total: int | None = None, /) -> None: ...


def on_terminal(stream: TextIO, *, quiet: bool = False) -> bool:
    """Draw on `stream`: it is a terminal and the user did not ask for quiet."""
    return not quiet and stream.isatty()


def console(stream: TextIO) -> Console:
    from rich.console import Console  # noqa: PLC0415

    return Console(file=stream)


def _nothing(_done: int, total: int | None = None) -> None:
    del total


@contextmanager
def progress(
    description: str, total: int | None, *, quiet: bool = False, stream: TextIO | None = None
) -> Iterator[Advance]:
    """A bar for `total` units of work while the block runs; `advance(done)` moves it.
    A `total` of None (not known yet) shows a pulsing bar until `advance` names one."""
    out = sys.stderr if stream is None else stream
    if not on_terminal(out, quiet=quiet):
        yield _nothing
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn  # noqa: PLC0415

    columns = (description, BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console(out), transient=False) as bar:
        task = bar.add_task(description, total=total)

        def advance(done: int, total: int | None = None) -> None:
            if total is None:
                bar.update(task, completed=done)
            else:
                bar.update(task, completed=done, total=total)

        yield advance


@contextmanager
def counting(
    description: str, unit: str, *, quiet: bool = False, stream: TextIO | None = None
) -> Iterator[Count]:
    """A spinner and a count ("12,000 rows") for work whose amount is not known ahead:
    `count(done)` sets the count."""
    out = sys.stderr if stream is None else stream
    if not on_terminal(out, quiet=quiet):
        yield lambda _done: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    columns = (
        SpinnerColumn(),
        description,
        TextColumn(f"{{task.completed:,.0f}} {unit}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console(out), transient=False) as spinner:
        task = spinner.add_task(description, total=None)
        yield lambda done: spinner.update(task, completed=done)
