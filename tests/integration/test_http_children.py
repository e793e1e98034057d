"""Children over HTTP (both databases): an age estimate, a guardian appointed by a Centre
for Social Work, a best-interests assessment before a child's admission, and the views
that show them, withheld by role."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from uuid import UUID

import pytest

from adapters.run.demo import START
from domain.checks.field_dates import add_months
from domain.values import PersonalData
from domain.vocab import Gender, TraffickingScope
from services.access import Role
from services.child_views import FROM_BIRTH_DATE
from services.commands.beneficiary import RegisterBeneficiary
from tests.support.factories import WORKER, facility, open_case
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
