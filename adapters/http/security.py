"""Bearer-token authentication, with throttling of repeated failures per client."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, TooManyRequestsException
from litestar.middleware import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
    DefineMiddleware,
)

from adapters.identity import Accounts, Throttle, User

PUBLIC_PATHS = ["^/health$", "^/schema"]


class BearerTokens(AbstractAuthenticationMiddleware):
    accounts: Accounts
    throttle: Throttle

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:  # type: ignore[type-arg]
        client = connection.client.host if connection.client else "unknown"
        wait = self.throttle.blocked_for(client)
        if wait > 0:
            raise TooManyRequestsException(
                f"too many failed authentications; try again in {wait:.0f} s",
                headers={"Retry-After": str(int(wait) + 1)},
            )
        user = self._user(connection.headers.get("authorization", ""))
        if user is None:
            self.throttle.failed(client)
            raise NotAuthorizedException("send Authorization: Bearer <token> of an active user")
        return AuthenticationResult(user=user, auth=None)

    def _user(self, header: str) -> User | None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.accounts.authenticate(token.strip())


def bearer_middleware(accounts: Accounts, throttle: Throttle) -> DefineMiddleware:
    middleware = type(
        "ConfiguredBearerTokens", (BearerTokens,), {"accounts": accounts, "throttle": throttle}
    )
    return DefineMiddleware(middleware, exclude=PUBLIC_PATHS)
