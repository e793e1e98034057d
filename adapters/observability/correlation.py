"""The ids that tie what a request did together, from the HTTP request to the read models.

- `request_id`: this request's own id: the `X-Request-ID` the client sent, if it is a
  UUID, else a new one; answered in `X-Request-ID`.
- `correlation_id`: the conversation's id, shared by every request and event of one piece
  of work: the `X-Correlation-ID` sent (a UUID), else the request id.
- `causation_id`: what caused the events stored now: the request.

Only UUIDs are taken from a client: the ids are stored in clear in the events, which are
never rewritten (crypto-shredding cannot reach them), so they must not be free text that
could carry a name. A UUID is normalised to its 32 hex digits.

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
_UUID = re.compile(r"[0-9a-fA-F]{8}-?(?:[0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}")


def well_formed(value: str | None) -> str | None:
    """`value` as 32 hex digits if it is a UUID (with or without hyphens), else None."""
    if value is None or not _UUID.fullmatch(value.strip()):
        return None
    return uuid.UUID(value.strip()).hex


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
