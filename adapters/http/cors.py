"""CORS: the web origins whose scripts may call the API from a browser.

A staff UI served from another origin than the API (`https://ui.pvpt.example` calling
`https://api.pvpt.example`) needs the browser's leave. The origins are listed exactly
in JOURNEY_CORS_ORIGINS (adapters/settings/schema.py); none by default, so no browser
script of another origin can read an answer. `*` is refused at start-up: the API
carries personal data. Credentials (cookies, HTTP authentication, client
certificates) are never allowed: the API authenticates with a bearer token that the
UI sends in `Authorization`, which is a header CORS allows, not a credential.

- A preflight (OPTIONS with `Origin` and `Access-Control-Request-Method`) from a
  listed origin, for a method and headers the API takes, is answered 204 with what
  it may do, for 10 minutes; any other preflight is a 403 problem
  `origin-not-allowed` saying what was refused (a refused origin is named, the
  allowed ones never: the caller is not authenticated). It needs no token.
- Any other answer to a listed origin says so (`Access-Control-Allow-Origin`) and
  lets its script read the headers a UI needs (`ETag`, `Location`, `Retry-After`, …).

Litestar's CORSConfig is not used: it answers a refused preflight with a 400 in
plain text and replaces `Vary` (ADR 21).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.caching import add_vary
from adapters.http.problem_types import refusal

METHODS = ("GET", "POST")
HEADERS = (
    "Accept",
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "If-None-Match",
)
EXPOSED = ("ETag", "Location", "Retry-After", "Idempotent-Replayed")
MAX_AGE_SECONDS = 600


@refusal("OriginNotAllowed")
class OriginNotAllowed(PermissionDeniedException):
    """403: a preflight the API refuses (origin, method or headers)."""


@dataclass(frozen=True)
class Cors:
    """The origins allowed to call the API from a browser (exact `scheme://host[:port]`)."""

    origins: frozenset[str] = frozenset()

    @classmethod
    def of(cls, origins: Iterable[str]) -> Cors:
        return cls(frozenset(origins))

    def refusal(self, origin: str, method: str, headers: list[str]) -> str | None:
        """Why a preflight is refused, or None when it is allowed."""
        if origin not in self.origins:  # which origins are allowed is not told
            return (
                f"origin {origin!r} may not call this API from a browser "
                "(the server's JOURNEY_CORS_ORIGINS lists those that may)"
            )
        if method not in METHODS:
            return (
                f"method {method!r} is not one the API takes from a browser ({', '.join(METHODS)})"
            )
        allowed = {name.lower() for name in HEADERS}
        unknown = [name for name in headers if name.lower() not in allowed]
        if unknown:
            return f"headers {', '.join(unknown)} are not taken; allowed: {', '.join(HEADERS)}"
        return None


def _preflight_answer(origin: str) -> list[tuple[bytes, bytes]]:
    fields = {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": ", ".join(METHODS),
        "access-control-allow-headers": ", ".join(HEADERS),
        "access-control-max-age": str(MAX_AGE_SECONDS),
        "vary": "Origin",
    }
    return [(name.encode(), value.encode("latin-1")) for name, value in fields.items()]


def preflight(cors: Cors) -> Callable[[ASGIApp], ASGIApp]:
    """A route middleware, before authentication: answers a preflight, or refuses it."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            headers = Headers.from_scope(scope)
            origin, method = headers.get("origin"), headers.get("access-control-request-method")
            if scope["type"] != ScopeType.HTTP or scope["method"] != "OPTIONS":
                await app(scope, receive, send)
                return
            if origin is None or method is None:
                await app(scope, receive, send)
                return
            asked = headers.get("access-control-request-headers", "")
            why = cors.refusal(origin, method, [h.strip() for h in asked.split(",") if h.strip()])
            if why is not None:
                raise OriginNotAllowed(why)
            await send(
                {"type": "http.response.start", "status": 204, "headers": _preflight_answer(origin)}
            )
            await send({"type": "http.response.body", "body": b"", "more_body": False})

        return middleware

    return factory


def cors_headers(cors: Cors) -> Callable[[Message, Scope], Awaitable[None]]:
    """A `before_send` hook: every answer to a listed origin's request says it may read it."""

    async def hook(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start" or not cors.origins:
            return
        headers = MutableScopeHeaders.from_message(message)
        add_vary(headers, "Origin")
        origin = Headers.from_scope(scope).get("origin")
        if origin in cors.origins and "access-control-allow-origin" not in headers:
            headers["Access-Control-Allow-Origin"] = origin
            headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED)

    return hook
