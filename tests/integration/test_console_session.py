"""The console's session over HTTP (adapters/http/routes/sign_in.py, docs/sign-in.md), on
each read database: the first sign-in's steps, the cookie's flags, CSRF protection of
every change, sign-out, the idle limit, and a revoked account's session ending."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import Engine

from adapters.http.app import create_app
from adapters.privacy import second_factor
from adapters.privacy.accounts import Accounts, User
from adapters.privacy.credentials import Credentials
from adapters.privacy.master_key import KEY_BYTES, MasterKeys
from adapters.privacy.sessions import Sessions
from adapters.run.bootstrap import build
from adapters.run.demo import START
from services.access import Role

NAME = "besa.krasniqi"
PASSWORD = "lumi i bardhë rrjedh në mbrëmje"
Client = TestClient[Litestar]


@pytest.fixture
def app(engine: Engine) -> Iterator[Litestar]:
    journey = build("memory://")
    accounts = Accounts(engine)
    accounts.add(NAME, Role.CASEWORKER)
    keys = MasterKeys((secrets.token_bytes(KEY_BYTES),))
    yield create_app(journey, engine, accounts, master_keys=keys)
    journey.close()


def people_of(app: Litestar) -> Credentials:
    people: Credentials = app.state.credentials
    return people


def first_sign_in(client: Client, app: Litestar) -> dict[str, str]:
    """From the administrator's reset to a session; the answer of the last step."""
    temporary = people_of(app).reset(NAME)
    step = client.post("/api/v1/sign-in", json={"user": NAME, "password": temporary})
    assert step.json()["next"] == "change_password"
    assert "set-cookie" not in step.headers
    change = {"user": NAME, "password": temporary, "new_password": PASSWORD}
    assert client.post("/api/v1/sign-in/password", json=change).status_code == 204
    step = client.post("/api/v1/sign-in", json={"user": NAME, "password": PASSWORD})
    assert step.json()["next"] == "enrol_second_factor"
    enrolment = client.post("/api/v1/sign-in/second-factor", json={"user": NAME} | _pw()).json()
    assert enrolment["qr_code"].startswith("data:image/svg+xml")
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/")
    code = second_factor.code_at(enrolment["secret"], datetime.now(START.tzinfo))
    confirm = {"user": NAME, "password": PASSWORD, "code": code}
    signed = client.post("/api/v1/sign-in/second-factor/confirmation", json=confirm)
    assert signed.status_code == 200, signed.text
    cookie = signed.headers["set-cookie"]
    assert "httponly" in cookie.lower()
    assert "samesite=strict" in cookie.lower()
    answer: dict[str, str] = signed.json()
    assert answer["next"] == "signed_in"
    assert answer["role"] == "caseworker"
    return answer | {"cookie": cookie}


def _pw() -> dict[str, str]:
    return {"password": PASSWORD}


def test_a_first_sign_in_ends_in_a_session_whose_changes_need_the_csrf_token(
    app: Litestar,
) -> None:
    with TestClient(app) as client:
        signed = first_sign_in(client, app)
        assert "secure" not in signed["cookie"].lower()  # plain HTTP here: see the TLS test
        me = client.get("/api/v1/me")
        assert me.json()["user"] == NAME
        assert me.json()["csrf_token"] == signed["csrf_token"]
        assert me.json()["idle_timeout_seconds"] == 15 * 60
        without = client.post("/api/v1/sign-out")
        assert without.status_code == 403
        assert without.json()["type"] == "/problems/csrf-token-missing"
        wrong = client.post("/api/v1/sign-out", headers={"X-CSRF-Token": "forged"})
        assert wrong.json()["type"] == "/problems/csrf-token-missing"
        out = client.post("/api/v1/sign-out", headers={"X-CSRF-Token": signed["csrf_token"]})
        assert out.status_code == 204
        assert client.get("/api/v1/me").status_code == 401


def test_the_cookie_is_secure_over_tls(app: Litestar) -> None:
    with TestClient(app, base_url="https://testserver.local") as client:
        assert "secure" in first_sign_in(client, app)["cookie"].lower()


def test_a_stolen_cookie_value_is_not_the_stored_one_and_a_bearer_token_wins(
    app: Litestar, engine: Engine
) -> None:
    with TestClient(app) as client:
        first_sign_in(client, app)
        token = Accounts(engine).add("arta.manager", Role.CASE_MANAGER)
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert (me.json()["user"], me.json()["csrf_token"]) == ("arta.manager", None)
        with engine.connect() as conn:
            stored = conn.exec_driver_sql("select id_sha256 from staff_sessions").scalar_one()
        assert len(stored) == 64
        client.cookies.set("journey_session", stored)
        assert client.get("/api/v1/me").status_code == 401


def test_wrong_codes_are_refused_alike_then_that_account_waits(app: Litestar) -> None:
    with TestClient(app) as client:
        first_sign_in(client, app)
        attempt = {"user": NAME, "password": PASSWORD, "code": "000000"}
        refusals = [client.post("/api/v1/sign-in", json=attempt) for _ in range(5)]
        assert {r.json()["type"] for r in refusals} == {"/problems/sign-in-refused"}
        assert {r.json()["detail"] for r in refusals} == {"user name, password or code is wrong"}
        waiting = client.post("/api/v1/sign-in", json=attempt)
        assert waiting.status_code == 429
        assert waiting.json()["type"] == "/problems/too-many-failed-sign-ins"
        assert int(waiting.headers["Retry-After"]) > 0


def test_a_weak_new_password_is_refused_naming_the_field(app: Litestar) -> None:
    temporary = people_of(app).reset(NAME)
    with TestClient(app) as client:
        change = {"user": NAME, "password": temporary, "new_password": "short"}
        refused = client.post("/api/v1/sign-in/password", json=change)
        assert refused.status_code == 422
        assert refused.json()["field"] == "new_password"
        assert "the password has 5 characters: use at least 12" in refused.json()["detail"]


class Clock:
    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> datetime:
        return self.at


def test_a_session_ends_after_its_idle_time_and_with_its_account(engine: Engine) -> None:
    accounts = Accounts(engine)
    accounts.add(NAME, Role.CASEWORKER)
    clock = Clock()
    sessions = Sessions(engine, timedelta(minutes=15), clock)
    kept, _ = sessions.start(User(NAME, Role.CASEWORKER))
    left, _ = sessions.start(User(NAME, Role.CASEWORKER))
    for _ in range(3):  # a request every 10 minutes keeps it
        clock.at += timedelta(minutes=10)
        assert sessions.find(kept) is not None
    assert sessions.find(left) is None  # 30 minutes without a request
    clock.at += timedelta(minutes=15)
    assert sessions.find(kept) is None
    again, _ = sessions.start(User(NAME, Role.CASEWORKER))
    accounts.revoke(NAME)
    assert sessions.find(again) is None


def test_the_console_is_served_with_a_strict_content_security_policy(app: Litestar) -> None:
    with TestClient(app) as client:
        page = client.get("/console/")
        assert page.status_code == 200
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "default-src 'none'" in policy
        assert client.get("/", follow_redirects=False).headers["location"] == "/console/"
        started = time.monotonic()
        assert client.get("/console/nothing-here.js").status_code == 404
        assert time.monotonic() - started < 60
