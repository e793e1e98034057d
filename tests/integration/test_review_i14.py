"""Review of issue 14 (both databases): each test shows a defect found in review and
fails until it is fixed (the review report names the file, line and suggested fix)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain import classification
from domain.day_centre_session import DayCentreSession
from domain.values import PersonalData
from domain.vocab import FacilityKind, Gender, TraffickingScope
from services.access import Role
from services.commands.beneficiary import RegisterBeneficiary
from services.commands.shelter import RegisterFacility
from tests.support.factories import (
    MANAGER,
    WORKER,
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
