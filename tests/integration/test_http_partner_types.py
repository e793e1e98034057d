"""A referral in and an onward referral naming a registered organisation record the
registry's HTCDS type, never the one the caller sent: IOM, which HTCDS has no type for,
is recorded with none rather than the "NGO" sent (review of issue 15), and its rows and
export cells are blank. Without an id the caller names the type. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from domain.beneficiary import Beneficiary
from projections.htcds_export import victim_record
from services.access import Role
from services.commands.case import AssignCaseworker, StartScreening
from tests.support.factories import MANAGER, register
from tests.support.http import Api, project_now, serving
from tests.support.partners import IOM, partner

CASES = "/api/v1/cases"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def _open(api: Api, organisation: UUID | None, kind: str | None) -> Any:
    referral = {
        "organisation": "as typed",
        "organisation_type": kind,
        "referred_on": str(api.journey.bus.clock().date()),
        "reason": "Other",
        "organisation_id": None if organisation is None else str(organisation),
    }
    body = {"beneficiary_id": str(register(api.journey)), "referral": referral}
    return api.post(Role.CASE_MANAGER, CASES, body)


def test_iom_refers_in_with_no_htcds_type_whatever_was_sent(api: Api) -> None:
    iom = partner(api.journey, IOM)
    answer = _open(api, iom, "NGO")
    assert answer.status_code == 201, answer.text
    case_id = UUID(answer.json()["id"])
    shown = api.get(Role.CASE_MANAGER, f"{CASES}/{case_id}").json()["referral"]
    assert (shown["organisation_id"], shown["organisation_type"]) == (str(iom), None)
    case = api.journey.queries.case(case_id)
    beneficiary = api.journey.app.load(Beneficiary, case.beneficiary_id)
    row = victim_record(beneficiary, case, [], []).attributes
    assert row["pvpt_ReferringOrganisationType"] == ""


def test_an_unregistered_referrer_needs_its_type(api: Api) -> None:
    answer = _open(api, None, None)
    assert answer.status_code == 422
    assert answer.json()["field"] == "referral.organisation_type"


def _screen_out(api: Api, onward: dict[str, Any]) -> Any:
    case_id = UUID(_open(api, None, "LawEnforcement").json()["id"])
    api.journey.bus.execute(case_id, AssignCaseworker(caseworker=MANAGER), actor=MANAGER)
    api.journey.bus.execute(case_id, StartScreening(), actor=MANAGER)
    body = {
        "outcome": "not_trafficking_other_need",
        "other_need": "irregular_migration",
        "rationale": "No exploitation; she needs papers.",
        "onward_referral": onward,
    }
    return case_id, api.post(Role.CASE_MANAGER, f"{CASES}/{case_id}/screen-out", body)


def test_an_onward_referral_to_iom_has_no_htcds_type(api: Api) -> None:
    iom = partner(api.journey, IOM)
    onward = {"partner": "as typed", "partner_type": "NGO", "organisation_id": str(iom)}
    case_id, answer = _screen_out(api, onward)
    assert answer.status_code == 200, answer.text
    [recorded] = api.journey.queries.case(case_id).screenings_out
    assert recorded.onward_referral is not None
    assert (recorded.onward_referral.organisation_id, recorded.onward_referral.partner_type) == (
        iom,
        None,
    )
    project_now(api, "outcomes")
    rows = api.get(Role.ANALYST, "/api/v1/outcomes/screenings").json()["items"]
    assert [(r["referred_on_to"], r["no_referral"]) for r in rows] == [("", 0)]


def test_an_onward_referral_to_an_unregistered_partner_needs_its_type(api: Api) -> None:
    _, answer = _screen_out(api, {"partner": "Caritas", "partner_type": None})
    assert answer.status_code == 422
    assert answer.json()["field"] == "onward_referral.partner_type"
