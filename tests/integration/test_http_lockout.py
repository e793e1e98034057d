"""Issue 11 item 9: failed authentications are throttled per client, and a valid token is
never refused because of failures (someone else's or its own address's); the client
is the peer, or behind a trusted proxy the address in X-Forwarded-For."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import ip_network
from typing import Any
from uuid import uuid4

import httpx
import pytest
from litestar import Litestar

from adapters.http.app import create_app
from adapters.http.forwarded import TrustedProxies
from adapters.privacy.accounts import Accounts, Throttle
from adapters.run.bootstrap import Journey, build
from adapters.store.read_database import read_engine
from services.access import Role
from tests.support.factories import facility

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.9"
LIMIT = 3


@dataclass
class Api:
    app: Litestar
    token: str
    record: str

    def statuses(self, requests: list[tuple[str, str, str | None]]) -> list[int]:
        """(peer, bearer token, X-Forwarded-For or None) for each request, in order."""
        return asyncio.run(self._send(requests))

    async def _send(self, requests: list[tuple[str, str, str | None]]) -> list[int]:
        async def asgi(scope: Any, receive: Any, send: Any) -> None:
            await self.app(scope, receive, send)

        statuses = []
        for peer, token, forwarded in requests:
            transport = httpx.ASGITransport(app=asgi, client=(peer, 40000))
            headers = {"Authorization": f"Bearer {token}"}
            if forwarded is not None:
                headers["X-Forwarded-For"] = forwarded
            async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
                statuses.append((await client.get(self.record, headers=headers)).status_code)
        return statuses


@pytest.fixture
def api(read_db_url: str) -> Iterator[Api]:
    journey: Journey = build("memory://")
    engine = read_engine(read_db_url)
    accounts = Accounts(engine)
    token = accounts.add(f"admin.{uuid4().hex[:8]}", Role.ADMIN)
    proxies = TrustedProxies((ip_network(PROXY),))
    with warnings.catch_warnings():  # Litestar 2.25's deprecations: see test_http_matrix
        warnings.simplefilter("ignore", DeprecationWarning)
        app = create_app(journey, engine, accounts, Throttle(LIMIT, 60), proxies=proxies)
    yield Api(app, token, f"/api/v1/facilities/{facility(journey)}")
    journey.close()
    engine.dispose()


def test_failures_through_the_proxy_do_not_lock_out_a_colleague_behind_it(api: Api) -> None:
    failures = [(PROXY, "guess", ATTACKER)] * (LIMIT + 2)
    statuses = api.statuses([*failures, (PROXY, api.token, COLLEAGUE)])
    assert statuses == [401] * LIMIT + [429, 429, 200]


def test_a_valid_token_from_the_failing_address_is_served(api: Api) -> None:
    failures = [(PROXY, "guess", ATTACKER)] * (LIMIT + 1)
    after = [(PROXY, api.token, ATTACKER), (PROXY, "guess", ATTACKER)]
    assert api.statuses([*failures, *after]) == [401] * LIMIT + [429, 200, 429]


def test_a_valid_token_is_served_from_a_peer_that_is_refused(api: Api) -> None:
    failures = [(ATTACKER, "guess", None)] * (LIMIT + 1)
    assert api.statuses([*failures, (ATTACKER, api.token, None)]) == [401] * LIMIT + [429, 200]


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(api: Api) -> None:
    spoofed = [(ATTACKER, "guess", f"192.0.2.{n}") for n in range(LIMIT + 2)]
    others = [(COLLEAGUE, "guess", None), (ATTACKER, api.token, "192.0.2.99")]
    assert api.statuses([*spoofed, *others]) == [401] * LIMIT + [429, 429, 401, 200]
