"""HTTP caching on each database (adapters/http/caching.py): ETag and If-None-Match on
records and lists, never a 304 across roles whose bodies differ, If-Match with a
record's ETag, and Cache-Control by route."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.http.caching import PRIVATE_ROUTES
from services.access import Role
from tests.support.casework import admit
from tests.support.factories import case_in_service_provision, facility, open_case, register
from tests.support.http import Api, project_now, serving

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def again(api: Api, who: Role, path: str, etag: str) -> int:
    """The status of the same GET, sent with If-None-Match: `etag`."""
    headers = {**api.auth(who), "If-None-Match": etag}
    return api.client.get(path, headers=headers).status_code


def test_a_record_unchanged_is_304_with_no_body_and_the_same_headers(api: Api) -> None:
    path = f"/api/v1/beneficiaries/{register(api.journey)}"
    first = api.get(Role.CASE_MANAGER, path)
    etag = first.headers["ETag"]
    assert etag.startswith('"1-')
    headers = {**api.auth(Role.CASE_MANAGER), "If-None-Match": f'W/"x", {etag}'}
    unchanged = api.client.get(path, headers=headers)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["ETag"] == etag
    assert unchanged.headers["Cache-Control"] == first.headers["Cache-Control"] == "no-store"
    assert "Authorization" in unchanged.headers["Vary"]
    assert again(api, Role.CASE_MANAGER, path, "*") == 304
    assert again(api, Role.CASE_MANAGER, path, '"1"') == 200


def test_no_304_across_roles_whose_bodies_differ(api: Api) -> None:
    """The case manager sees the person's name, the auditor does not: one version,
    two bodies, two ETags."""
    path = f"/api/v1/beneficiaries/{register(api.journey)}"
    manager = api.get(Role.CASE_MANAGER, path)
    auditor = api.get(Role.AUDITOR, path)
    assert manager.content != auditor.content
    assert manager.headers["ETag"] != auditor.headers["ETag"]
    assert again(api, Role.AUDITOR, path, manager.headers["ETag"]) == 200
    assert again(api, Role.CASE_MANAGER, path, auditor.headers["ETag"]) == 200
    assert again(api, Role.AUDITOR, path, auditor.headers["ETag"]) == 304


def test_roles_that_get_the_same_body_share_its_etag(api: Api) -> None:
    path = f"/api/v1/facilities/{facility(api.journey)}"
    admin, manager = api.get(Role.ADMIN, path), api.get(Role.CASE_MANAGER, path)
    assert admin.content == manager.content
    assert admin.headers["ETag"] == manager.headers["ETag"]


def test_a_facility_lists_who_stays_there_so_nothing_keeps_it(api: Api) -> None:
    shelter = facility(api.journey)
    stay = admit(api.journey, case_in_service_provision(api.journey), shelter)
    answer = api.get(Role.SHELTER_STAFF, f"/api/v1/facilities/{shelter}")
    assert answer.status_code == 200, answer.text
    assert str(stay) in answer.json()["residents"]
    assert answer.headers["Cache-Control"] == "no-store"


def test_a_change_gives_a_new_etag_and_if_match_takes_the_records(api: Api) -> None:
    path = f"/api/v1/facilities/{facility(api.journey)}"
    etag = api.get(Role.ADMIN, path).headers["ETag"]
    change = {"beds": 7, "effective_from": "2025-06-01"}
    changed = api.post(Role.ADMIN, f"{path}/change-capacity", change, **{"If-Match": etag})
    assert changed.status_code == 200, changed.text
    assert again(api, Role.ADMIN, path, etag) == 200
    stale = api.post(Role.ADMIN, f"{path}/change-capacity", change, **{"If-Match": etag})
    assert stale.status_code == 412
    forged = api.post(Role.ADMIN, f"{path}/change-capacity", change, **{"If-Match": '"2-zz"'})
    assert forged.status_code == 400


def test_a_list_page_is_304_until_the_list_changes(api: Api) -> None:
    open_case(api.journey, register(api.journey))
    project_now(api)
    first = api.get(Role.CASE_MANAGER, "/api/v1/cases")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-store"
    assert again(api, Role.CASE_MANAGER, "/api/v1/cases", etag) == 304
    open_case(api.journey, register(api.journey, given_name="Besa"))
    project_now(api)
    assert again(api, Role.CASE_MANAGER, "/api/v1/cases", etag) == 200


def test_aggregates_are_private_and_errors_no_store(api: Api) -> None:
    facility(api.journey)
    project_now(api)
    capacity = api.get(Role.ADMIN, "/api/v1/capacity")
    assert capacity.status_code == 200
    assert capacity.headers["Cache-Control"] == "private"
    assert capacity.headers["ETag"]
    denied = api.get(Role.ANALYST, f"/api/v1/beneficiaries/{register(api.journey)}")
    assert denied.status_code == 403
    assert denied.headers["Cache-Control"] == "no-store"
    assert "ETag" not in denied.headers
    assert api.client.get("/health/live").headers["Cache-Control"] == "private"


def test_every_private_route_is_a_route_of_the_app(api: Api) -> None:
    """The table cannot name a route that does not exist (a renamed route would fall
    back on no-store, silently)."""
    routes = {route.path_format for route in api.app.routes}
    assert set(PRIVATE_ROUTES) <= routes
    caching = DOCS.read_text().split("## Caching")[1].split("\n## ")[0]
    assert all(f"`{route}`" in caching for route in PRIVATE_ROUTES)


def test_the_case_files_etag_is_the_cases_version_and_a_command_takes_it(api: Api) -> None:
    case = open_case(api.journey, register(api.journey))
    project_now(api)
    opened = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case}/file")
    assert opened.status_code == 200, opened.text
    etag = opened.headers["ETag"]
    assert etag.startswith(f'"{opened.json()["case"]["version"]}-')
    note = {"category": "general", "text": "She came back to the day centre"}
    added = api.post(
        Role.CASE_MANAGER, f"/api/v1/cases/{case}/add-note", note, **{"If-Match": etag}
    )
    assert added.status_code == 200, added.text
    stale = api.post(
        Role.CASE_MANAGER, f"/api/v1/cases/{case}/add-note", note, **{"If-Match": etag}
    )
    assert stale.status_code == 412, stale.text
