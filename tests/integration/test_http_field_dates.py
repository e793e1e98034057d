"""Field dates over HTTP (both databases): a back-dated follow-up is accepted and shown,
a date in the future or before what it depends on is a 422 problem naming the field,
and the OpenAPI description documents every field date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest

from adapters.run.clock import kosovo_now
from domain.checks.field_dates import add_months
from domain.vocab import SupportPlanType
from services.access import Role
from services.commands.plan import AchieveGoal, AddGoal, CompletePlan, DraftPlan
from tests.support.factories import WORKER, case_in_service_provision
from tests.support.http import PROBLEM, Api, serving

FIELD_DATES = {
    "AdmitToShelter": "admitted_on",
    "DischargeFromShelter": "discharged_on",
    "AssessRisk": "assessed_on",
    "ScreenIn": "screened_on",
    "ScreenOut": "screened_on",
    "DecideTraffickingStatus": "decided_on",
    "RecordIdentification": "decided_on",
    "ReviseIdentification": "decided_on",
    "GiveConsent": "given_on",
    "WithdrawConsent": "withdrawn_on",
    "CompletePlan": "completed_on",
    "RecordFollowUp": "visited_on",
}


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def completed_plan(api: Api, completed_on: date) -> UUID:
    run = api.journey.bus.execute
    case_id = case_in_service_provision(api.journey)
    plan_id = run(None, DraftPlan(case_id=case_id), actor=WORKER).id
    goal = AddGoal(type=SupportPlanType.HEALTH, description="check-ups", target_date=date.max)
    run(plan_id, goal, actor=WORKER)
    run(plan_id, AchieveGoal(number=1), actor=WORKER)
    run(plan_id, CompletePlan(completed_on=completed_on), actor=WORKER)
    return plan_id


def follow_up(api: Api, plan_id: UUID, visited_on: date) -> Any:
    body = {"month": 3, "status": "sustained", "visited_on": visited_on.isoformat()}
    return api.post(Role.CASEWORKER, f"/api/v1/plans/{plan_id}/record-follow-up", body)


def test_a_follow_up_written_up_later_is_kept_with_its_visit_day(api: Api) -> None:
    today = kosovo_now().date()
    completed_on = today - timedelta(days=100)
    plan_id = completed_plan(api, completed_on)
    visited_on = add_months(completed_on, 3)
    answer = follow_up(api, plan_id, visited_on)
    assert answer.status_code == 200, answer.text
    plan = api.get(Role.CASEWORKER, f"/api/v1/plans/{plan_id}").json()
    assert plan["completed_on"] == completed_on.isoformat()
    assert plan["follow_ups"]["3"]["visited_on"] == visited_on.isoformat()
    assert plan["follow_ups"]["3"]["recorded_on"] == today.isoformat()


@pytest.mark.parametrize(("days", "rule"), [(1, "date_in_future"), (-101, "date_too_early")])
def test_a_visit_day_in_the_future_or_before_the_completion_is_a_422(
    api: Api, days: int, rule: str
) -> None:
    today = kosovo_now().date()
    plan_id = completed_plan(api, today - timedelta(days=100))
    answer = follow_up(api, plan_id, today + timedelta(days=days))
    assert (answer.status_code, answer.headers["content-type"]) == (422, PROBLEM)
    problem = answer.json()
    assert (problem["rule"], problem["field"]) == (rule, "visited_on")
    assert (today + timedelta(days=days)).isoformat() in problem["detail"]


def test_the_openapi_description_documents_every_field_date(api: Api) -> None:
    schemas = api.client.get("/schema/openapi.json").json()["components"]["schemas"]
    for command, field in FIELD_DATES.items():
        (name,) = [n for n in schemas if n == command or n.endswith(f"_{command}")]
        prop = schemas[name]["properties"][field]
        assert field not in schemas[name].get("required", []), command
        assert "today when left out" in prop["description"], command
