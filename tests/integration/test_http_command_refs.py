"""Commands and a case's timeline name their record as the record routes do: by a
beneficiary's code, a case's number, or any record's id (services/references.py);
malformed is a 422 naming `ref`, unknown a 404 naming the code. If-Match and
Idempotency-Key work the same, and a code and its id are one request to a key.
On both databases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from adapters.http.idempotency import REPLAYED
from services.access import Role
from tests.support.http import Api, project_now, serving
from tests.support.survivor import Assigned, assigned_survivor

OTHER_WORKER = "other.worker"
NOTE = {"category": "general", "text": "asked about school"}
CONSENT = {"kind": "anonymised_reporting", "given_by": "guardian"}  # she is a minor


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


@pytest.fixture
def records(api: Api) -> Assigned:
    return assigned_survivor(api.journey)


def answered(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_command_names_its_case_by_number_and_its_beneficiary_by_code(
    api: Api, records: Assigned
) -> None:
    typed = records.number.lower()  # as staff may type it
    noted = answered(api.post(Role.CASEWORKER, f"/api/v1/cases/{typed}/add-note", NOTE), 200)
    assert noted["id"] == str(records.case)
    path = f"/api/v1/beneficiaries/{records.code}/give-consent"
    consented = answered(api.post(Role.CASE_MANAGER, path, CONSENT), 200)
    assert consented["id"] == str(records.beneficiary)


def test_a_command_with_a_malformed_or_unknown_reference_is_refused(
    api: Api, records: Assigned
) -> None:
    head = api.head
    case_as_person = f"/api/v1/beneficiaries/{records.number}/give-consent"
    wrong_kind = answered(api.post(Role.CASE_MANAGER, case_as_person, CONSENT), 422)
    assert (wrong_kind["field"], wrong_kind["type"]) == ("ref", "/problems/invalid-input")
    malformed = "/api/v1/cases/not-a-case/add-note"
    assert answered(api.post(Role.CASE_MANAGER, malformed, NOTE), 422)["field"] == "ref"
    never_opened = "/api/v1/cases/PVPT-C-2031-0002/add-note"
    unknown = answered(api.post(Role.CASE_MANAGER, never_opened, NOTE), 404)
    assert "number PVPT-C-2031-0002" in unknown["detail"]
    by_id = f"/api/v1/cases/{UUID(int=7)}/add-note"
    assert answered(api.post(Role.CASE_MANAGER, by_id, NOTE), 404)["type"].endswith("not-found")
    assert api.head == head


def test_if_match_holds_on_a_command_by_number(api: Api, records: Assigned) -> None:
    path = f"/api/v1/cases/{records.number}/add-note"
    version = api.journey.queries.case(records.case).version
    stale = api.post(Role.CASE_MANAGER, path, NOTE, **{"If-Match": f'"{version - 1}"'})
    assert answered(stale, 412)["type"] == "/problems/version-conflict"
    fresh = api.post(Role.CASE_MANAGER, path, NOTE, **{"If-Match": f'"{version}"'})
    assert answered(fresh, 200)["version"] == version + 1


def test_a_number_and_its_id_are_one_request_to_an_idempotency_key(
    api: Api, records: Assigned
) -> None:
    key = {"Idempotency-Key": "note-by-number-1"}
    first = api.post(Role.CASE_MANAGER, f"/api/v1/cases/{records.number}/add-note", NOTE, **key)
    head = api.head
    retry = api.post(Role.CASE_MANAGER, f"/api/v1/cases/{records.case}/add-note", NOTE, **key)
    assert answered(retry, 200) == answered(first, 200)
    assert retry.headers[REPLAYED] == "true"
    assert api.head == head  # applied once
    another = {**NOTE, "text": "another note"}
    other = api.post(Role.CASE_MANAGER, f"/api/v1/cases/{records.case}/add-note", another, **key)
    assert answered(other, 422)["type"] == "/problems/idempotency-key-reused"


def test_the_timeline_is_found_by_number_as_by_id(api: Api, records: Assigned) -> None:
    project_now(api)
    by_id = answered(api.get(Role.CASEWORKER, f"/api/v1/cases/{records.case}/timeline"), 200)
    typed = records.number.lower()
    by_number = answered(api.get(Role.CASEWORKER, f"/api/v1/cases/{typed}/timeline"), 200)
    assert by_number == by_id
    assert by_id["items"]
    api.add_user(OTHER_WORKER, Role.CASEWORKER)
    other = api.get(OTHER_WORKER, f"/api/v1/cases/{records.number}/timeline")
    assert answered(other, 403)["type"] == "/problems/permission-denied"
    unknown = api.get(Role.CASE_MANAGER, "/api/v1/cases/PVPT-C-2031-0002/timeline")
    assert "PVPT-C-2031-0002" in answered(unknown, 404)["detail"]
    malformed = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{records.code}/timeline")
    assert answered(malformed, 422)["field"] == "ref"
