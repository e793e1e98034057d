"""The ids that tie what a request did together, from the HTTP request to the read models.

- `request_id`: this request's own id: the `X-Request-ID` the client sent, if well
  formed, else a new one; answered in `X-Request-ID`.
- `correlation_id`: the conversation's id, shared by every request and event of one piece
  of work: the `X-Correlation-ID` sent, else the request id. A CLI run has one of its own.
- `causation_id`: what caused the events stored now: the request (or CLI run).

They live in structlog's context variables for the request's task (and the thread a sync
handler runs in: anyio copies the context), so every log line of the request carries
them; the codec stamps `correlation_id` and `causation_id` into each event it stores
(adapters/store/codec.py), the NATS envelope carries them (docs/envelope.md), and the
projection workers log them with each change they apply.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from structlog.contextvars import bound_contextvars, get_contextvars

REQUEST_HEADER = "x-request-id"
CORRELATION_HEADER = "x-correlation-id"
STAMPED = ("correlation_id", "causation_id")  # what each stored event carries
_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


def well_formed(value: str | None) -> str | None:
    """`value` if it may serve as an id (1 to 64 letters, digits, `._:-`), else None."""
    return value if value is not None and _WELL_FORMED.fullmatch(value) else None


def new_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def correlated(request_id: str, correlation_id: str | None = None) -> Iterator[None]:
    """Within: log lines and stored events carry these ids."""
    with bound_contextvars(
        request_id=request_id,
        correlation_id=correlation_id or request_id,
        causation_id=request_id,
    ):
        yield


def stamp() -> dict[str, str]:
    """The ids a stored event carries now (none outside a request or CLI run)."""
    bound = get_contextvars()
    return {name: str(bound[name]) for name in STAMPED if name in bound}
