"""Bearer-token authentication, with throttling of repeated failures per client.

A valid token is always served: the token is checked first, and the throttle only
decides how a failure is answered (401, or 429 once the client address has failed
too often). The client address is the peer, or behind a trusted reverse proxy the
address it forwarded (adapters/http/forwarded.py). Why checking every token does not
make guessing one easier: docs/api.md, "Authentication".
"""

from __future__ import annotations

import logging

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, TooManyRequestsException
from litestar.middleware import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
    DefineMiddleware,
)

from adapters.http.forwarded import TrustedProxies
from adapters.privacy.accounts import Accounts, Throttle, User

PUBLIC_PATHS = ["^/health(/live|/ready)?$", "^/schema"]
CHALLENGE = 'Bearer realm="journey"'  # RFC 6750: a 401 says what it wants
INVALID_TOKEN = f'{CHALLENGE}, error="invalid_token"'  # a token was sent, and is no user's
log = logging.getLogger("journey.http.auth")


class BearerTokens(AbstractAuthenticationMiddleware):
    accounts: Accounts
    throttle: Throttle
    proxies: TrustedProxies

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:  # type: ignore[type-arg]
        user = self._user(connection.headers.get("authorization", ""))
        if user is not None:
            return AuthenticationResult(user=user, auth=None)
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
            "send Authorization: Bearer <token> of an active user",
            headers={"WWW-Authenticate": _challenge(connection.headers.get("authorization", ""))},
        )

    def _user(self, header: str) -> User | None:
        token = bearer_token(header)
        return None if token is None else self.accounts.authenticate(token)


def bearer_token(header: str) -> str | None:
    """The token of `Authorization: Bearer <token>`, else None."""
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _challenge(header: str) -> str:
    """The `WWW-Authenticate` of a 401: `invalid_token` when a bearer token was sent."""
    return CHALLENGE if bearer_token(header) is None else INVALID_TOKEN


def bearer_middleware(
    accounts: Accounts, throttle: Throttle, proxies: TrustedProxies | None = None
) -> DefineMiddleware:
    attributes = {
        "accounts": accounts,
        "throttle": throttle,
        "proxies": proxies or TrustedProxies(),
    }
    middleware = type("ConfiguredBearerTokens", (BearerTokens,), attributes)
    return DefineMiddleware(middleware, exclude=PUBLIC_PATHS)
