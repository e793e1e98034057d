"""The problem pages and docs/api.md say which problem each refusal is, as the API
answers it (docs/problems.md from adapters/http/problem_docs.py): `invalid-request` for
what the schema states, `invalid-input` for a value the schema allows that the API
refuses; and their examples are problems the server sends."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.http.problem_docs import WHEN
from adapters.http.problem_types import BASE, PROBLEM_TYPES
from services.access import Role
from tests.support.factories import open_case, register
from tests.support.http import Api, project_now, serving

DOCS = Path(__file__).resolve().parents[2] / "docs"
SPEC: dict[str, Any] = json.loads((DOCS / "openapi.json").read_text())
BY_URI = {kind.uri: code for code, kind in PROBLEM_TYPES.items()}
CASES = "/api/v1/cases"
# (query, the problem's code, the words its page uses for it)
LIST_REFUSALS = (
    ("cursor=zzz", "InvalidInput", "a `cursor` the list did not issue"),
    ("sort=banana", "InvalidInput", "a `sort` column the list does not sort on"),
    ("sort=Opened_On", "InvalidRequest", "a `sort` not of the parameter's pattern"),
    ("sort=", "InvalidRequest", "or an empty one"),
    ("opened_from=2026-02-01&opened_to=2026-01-01", "InvalidInput", "start is after its end"),
)
NOTE_REFUSALS = (
    ("", "InvalidRequest", "an empty `text`"),
    ("   ", "InvalidInput", "a text of blanks only"),
)


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def _answered(answer: Any) -> str:
    assert answer.status_code == 422, answer.text
    return BY_URI[answer.json()["type"]]


def test_each_refusal_is_the_problem_its_page_says(api: Api) -> None:
    case = open_case(api.journey, register(api.journey))
    project_now(api)
    for query, code, words in LIST_REFUSALS:
        answer = api.client.get(f"{CASES}?{query}", headers=api.auth(Role.CASE_MANAGER))
        assert (_answered(answer), words in WHEN[code]) == (code, True), query
    for text, code, words in NOTE_REFUSALS:
        note = {"category": "general", "text": text}
        answer = api.post(Role.CASE_MANAGER, f"{CASES}/{case}/add-note", note)
        assert (_answered(answer), words in WHEN[code]) == (code, True), repr(text)


def test_no_page_claims_a_refusal_for_the_other_type() -> None:
    assert "cursor" not in WHEN["InvalidRequest"]


def test_every_problem_shown_in_api_md_is_one_the_server_sends() -> None:
    shown = re.findall(r'\{"type": "([^"]+)", "status": \d+, "title": "([^"]+)"', _api_md())
    assert shown
    for uri, title in shown:
        assert uri in BY_URI, uri
        assert PROBLEM_TYPES[BY_URI[uri]].title == title, uri


def test_the_problem_schemas_example_type_is_relative_as_sent() -> None:
    examples = SPEC["components"]["schemas"]["Problem"]["properties"]["type"]["examples"]
    assert all(example.startswith(BASE) for example in examples), examples


def test_an_instant_named_on_is_one_api_md_names_as_the_exception() -> None:
    instants_on = {
        name
        for schema in SPEC["components"]["schemas"].values()
        for name, prop in schema.get("properties", {}).items()
        if name.endswith("_on") and "date-time" in json.dumps(prop)
    }
    assert instants_on
    text = _api_md()
    exception = text[text.index("exception to the names") :][:300]
    assert all(f"`{name}`" in exception for name in instants_on), instants_on


def _api_md() -> str:
    return (DOCS / "api.md").read_text()


def test_a_cursor_sent_with_another_sort_says_which_sort_issued_it(api: Api) -> None:
    for name in ("Drita", "Besa"):
        open_case(api.journey, register(api.journey, given_name=name))
    project_now(api)
    first = api.client.get(f"{CASES}?sort=-opened_on&limit=1", headers=api.auth(Role.CASE_MANAGER))
    cursor = first.json()["next_cursor"]
    answer = api.client.get(f"{CASES}?cursor={cursor}", headers=api.auth(Role.CASE_MANAGER))
    assert _answered(answer) == "InvalidInput"
    assert (
        answer.json()["detail"] == "cursor: issued for sort=-opened_on; pass the same sort with it"
    )
