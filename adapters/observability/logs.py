"""One logging configuration for every `journey` process: our loggers, uvicorn's, litestar's.

- `json`: one JSON object per line: `timestamp` (UTC, ISO 8601), `level`, `logger`,
  `message`, the ids of the request being served (`request_id`, `correlation_id`,
  `causation_id`, adapters/observability/correlation.py) and the fields a line was
  given (`extra=`); an exception as `exception`. For log collectors (journald, Loki).
- `console`: a readable line, coloured on a terminal.
- `auto` (the default): `console` on a terminal, `json` otherwise.

Our modules log with the standard library (`logging.getLogger("journey.…")`); structlog's
`ProcessorFormatter` on the root handler renders their lines and every library's the
same way. uvicorn is started with no logging configuration of its own
(adapters/http/server.py), so its lines come here too. No line may carry personal data:
log ids and counts, never names or free text (a test reads the logs of a demo run).
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

import structlog
from structlog.typing import Processor

FORMATS = ("auto", "json", "console")
LEVELS = ("debug", "info", "warning", "error")
_LIBRARIES = ("uvicorn", "uvicorn.error", "uvicorn.access", "litestar")
_CHATTY = ("alembic.runtime.plugins",)  # a line per plugin at every migration check


def configure_logging(
    log_format: str = "auto", level: str = "info", stream: TextIO | None = None
) -> None:
    """Route every logger of this process to one handler on `stream` (stderr)."""
    out = stream or sys.stderr
    logging.logProcesses = False  # no pid lookups per line: none of our lines shows them
    logging.logMultiprocessing = False
    handler = logging.StreamHandler(out)
    handler.setFormatter(_formatter(as_json=_as_json(log_format, out), colours=_tty(out)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in _LIBRARIES:  # their own handlers, if a library added any, would print twice
        library = logging.getLogger(name)
        library.handlers.clear()
        library.propagate = True
    for name in _CHATTY:
        logging.getLogger(name).setLevel(max(root.level, logging.WARNING))


def _as_json(log_format: str, out: TextIO) -> bool:
    return log_format == "json" or (log_format == "auto" and not _tty(out))


def _tty(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _formatter(*, as_json: bool, colours: bool) -> structlog.stdlib.ProcessorFormatter:
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    rendering: list[Processor] = (
        [
            structlog.processors.format_exc_info,
            structlog.processors.EventRenamer("message"),
            structlog.processors.JSONRenderer(),
        ]
        if as_json
        else [
            structlog.dev.ConsoleRenderer(
                colors=colours,
                # a plain traceback: rich's (the default) shows each frame's local
                # variables, which may hold a decrypted name or a password
                exception_formatter=structlog.dev.plain_traceback,
            )
        ]
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *rendering],
    )
