"""Review of issue 14 (both databases): each test shows a defect found in review and
fails until it is fixed (the review report names the file, line and suggested fix)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from services.access import Role
from tests.support.factories import (
    WORKER,
    care_plan_with_services,
    case_in_service_provision,
    open_case,
    register,
    today_in_prishtina,
)
from tests.support.http import Api, serving

CARE = "/api/v1/care-plans"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


def refused(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_case_history_holds_its_care_plan(api: Api) -> None:
    """The history export says it holds every event of the case's records; the care
    plan's (needs, services, deliveries, reviews) are missing."""
    case_id = case_in_service_provision(api.journey)
    care_plan_with_services(api.journey, case_id)
    history = api.get(Role.AUDITOR, f"/api/v1/cases/{case_id}/history").json()
    kinds = {event["event_type"].split(".")[0] for event in history["events"]}
    assert "CarePlan" in kinds


def screen_out(api: Api, case_id: UUID) -> None:
    """Assigned, risk assessed, screened and screened out (the case closes)."""
    case = f"/api/v1/cases/{case_id}"
    out = {"outcome": "declined", "rationale": "Declined.", "no_referral_reason": "Declined."}
    steps: tuple[tuple[str, dict[str, Any]], ...] = (
        ("assign-caseworker", {"caseworker": WORKER}),
        ("assess-risk", {"level": "low"}),
        ("start-screening", {}),
        ("screen-out", out),
    )
    for step, body in steps:
        answer = api.post(Role.CASE_MANAGER, f"{case}/{step}", body)
        assert answer.is_success, answer.text


def test_no_care_plan_work_on_a_closed_case(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))
    plan = api.post(Role.CASE_MANAGER, CARE, {"case_id": str(case_id)}).json()["id"]
    needs = {"domains": [{"domain": "accommodation", "level": "high"}]}
    assert api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/assess-needs", needs).is_success
    screen_out(api, case_id)
    again = api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/assess-needs", needs)
    assert refused(again, 409)["rule"] == "case_closed"


def test_a_needs_assessment_is_not_dated_before_the_referral(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))  # referred on 2025-01-02
    plan = api.post(Role.CASE_MANAGER, CARE, {"case_id": str(case_id)}).json()["id"]
    needs = {"domains": [{"domain": "accommodation", "level": "high"}]}
    dated = {**needs, "assessed_on": "1999-01-01"}
    answer = api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/assess-needs", dated)
    assert refused(answer, 422)["field"] == "assessed_on"


def test_a_delivery_is_not_dated_before_its_service_starts(api: Api) -> None:
    """Service 1 (housing) starts today; a delivery on 2025-01-03 is accepted."""
    plan = care_plan_with_services(api.journey, case_in_service_provision(api.journey))
    delivery = {
        "number": 1,
        "attended": True,
        "duration_minutes": 30,
        "delivered_by": WORKER,
        "delivered_on": "2025-01-03",
    }
    answer = api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/record-delivery", delivery)
    assert refused(answer, 422)["field"] == "delivered_on"


def test_a_service_never_delivered_is_not_achieved(api: Api) -> None:
    plan = care_plan_with_services(api.journey, case_in_service_provision(api.journey))
    outcome = {"number": 1, "outcome": "achieved"}
    answer = api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/record-service-outcome", outcome)
    assert refused(answer, 409)["rule"]


def test_emergency_medical_care_is_no_basis_for_housing(api: Api) -> None:
    plan = care_plan_with_services(api.journey, case_in_service_provision(api.journey))
    today = today_in_prishtina().isoformat()
    housing = {
        "service": "housing",
        "provider_kind": "pvpt",
        "responsible": WORKER,
        "starts_on": today,
        "due_on": today,
        "domains": ["accommodation"],
        "basis": "emergency_medical_care",
    }
    answer = api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/plan-service", housing)
    assert refused(answer, 422)["field"] == "basis"
