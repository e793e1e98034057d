"""Review of issue 14 (both databases): each test shows a defect found in review and
fails until it is fixed (the review report names the file, line and suggested fix)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.values import PersonalData
from domain.vocab import Gender, TraffickingScope
from services.access import Role
from services.commands.beneficiary import RegisterBeneficiary
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


def child_turning_18_on(api: Api, adult_on: date) -> UUID:
    command = RegisterBeneficiary(
        personal=PersonalData("Blerta", "Gashi", adult_on.replace(year=adult_on.year - 18)),
        gender=Gender.FEMININE,
        age_at_identification=17,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
    return api.journey.bus.execute(None, command, actor=WORKER).id


def test_an_auditor_cannot_date_the_18th_birthday_through_as_of(api: Api) -> None:
    """The birth date and `child.adult_on` are withheld from auditors, yet `minor_today`
    is computed for the `as_of` day, which may lie in the future: the day it flips is
    the 18th birthday, so the birth date is found by bisection."""
    adult_on = today_in_prishtina() + timedelta(days=40)
    adult_on = adult_on.replace(day=min(adult_on.day, 28))
    person = child_turning_18_on(api, adult_on)
    path = f"/api/v1/beneficiaries/{person}"
    assert api.get(Role.AUDITOR, path).json()["withheld"]["child.adult_on"]

    def minor_on(day: date) -> object:
        moment = datetime.combine(day, time(12), tzinfo=UTC).isoformat()
        answer = api.get(Role.AUDITOR, path, as_of=moment)
        return answer.json()["child"]["minor_today"] if answer.is_success else None

    day_before, birthday = minor_on(adult_on - timedelta(days=1)), minor_on(adult_on)
    assert (day_before, birthday) != (True, False), "as_of dates the birth date exactly"


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
