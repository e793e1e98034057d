"""`python -m adapters.cli`: the `journey` command line.

A SIGTERM that arrives while the command is still importing (seconds on a loaded machine)
ends it with status 0: it has done nothing yet, and `journey up` may stop a child it has
just started. Once imported, the default is back; the long-running commands then install
their own handling (adapters/run/signals.py)."""

import signal
from types import FrameType


def _stopped_while_starting(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


signal.signal(signal.SIGTERM, _stopped_while_starting)
from adapters.cli.main import main  # noqa: E402 -- after the handler, on purpose

signal.signal(signal.SIGTERM, signal.SIG_DFL)

if __name__ == "__main__":
    raise SystemExit(main())
