"""The day rehabilitation centre over HTTP: enrolment, sessions, attendance, the record
views, the refusal of shelter admissions into a day centre, and erasure of enrolments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.classification import FREE_TEXT
from domain.values import ERASED
from domain.vocab import ErasureBasis, FacilityKind
from services.access import Role
from services.commands.beneficiary import ErasePersonalData
from services.commands.shelter import AdmitToShelter, RegisterFacility
from services.disclosure import WITHHELD
from services.erasure import records_of
from tests.support.factories import (
    MANAGER,
    case_in_service_provision,
    consent_to_services,
    today_in_prishtina,
)
from tests.support.http import PROBLEM, Api, project_now, serving

OTHER_WORKER = "other.worker"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        served.add_user(OTHER_WORKER, Role.CASEWORKER)
        yield served


def created(response: Any) -> UUID:
    assert response.status_code == 201, response.text
    return UUID(response.json()["id"])


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    return body


def consenting_case(api: Api) -> UUID:
    """A case in service provision whose beneficiary consents to services (the day
    centre is a service)."""
    case_id = case_in_service_provision(api.journey)
    consent_to_services(api.journey, api.journey.app.load(Case, case_id).beneficiary_id)
    return case_id


def centre(api: Api) -> UUID:
    command = RegisterFacility(
        name="Day Centre Prishtina",
        kind=FacilityKind.DAY_REHABILITATION_CENTRE,
        beds=10,
        effective_from=date(2025, 1, 1),
    )
    return api.journey.bus.execute(None, command, actor=MANAGER).id


def enrol(api: Api, case_id: UUID, centre_id: UUID, who: Role | str = Role.CASEWORKER) -> Any:
    body = {
        "case_id": str(case_id),
        "facility_id": str(centre_id),
        "reason": "Vocational training agreed with Drita.",
    }
    return api.post(who, "/api/v1/enrolments", body)


def schedule(api: Api, centre_id: UUID, places: int = 1) -> UUID:
    body = {
        "facility_id": str(centre_id),
        "held_on": today_in_prishtina().isoformat(),
        "activity": "vocational_course",
        "title": "Hairdressing, week 1",
        "facilitator": "shelter.staff",
        "places": places,
    }
    return created(api.post(Role.SHELTER_STAFF, "/api/v1/sessions", body))


def attend(api: Api, session: UUID, enrolment: UUID, status: str = "attended") -> Any:
    body = {"enrolment_id": str(enrolment), "status": status}
    return api.post(Role.SHELTER_STAFF, f"/api/v1/sessions/{session}/record-attendance", body)


def test_enrol_attend_complete_and_end(api: Api) -> None:
    case_id, centre_id = consenting_case(api), centre(api)
    enrolment = created(enrol(api, case_id, centre_id))
    assert problem(enrol(api, case_id, centre_id), 409)["rule"] == "already_enrolled"
    session = schedule(api, centre_id, places=1)
    ok(attend(api, session, enrolment))
    assert problem(attend(api, session, enrolment), 409)["rule"] == "attendance_recorded"
    viewed = ok(api.get(Role.SHELTER_STAFF, f"/api/v1/sessions/{session}"))
    assert viewed["attendance"] == [
        {"enrolment_id": str(enrolment), "case_id": str(case_id), "status": "attended"}
    ]
    course = {"course": "Hairdressing, level 1"}
    ok(api.post(Role.CASEWORKER, f"/api/v1/enrolments/{enrolment}/complete-course", course))
    end = {"reason": "completed"}
    ok(api.post(Role.CASEWORKER, f"/api/v1/enrolments/{enrolment}/end-enrolment", end))
    mine = ok(api.get(Role.CASEWORKER, f"/api/v1/enrolments/{enrolment}"))
    assert (mine["end_reason"], mine["courses"][0]["course"]) == ("completed", course["course"])
    again = created(enrol(api, case_id, centre_id))
    assert again != enrolment


def test_places_are_never_exceeded_and_a_session_held_is_not_cancelled(api: Api) -> None:
    centre_id = centre(api)
    first, second = (
        created(enrol(api, consenting_case(api), centre_id, Role.CASE_MANAGER)) for _ in range(2)
    )
    session = schedule(api, centre_id, places=1)
    ok(attend(api, session, first, "absent"))
    assert problem(attend(api, session, second), 409)["rule"] == "places_full"
    cancel = api.post(Role.SHELTER_STAFF, f"/api/v1/sessions/{session}/cancel-session", {})
    assert problem(cancel, 409)["rule"] == "attendance_recorded"
    empty = schedule(api, centre_id)
    ok(api.post(Role.SHELTER_STAFF, f"/api/v1/sessions/{empty}/cancel-session", {}))


def test_a_day_centre_takes_no_shelter_admission(api: Api) -> None:
    case_id, centre_id = consenting_case(api), centre(api)
    body = {"case_id": str(case_id), "facility_id": str(centre_id)}
    assert problem(api.post(Role.CASEWORKER, "/api/v1/stays", body), 409)["rule"] == (
        "not_a_shelter"
    )
    assert AdmitToShelter(case_id=case_id, facility_id=centre_id).admitted_on is None


def test_an_enrolment_is_withheld_and_scoped_like_the_case(api: Api) -> None:
    case_id, centre_id = consenting_case(api), centre(api)
    enrolment = created(enrol(api, case_id, centre_id))
    shown = ok(api.get(Role.SHELTER_STAFF, f"/api/v1/enrolments/{enrolment}"))
    assert (shown["reason"], shown["withheld"]["reason"]) == (WITHHELD, FREE_TEXT.why)
    problem(api.get(OTHER_WORKER, f"/api/v1/enrolments/{enrolment}"), 403)
    end = {"reason": "left"}
    problem(api.post(OTHER_WORKER, f"/api/v1/enrolments/{enrolment}/end-enrolment", end), 403)
    problem(_attend_as(api, schedule(api, centre_id), enrolment), 403)


def _attend_as(api: Api, session: UUID, enrolment: UUID) -> Any:
    body = {"enrolment_id": str(enrolment), "status": "attended"}
    return api.post(OTHER_WORKER, f"/api/v1/sessions/{session}/record-attendance", body)


def test_erasure_shreds_the_enrolments(api: Api) -> None:
    case_id, centre_id = consenting_case(api), centre(api)
    enrolment = created(enrol(api, case_id, centre_id))
    course = {"course": "Tailoring with Drita"}
    ok(api.post(Role.CASEWORKER, f"/api/v1/enrolments/{enrolment}/complete-course", course))
    case = api.journey.app.load(Case, case_id)
    beneficiary = api.journey.app.load(Beneficiary, case.beneficiary_id)
    assert enrolment in records_of(api.journey.app, beneficiary)
    erasure = ErasePersonalData(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-014")
    api.journey.bus.execute(beneficiary.id, erasure, actor=MANAGER)
    shown = ok(api.get(Role.CASE_MANAGER, f"/api/v1/enrolments/{enrolment}"))
    assert (shown["reason"], shown["courses"][0]["course"]) == (ERASED, ERASED)


def test_attendance_waits_for_the_session_day(api: Api) -> None:
    case_id, centre_id = consenting_case(api), centre(api)
    enrolment = created(enrol(api, case_id, centre_id))
    body = {
        "facility_id": str(centre_id),
        "held_on": (today_in_prishtina() + timedelta(days=7)).isoformat(),
        "activity": "life_skills",
        "title": "Budgeting",
        "facilitator": "shelter.staff",
        "places": 5,
    }
    later = created(api.post(Role.SHELTER_STAFF, "/api/v1/sessions", body))
    assert problem(attend(api, later, enrolment), 409)["rule"] == "session_not_held"


def test_the_read_models_list_sessions_months_enrolments_and_outcomes(api: Api) -> None:
    case_id, centre_id = consenting_case(api), centre(api)
    enrolment = created(enrol(api, case_id, centre_id))
    session = schedule(api, centre_id, places=3)
    ok(attend(api, session, enrolment))
    project_now(api)
    sessions = ok(api.get(Role.ANALYST, "/api/v1/capacity/day-centre/sessions"))["items"]
    assert [(s["places"], s["attended"], s["places_free"]) for s in sessions] == [(3, 1, 2)]
    (month,) = ok(api.get(Role.SHELTER_STAFF, "/api/v1/capacity/day-centre/months"))["items"]
    assert (month["enrolled"], month["started"], month["attended"]) == (1, 1, 1)
    listed = ok(api.get(Role.CASEWORKER, "/api/v1/enrolments", active="true"))["items"]
    assert [e["enrolment_id"] for e in listed] == [str(enrolment)]
    assert ok(api.get(OTHER_WORKER, "/api/v1/enrolments"))["items"] == []
    (outcome,) = ok(api.get(Role.ANALYST, "/api/v1/outcomes/day-centre"))["items"]
    assert (outcome["attended"], outcome["attendance_rate"]) == (1, 1.0)
    (by_centre,) = ok(api.get(Role.CASE_MANAGER, "/api/v1/outcomes/day-centre/by-centre"))["items"]
    assert (by_centre["enrolments"], by_centre["active"]) == (1, 1)
    file = ok(api.get(Role.CASEWORKER, f"/api/v1/cases/{case_id}/file"))
    assert [e["enrolment_id"] for e in file["enrolments"]] == [str(enrolment)]
    assert file["related_complete"] is True


def test_the_case_history_holds_the_enrolment_withheld_by_role(api: Api) -> None:
    case_id, centre_id = consenting_case(api), centre(api)
    enrolment = created(enrol(api, case_id, centre_id))
    history = ok(api.get(Role.AUDITOR, f"/api/v1/cases/{case_id}/history"))
    (enrolled,) = [e for e in history["events"] if e["record_id"] == str(enrolment)]
    assert enrolled["data"]["reason"] == WITHHELD
