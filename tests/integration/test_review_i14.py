"""Review of issue 14 (both databases): each test shows a defect found in review and
fails until it is fixed (the review report names the file, line and suggested fix)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain import classification
from domain.day_centre_session import DayCentreSession
from domain.vocab import FacilityKind
from services.access import Role
from services.commands.shelter import RegisterFacility
from tests.support.factories import (
    MANAGER,
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


def test_a_session_title_is_free_text_that_erasure_cannot_reach() -> None:
    """Staff type the title (an individual counselling session with one place is
    titled after its participant); it is shown to every reader and, on a session,
    outlives the participant's erasure."""
    assert classification.EVENTS[DayCentreSession.Scheduled]["title"].identifying
    assert classification.STATES[DayCentreSession]["title"].identifying


def test_a_session_takes_a_bounded_number_of_places(api: Api) -> None:
    """2**63-1 places is accepted, and the capacity read model then stops on the event
    (OverflowError on SQLite; PostgreSQL's INTEGER is smaller still)."""
    centre = RegisterFacility(
        name="Day Centre Prishtina",
        kind=FacilityKind.DAY_REHABILITATION_CENTRE,
        beds=10,
        effective_from=date(2025, 1, 1),
    )
    centre_id = api.journey.bus.execute(None, centre, actor=MANAGER).id
    body = {
        "facility_id": str(centre_id),
        "held_on": today_in_prishtina().isoformat(),
        "activity": "education",
        "title": "Literacy",
        "facilitator": "shelter.staff",
        "places": 2**63 - 1,
    }
    answer = api.post(Role.SHELTER_STAFF, "/api/v1/sessions", body)
    assert refused(answer, 422)["field"] == "places"


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


def test_a_reflection_period_is_not_extended_without_bound(api: Api) -> None:
    """extra_days is at most 365; new_end takes any day, e.g. 73 years on."""
    case = f"/api/v1/cases/{case_in_service_provision(api.journey)}"
    start = {"legal_basis": "kosovo_sop"}
    assert api.post(Role.CASE_MANAGER, f"{case}/start-reflection-period", start).is_success
    extension = {"reason": "Court date moved.", "new_end": "2099-12-01"}
    answer = api.post(Role.CASE_MANAGER, f"{case}/extend-reflection-period", extension)
    assert refused(answer, 422)["field"] == "new_end"


def test_screening_out_ends_the_reflection_period(api: Api) -> None:
    """A case closed at screening still shows its reflection period running (and the
    period's end comes back as due when the case is screened again)."""
    case_id = open_case(api.journey, register(api.journey))
    case = f"/api/v1/cases/{case_id}"
    start = {"legal_basis": "kosovo_sop"}
    assert api.post(Role.CASE_MANAGER, f"{case}/start-reflection-period", start).is_success
    screen_out(api, case_id)
    period = api.get(Role.CASE_MANAGER, case).json()["reflection_period"]
    assert period["running"] is False


def test_a_session_is_held_on_a_plausible_day(api: Api) -> None:
    """A session "on any day" (domain/day_centre_session.py) of 0001-01-01 is accepted;
    the capacity model then recounts every month from 0001-01 on, holding the read
    database's write lock (on SQLite the relay and every other model stop with it)."""
    centre = RegisterFacility(
        name="Day Centre Prishtina",
        kind=FacilityKind.DAY_REHABILITATION_CENTRE,
        beds=10,
        effective_from=date(2025, 1, 1),
    )
    centre_id = api.journey.bus.execute(None, centre, actor=MANAGER).id
    body = {
        "facility_id": str(centre_id),
        "held_on": "0001-01-01",
        "activity": "education",
        "title": "Literacy",
        "facilitator": "shelter.staff",
        "places": 3,
    }
    answer = api.post(Role.SHELTER_STAFF, "/api/v1/sessions", body)
    assert refused(answer, 422)["field"] == "held_on"
