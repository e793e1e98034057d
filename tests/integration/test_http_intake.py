"""Intake by a caseworker over HTTP, on each database: she registers the person, opens
the case and takes it (assigns it to herself), which she may only for a case that has
no caseworker yet, and only to herself (adapters/http/scope.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain.values import PersonalData
from domain.vocab import Gender, TraffickingScope
from services.access import Role
from services.commands.beneficiary import RegisterBeneficiary
from services.commands.case import AssignCaseworker
from tests.support.factories import MANAGER, WORKER, open_case, register
from tests.support.http import Api, body, serving

OTHER = "era.other"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        api.add_user(OTHER, Role.CASEWORKER)
        yield api


def intake(api: Api) -> str:
    """The caseworker registers a person and opens her case; the case's id."""
    person = RegisterBeneficiary(
        personal=PersonalData("Lirie", "Gashi", date(2006, 2, 1)),
        gender=Gender.FEMININE,
        age_at_identification=19,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
    registered = api.post(Role.CASEWORKER, "/api/v1/beneficiaries", body(person))
    assert registered.status_code == 201, registered.text
    referral = {
        "organisation": "Kosovo Police",
        "organisation_type": "LawEnforcement",
        "reason": "AdditionalServicesRequired",
        "referred_on": "2026-01-05",
    }
    opened = api.post(
        Role.CASEWORKER,
        "/api/v1/cases",
        {"beneficiary_id": registered.json()["id"], "referral": referral},
    )
    assert opened.status_code == 201, opened.text
    case_id: str = opened.json()["id"]
    return case_id


def test_the_caseworker_who_opened_a_case_takes_it(api: Api) -> None:
    case_id = intake(api)
    assert api.get(Role.CASEWORKER, f"/api/v1/cases/{case_id}").status_code == 403
    taken = api.post(
        Role.CASEWORKER,
        f"/api/v1/cases/{case_id}/assign-caseworker",
        body(AssignCaseworker(WORKER)),
    )
    assert taken.status_code == 200, taken.text
    case = api.get(Role.CASEWORKER, f"/api/v1/cases/{case_id}")
    assert case.json()["caseworker"] == WORKER


def test_a_caseworker_may_not_give_a_new_case_to_another_nor_take_an_assigned_one(
    api: Api,
) -> None:
    case_id = intake(api)
    given = api.post(
        Role.CASEWORKER, f"/api/v1/cases/{case_id}/assign-caseworker", body(AssignCaseworker(OTHER))
    )
    assert given.status_code == 403, given.text
    assigned = open_case(api.journey, register(api.journey))
    api.journey.bus.execute(assigned, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    taken = api.post(
        OTHER, f"/api/v1/cases/{assigned}/assign-caseworker", body(AssignCaseworker(OTHER))
    )
    assert taken.status_code == 403, taken.text
