"""Retention over HTTP (both databases): the batch's commands for administrators only,
four eyes, the batch as it stands, the due list's `retention_end` and the report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.store.read_database import read_engine
from domain.beneficiary import Beneficiary
from services.access import Role
from tests.integration.test_http_organisations import ok, problem
from tests.integration.test_retention import closed_in_2019
from tests.support.http import Api, build_api, project_now

BATCHES = "/api/v1/retention/batches"
OTHER_ADMIN = "vjosa.kelmendi"


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(datetime(2019, 3, 4, 9, 0, tzinfo=UTC))


@pytest.fixture
def api(database_url: str, read_url: str, clock: ScriptedClock) -> Iterator[Api]:
    journey = build(database_url, clock)
    engine = read_engine(read_url)
    try:
        with build_api(journey, engine) as built:
            built.add_user(OTHER_ADMIN, Role.ADMIN)
            yield built
    finally:
        journey.close()
        engine.dispose()


def test_two_administrators_erase_a_batch_and_the_report_says_so(
    api: Api, clock: ScriptedClock
) -> None:
    beneficiary_id, case_id = closed_in_2019(api.journey, clock)
    code = api.journey.app.load(Beneficiary, beneficiary_id).code
    clock.advance(days=365 * 7)
    project_now(api, "due")
    due = ok(api.get(Role.ADMIN, "/api/v1/due", kind="retention_end"))
    assert [(i["beneficiary_code"], i["source"]) for i in due["items"]] == [
        (code, "retention after_closure")
    ]

    assert problem(api.post(Role.CASE_MANAGER, BATCHES, {"beneficiaries": [code]}), 403)
    created = api.post(Role.ADMIN, BATCHES, {"beneficiaries": [code]})
    batch = ok(created, 201)["id"]
    assert created.headers["location"] == f"{BATCHES}/{batch}"
    refused = problem(api.post(Role.ADMIN, f"{BATCHES}/{batch}/approval", {}), 409)
    assert refused["rule"] == "four_eyes"
    ok(api.post(OTHER_ADMIN, f"{BATCHES}/{batch}/approval", {"comment": "Checked."}))
    shown = ok(api.get(Role.AUDITOR, f"{BATCHES}/{batch}"))
    assert (shown["status"], shown["decided_by"]) == ("approved", OTHER_ADMIN)
    assert shown["candidates"][0]["beneficiary_code"] == code
    assert shown["candidates"][0]["rule"] == "after_closure"
    ok(api.post(Role.ADMIN, f"{BATCHES}/{batch}/execution", {}))
    again = problem(api.post(Role.ADMIN, f"{BATCHES}/{batch}/execution", {}), 409)
    assert again["rule"] == "batch_executed"

    project_now(api, "due", "retention")
    assert ok(api.get(Role.ADMIN, "/api/v1/due", kind="retention_end"))["items"] == []
    report = ok(api.get(Role.CASE_MANAGER, "/api/v1/retention/report"))
    assert report["by_closure_year"] == [{"closure_year": 2019, "erased": 1}]
    [row] = report["batches"]
    assert (row["proposed_by"], row["decided_by"], row["erased"]) == (
        "admin.pvpt",
        OTHER_ADMIN,
        1,
    )
    assert code not in str(report)
    assert problem(api.get(Role.CASEWORKER, "/api/v1/retention/report"), 403)
    assert str(case_id) not in str(report)


def test_a_proposal_naming_someone_not_due_is_refused_naming_them(
    api: Api, clock: ScriptedClock
) -> None:
    beneficiary_id, _ = closed_in_2019(api.journey, clock, age=15)  # kept until 2028
    code = api.journey.app.load(Beneficiary, beneficiary_id).code
    clock.advance(days=365 * 7)
    refused = problem(api.post(Role.ADMIN, BATCHES, {"beneficiaries": [code]}), 409)
    assert refused["rule"] == "retention_not_ended"
    assert f"{code}: retention ends on 2028-01-01 (after_majority)" in refused["detail"]
    malformed = problem(api.post(Role.ADMIN, BATCHES, {"beneficiaries": ["Mirlinda"]}), 422)
    assert "beneficiaries[0]" in str(malformed)
