"""The day centre over HTTP after the review of issue 14 (both databases): bounded
places and days, the title kept from readers and refusals, a caseworker's view of a
session scoped to their caseload, the services consent, plain names in a 404, and a
course written up after the enrolment ended."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.case import Case
from domain.vocab import ConsentKind
from services.access import Role
from services.commands.beneficiary import WithdrawConsent
from services.disclosure import WITHHELD
from tests.integration.test_http_day_centre import (
    OTHER_WORKER,
    attend,
    centre,
    consenting_case,
    created,
    enrol,
    ok,
    problem,
    schedule,
)
from tests.support.factories import WORKER, case_in_service_provision, today_in_prishtina
from tests.support.http import Api, serving

SESSIONS = "/api/v1/sessions"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        served.add_user(OTHER_WORKER, Role.CASEWORKER)
        yield served


def session_body(centre_id: UUID, **fields: Any) -> dict[str, Any]:
    return {
        "facility_id": str(centre_id),
        "held_on": today_in_prishtina().isoformat(),
        "activity": "education",
        "title": "Counselling with Teuta Provo",
        "facilitator": "shelter.staff",
        "places": 3,
        **fields,
    }


@pytest.mark.parametrize("places", [0, 201, 2**63 - 1])
def test_a_session_takes_a_bounded_number_of_places(api: Api, places: int) -> None:
    body = session_body(centre(api), places=places)
    answer = api.post(Role.SHELTER_STAFF, SESSIONS, body)
    assert problem(answer, 422)["field"] == "places"


@pytest.mark.parametrize("held_on", ["0001-01-01", "2024-12-31", "9999-12-31"])
def test_a_session_is_held_on_a_plausible_day(api: Api, held_on: str) -> None:
    """Not before the centre's registration (2025-01-01), nor a year ahead."""
    body = session_body(centre(api), held_on=held_on)
    answer = api.post(Role.SHELTER_STAFF, SESSIONS, body)
    assert problem(answer, 422)["field"] == "held_on"


def test_the_title_is_withheld_and_never_in_a_refusal(api: Api) -> None:
    centre_id = centre(api)
    session = created(api.post(Role.SHELTER_STAFF, SESSIONS, session_body(centre_id)))
    shown = ok(api.get(Role.AUDITOR, f"{SESSIONS}/{session}"))
    assert (shown["title"], "title" in shown["withheld"]) == (WITHHELD, True)
    cancel = f"{SESSIONS}/{session}/cancel-session"
    ok(api.post(Role.SHELTER_STAFF, cancel, {}))
    refusal = problem(api.post(Role.SHELTER_STAFF, cancel, {}), 409)
    assert "Teuta" not in refusal["detail"]


def test_a_caseworker_sees_the_attendance_of_their_own_cases_only(api: Api) -> None:
    centre_id = centre(api)
    mine = created(enrol(api, consenting_case(api), centre_id))
    session = schedule(api, centre_id, places=2)
    ok(attend(api, session, mine))
    assert len(ok(api.get(Role.CASEWORKER, f"{SESSIONS}/{session}"))["attendance"]) == 1
    other = ok(api.get(OTHER_WORKER, f"{SESSIONS}/{session}"))
    assert (other["attendance"], "attendance" in other["withheld"]) == ([], True)
    assert len(ok(api.get(Role.CASE_MANAGER, f"{SESSIONS}/{session}"))["attendance"]) == 1


def test_enrolment_needs_the_services_consent(api: Api) -> None:
    answer = enrol(api, case_in_service_provision(api.journey), centre(api))
    assert problem(answer, 409)["rule"] == "consent_required"


def test_withdrawing_the_services_consent_ends_the_enrolments(api: Api) -> None:
    case_id, centre_id = consenting_case(api), centre(api)
    enrolment = created(enrol(api, case_id, centre_id))
    beneficiary = api.journey.app.load(Case, case_id).beneficiary_id
    withdrawal = WithdrawConsent(kind=ConsentKind.SERVICES)
    api.journey.bus.execute(beneficiary, withdrawal, actor=WORKER)
    ended = ok(api.get(Role.CASEWORKER, f"/api/v1/enrolments/{enrolment}"))
    assert (ended["end_reason"], ended["ended_on"]) == (
        "withdrew_consent",
        today_in_prishtina().isoformat(),
    )
    assert api.journey.app.load(Case, case_id).day_centre_enrolments == {}
    again = problem(enrol(api, case_id, centre_id), 409)
    assert again["rule"] == "consent_required"


def test_a_missing_session_or_enrolment_is_named_plainly(api: Api) -> None:
    missing = uuid4()
    session = problem(api.get(Role.CASE_MANAGER, f"{SESSIONS}/{missing}"), 404)
    assert f"no session with id {missing}" in session["detail"]
    body = {"enrolment_id": str(missing), "status": "attended"}
    held = schedule(api, centre(api))
    attended = problem(
        api.post(Role.SHELTER_STAFF, f"{SESSIONS}/{held}/record-attendance", body), 404
    )
    assert f"no day-centre enrolment with id {missing}" in attended["detail"]
    enrolment = problem(api.get(Role.CASE_MANAGER, f"/api/v1/enrolments/{missing}"), 404)
    assert f"no day-centre enrolment with id {missing}" in enrolment["detail"]


def test_a_course_completed_by_the_end_is_written_up_after(api: Api) -> None:
    enrolment = created(enrol(api, consenting_case(api), centre(api)))
    today = today_in_prishtina().isoformat()
    path = f"/api/v1/enrolments/{enrolment}"
    ok(api.post(Role.CASEWORKER, f"{path}/end-enrolment", {"reason": "completed"}))
    course = {"course": "Hairdressing, level 1", "completed_on": today}
    ok(api.post(Role.CASEWORKER, f"{path}/complete-course", course))
    assert ok(api.get(Role.CASEWORKER, path))["courses"][0]["completed_on"] == today
