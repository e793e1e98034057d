"""A command body outside a limit its description documents (services/commands) is
refused as it is decoded: 422 InvalidRequest naming the field (in `detail`, and as its
JSON path in `field`), nothing stored, before the record is loaded. A value at the limit
is accepted, as the domain accepts it.

Store and read database on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest

from adapters.http.problem_types import PROBLEM_TYPES
from domain.errors import InvalidInput
from services.access import Role
from services.commands.plan import DraftPlan
from tests.support.factories import WORKER, case_in_service_provision, register
from tests.support.http import PROBLEM, Api, serving

INVALID = PROBLEM_TYPES["InvalidRequest"]


@dataclass(frozen=True)
class Records:
    beneficiary: UUID
    case: UUID
    plan: UUID


@dataclass(frozen=True)
class OutOfLimit:
    who: Role
    path: str  # {b}, {c}, {p}: the beneficiary, case and plan
    body: dict[str, Any]
    field: str

    def __str__(self) -> str:
        return f"{self.path.rsplit('/', 1)[-1]}-{self.field}"


FACILITY = {"name": "Shelter Prizren", "kind": "shelter", "beds": 6, "effective_from": "2026-01-01"}
PERSON = {"given_name": "Arta", "family_name": "Shembulli"}
NEWCOMER = {
    "personal": PERSON,
    "gender": "Feminine",
    "age_at_identification": 30,
    "citizenships": ["XK"],
    "scope": "domestic",
}
OUT_OF_LIMITS = [
    OutOfLimit(Role.ADMIN, "/api/v1/facilities", {**FACILITY, "beds": 0}, "beds"),
    OutOfLimit(Role.ADMIN, "/api/v1/facilities", {**FACILITY, "name": ""}, "name"),
    OutOfLimit(Role.ADMIN, "/api/v1/facilities", {**FACILITY, "name": "x" * 101}, "name"),
    OutOfLimit(
        Role.CASEWORKER,
        "/api/v1/beneficiaries",
        {**NEWCOMER, "age_at_identification": 121},
        "age_at_identification",
    ),
    OutOfLimit(
        Role.CASE_MANAGER,
        "/api/v1/beneficiaries/{b}/erasure",
        {"legal_basis": "consent_withdrawn", "reference": "her letter of 3 March"},
        "reference",
    ),
    OutOfLimit(
        Role.CASE_MANAGER,
        "/api/v1/cases/{c}/add-note",
        {"category": "general", "text": "x" * 20_001},
        "text",
    ),
    OutOfLimit(Role.CASE_MANAGER, "/api/v1/cases/{c}/accept-referral", {"number": 0}, "number"),
    OutOfLimit(
        Role.CASE_MANAGER,
        "/api/v1/cases/{c}/refer-out",
        {"organisation_id": "not-an-id", "reason": "Other"},
        "organisation_id",
    ),
    OutOfLimit(
        Role.CASE_MANAGER,
        "/api/v1/plans/{p}/record-follow-up",
        {"month": 13, "status": "sustained"},
        "month",
    ),
]


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


@pytest.fixture
def records(api: Api) -> Records:
    case = case_in_service_provision(api.journey)
    plan = api.journey.bus.execute(None, DraftPlan(case_id=case), actor=WORKER).id
    return Records(register(api.journey, given_name="Teuta"), case, plan)


def refusal(api: Api, records: Records, limit: OutOfLimit) -> str | None:
    """What is wrong with the answer to a body outside `limit`; None when right."""
    path = limit.path.format(b=records.beneficiary, c=records.case, p=records.plan)
    head = api.head
    answer = api.post(limit.who, path, limit.body)
    problem = answer.json()
    if (answer.status_code, answer.headers["content-type"]) != (422, PROBLEM):
        return f"{answer.status_code} {answer.text[:200]}"
    if (problem["type"], problem["title"]) != (INVALID.uri, INVALID.title):
        return f"type {problem['type']}"
    if limit.field not in problem["detail"]:
        return f"detail {problem['detail']!r} does not name {limit.field}"
    if problem.get("field") != limit.field:
        return f"field {problem.get('field')!r}, not {limit.field}"
    return None if api.head == head else "something was stored"


def test_a_value_outside_a_documented_limit_is_422_naming_the_field(
    api: Api, records: Records
) -> None:
    wrong = {str(limit): refusal(api, records, limit) for limit in OUT_OF_LIMITS}
    assert {name: what for name, what in wrong.items() if what} == {}


def test_a_value_at_the_limit_is_accepted(api: Api) -> None:
    oldest = {**NEWCOMER, "age_at_identification": 120}
    assert api.post(Role.CASEWORKER, "/api/v1/beneficiaries", oldest).status_code == 201
    smallest = {**FACILITY, "beds": 1, "name": "x" * 100}
    assert api.post(Role.ADMIN, "/api/v1/facilities", smallest).status_code == 201


def test_a_command_built_in_code_meets_the_domain_s_own_check(api: Api) -> None:
    """Limits apply as a body is decoded; a command built in code (the CLI, the demo)
    is refused by the domain for the same value."""
    with pytest.raises(InvalidInput) as refused:
        register(api.journey, age=121)
    assert refused.value.field == "age_at_identification"


REFERRAL = {
    "organisation": "Kosovo Police",
    "organisation_type": "LawEnforcement",
    "referred_on": "2026-03-02",
    "reason": "AdditionalServicesRequired",
}
PERSON_WITHOUT_GIVEN_NAME = {"family_name": "Shembulli"}
# (body, the `field` it is refused with): the JSON path of the offending value
BODIES_REFUSED_AT = [
    ({"referral": {**REFERRAL, "referred_on": "2 March"}}, "referral.referred_on"),
    ({"referral": {**REFERRAL, "organisation_type": "Police"}}, "referral.organisation_type"),
    ({"referral": REFERRAL, "badge": 7}, "badge"),  # an unknown member
    ({"referral": {k: v for k, v in REFERRAL.items() if k != "reason"}}, "referral.reason"),
    ({}, "referral"),  # a missing member of the body itself
]


@pytest.mark.parametrize(
    ("body", "field"), BODIES_REFUSED_AT, ids=[f for _, f in BODIES_REFUSED_AT]
)
def test_a_body_refused_as_it_is_decoded_names_the_field_s_json_path(
    api: Api, records: Records, body: dict[str, Any], field: str
) -> None:
    opening = {"beneficiary_id": str(records.beneficiary), **body}
    answer = api.post(Role.CASE_MANAGER, "/api/v1/cases", opening)
    assert (answer.status_code, answer.json()["type"]) == (422, INVALID.uri), answer.text
    assert answer.json()["field"] == field


def test_an_item_of_a_list_and_a_query_parameter_are_named_too(api: Api) -> None:
    newcomer = {**NEWCOMER, "citizenships": ["XK", 5]}
    answer = api.post(Role.CASEWORKER, "/api/v1/beneficiaries", newcomer)
    assert (answer.status_code, answer.json()["field"]) == (422, "citizenships[1]")
    listed = api.get(Role.CASE_MANAGER, "/api/v1/cases", limit="many")
    assert (listed.status_code, listed.json()["field"]) == (422, "limit")


def test_a_body_that_is_no_object_or_a_bad_header_names_no_field(api: Api) -> None:
    whole = api.post(Role.ADMIN, "/api/v1/facilities", ["not", "an", "object"])
    header = api.post(Role.ADMIN, "/api/v1/facilities", FACILITY, **{"Idempotency-Key": "a b"})
    for answer in (whole, header):
        assert (answer.status_code, answer.json()["type"]) == (422, INVALID.uri), answer.text
        assert "field" not in answer.json()
