"""Progress of long work on a terminal: a bar on stderr (rich), nothing when stderr is
piped or redirected (a log, CI, a script) or the command was given `--quiet`, so that
the output a script reads never holds a bar's control characters."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Advance = Callable[[int], None]  # how much of the total is done


@contextmanager
def progress(
    description: str, total: int, *, quiet: bool = False, stream: TextIO | None = None
) -> Iterator[Advance]:
    """A bar for `total` units of work while the block runs; `advance(done)` moves it."""
    out = sys.stderr if stream is None else stream
    if quiet or not out.isatty():
        yield lambda _done: None
        return
    # rich loads here, on a terminal only: not in every `journey` process
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeElapsedColumn  # noqa: PLC0415

    columns = (description, BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(file=out), transient=False) as bar:
        task = bar.add_task(description, total=total)
        yield lambda done: bar.update(task, completed=done)
