"""How `journey serve` (and so `journey up`) runs the API under uvicorn, with the
limits that keep one slow or greedy client from taking the server from others.

uvicorn reads requests asynchronously, so a client trickling its bytes holds a
connection but no worker. What it bounds by itself is the idle time between
requests (`timeout_keep_alive`) and, through h11, the bytes of a request head
still incomplete (`h11_max_incomplete_event_size`; beyond it a 400; a head that
came whole is checked by the app, adapters/http/limits.py). It has no deadline
for a request head that arrives a byte at a time (the "slowloris"):
`HeadDeadlineProtocol` adds one. The body has its deadline in the app.
`limit_concurrency` caps open connections and running requests; past it uvicorn
answers 503 at once instead of queueing. uvicorn's own reading of X-Forwarded-For
is off: the app decides who the client is, from JOURNEY_TRUSTED_PROXIES only.

uvicorn's access log is off (in its configuration, and in the protocol, which would
otherwise log whenever its logger has a handler): it writes each request's path as
sent, and a path may hold what staff typed where a code belongs
(`/api/v1/beneficiaries/Zana Krasniqi`).
Requests are counted per route template in /metrics instead, and the app's own log
lines name the route template only (docs/privacy.md, "Logs").
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from adapters.http.limits import MAX_HEAD_BYTES
from adapters.http.problem_types import PROBLEM_TYPES

KEEP_ALIVE_SECONDS = 5
HEAD_SECONDS = 10.0
MAX_CONCURRENCY = 200


@dataclass(frozen=True)
class ServerLimits:
    keep_alive_seconds: int = KEEP_ALIVE_SECONDS
    head_seconds: float = HEAD_SECONDS
    max_head_bytes: int = MAX_HEAD_BYTES
    max_concurrency: int = MAX_CONCURRENCY


def _timeout_response(seconds: float) -> bytes:
    detail = f"the request head did not arrive within {seconds:g} seconds"
    kind = PROBLEM_TYPES["HeadTooSlow"]
    body = json.dumps(
        {"type": kind.uri, "status": kind.status, "title": kind.title, "detail": detail}
    ).encode()
    head = (
        "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/problem+json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class HeadDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose next request head has not
    fully arrived `head_seconds` after the connection opened or the last answer."""

    head_seconds = HEAD_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self.access_log = False  # not even if a handler is added later: raw paths

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.head_seconds, self._head_deadline_passed)

    def _head_deadline_passed(self) -> None:
        """Still waiting for a request head (h11 IDLE): answer 408 if part of one came."""
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        if self.conn.trailing_data[0]:
            self.transport.write(_timeout_response(self.head_seconds))
        self.transport.close()


def server_config(
    app: Any, host: str, port: int, limits: ServerLimits | None = None
) -> uvicorn.Config:
    """The uvicorn configuration of the API, with its limits."""
    limits = limits or ServerLimits()
    protocol = type("HeadDeadline", (HeadDeadlineProtocol,), {"head_seconds": limits.head_seconds})
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        log_config=None,  # our configuration (adapters/observability/logs.py) renders its lines
        log_level=None,
        access_log=False,  # it would log raw paths: see the module's docstring
        timeout_keep_alive=limits.keep_alive_seconds,
        h11_max_incomplete_event_size=limits.max_head_bytes,
        limit_concurrency=limits.max_concurrency,
        proxy_headers=False,  # the app alone reads X-Forwarded-For: adapters/http/forwarded.py
    )


def serve(app: Any, host: str, port: int) -> None:
    uvicorn.Server(server_config(app, host, port)).run()
