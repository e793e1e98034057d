"""The token check (adapters/http/security.py, adapters/privacy/accounts.py): verified tokens
are remembered for a few seconds, a revocation or rotation in this process forgets them at
once, another process's within `cache_seconds`, and a lookup that waits on the database
holds up its own request only. On the read database of each kind."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import Engine

from adapters.http.app import create_app
from adapters.privacy.accounts import Accounts, User
from adapters.run.bootstrap import Journey
from services.access import Role

ME = "/api/v1/me"
WAIT = 10.0  # a safety net against a hang, never a measurement


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Clock:
    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


class HeldAccounts(Accounts):
    """Accounts whose lookup of one token waits until released (a slow database)."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.held: str | None = None
        self.entered = threading.Event()
        self.release = threading.Event()

    def authenticate(self, token: str) -> User | None:
        if token == self.held:
            self.entered.set()
            self.release.wait(WAIT)
        return super().authenticate(token)


@pytest.fixture
def ticks() -> Clock:
    return Clock()


@pytest.fixture
def accounts(engine: Engine, ticks: Clock) -> Accounts:
    return Accounts(engine, cache_seconds=5.0, clock=ticks)


@pytest.fixture
def client(journey: Journey, engine: Engine, accounts: Accounts) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(journey, engine, accounts)) as client:
        yield client


def test_a_revoked_token_is_refused_at_once_though_it_was_just_verified(
    accounts: Accounts,
    client: TestClient[Litestar],
) -> None:
    token = accounts.add("leaving.worker", Role.CASEWORKER)
    assert client.get(ME, headers=bearer(token)).status_code == 200
    assert accounts.remembered(token) == User("leaving.worker", Role.CASEWORKER)
    accounts.revoke("leaving.worker")
    assert accounts.remembered(token) is None
    assert client.get(ME, headers=bearer(token)).status_code == 401


def test_a_rotated_token_is_refused_at_once_and_the_new_one_served(
    accounts: Accounts,
    client: TestClient[Litestar],
) -> None:
    old = accounts.add("besa.krasniqi", Role.CASEWORKER)
    assert client.get(ME, headers=bearer(old)).status_code == 200
    new = accounts.rotate("besa.krasniqi")
    assert client.get(ME, headers=bearer(old)).status_code == 401
    assert client.get(ME, headers=bearer(new)).json()["user"] == "besa.krasniqi"


def test_another_process_revocation_takes_effect_within_the_cache_time(
    engine: Engine, accounts: Accounts, ticks: Clock
) -> None:
    token = accounts.add("dr.gashi", Role.CLINICIAN)
    assert accounts.authenticate(token) == User("dr.gashi", Role.CLINICIAN)
    Accounts(engine).revoke("dr.gashi")  # `journey users revoke`, another process
    ticks.at += 4.9
    assert accounts.authenticate(token) == User("dr.gashi", Role.CLINICIAN)  # remembered
    ticks.at += 0.2
    assert accounts.remembered(token) is None
    assert accounts.authenticate(token) is None


def test_unknown_tokens_are_not_remembered_so_a_new_token_works_at_once(
    engine: Engine, accounts: Accounts
) -> None:
    assert accounts.authenticate("not-yet-a-token") is None
    token = Accounts(engine).add("arta.manager", Role.CASE_MANAGER)
    assert accounts.remembered(token) is None
    assert accounts.authenticate(token) == User("arta.manager", Role.CASE_MANAGER)


class RevokedMidway(Accounts):
    """The user is revoked after its row was read and before the token is remembered."""

    def _remember(self, digest: str, user: User, forgotten: int) -> None:
        self.revoke(user.name)
        super()._remember(digest, user, forgotten)


def test_a_revocation_during_a_lookup_is_not_overtaken_by_it(engine: Engine) -> None:
    accounts = RevokedMidway(engine)
    token = accounts.add("leaving.worker", Role.CASEWORKER)
    assert accounts.authenticate(token) == User("leaving.worker", Role.CASEWORKER)
    assert accounts.remembered(token) is None
    assert accounts.authenticate(token) is None


def test_one_request_waiting_on_its_token_check_does_not_hold_up_another(
    journey: Journey, engine: Engine
) -> None:
    accounts = HeldAccounts(engine)
    slow = accounts.add("slow.worker", Role.CASEWORKER)
    quick = accounts.add("quick.worker", Role.CASEWORKER)
    accounts.held = slow
    with (
        TestClient(create_app(journey, engine, accounts)) as client,
        ThreadPoolExecutor(1) as pool,
    ):
        waiting = pool.submit(client.get, ME, headers=bearer(slow))
        assert accounts.entered.wait(WAIT)
        answer = client.get(ME, headers=bearer(quick))  # served while the other waits
        assert answer.json()["user"] == "quick.worker"
        assert not waiting.done()
        accounts.release.set()
        assert waiting.result(WAIT).json()["user"] == "slow.worker"
