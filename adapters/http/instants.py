"""Instants on the wire are UTC, written with `Z` (docs/time.md).

Commands are decided on Kosovo's clock, so an event's time carries +01:00 or
+02:00, and PostgreSQL gives timestamps back in the session's time zone. Every
answer passes through `answer_in_utc` (the app's `after_request`) before it is
rendered: each instant in it is written in UTC whatever offset it came with;
dates (calendar days) are left as they are.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
from litestar import Response
from litestar.serialization import default_serializer

from domain.local_time import instants_in_utc

_KEPT = (bytes, bytearray, memoryview, datetime, date, time, timedelta, UUID, Decimal)
_PLAIN = (bytes, str, int, float, bool, type(None))


def in_utc(content: Any) -> Any:
    """`content` as plain builtins, with every datetime in it in UTC."""
    plain = msgspec.to_builtins(content, builtin_types=_KEPT, enc_hook=default_serializer)
    return instants_in_utc(plain)


async def answer_in_utc(response: Response[Any]) -> Response[Any]:
    """The app's `after_request`: the answer's instants in UTC. A coroutine, though it
    never waits: Litestar runs a plain function hook in a worker thread, a hand-over to
    another thread and back for every answer (issue 20)."""
    if not isinstance(response.content, _PLAIN):
        response.content = in_utc(response.content)
    return response
