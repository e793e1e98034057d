"""Care plans over HTTP (both databases): created on a case, commands by the case team,
deliveries by clinicians of their own kind only, the record view withheld by role, the
case naming its care plan, and a service refused without the services consent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from domain import classification
from services.access import Role
from services.disclosure import WITHHELD
from tests.support.factories import (
    care_plan_with_services,
    case_in_service_provision,
    open_case,
    register,
)
from tests.support.http import PROBLEM, Api, serving
from tests.support.partners import CSW_PRISHTINE, partner

CARE = "/api/v1/care-plans"
NOTES = "no safe place to sleep since the return"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


@pytest.fixture
def care_plan(api: Api) -> UUID:
    return care_plan_with_services(api.journey, case_in_service_provision(api.journey))


def answer(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_the_view_withholds_the_notes_from_roles_without_personal_data(
    api: Api, care_plan: UUID
) -> None:
    needs = {"domains": [{"domain": "accommodation", "level": "high", "notes": NOTES}]}
    answer(api.post(Role.CASEWORKER, f"{CARE}/{care_plan}/assess-needs", needs))
    shown = answer(api.get(Role.CASEWORKER, f"{CARE}/{care_plan}"))
    assert [a["version"] for a in shown["assessments"]] == [1, 2]
    assert shown["assessments"][1]["domains"][0]["notes"] == NOTES
    assert shown["withheld"] == {}
    audited = answer(api.get(Role.AUDITOR, f"{CARE}/{care_plan}"))
    assert audited["assessments"][1]["domains"][0]["notes"] == WITHHELD
    why = audited["withheld"]["assessments.1.domains.0.notes"]
    assert why == classification.FREE_TEXT.why
    assert audited["services"]["2"]["service"] == "medical"


def test_a_clinician_records_deliveries_of_their_own_kind_only(api: Api, care_plan: UUID) -> None:
    def delivery(number: int) -> dict[str, Any]:
        return {"number": number, "attended": True, "duration_minutes": 30, "delivered_by": "dr"}

    path = f"{CARE}/{care_plan}/record-delivery"
    refused = api.post(Role.CLINICIAN, path, delivery(1))  # housing
    assert (refused.status_code, refused.headers["content-type"]) == (403, PROBLEM)
    answer(api.post(Role.CLINICIAN, path, delivery(2)))  # medical
    answer(api.post(Role.LAWYER, path, delivery(3)))  # legal
    services = answer(api.get(Role.CASE_MANAGER, f"{CARE}/{care_plan}"))["services"]
    assert [len(services[n]["deliveries"]) for n in "123"] == [0, 1, 1]


def test_the_case_names_its_care_plan_and_refuses_a_second(api: Api, care_plan: UUID) -> None:
    viewed = answer(api.get(Role.CASE_MANAGER, f"{CARE}/{care_plan}"))
    case = answer(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{viewed['case_number']}"))
    assert case["care_plan_id"] == str(care_plan)
    assert case["services_consent_withdrawn_on"] is None
    second = answer(api.post(Role.CASE_MANAGER, CARE, {"case_id": case["id"]}), 409)
    assert second["rule"] == "care_plan_exists"


def test_a_service_without_the_services_consent_is_refused_naming_it(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))  # no consent given
    created = answer(api.post(Role.CASE_MANAGER, CARE, {"case_id": str(case_id)}), 201)
    path = f"{CARE}/{created['id']}"
    needs = {"domains": [{"domain": "accommodation", "level": "immediate"}]}
    answer(api.post(Role.CASE_MANAGER, f"{path}/assess-needs", needs))
    service = {
        "service": "housing",
        "provider_kind": "partner",
        "organisation_id": str(partner(api.journey, CSW_PRISHTINE)),
        "responsible": "besa.krasniqi",
        "starts_on": "2026-03-02",
        "due_on": "2026-04-02",
        "domains": ["accommodation"],
    }
    refused = answer(api.post(Role.CASE_MANAGER, f"{path}/plan-service", service), 409)
    assert refused["rule"] == "consent_required"
    assert "services consent" in refused["detail"]
    lawful = {**service, "basis": "vital_interests"}
    answer(api.post(Role.CASE_MANAGER, f"{path}/plan-service", lawful))


def test_every_field_of_the_view_is_described_with_an_example(api: Api) -> None:
    components = api.client.get("/schema/openapi.json").json()["components"]["schemas"]
    properties = components["CarePlanView"]["properties"]
    undescribed = [
        n for n, p in properties.items() if not p.get("description") or "examples" not in p
    ]
    assert undescribed == []
