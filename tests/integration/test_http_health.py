"""Liveness, readiness and the status document (adapters/http/routes/health.py): NATS away
makes the status `degraded` and leaves the API ready; a database that does not answer
in time makes it unready, naming it. (PostgreSQL cut off: tests/e2e/test_outages.py.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from adapters.http.outages import RETRY_AFTER_SECONDS
from adapters.http.routes import health
from projections import catalog
from services.access import Role
from tests.support.http import Api, serving

SHELTER = {"name": "Shelter Gjakova", "kind": "shelter", "beds": 2, "effective_from": "2025-01-01"}


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def test_live_and_ready_answer_200_without_a_token(api: Api) -> None:
    live = api.client.get("/health/live")
    assert (live.status_code, live.json()) == (200, {"status": "live"})
    ready = api.client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready", "store": "ok", "read_models": "ok", "failing": []}


def test_nats_away_makes_the_status_degraded_but_the_api_stays_ready(api: Api) -> None:
    catalog.report(api.engine, "relay", "nats_unavailable", position=api.head)
    status = api.client.get("/health")
    assert status.status_code == 200
    assert status.json()["status"] == "degraded"
    assert status.json()["components"]["relay"]["state"] == "nats_unavailable"
    assert api.client.get("/health/ready").status_code == 200
    assert api.post(Role.ADMIN, "/api/v1/facilities", SHELTER).status_code == 201


def test_a_store_that_does_not_answer_in_time_makes_the_api_unready(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    released = threading.Event()

    def stuck(_: object) -> int:
        released.wait(10)
        return 0

    assert api.client.get("/health/ready").status_code == 200  # both connections are warm
    monkeypatch.setattr(health, "READY_SECONDS", 1.0)
    monkeypatch.setattr(health, "store_head", stuck)
    try:
        ready = api.client.get("/health/ready")
    finally:
        released.set()
    assert ready.status_code == 503
    assert ready.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    body = ready.json()
    assert (body["status"], body["failing"], body["read_models"]) == ("not ready", ["store"], "ok")
    assert body["store"] == "unavailable: no answer within 1 s"
    assert api.client.get("/health/live").status_code == 200
