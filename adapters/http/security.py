"""Who is asking: a bearer token (integrations) or the console's session cookie, with
throttling of repeated failures per client.

A session (adapters/privacy/sessions.py, docs/sign-in.md) is accepted from its
`HttpOnly` cookie; a request that may change something (any method but GET, HEAD and
OPTIONS) must also carry the session's CSRF token as `X-CSRF-Token`, which a page of
another site can neither read nor send. A request with an `Authorization` header is
judged by its token alone, and a token never needs the CSRF header: a browser does
not add a token by itself.

A valid token is always served: the token is checked first, and the throttle only
decides how a failure is answered (401, or 429 once the client address has failed
too often). The client address is the peer, or behind a trusted reverse proxy the
address it forwarded (adapters/http/forwarded.py). Why checking every token does not
make guessing one easier: docs/api.md, "Authentication".

No database is read on the event loop: a token verified moments ago is answered from
`Accounts`' memory, any other token and every session are looked up in a worker
thread, so one slow lookup holds up its own request only.
"""

from __future__ import annotations

import asyncio
import logging

from litestar.connection import ASGIConnection
from litestar.exceptions import (
    NotAuthorizedException,
    PermissionDeniedException,
    TooManyRequestsException,
)
from litestar.middleware import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
    DefineMiddleware,
)

from adapters.http.forwarded import TrustedProxies
from adapters.http.problem_types import refusal
from adapters.privacy.accounts import Accounts, Throttle, User
from adapters.privacy.sessions import Session, Sessions

# The console's files and the sign-in steps before a session exists are public too; the
# sign-in routes say so per handler (opt `exclude_from_auth`, adapters/http/routes/sign_in.py).
PUBLIC_PATHS = ["^/health(/live|/ready)?$", "^/schema", "^/console(/.*)?$", "^/$"]
SESSION_COOKIE = "journey_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CHALLENGE = 'Bearer realm="journey"'  # RFC 6750: a 401 says what it wants
INVALID_TOKEN = f'{CHALLENGE}, error="invalid_token"'  # a token was sent, and is no user's
log = logging.getLogger("journey.http.auth")


@refusal("CsrfTokenMissing")
class CsrfTokenMissing(PermissionDeniedException):
    """A session's request that may change something came without its CSRF token."""


class StaffAuthentication(AbstractAuthenticationMiddleware):
    accounts: Accounts
    sessions: Sessions
    throttle: Throttle
    proxies: TrustedProxies

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:  # type: ignore[type-arg]
        authorization = connection.headers.get("authorization", "")
        user = await self._user(authorization)
        if user is not None:
            return AuthenticationResult(user=user, auth=None)
        session = None if authorization else await asyncio.to_thread(self._session, connection)
        if session is not None:
            return AuthenticationResult(user=session.user, auth=session)
        client = self.proxies.client(
            connection.client.host if connection.client else "unknown",
            connection.headers.getall("x-forwarded-for", []),
        )
        wait = self.throttle.blocked_for(client)
        if wait > 0:
            raise TooManyRequestsException(
                f"too many failed authentications; try again in {wait:.0f} s",
                headers={"Retry-After": str(int(wait) + 1)},
            )
        self.throttle.failed(client)
        if self.throttle.blocked_for(client) > 0:
            log.warning("client %s: too many failed authentications, refused for now", client)
        raise NotAuthorizedException(
            "send Authorization: Bearer <token> of an active user, or sign in "
            "(POST /api/v1/sign-in; a session ends after its idle time)",
            headers={"WWW-Authenticate": _challenge(connection.headers.get("authorization", ""))},
        )

    async def _user(self, header: str) -> User | None:
        """The token's user: from memory when verified moments ago, else off the loop."""
        token = bearer_token(header)
        if token is None:
            return None
        user = self.accounts.remembered(token)
        return user or await asyncio.to_thread(self.accounts.authenticate, token)

    def _session(self, connection: ASGIConnection) -> Session | None:  # type: ignore[type-arg]
        """The live session of the request's cookie; a change needs its CSRF token too."""
        session_id = connection.cookies.get(SESSION_COOKIE)
        session = None if not session_id else self.sessions.find(session_id)
        if session is None or connection.scope.get("method", "GET") in SAFE_METHODS:
            return session
        if not session.csrf_matches(connection.headers.get(CSRF_HEADER, "")):
            raise CsrfTokenMissing(
                "a signed-in request that changes something needs the session's CSRF "
                "token as X-CSRF-Token (GET /api/v1/me gives it)"
            )
        return session


def bearer_token(header: str) -> str | None:
    """The token of `Authorization: Bearer <token>`, else None."""
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _challenge(header: str) -> str:
    """The `WWW-Authenticate` of a 401: `invalid_token` when a bearer token was sent."""
    return CHALLENGE if bearer_token(header) is None else INVALID_TOKEN


def staff_authentication(
    accounts: Accounts,
    sessions: Sessions,
    throttle: Throttle,
    proxies: TrustedProxies | None = None,
) -> DefineMiddleware:
    attributes = {
        "accounts": accounts,
        "sessions": sessions,
        "throttle": throttle,
        "proxies": proxies or TrustedProxies(),
    }
    middleware = type("ConfiguredStaffAuthentication", (StaffAuthentication,), attributes)
    return DefineMiddleware(middleware, exclude=PUBLIC_PATHS)
