"""The routes the console needed beside the commands, on each database: an attendance
sheet over HTTP (all or nothing, every bad line answered), the auditor's integrity
verification (intact, then a changed byte named), and a case's id by its number."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from litestar.testing import TestClient
from sqlalchemy import Engine

from adapters.audit.chain_tables import ChainStore, store_engine
from adapters.audit.keeper import ChainKeeper, KeeperSettings
from adapters.audit.signing_key import Signer
from adapters.audit.verification import IntegrityCheck
from adapters.http.app import create_app
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from services.access import Role
from tests.support.factories import open_case, register
from tests.support.http import Api, build_api
from tests.support.partners import CSW_PRIZREN, partner
from tests.support.prevention import MEDIA, SCHOOL, TODAY, TRAINING, sheet
from tests.support.tamper import raw_store

SHEETS = "/api/v1/prevention/attendance-sheets"


@pytest.fixture
def api(journey: Journey, engine: Engine, clock: ScriptedClock) -> Iterator[Api]:
    clock.set(TODAY)
    with build_api(journey, engine) as built:
        yield built


def test_an_attendance_sheet_over_http_is_recorded_whole_and_only_once(api: Api) -> None:
    partner(api.journey, CSW_PRIZREN)
    csv = sheet([SCHOOL, TRAINING, MEDIA]).decode()
    imported = api.post(Role.PREVENTION_OFFICER, SHEETS, {"name": "may.csv", "csv": csv})
    assert imported.status_code == 201, imported.text
    assert imported.json()["activities"] == 3
    again = api.post(Role.PREVENTION_OFFICER, SHEETS, {"name": "may.csv", "csv": csv})
    assert again.status_code == 409
    assert "may.csv was imported already" in again.json()["detail"]


def test_a_sheet_with_bad_lines_is_answered_line_by_line_and_records_nothing(api: Api) -> None:
    partner(api.journey, CSW_PRIZREN)
    before = api.head
    rows = [{**SCHOOL, "held_on": "2026-13-40"}, TRAINING, {**MEDIA, "held_on": "yesterday"}]
    csv = sheet(rows).decode()
    refused = api.post(Role.PREVENTION_OFFICER, SHEETS, {"name": "june.csv", "csv": csv})
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["type"] == "/problems/sheet-rejected"
    assert problem["detail"] == "june.csv: 2 bad line(s); nothing was recorded"
    assert [(e["line"], e["column"]) for e in problem["errors"]] == [(2, "held_on"), (4, "held_on")]
    assert api.head == before


def test_a_case_id_by_its_number_and_nothing_else(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))
    number = api.journey.queries.case(case_id).case_number
    found = api.get(Role.SHELTER_STAFF, f"/api/v1/cases/{number}/id")
    assert found.json() == {"case_id": str(case_id), "case_number": number}
    missing = api.get(Role.SHELTER_STAFF, f"/api/v1/cases/PVPT-C-{date.today().year}-9999/id")
    assert missing.status_code == 404
    assert f"PVPT-C-{date.today().year}-9999" in missing.json()["detail"]


@pytest.fixture
def chained(journey: Journey, database_url: str) -> Iterator[tuple[IntegrityCheck, int]]:
    """Ten people registered, their events chained and signed; the check and the head."""
    for _ in range(10):
        register(journey)
    engine = store_engine(database_url)
    signer = Signer(Ed25519PrivateKey.generate())
    keeper = ChainKeeper(journey.app.recorder, ChainStore(engine), signer, KeeperSettings(every=4))
    keeper.catch_up(checkpoint_now=True)
    yield IntegrityCheck(engine, [signer.verifier]), journey.app.recorder.max_notification_id() or 0
    engine.dispose()


def test_the_auditor_verifies_the_history_and_sees_a_changed_byte_named(
    journey: Journey, engine: Engine, database_url: str, chained: tuple[IntegrityCheck, int]
) -> None:
    check, head = chained
    accounts = Accounts(engine)
    auditor, worker = (
        accounts.add("auditor.one", Role.AUDITOR),
        accounts.add("w.one", Role.CASEWORKER),
    )
    with TestClient(create_app(journey, engine, accounts, integrity=check)) as client:
        verify = "/api/v1/audit/verification"
        report = client.post(verify, headers={"Authorization": f"Bearer {auditor}"}).json()
        assert (report["intact"], report["events_checked"], report["unchained"]) == (True, head, 0)
        assert report["checkpoints_checked"] >= head // 4
        refused = client.post(verify, headers={"Authorization": f"Bearer {worker}"})
        assert refused.status_code == 403
        with raw_store(database_url) as raw:
            raw.flip_byte(5)
        broken = client.post(verify, headers={"Authorization": f"Bearer {auditor}"}).json()
    assert broken["intact"] is False
    assert (broken["first_mismatch"]["first"], broken["first_mismatch"]["last"]) == (5, 5)
