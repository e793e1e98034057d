"""Instants on the wire are UTC with `Z` (docs/time.md): events decided on Kosovo's
clock (+01:00) and timestamps read from a PostgreSQL session in another zone are sent
in UTC by every GET route that shows an instant, and printed so by `journey audit replay`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Engine, event

from adapters.cli.main import main
from adapters.run.bootstrap import build
from adapters.settings import Settings
from domain.vocab import RiskLevel
from services.access import Role
from services.commands.shelter import AdmitToShelter
from tests.support.factories import WORKER, case_in_service_provision, facility
from tests.support.http import Api, project_now, serving

INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def far_from_kosovo(engine: Engine) -> Engine:
    """A PostgreSQL session zone 14 hours ahead: timestamps come back in it."""
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _zone(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET TIME ZONE 'Pacific/Kiritimati'")

    return engine


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url, far_from_kosovo) as built:
        yield built


def instants(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [found for item in value.values() for found in instants(item)]
    if isinstance(value, list):
        return [found for item in value for found in instants(item)]
    return [value] if isinstance(value, str) and INSTANT.match(value) else []


def a_case_in_a_shelter(api: Api) -> tuple[UUID, UUID]:
    case_id = case_in_service_provision(api.journey, RiskLevel.MEDIUM)
    command = AdmitToShelter(case_id=case_id, facility_id=facility(api.journey))
    stay_id = api.journey.bus.execute(None, command, actor=WORKER).id
    project_now(api)
    return case_id, stay_id


def test_every_instant_the_api_sends_is_utc_with_z(api: Api) -> None:
    case_id, stay_id = a_case_in_a_shelter(api)
    beneficiary_id = api.journey.queries.case(case_id).beneficiary_id
    api.get(Role.CASEWORKER, f"/api/v1/beneficiaries/{beneficiary_id}")  # an access-log row
    paths = {
        f"/api/v1/cases/{case_id}": Role.CASE_MANAGER,
        f"/api/v1/cases/{case_id}/history": Role.AUDITOR,
        f"/api/v1/cases/{case_id}/timeline": Role.CASE_MANAGER,
        f"/api/v1/stays/{stay_id}": Role.CASE_MANAGER,
        "/api/v1/caseload": Role.CASE_MANAGER,
        "/api/v1/capacity": Role.CASE_MANAGER,
        "/api/v1/stays": Role.ANALYST,
        "/api/v1/audit/access": Role.AUDITOR,
    }
    sent: dict[str, list[str]] = {}
    for path, role in paths.items():
        answer = api.get(role, path)
        assert answer.status_code == 200, (path, answer.text)
        sent[path] = instants(answer.json())
    assert all(sent.values()), sent  # each route showed at least one instant
    assert {path: [i for i in found if not i.endswith("Z")] for path, found in sent.items()} == {
        path: [] for path in paths
    }


def test_the_replay_cli_prints_instants_in_utc(
    database_url: str,
    read_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("JOURNEY_DATABASE_URL", database_url)
    monkeypatch.setenv("JOURNEY_READ_DATABASE_URL", read_url)
    monkeypatch.setenv("JOURNEY_DATA_DIR", str(tmp_path / "data"))
    journey = build(Settings.from_env())
    try:
        case_id = case_in_service_provision(journey)
    finally:
        journey.close()
    for extra in ([], ["--history"]):
        assert main(["audit", "replay", str(case_id), *extra]) == 0
        printed = instants(json.loads(capsys.readouterr().out))
        assert printed
        assert [instant for instant in printed if not instant.endswith("Z")] == []
