"""Children over HTTP (both databases): an age estimate, a guardian appointed by a Centre
for Social Work, a best-interests assessment before a child's admission, and the views
that show them, withheld by role."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

import pytest

from adapters.run.demo import START
from domain.beneficiary import Beneficiary
from domain.checks.field_dates import add_months
from domain.values import PersonalData
from domain.vocab import Gender, TraffickingScope
from services.access import Role
from services.child_views import FROM_BIRTH_DATE
from services.commands.beneficiary import RegisterBeneficiary
from services.views import beneficiary_view, case_view
from tests.support.factories import WORKER, facility, open_case, today_in_prishtina
from tests.support.http import PROBLEM, Api, project_now, serving
from tests.support.raw import found, raw_contents

RECOMMENDATION = "Shelter in Prizren; the aunt Valbona Hoxha cannot host her yet."


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def born_on(api: Api) -> date:
    today = api.journey.bus.clock().date()
    return add_months(today, -15 * 12) - timedelta(days=30)


def child(api: Api) -> UUID:
    born = born_on(api)
    command = RegisterBeneficiary(
        personal=PersonalData("Blerta", "Gashi", born),
        gender=Gender.FEMININE,
        age_at_identification=15,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
    return api.journey.bus.execute(None, command, actor=WORKER).id


def test_a_child_is_assessed_then_admitted(api: Api) -> None:
    person = child(api)
    case = open_case(api.journey, person)
    base = f"/api/v1/cases/{case}"
    assert api.post(Role.CASE_MANAGER, f"{base}/assess-risk", {"level": "low"}).status_code == 200
    admission = {"case_id": str(case), "facility_id": str(facility(api.journey))}
    refused = api.post(Role.CASE_MANAGER, "/api/v1/stays", admission)
    assert (refused.status_code, refused.headers["content-type"]) == (409, PROBLEM)
    assert refused.json()["rule"] == "best_interests_required"
    assessment = {
        "decision": "placement",
        "recommendation": RECOMMENDATION,
        "child_heard": True,
        "participants": ["child", "guardian", "centre_for_social_work"],
    }
    assert api.post(Role.CASE_MANAGER, f"{base}/assess-best-interests", assessment).is_success
    assert api.post(Role.CASE_MANAGER, "/api/v1/stays", admission).status_code == 201

    seen = api.get(Role.CASE_MANAGER, base).json()
    assert seen["best_interests"][0]["recommendation"] == RECOMMENDATION
    assert seen["child"]["minor_today"] is True
    audited = api.get(Role.AUDITOR, base)
    assert audited.json()["best_interests"][0]["recommendation"] == "withheld"
    assert "Valbona" not in audited.text


def test_an_age_estimate_and_a_guardian_appointment_show_on_the_beneficiary(api: Api) -> None:
    person = child(api)
    base = f"/api/v1/beneficiaries/{person}"
    estimate = {"age_years": 15, "method": "medical_examination"}
    assert api.post(Role.CASEWORKER, f"{base}/estimate-age", estimate).is_success
    guardian = {"kind": "appointed_legal_guardian", "name": "Valbona Hoxha"}
    no_number = {"guardian": guardian, "appointed_by": "centre_for_social_work"}
    answer = api.post(Role.CASEWORKER, f"{base}/appoint-guardian", no_number)
    assert (answer.status_code, answer.json()["field"]) == (422, "reference")
    appointed = {**no_number, "reference": "QPS-PR-2026-041", "appointed_on": str(START.date())}
    answer = api.post(Role.CASEWORKER, f"{base}/appoint-guardian", appointed)
    assert answer.is_success, answer.text
    view = api.get(Role.CASEWORKER, base).json()
    assert view["age_estimate"]["method"] == "medical_examination"
    assert view["guardian_appointment"]["reference"] == "QPS-PR-2026-041"
    assert view["child"]["age_basis"] == "birth_date"
    audited = api.get(Role.AUDITOR, base).json()
    assert audited["child"]["adult_on"] is None
    assert audited["withheld"]["child.adult_on"] == FROM_BIRTH_DATE


def test_no_birth_date_nor_18th_birthday_reaches_a_read_model(api: Api, database_url: str) -> None:
    person = child(api)
    base = f"/api/v1/beneficiaries/{person}"
    guardian = {"kind": "parent", "name": "Valbona Hoxha"}
    assert api.post(Role.CASEWORKER, f"{base}/appoint-guardian", {"guardian": guardian}).is_success
    consent = {"kind": "services", "given_by": "guardian"}
    assert api.post(Role.CASEWORKER, f"{base}/give-consent", consent).is_success
    adult_on = api.get(Role.CASEWORKER, base).json()["child"]["adult_on"]
    born = born_on(api).isoformat()
    assert adult_on == add_months(born_on(api), 18 * 12).isoformat()
    open_case(api.journey, person)
    project_now(api)
    assert found(raw_contents(database_url), (born, adult_on)) == []


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
    """The birth date and `child.adult_on` are withheld from auditors; were `minor_today`
    computed for any `as_of` day, the day it flips would be the 18th birthday. An
    `as_of` after now is refused on every route that takes it."""
    adult_on = today_in_prishtina() + timedelta(days=40)
    adult_on = adult_on.replace(day=min(adult_on.day, 28))
    person = child_turning_18_on(api, adult_on)
    case = open_case(api.journey, person)
    path = f"/api/v1/beneficiaries/{person}"
    assert api.get(Role.AUDITOR, path).json()["withheld"]["child.adult_on"]

    def minor_on(day: date) -> object:
        moment = datetime.combine(day, time(12), tzinfo=UTC).isoformat()
        answer = api.get(Role.AUDITOR, path, as_of=moment)
        return answer.json()["child"]["minor_today"] if answer.is_success else None

    day_before, birthday = minor_on(adult_on - timedelta(days=1)), minor_on(adult_on)
    assert (day_before, birthday) != (True, False), "as_of dates the birth date exactly"
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    for route in (path, f"/api/v1/cases/{case}"):
        answer = api.get(Role.CASE_MANAGER, route, as_of=tomorrow.isoformat())
        assert (answer.status_code, answer.json()["field"]) == (422, "as_of"), answer.text


def test_a_past_view_tells_an_auditor_a_birthday_minor_status_only_for_today(api: Api) -> None:
    """A view as it stood on a day before the 18th birthday says, to a role without
    personal data, whether the person is a minor on the real today (an adult), so no
    earlier day can date the birthday; a caseworker sees the status on that day."""
    adult_on = today_in_prishtina() - timedelta(days=40)
    person_id = child_turning_18_on(api, adult_on.replace(day=min(adult_on.day, 28)))
    case = api.journey.queries.case(open_case(api.journey, person_id))
    person = api.journey.queries.at(Beneficiary, person_id)
    then, now = today_in_prishtina() - timedelta(days=200), today_in_prishtina()
    audited = beneficiary_view(person, Role.AUDITOR, then, now=now)[0].child
    assert audited == beneficiary_view(person, Role.AUDITOR, now, now=now)[0].child
    assert (getattr(audited, "minor_today", None), getattr(audited, "age_basis", None)) == (
        False,
        "birth_date",
    )
    assert (
        case_view(case, Role.AUDITOR, person, then, now=now)[0].child
        == case_view(case, Role.AUDITOR, person, now, now=now)[0].child
    )
    seen = beneficiary_view(person, Role.CASEWORKER, then, now=now)[0].child
    assert getattr(seen, "minor_today", None) is True
