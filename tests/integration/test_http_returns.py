"""Returns over HTTP (both databases): requested on a case by its team, a bad
destination refused naming the field, closure as repatriated refused with the rule
until the hand-over, and the case file showing the return."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from services.access import Role
from tests.integration.test_returns import prepared
from tests.support.factories import case_in_service_provision, today_in_prishtina
from tests.support.http import Api, project_now, serving

RETURNS = "/api/v1/returns"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


def answer(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_a_return_over_http_and_in_the_case_file(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    body = {
        "case_id": str(case_id),
        "direction": "from_kosovo",
        "destination_country": "MD",
        "voluntary": True,
    }
    bad = answer(
        api.post(Role.CASE_MANAGER, RETURNS, {**body, "destination_municipality": "05"}), 422
    )
    assert "destination_municipality" in str(bad)
    return_id = answer(api.post(Role.CASE_MANAGER, RETURNS, body), 201)["id"]
    closure = {"subject": "closure", "closure_reason": "repatriated"}
    refused = api.post(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/request-approval", closure)
    assert answer(refused, 409)["rule"] == "return_not_handed_over"
    prepared(api.journey, return_id, today_in_prishtina())
    answer(api.post(Role.CASE_MANAGER, f"{RETURNS}/{return_id}/confirm-hand-over", {}))
    project_now(api)
    file = answer(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/file"))
    (shown,) = file["returns"]
    assert (shown["id"], shown["status"], shown["destination_country"]) == (
        return_id,
        "handed_over",
        "MD",
    )
    assert shown["documents"] == {"passport": "issued"}
    answer(api.post(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/request-approval", closure))
    one = answer(api.get(Role.CASE_MANAGER, f"{RETURNS}/{return_id}"))
    assert (one["case_id"], one["escort_organisation_id"] is not None) == (str(case_id), True)


def test_a_requested_return_is_due_in_the_due_list(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    body = {
        "case_id": str(case_id),
        "direction": "from_kosovo",
        "destination_country": "UA",
        "voluntary": True,
    }
    answer(api.post(Role.CASE_MANAGER, RETURNS, body), 201)
    project_now(api)
    listed = answer(api.get(Role.CASE_MANAGER, "/api/v1/due", kind="return_risk_assessment"))
    (item,) = listed["items"]
    assert (item["case_id"], item["overdue"]) == (str(case_id), False)
