"""POST /api/v1/beneficiaries/search: who is known by a name, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from adapters.audit.access_log import AccessLog
from domain.values import PersonalData
from services.access import Role
from services.commands.beneficiary import UpdatePersonalData
from services.commands.case import AssignCaseworker
from tests.support.factories import MANAGER, WORKER, open_case
from tests.support.http import Api, serving
from tests.support.survivor import SECRETS, survivor

SEARCH = "/api/v1/beneficiaries/search"
ZANAFINA = {"name": "Zanafina Hoxholari", "birth_year": 2009}  # the survivor, misspelt


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def _search(api: Api, who: Role | str, body: dict[str, Any]) -> Any:
    answer = api.post(who, SEARCH, body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_registered_person_is_found_by_another_spelling_at_once(api: Api) -> None:
    person = survivor(api.journey)
    for name in ("Zanafina Hoxholari", "ZANAFINA HODŽOLARI", "Занафина Хоџолари"):
        found = _search(api, Role.CASE_MANAGER, {"name": name, "birth_date": "2009-01-01"})
        assert [m["beneficiary_id"] for m in found["matches"]] == [str(person.beneficiary)]
    match = found["matches"][0]
    code = api.journey.queries.beneficiary(person.beneficiary).code
    assert (match["code"], match["name_words_matched"], match["birth_year"]) == (code, 2, "matched")
    assert match["personal_data"] == "shown"
    assert (found["name_words_searched"], found["birth_year_searched"]) == (2, True)


def test_a_match_shows_the_names_and_birth_date_only(api: Api) -> None:
    """Not the identity number, address, phone or guardian: no harvesting by family name."""
    survivor(api.journey)
    match = _search(api, Role.CASE_MANAGER, ZANAFINA)["matches"][0]
    assert match["personal"] == {
        "given_name": "Zanafina",
        "family_name": "Hoxhollari",
        "birth_date": "2009-04-17",
    }
    shown = ["Zanafina", "Hoxhollari", "2009-04-17"]
    assert [secret for secret in SECRETS if secret in repr(match)] == shown


def test_a_wrong_birth_year_finds_nobody_and_a_name_alone_finds_them(api: Api) -> None:
    person = survivor(api.journey)
    assert _search(api, Role.CLINICIAN, {**ZANAFINA, "birth_year": 2008})["matches"] == []
    alone = _search(api, Role.LAWYER, {"name": "Zanafina Hoxhollari"})
    assert [m["beneficiary_id"] for m in alone["matches"]] == [str(person.beneficiary)]
    assert alone["matches"][0]["birth_year"] == "not_searched"
    assert _search(api, Role.CASE_MANAGER, {"name": "Drita Hoxhollari"})["matches"] == []


def test_an_updated_name_is_found_under_the_new_name_only(api: Api) -> None:
    person = survivor(api.journey)
    update = UpdatePersonalData(personal=PersonalData("Mirlinda", "Hoxhollari"))
    position = api.journey.bus.execute(person.beneficiary, update, actor=WORKER).position
    renamed = {"name": "Mirlinda Hoxhollari", "birth_year": 2009}
    answer = api.post(Role.CASE_MANAGER, f"{SEARCH}?wait_for_position={position}", renamed)
    assert answer.status_code == 200, answer.text
    match = answer.json()["matches"][0]
    assert match["birth_year"] == "not_recorded"  # the new personal data has no birth date
    assert _search(api, Role.CASE_MANAGER, ZANAFINA)["matches"] == []


@pytest.mark.parametrize(
    "role", [Role.SHELTER_STAFF, Role.AUDITOR, Role.ANALYST, Role.ADMIN], ids=str
)
def test_roles_without_personal_data_may_not_search(api: Api, role: Role) -> None:
    survivor(api.journey)
    answer = api.post(role, SEARCH, ZANAFINA)
    assert answer.status_code == 403
    assert "search:beneficiaries" in answer.json()["detail"]
    assert "Zanafina" not in answer.text


BAD_BODIES: list[tuple[dict[str, Any], str]] = [
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": "A. -"}, "name"),
    ({"name": "Krasniqi"}, "name"),  # one word needs the birth year
    ({"name": "x" * 201}, "name"),
    ({"name": "Zana", "birth_year": "two thousand"}, "birth_year"),
    ({"name": "Zana", "birth_year": 1850}, "birth_year"),
    ({"name": "Zana", "birth_year": 2999}, "birth_year"),
    ({"name": "Zana", "birth_date": "21/03/2004"}, "birth_date"),
    ({"name": "Zana", "birth_date": "2004-03-21", "birth_year": 2005}, "birth_year"),
    ({"name": "Zana", "limit": 0}, "limit"),
    ({"name": "Zana", "limit": 51}, "limit"),
    ({"name": "Zana", "surname": "Krasniqi"}, "surname"),
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_a_bad_body_is_422_naming_the_field_and_not_its_value(
    api: Api, body: dict[str, Any], field: str
) -> None:
    answer = api.post(Role.CASEWORKER, SEARCH, body)
    assert answer.status_code == 422, answer.text
    assert field in answer.json()["detail"]
    assert "Krasniqi" not in answer.text


def test_a_position_the_store_has_not_reached_is_422(api: Api) -> None:
    answer = api.post(Role.CASE_MANAGER, f"{SEARCH}?wait_for_position=99", {"name": "Zana"})
    assert answer.status_code == 422
    assert "wait_for_position" in answer.json()["detail"]


def _on_another_caseworkers_case(api: Api) -> str:
    person = survivor(api.journey)
    case = open_case(api.journey, person.beneficiary)
    api.journey.bus.execute(case, AssignCaseworker(caseworker="other.worker"), actor=MANAGER)
    return api.journey.queries.beneficiary(person.beneficiary).code


def test_a_caseworker_sees_only_the_code_of_someone_on_another_case(api: Api) -> None:
    code = _on_another_caseworkers_case(api)
    found = _search(api, Role.CASEWORKER, ZANAFINA)
    assert found["matches"] == [
        {
            "beneficiary_id": None,
            "code": code,
            "name_words_matched": None,
            "name_words_searched": None,
            "birth_year": None,
            "personal_data": "not_your_case",
            "personal": None,
        }
    ]


def test_searches_for_someone_on_another_case_tell_nothing_of_their_birth_year(
    api: Api,
) -> None:
    _on_another_caseworkers_case(api)
    answers = {
        year: _search(api, Role.CASEWORKER, {**ZANAFINA, "birth_year": year})
        for year in (2007, 2008, 2009, 2010)
    }
    assert len({repr(answer["matches"]) for answer in answers.values()}) == 1
    assert len(answers[2009]["matches"]) == 1


def test_one_shared_name_word_never_finds_someone_on_another_case(api: Api) -> None:
    _on_another_caseworkers_case(api)
    for body in ({"name": "Hoxhollari", "birth_year": 2009}, {"name": "Drita Hoxhollari"}):
        assert _search(api, Role.CASEWORKER, body)["matches"] == []
    on_their_cases = _search(api, Role.CASE_MANAGER, {"name": "Hoxhollari", "birth_year": 2009})
    assert len(on_their_cases["matches"]) == 1


def test_a_match_on_another_case_is_logged_as_out_of_scope(api: Api) -> None:
    _on_another_caseworkers_case(api)
    log = AccessLog(api.engine)
    before = log.entries()[-1]["id"] if log.entries() else 0
    _search(api, Role.CASEWORKER, ZANAFINA)
    rows = log.entries(after_id=before)
    assert [(r["record_type"], r["actor"], r["fields"]) for r in rows] == [
        ("beneficiary", WORKER, "search_match_out_of_scope")
    ]


def test_the_access_log_names_who_searched_and_what_was_shown_never_the_query(api: Api) -> None:
    person = survivor(api.journey)
    log = AccessLog(api.engine)
    before = log.entries()[-1]["id"] if log.entries() else 0
    _search(api, Role.CASE_MANAGER, ZANAFINA)
    _search(api, Role.CASE_MANAGER, {"name": "Nobody Known"})
    rows = log.entries(after_id=before)
    assert [(r["record_type"], r["actor"], r["route"]) for r in rows] == [
        ("beneficiary", MANAGER, SEARCH),
        ("beneficiary_search", MANAGER, SEARCH),
    ]
    assert rows[0]["record_id"] == str(person.beneficiary)
    assert set(rows[0]["fields"].split(",")) == {
        "search_match",
        "given_name",
        "family_name",
        "birth_date",
    }
    assert rows[1]["fields"] == "no_match"
    text = repr(rows).casefold()
    assert [w for w in ("zanafina", "hoxholari", "nobody", "known", "2009") if w in text] == []
