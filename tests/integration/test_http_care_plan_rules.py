"""The care plan's rules found in review of issue 14, over HTTP (both databases): the
case history holds the care plan, no care-plan work on a closed case, field dates not
before the referral or the service's start, no achievement without an attended
delivery, a lawful basis only for its services, and health notes read by category."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from domain.sensitivity import NEED_NOTES, OUTCOME_NOTE
from services.access import Role
from services.disclosure import WITHHELD
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
NEEDS = {"domains": [{"domain": "accommodation", "level": "high"}]}
HEALTH = "a fracture left untreated"
HOME = "no safe place to sleep"
OUTCOME = "the fracture healed"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


def refused(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def accepted(response: Any) -> dict[str, Any]:
    assert response.is_success, response.text
    body: dict[str, Any] = response.json()
    return body


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
        accepted(api.post(Role.CASE_MANAGER, f"{case}/{step}", body))


def test_the_case_history_holds_its_care_plan(api: Api) -> None:
    """Review item 4: the history export holds every event of the case's records."""
    case_id = case_in_service_provision(api.journey)
    care_plan_with_services(api.journey, case_id)
    history = accepted(api.get(Role.AUDITOR, f"/api/v1/cases/{case_id}/history"))
    care = [e for e in history["events"] if e["record_type"] == "care_plan"]
    kinds = {event["event_type"] for event in care}
    assert {"CarePlan.Started", "CarePlan.NeedsAssessed", "CarePlan.ServicePlanned"} <= kinds


def test_no_care_plan_work_on_a_closed_case(api: Api) -> None:
    """Review item 5: every care-plan command is refused once the case is closed."""
    case_id = open_case(api.journey, register(api.journey))
    plan = accepted(api.post(Role.CASE_MANAGER, CARE, {"case_id": str(case_id)}))["id"]
    accepted(api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/assess-needs", NEEDS))
    screen_out(api, case_id)
    today = today_in_prishtina().isoformat()
    housing = {
        "service": "housing",
        "provider_kind": "pvpt",
        "responsible": WORKER,
        "starts_on": today,
        "due_on": today,
        "domains": ["accommodation"],
    }
    delivery = {"number": 1, "attended": True, "duration_minutes": 30, "delivered_by": WORKER}
    commands = (
        ("assess-needs", NEEDS),
        ("add-care-goal", {"description": "A home.", "domains": ["accommodation"]}),
        ("plan-service", housing),
        ("record-delivery", delivery),
        ("schedule-review", {"due_on": today}),
        ("review-care-plan", {"summary": "Held."}),
    )
    for command, body in commands:
        again = api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/{command}", body)
        assert refused(again, 409)["rule"] == "case_closed", command


def test_a_needs_assessment_is_not_dated_before_the_referral(api: Api) -> None:
    """Review item 6: the case was referred on 2025-01-02."""
    case_id = open_case(api.journey, register(api.journey))
    plan = accepted(api.post(Role.CASE_MANAGER, CARE, {"case_id": str(case_id)}))["id"]
    dated = {**NEEDS, "assessed_on": "1999-01-01"}
    problem = refused(api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/assess-needs", dated), 422)
    assert (problem["field"], problem["rule"]) == ("assessed_on", "date_too_early")
    assert "1999-01-01" in problem["detail"]
    assert "2025-01-02" in problem["detail"]
    review = {"summary": "Held.", "reviewed_on": "2024-12-31"}
    problem = refused(api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/review-care-plan", review), 422)
    assert problem["field"] == "reviewed_on"


def test_a_delivery_is_not_dated_before_its_service_starts(api: Api) -> None:
    """Review item 7: service 1 (housing) starts today."""
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
    """Review item 8."""
    plan = care_plan_with_services(api.journey, case_in_service_provision(api.journey))
    outcome = {"number": 1, "outcome": "achieved"}
    answer = api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/record-service-outcome", outcome)
    assert refused(answer, 409)["rule"] == "never_delivered"


def test_emergency_medical_care_is_no_basis_for_housing(api: Api) -> None:
    """Review item 9: the refusal names `basis` and the services it covers."""
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
    problem = refused(answer, 422)
    assert problem["field"] == "basis"
    assert "medical" in problem["detail"]
    assert "psychological" in problem["detail"]


def test_a_responsible_worker_is_a_staff_user_name(api: Api) -> None:
    """Review item 15: a person's name is refused (it would not be erased)."""
    plan = care_plan_with_services(api.journey, case_in_service_provision(api.journey))
    delivery = {"number": 1, "attended": True, "duration_minutes": 30, "delivered_by": "Teuta P"}
    answer = api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/record-delivery", delivery)
    assert refused(answer, 422)["field"] == "delivered_by"


def test_health_notes_are_read_as_case_notes_of_their_category(api: Api) -> None:
    """Review item 13: notes on physical health and the outcome note of a medical
    service are medical: a clinician reads them, a lawyer and a caseworker do not; the
    note on accommodation is free text every role with personal data reads."""
    plan = care_plan_with_services(api.journey, case_in_service_provision(api.journey))
    domains = [
        {"domain": "physical_health", "level": "high", "notes": HEALTH},
        {"domain": "accommodation", "level": "high", "notes": HOME},
    ]
    accepted(api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/assess-needs", {"domains": domains}))
    delivery = {"number": 2, "attended": True, "duration_minutes": 30, "delivered_by": WORKER}
    accepted(api.post(Role.CLINICIAN, f"{CARE}/{plan}/record-delivery", delivery))
    outcome = {"number": 2, "outcome": "achieved", "note": OUTCOME}
    accepted(api.post(Role.CASE_MANAGER, f"{CARE}/{plan}/record-service-outcome", outcome))
    health, home = "assessments.1.domains.0.notes", "assessments.1.domains.1.notes"
    for role, reads in ((Role.CLINICIAN, True), (Role.LAWYER, False), (Role.CASEWORKER, False)):
        view = accepted(api.get(role, f"{CARE}/{plan}"))
        notes = [d["notes"] for d in view["assessments"][1]["domains"]]
        assert notes == [HEALTH if reads else WITHHELD, HOME], role
        assert view["services"]["2"]["outcome_note"] == (OUTCOME if reads else WITHHELD), role
        if not reads:
            assert view["withheld"][health] == NEED_NOTES.why
            assert view["withheld"]["services.2.outcome_note"] == OUTCOME_NOTE.why
        assert home not in view["withheld"]
