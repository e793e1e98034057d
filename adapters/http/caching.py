"""HTTP caching, in one place: `ETag` and `If-None-Match` on what /api/v1 reads, and
`Cache-Control` + `Vary` on every answer (docs/api.md, "Caching"; ADR 21).

**ETag.** Every 200 answer to a GET under /api/v1 — a record, a list page, a read
model, a history — carries a strong ETag computed from the bytes of its body. A
record's handler sets its version (`"7"`, adapters/http/routes/records.py); this
module qualifies it with the body's digest: `"7-<digest>"`. The body depends on more
than the version — on the caller's role (withheld fields) and on the day (`days_open`)
— so two answers share an ETag only when their bodies are the same bytes, and a 304
is never given to a role whose body differs from the one the client holds. A command
reads only the version part of `If-Match` (adapters/http/routes/commands.py).

**If-None-Match.** When it names the answer's ETag (weak comparison, RFC 9110 13.1.2;
`*` matches any), the answer is 304 with no body and the same ETag, Cache-Control and
Vary. The handler has run by then (the body decides the ETag): a 304 saves the
transfer, not the work, and a read it answers is in the access log like a 200.

**Cache-Control.** `no-store` on every answer that can carry personal data: every
/api/v1 route except those PRIVATE lists (a new route is `no-store` until it is
listed here), and every error (a `detail` may name a case). `private` on the rest
(health, docs, problem pages, the aggregates below). `Vary: Authorization` on all.
"""

from __future__ import annotations

import hashlib

from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send

API = "/api/v1"
NO_STORE = "no-store"
PRIVATE = "private"
# The /api/v1 routes (path templates) that carry no personal data, and what they carry.
# A facility is not among them: it lists its residents (the stays of who is there now).
PRIVATE_ROUTES = {
    "/api/v1/capacity": "beds and residents counted per facility",
    "/api/v1/capacity/daily": "beds and residents counted per facility and day",
    "/api/v1/capacity/utilisation": "utilisation per facility",
    "/api/v1/outcomes": "counts per quarter",
}
_DROPPED_ON_304 = ("content-type", "content-length")


def cache_control(scope: Scope, status: int) -> str:
    """The Cache-Control of an answer: by its status and its route."""
    if status >= 400:
        return NO_STORE
    route = scope.get("path_template") or scope.get("path", "")
    if route.startswith(API) and route not in PRIVATE_ROUTES:
        return NO_STORE
    return PRIVATE


async def cache_headers(message: Message, scope: Scope) -> None:
    """`before_send` hook: Cache-Control and Vary on every answer, routed or not."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    headers["Cache-Control"] = cache_control(scope, message["status"])
    add_vary(headers, "Authorization")


def add_vary(headers: MutableScopeHeaders, name: str) -> None:
    """`name` added to the answer's Vary, keeping what is there."""
    vary = [value.strip() for value in headers.get("vary", "").split(",") if value.strip()]
    if name.lower() not in {value.lower() for value in vary}:
        headers["Vary"] = ", ".join([*vary, name])


def body_etag(body: bytes, version: str | None) -> str:
    """The strong ETag of a body: its SHA-256 (128 bits, hex), after the record's version."""
    digest = hashlib.sha256(body).hexdigest()[:32]
    return f'"{version}-{digest}"' if version else f'"{digest}"'


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/").strip('"')


def matches(if_none_match: str, etag: str) -> bool:
    """Whether `If-None-Match` names `etag` (weak comparison) or is `*`."""
    if if_none_match.strip() == "*":
        return True
    return _opaque(etag) in {_opaque(tag) for tag in if_none_match.split(",") if tag.strip()}


def _is_read(scope: Scope) -> bool:
    if scope["type"] != ScopeType.HTTP:
        return False
    return scope["method"] == "GET" and scope["path"].startswith(API)


def _version(etag: str | None) -> str | None:
    """The version a record's handler put in its ETag (`"7"` -> 7), else None."""
    return None if etag is None else _opaque(etag)


class _HeldAnswer:
    """Holds a 200 answer until its body is whole, then sends it with its ETag, or a
    304 in its place; any other answer passes through as it comes."""

    def __init__(self, send: Send, if_none_match: str | None) -> None:
        self._send, self._if_none_match = send, if_none_match
        self._start: HTTPResponseStartEvent | None = None
        self._chunks: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 200:
            self._start = message
            return
        if message["type"] == "http.response.body" and self._start is not None:
            self._chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._answer(self._start, b"".join(self._chunks))
            return
        await self._send(message)

    async def _answer(self, start: HTTPResponseStartEvent, body: bytes) -> None:
        headers = MutableScopeHeaders.from_message(start)
        etag = body_etag(body, _version(headers.get("etag")))
        headers["ETag"] = etag
        if self._if_none_match is not None and matches(self._if_none_match, etag):
            start["status"], body = 304, b""
            for name in _DROPPED_ON_304:
                headers.pop(name, None)
        await self._send(start)
        await self._send({"type": "http.response.body", "body": body, "more_body": False})


def etag_middleware(app: ASGIApp) -> ASGIApp:
    """A route middleware: the ETag of each 200 answer to a GET under /api/v1, and a
    304 in its place when the request's If-None-Match names it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_read(scope):
            await app(scope, receive, send)
            return
        if_none_match = Headers.from_scope(scope).get("if-none-match")
        await app(scope, receive, _HeldAnswer(send, if_none_match).send)

    return middleware
