"""Prevention over HTTP (issue 16; both databases): a prevention officer launches a
campaign and records an activity (201, Location, ETag), corrects it with If-Match and an
Idempotency-Key, records disclosures; every bad body is a problem naming the field or the
rule; the record views go through the disclosure policy (the reasons withheld from the
officer, shown to a case manager and logged); a case manager opens a case naming a
disclosure referred to direct assistance."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import msgspec
import pytest

from domain.prevention.vocab import DisclosureRoute
from services.access import Role
from tests.integration.test_http_organisations import ok as answer
from tests.integration.test_http_organisations import problem as refused
from tests.support.factories import register, today_in_prishtina
from tests.support.http import Api, serving
from tests.support.partners import partner
from tests.support.prevention_records import (
    disclosed,
    launched,
    plan,
    pupils,
    recorded,
    session,
)

CAMPAIGNS = "/api/v1/prevention/campaigns"
ACTIVITIES = "/api/v1/prevention/activities"
OFFICER = Role.PREVENTION_OFFICER


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


def json(value: Any) -> Any:
    return msgspec.to_builtins(value)


def activity_body(api: Api, campaign_id: UUID | None = None, **details: Any) -> dict[str, Any]:
    held_on = today_in_prishtina() - timedelta(days=3)
    return {
        "details": json(session(held_on, campaign_id, **details)),
        "reach": json(pupils()),
    }


def test_an_officer_launches_a_campaign_and_records_an_activity(api: Api) -> None:
    today = today_in_prishtina()
    body = {"plan": json(plan(today - timedelta(days=30), today + timedelta(days=30)))}
    created = api.post(OFFICER, CAMPAIGNS, body)
    campaign = answer(created, 201)
    assert created.headers["location"] == f"{CAMPAIGNS}/{campaign['id']}"
    assert created.headers["etag"] == '"1"'
    activity = api.post(OFFICER, ACTIVITIES, activity_body(api, UUID(campaign["id"])))
    assert answer(activity, 201)["version"] == 1
    assert activity.headers["location"] == f"{ACTIVITIES}/{activity.json()['id']}"
    shown = answer(api.get(OFFICER, activity.headers["location"]))
    assert (shown["details"]["campaign_id"], shown["reach"]["participants"][0]["count"]) == (
        campaign["id"],
        14,
    )
    assert (shown["disclosures"], shown["withdrawn"], shown["changes"]) == ([], False, [])
    viewed = answer(api.get(Role.CASE_MANAGER, created.headers["location"]))
    assert viewed["plan"]["name"] == "Safe online 2026"


@pytest.mark.parametrize(
    ("details", "reach", "status", "where"),
    [
        ({"campaign_id": "0e7c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71"}, None, 422, "details.campaign_id"),
        ({"held_on": "2020-01-01"}, None, 409, "outside_campaign"),
        (
            {},
            {
                "participants": [
                    {"group": "professionals", "sex": "male", "age_band": "25-64", "count": 3}
                ]
            },
            422,
            "reach.participants[0].sector",
        ),
        ({}, {"audience": [{"source": "views", "count": 900}]}, 422, "reach.audience"),
        ({"municipality": "99"}, None, 422, "details.municipality"),
        ({"facilitators": []}, None, 422, "details.facilitators"),
    ],
    ids=["unknown-campaign", "outside-campaign", "no-sector", "audience", "place", "nobody"],
)
def test_a_bad_activity_is_refused_naming_the_field_or_the_rule(
    api: Api, details: dict[str, Any], reach: dict[str, Any] | None, status: int, where: str
) -> None:
    campaign_id = launched(api.journey, today_in_prishtina())
    body = activity_body(api, campaign_id)
    body["details"] = {**body["details"], **details}
    if reach is not None:
        body["reach"] = reach
    problem = refused(api.post(OFFICER, ACTIVITIES, body), status)
    assert where in (problem.get("field"), problem.get("rule")), problem


def test_a_malformed_body_is_a_problem_not_an_error(api: Api) -> None:
    body = activity_body(api)
    body["details"]["type"] = "picnic"
    problem = refused(api.post(OFFICER, ACTIVITIES, body), 422)
    assert problem["field"] == "details.type"
    bad_plan = {"plan": {**json(plan(today_in_prishtina(), today_in_prishtina())), "ends_on": "x"}}
    assert refused(api.post(OFFICER, CAMPAIGNS, bad_plan), 422)["field"] == "plan.ends_on"


def test_a_disclosure_to_the_police_names_the_organisation(api: Api) -> None:
    activity_id = recorded(api.journey, today_in_prishtina())
    path = f"{ACTIVITIES}/{activity_id}/disclosures"
    to_police = {"kind": "exploitation", "route": "police"}
    assert refused(api.post(OFFICER, path, to_police), 422)["field"] == "organisation_id"
    police = str(partner(api.journey, "kosovo-police"))
    answer(api.post(OFFICER, path, {**to_police, "organisation_id": police}))
    second = answer(
        api.post(OFFICER, path, {"kind": "risk_of_trafficking", "route": "direct_assistance"})
    )
    shown = answer(api.get(OFFICER, f"{ACTIVITIES}/{activity_id}"))
    assert [(d["number"], d["route"]) for d in shown["disclosures"]] == [
        (1, "police"),
        (2, "direct_assistance"),
    ]
    assert second["version"] == 3


def test_corrections_keep_if_match_and_idempotency_as_other_commands(api: Api) -> None:
    activity_id = recorded(api.journey, today_in_prishtina())
    path = f"{ACTIVITIES}/{activity_id}/reach"
    body = {"reach": json(pupils(girls=15)), "reason": "The sheet was counted again."}
    key = {"Idempotency-Key": "5f1c9a2e-7b3d-4e6f-8a0c-1d2e3f4a5b6c"}
    first = answer(api.post(OFFICER, path, body, **{"If-Match": '"1"', **key}))
    replayed = api.post(OFFICER, path, body, **{"If-Match": '"1"', **key})
    assert (answer(replayed), replayed.headers["idempotent-replayed"]) == (first, "true")
    stale = api.post(
        OFFICER, path, {**body, "reach": json(pupils(girls=16))}, **{"If-Match": '"1"'}
    )
    assert refused(stale, 412)["rule"] == "version_conflict"


def test_a_withdrawn_activity_is_corrected_no_more(api: Api) -> None:
    activity_id = recorded(api.journey, today_in_prishtina())
    answer(api.post(OFFICER, f"{ACTIVITIES}/{activity_id}/withdrawal", {"reason": "A duplicate."}))
    body = {"reach": json(pupils(girls=15)), "reason": "Counted again."}
    assert refused(api.post(OFFICER, f"{ACTIVITIES}/{activity_id}/reach", body), 409)["rule"] == (
        "withdrawn"
    )
    details = {"details": activity_body(api)["details"] | {"duration_minutes": 60}, "reason": "x"}
    problem = refused(api.post(OFFICER, f"{ACTIVITIES}/{activity_id}/details", details), 409)
    assert problem["rule"] == "withdrawn"


def test_reasons_are_withheld_from_the_officer_and_shown_to_a_manager(api: Api) -> None:
    activity_id = recorded(api.journey, today_in_prishtina())
    path = f"{ACTIVITIES}/{activity_id}"
    fixed = {"reach": json(pupils(girls=15)), "reason": "The sheet was counted again."}
    answer(api.post(OFFICER, f"{path}/reach", fixed))
    log = api.app.state.access_log
    officer = answer(api.get(OFFICER, path))
    (change,) = officer["changes"]
    assert (change["change"], change["reason"], change["actor"]) == (
        "reach_corrected",
        "withheld",
        "drita.gashi",
    )
    assert list(officer["withheld"]) == ["changes.0.reason"]
    assert log.entries(str(activity_id)) == []  # nothing identifying shown, nothing logged
    manager = answer(api.get(Role.CASE_MANAGER, path))
    assert (manager["changes"][0]["reason"], manager["withheld"]) == (fixed["reason"], {})
    (row,) = log.entries(str(activity_id))
    assert (row["role"], row["record_type"]) == ("case_manager", "prevention_activity")
    first = answer(api.get(Role.CASE_MANAGER, path, version=1))
    assert (first["reach"]["participants"][0]["count"], first["changes"]) == (14, [])
    assert refused(api.get(OFFICER, path, version=1), 403)["status"] == 403  # read:history


def test_readers_of_prevention_records_are_its_roles(api: Api) -> None:
    campaign_id = launched(api.journey, today_in_prishtina())
    path = f"{CAMPAIGNS}/{campaign_id}"
    statuses = {role: api.get(role, path).status_code for role in Role}
    readers = {Role.PREVENTION_OFFICER, Role.CASE_MANAGER, Role.AUDITOR, Role.ADMIN}
    assert {role for role, status in statuses.items() if status == 200} == readers
    assert refused(api.get(OFFICER, f"{CAMPAIGNS}/nope"), 422)["field"] == "ref"
    assert refused(api.get(OFFICER, f"{ACTIVITIES}/{campaign_id}"), 404)["status"] == 404


def test_a_case_opened_on_a_disclosure(api: Api) -> None:
    activity_id = recorded(api.journey, today_in_prishtina())
    disclosed(
        api.journey, activity_id, DisclosureRoute.POLICE, partner(api.journey, "kosovo-police")
    )
    disclosed(api.journey, activity_id)
    beneficiary = register(api.journey)

    def open_case(reference: dict[str, Any]) -> Any:
        referral = {
            "organisation": "PVPT prevention team",
            "organisation_type": "NGO",
            "referred_on": today_in_prishtina().isoformat(),
            "reason": "AdditionalServicesRequired",
            "prevention_disclosure": reference,
        }
        body = {"beneficiary_id": str(beneficiary), "referral": referral}
        return api.post(Role.CASE_MANAGER, "/api/v1/cases", body)

    to_police = {"activity_id": str(activity_id), "number": 1}
    assert refused(open_case(to_police), 409)["rule"] == "unknown_disclosure"
    unknown = {"activity_id": "5a3c1e7f-9b2d-4f6a-8c0e-2d4f6a8b0c1e", "number": 1}
    problem = refused(open_case(unknown), 422)
    assert problem["field"] == "referral.prevention_disclosure.activity_id"
    case = answer(open_case({"activity_id": str(activity_id), "number": 2}), 201)
    shown = answer(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case['id']}"))
    assert shown["referral"]["prevention_disclosure"] == {
        "activity_id": str(activity_id),
        "number": 2,
    }
    assert api.get(OFFICER, f"/api/v1/cases/{case['id']}").status_code == 403
