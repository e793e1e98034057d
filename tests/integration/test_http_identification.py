"""Identification and screening over HTTP (both databases): decisions recorded and
revised, the history on the beneficiary's record as each role may see it, a case
screened out, referred on and screened again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.access import Role
from services.commands.case import AssignCaseworker, StartScreening
from tests.support.factories import MANAGER, open_case, register
from tests.support.http import PROBLEM, Api, project_now, serving

BEN = "/api/v1/beneficiaries"
PRELIMINARY = {
    "kind": "preliminary",
    "status": "PossibleVictimOfTrafficking",
    "deciding_body": "NGO",
    "official_role": "Caseworker",
    "indicators": ["dr.job_nature", "cd.documents"],
}
FORMAL = {
    "kind": "formal",
    "status": "NotAVictimOfTrafficking",
    "deciding_body": "Police",
    "official_role": "Anti-trafficking investigator",
    "reference": "DHT-2026/0142",
}
APPEAL = {
    "number": 2,
    "kind": "formal",
    "status": "ActualVictimOfTrafficking",
    "grounds": "appeal",
    "reason": "The prosecutor found coercion.",
    "deciding_body": "CourtOrProsecution",
    "reference": "PP-2026/077",
}


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def test_decisions_are_recorded_revised_and_shown_with_their_history(api: Api) -> None:
    person = register(api.journey)
    for path, body in (
        ("record-identification", PRELIMINARY),
        ("record-identification", FORMAL),
        ("revise-identification", APPEAL),
    ):
        answer = api.post(Role.CASE_MANAGER, f"{BEN}/{person}/{path}", body)
        assert answer.status_code == 200, answer.text
    record = api.get(Role.CASE_MANAGER, f"{BEN}/{person}").json()
    assert (record["trafficking_status"], record["deciding_body"]) == (
        "ActualVictimOfTrafficking",
        "CourtOrProsecution",
    )
    history = record["identifications"]
    assert [(d["number"], d["revised_by"], d["revises"]) for d in history] == [
        (1, None, None),
        (2, 3, None),
        (3, None, 2),
    ]
    assert history[1]["official_role"] == "Anti-trafficking investigator"
    audited = api.get(Role.AUDITOR, f"{BEN}/{person}").json()
    assert audited["identifications"][1]["official_role"] == "withheld"
    assert audited["identifications"][2]["reason"] == "withheld"
    assert audited["identifications"][2]["reference"] == "PP-2026/077"
    assert "identifications.2.reason" in audited["withheld"]


def test_an_unknown_indicator_is_a_422_naming_it(api: Api) -> None:
    person = register(api.journey)
    body = {**PRELIMINARY, "indicators": ["dr.job_nature", "zz.unknown"]}
    answer = api.post(Role.CASE_MANAGER, f"{BEN}/{person}/record-identification", body)
    assert (answer.status_code, answer.headers["content-type"]) == (422, PROBLEM)
    assert "zz.unknown" in answer.json()["detail"]


def test_a_case_screened_out_referred_on_and_screened_again(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))
    api.journey.bus.execute(case_id, AssignCaseworker(caseworker=MANAGER), actor=MANAGER)
    api.journey.bus.execute(case_id, StartScreening(), actor=MANAGER)
    screened_out = {
        "outcome": "not_trafficking_other_need",
        "other_need": "domestic_violence",
        "onward_referral": {"partner": "Women's Shelter Gjakova", "partner_type": "NGO"},
        "rationale": "Violence at home; no exploitation.",
    }
    answer = api.post(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/screen-out", screened_out)
    assert answer.status_code == 200, answer.text
    case = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}").json()
    assert (case["stage"], case["closure_reason"]) == ("closed", "screened_out_other_need")
    assert case["screenings_out"][0]["onward_referral"]["partner"] == "Women's Shelter Gjakova"
    rescreen = {"reason": "She came back: the employer kept her passport."}
    answer = api.post(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/rescreen", rescreen)
    assert answer.status_code == 200, answer.text
    case = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}").json()
    assert (case["stage"], case["rescreen_count"]) == ("screening", 1)


def test_screening_out_without_an_onward_referral_or_a_reason_is_refused(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))
    api.journey.bus.execute(case_id, AssignCaseworker(caseworker=MANAGER), actor=MANAGER)
    api.journey.bus.execute(case_id, StartScreening(), actor=MANAGER)
    body = {"outcome": "declined", "rationale": "She left."}
    answer = api.post(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}/screen-out", body)
    assert answer.status_code == 422
    assert answer.json()["field"] == "onward_referral"


def test_analysts_read_screening_outcomes_without_names_or_reasons(api: Api) -> None:
    test_a_case_screened_out_referred_on_and_screened_again(api)
    project_now(api, "outcomes")
    answer = api.get(
        Role.ANALYST, "/api/v1/outcomes/screenings", outcome="not_trafficking_other_need"
    )
    assert answer.status_code == 200, answer.text
    (row,) = answer.json()["items"]
    assert (row["other_need"], row["referred_on_to"], row["rescreened"]) == (
        "domestic_violence",
        "NGO",
        1,
    )
    assert "Gjakova" not in answer.text
    assert "Violence at home" not in answer.text
    cases = api.get(Role.ANALYST, "/api/v1/outcomes/cases").json()["items"]
    assert cases == []  # screened again: open
