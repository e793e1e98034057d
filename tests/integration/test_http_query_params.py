"""A query parameter a route does not take is refused, not ignored
(adapters/http/query_params.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.access import Role
from tests.support.factories import case_in_service_provision
from tests.support.http import PROBLEM, Api, serving


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def test_a_misspelt_filter_is_422_naming_it_and_listing_what_the_route_takes(api: Api) -> None:
    answer = api.get(Role.CASE_MANAGER, "/api/v1/cases", risk="high")
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    assert problem["type"].endswith("/invalid-request")
    assert problem["field"] == "risk"
    assert "takes no query parameter 'risk'" in problem["detail"]
    assert "risk_level" in problem["detail"]


def test_a_parameter_given_twice_is_422(api: Api) -> None:
    answer = api.client.get(
        "/api/v1/cases?stage=intake&stage=screening", headers=api.auth(Role.CASE_MANAGER)
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == "stage"
    assert "given 2 times" in answer.json()["detail"]


def test_declared_parameters_of_the_route_and_its_paging_pass(api: Api) -> None:
    case = case_in_service_provision(api.journey)
    notes = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case}/notes", limit="5")
    assert notes.status_code == 200, notes.text
    record = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case}", version="1")
    assert record.status_code == 200, record.text
    refused = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case}/notes", sort="-number")
    assert refused.status_code == 422
    assert refused.json()["field"] == "sort"


def test_a_parameter_named_apart_from_its_argument_is_taken_by_its_name(api: Api) -> None:
    """`?from=` (the argument is `from_`, a Python keyword otherwise) is taken; `from_` is not."""
    days = {"from": "2026-01-01", "to": "2026-01-02"}
    assert api.get(Role.ANALYST, "/api/v1/capacity/daily", **days).status_code != 422
    refused = api.get(Role.ANALYST, "/api/v1/capacity/daily", from_="2026-01-01")
    assert refused.status_code == 422
    assert refused.json()["field"] == "from_"


def test_headers_are_no_query_parameters(api: Api) -> None:
    case = case_in_service_provision(api.journey)
    answer = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case}", **{"If-None-Match": "x"})
    assert answer.status_code == 422
    assert answer.json()["field"] == "If-None-Match"
