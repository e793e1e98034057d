"""CORS (adapters/http/cors.py): the origins JOURNEY_CORS_ORIGINS lists, exactly, may
call the API from a browser; any other preflight is a 403 problem; `*` and malformed
origins stop start-up."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from adapters.http.app import create_app
from adapters.http.problem_types import PROBLEM_TYPES
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import build
from adapters.settings import ConfigError, Settings, environment_of, load_settings
from adapters.store.read_database import read_engine
from services.access import Role
from tests.support.http import PROBLEM

UI = "https://ui.pvpt.example"
CASES = "/api/v1/cases"


def preflight(origin: str, method: str = "POST", headers: str = "") -> dict[str, str]:
    asked = {"Origin": origin, "Access-Control-Request-Method": method}
    return {**asked, "Access-Control-Request-Headers": headers} if headers else asked


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient[Litestar], str]]:
    engine = read_engine(f"sqlite:///{tmp_path_factory.mktemp('cors') / 'read.db'}")
    accounts = Accounts(engine)
    token = accounts.add("admin.pvpt", Role.ADMIN)
    settings = load_settings(environ={"JOURNEY_CORS_ORIGINS": f"{UI}, http://localhost:5173"})
    journey = build("memory://")
    with TestClient(create_app(journey, engine, accounts, cors_origins=settings.cors_origins)) as c:
        yield c, token
    engine.dispose()


def test_a_listed_origin_s_preflight_is_allowed_without_a_token(
    app: tuple[TestClient[Litestar], str],
) -> None:
    client, _ = app
    headers = "authorization, content-type, if-match, idempotency-key"
    answer = client.options(CASES, headers=preflight(UI, "POST", headers))
    assert answer.status_code == 204
    assert answer.headers["Access-Control-Allow-Origin"] == UI
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    assert "If-Match" in answer.headers["Access-Control-Allow-Headers"]
    assert "Origin" in answer.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in answer.headers


@pytest.mark.parametrize(
    ("asked", "named"),
    [
        (preflight("https://evil.example"), "https://evil.example"),
        (preflight(f"{UI}:8443"), f"{UI}:8443"),  # exact: another port is another origin
        (preflight(UI, "DELETE"), "DELETE"),
        (preflight(UI, "GET", "authorization, x-debug"), "x-debug"),
    ],
)
def test_any_other_preflight_is_a_403_problem_naming_what_was_refused(
    app: tuple[TestClient[Litestar], str], asked: dict[str, str], named: str
) -> None:
    client, _ = app
    answer = client.options(CASES, headers=asked)
    assert answer.status_code == 403
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["type"] == PROBLEM_TYPES["OriginNotAllowed"].uri
    assert named in answer.json()["detail"]
    if asked["Origin"] != UI:
        assert "Access-Control-Allow-Origin" not in answer.headers


def test_a_refused_origin_is_not_told_which_origins_are_allowed(
    app: tuple[TestClient[Litestar], str],
) -> None:
    client, _ = app
    answer = client.options(CASES, headers=preflight("https://evil.example"))
    assert answer.status_code == 403
    detail = answer.json()["detail"]
    assert "https://evil.example" in detail
    assert "ui.pvpt.example" not in detail
    assert "localhost" not in detail


def test_answers_to_a_listed_origin_expose_what_a_ui_reads(
    app: tuple[TestClient[Litestar], str],
) -> None:
    client, token = app
    bearer = {"Authorization": f"Bearer {token}"}
    shelter = {"name": "Shelter", "kind": "shelter", "beds": 3, "effective_from": "2025-01-01"}
    created = client.post("/api/v1/facilities", json=shelter, headers={**bearer, "Origin": UI})
    assert created.status_code == 201
    assert created.headers["Access-Control-Allow-Origin"] == UI
    exposed = created.headers["Access-Control-Expose-Headers"]
    assert {"ETag", "Location", "Retry-After"} <= {h.strip() for h in exposed.split(",")}
    unauthenticated = client.get(CASES, headers={"Origin": UI})  # the UI must read its 401
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["Access-Control-Allow-Origin"] == UI
    other = client.get(CASES, headers={**bearer, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Origin" in other.headers["Vary"]


def test_no_origin_is_allowed_by_default(tmp_path_factory: pytest.TempPathFactory) -> None:
    assert Settings().cors_origins == ()
    engine = read_engine(f"sqlite:///{tmp_path_factory.mktemp('nocors') / 'read.db'}")
    with TestClient(create_app(build("memory://"), engine, Accounts(engine))) as client:
        answer = client.options(CASES, headers=preflight(UI, "GET"))
    engine.dispose()
    assert answer.status_code == 403
    assert "JOURNEY_CORS_ORIGINS" in answer.json()["detail"]


@pytest.mark.parametrize(
    "bad",
    [
        "*",
        "https://*.pvpt.example",
        "ui.pvpt.example",
        "https://ui.pvpt.example/",
        "ftp://x.org",
        "https://ui.pvpt.example/app",
        "https://ui.pvpt.example:port",
        "https://user@ui.pvpt.example",
    ],
)
def test_a_wildcard_or_malformed_origin_stops_start_up_naming_it(bad: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_settings(environ={"JOURNEY_CORS_ORIGINS": f"{UI},{bad}"})
    assert "JOURNEY_CORS_ORIGINS" in str(refused.value)
    assert repr(bad) in str(refused.value)


def test_origins_are_kept_lower_case_and_passed_on_to_children() -> None:
    settings = load_settings(
        environ={"JOURNEY_CORS_ORIGINS": "HTTPS://UI.pvpt.example, http://[::1]:5173"}
    )
    assert settings.cors_origins == (UI, "http://[::1]:5173")
    assert environment_of(settings)["JOURNEY_CORS_ORIGINS"] == f"{UI},http://[::1]:5173"
