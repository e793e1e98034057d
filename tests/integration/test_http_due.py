"""What is due over HTTP, on each database: the list with its filters, paging and a
caseworker's scope, the case file's due items, the setting `no_contact_days`,
`journey due` (the view's "today" is the database's, in Kosovo), and a child's journey
whose commands make items of the issue-14 kinds (reflection period, needs, services,
care-plan review, guardian's consent)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from adapters.cli.main import main
from adapters.http.app import create_app
from adapters.run.bootstrap import Journey
from domain.checks.field_dates import add_months
from domain.local_time import local_date
from domain.values import Guardian, PersonalData
from domain.vocab import (
    Gender,
    GuardianAppointedBy,
    GuardianKind,
    RiskLevel,
    TraffickingScope,
)
from services.access import Role
from services.commands.beneficiary import AppointGuardian, RegisterBeneficiary
from services.commands.case import AssessRisk, AssignCaseworker
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    open_case,
    register,
)
from tests.support.http import Api, project_now, serving, walk

OTHER_WORKER = "era.other"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def items(api: Api, who: Role | str, **params: Any) -> list[dict[str, Any]]:
    answer = api.get(who, "/api/v1/due", **params)
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()["items"]
    return rows


def two_cases(journey: Journey) -> tuple[UUID, UUID]:
    """One case of WORKER assessed at high risk today; one of OTHER_WORKER assessed at
    high risk 10 days ago (its reassessment, due 3 days ago, is overdue)."""
    today = local_date(datetime.now(UTC))
    mine = case_in_service_provision(journey, RiskLevel.HIGH)
    journey.bus.execute(mine, AssessRisk(level=RiskLevel.HIGH, assessed_on=today), actor=WORKER)
    theirs = open_case(journey, register(journey))
    journey.bus.execute(theirs, AssignCaseworker(caseworker=OTHER_WORKER), actor=MANAGER)
    long_ago = AssessRisk(level=RiskLevel.HIGH, assessed_on=today - timedelta(days=10))
    journey.bus.execute(theirs, long_ago, actor=WORKER)
    return mine, theirs


def test_the_list_filters_by_worker_case_kind_and_overdue(api: Api) -> None:
    mine, theirs = two_cases(api.journey)
    project_now(api)
    everything = items(api, Role.CASE_MANAGER)
    assert len(everything) == 4  # a risk reassessment and a no_contact item each
    overdue = items(api, Role.CASE_MANAGER, overdue="true")
    assert all(row["overdue"] == 1 for row in overdue)
    assert {row["case_id"] for row in items(api, Role.CASE_MANAGER, worker=WORKER)} == {str(mine)}
    of_case = items(api, Role.CASE_MANAGER, case="pvpt-c-2026-2")
    assert {row["case_id"] for row in of_case} == {str(theirs)}
    risk = items(api, Role.CASE_MANAGER, kind="risk_reassessment", overdue="false")
    assert [(row["case_id"], row["source"]) for row in risk] == [
        (str(mine), "risk assessment (high)")
    ]


def test_the_list_pages_and_sorts_like_the_others(api: Api) -> None:
    two_cases(api.journey)
    project_now(api)
    pages = list(walk(api, Role.CASE_MANAGER, "/api/v1/due", limit=1, sort="-due_on"))
    due_days = [row["due_on"] for page in pages for row in page]
    assert (len(pages), due_days) == (4, sorted(due_days, reverse=True))
    answer = api.get(Role.CASE_MANAGER, "/api/v1/due", sort="nothing")
    assert answer.status_code == 422


def test_a_caseworker_sees_her_own_cases_items_only(api: Api) -> None:
    mine, _ = two_cases(api.journey)
    project_now(api)
    assert {row["case_id"] for row in items(api, Role.CASEWORKER)} == {str(mine)}
    other = api.get(Role.CASEWORKER, "/api/v1/due", worker=OTHER_WORKER)
    assert other.status_code == 403


def test_a_malformed_case_reference_is_refused_naming_case(api: Api) -> None:
    project_now(api)
    answer = api.get(Role.CASE_MANAGER, "/api/v1/due", case="not a case")
    assert answer.status_code == 422
    assert answer.json()["field"] == "case"


def test_the_case_file_shows_the_cases_due_items(api: Api) -> None:
    mine, _ = two_cases(api.journey)
    project_now(api)
    answer = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{mine}/file")
    assert answer.status_code == 200, answer.text
    kinds = sorted(row["kind"] for row in answer.json()["due"])
    assert kinds == ["no_contact", "risk_reassessment"]


def test_no_contact_days_is_applied_when_the_list_is_read(api: Api) -> None:
    mine, _ = two_cases(api.journey)
    project_now(api)
    today = local_date(datetime.now(UTC))
    app = create_app(api.journey, api.engine, api.accounts, no_contact_days=5)
    with TestClient(app) as client:  # the same read model, a server with another setting
        params = {"kind": "no_contact", "worker": WORKER}
        answer = client.get("/api/v1/due", params=params, headers=api.auth(Role.CASE_MANAGER))
    (row,) = answer.json()["items"]
    assert row["due_on"] == (today + timedelta(days=5)).isoformat()
    assert row["case_id"] == str(mine)


def test_the_view_and_the_cli_judge_overdue_today(
    api: Api, database_url: str, read_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    two_cases(api.journey)
    project_now(api)
    with api.engine.connect() as conn:
        overdue = conn.execute(text("SELECT COUNT(*) FROM due WHERE overdue = 1")).scalar_one()
    assert overdue == 1  # the reassessment of the case assessed 10 days ago
    env = ["--database-url", database_url, "--read-database-url", read_url]
    assert main([*env, "due", "--overdue"]) == 0
    printed = capsys.readouterr().out
    assert "risk_reassessment" in printed
    assert "1 item(s), 1 overdue" in printed
    assert main([*env, "due", "--overdue", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["kind"] == "risk_reassessment"
    assert row["days_overdue"] > 0


def test_the_counts_per_caseworker(api: Api) -> None:
    two_cases(api.journey)
    project_now(api)
    answer = api.get(Role.CASE_MANAGER, "/api/v1/due/by-worker")
    assert answer.status_code == 200, answer.text
    assert answer.json()["items"] == [
        {"worker": WORKER, "open_items": 2, "overdue": 0, "due_soon": 1},
        {"worker": OTHER_WORKER, "open_items": 2, "overdue": 1, "due_soon": 0},
    ]
    assert api.get(Role.CASEWORKER, "/api/v1/due/by-worker").status_code == 403


# ------------------------------------------------ a child's journey, issue-14 kinds

CARE = "/api/v1/care-plans"


def posted(api: Api, path: str, body: dict[str, Any], status: int = 200) -> Any:
    answer = api.post(Role.CASE_MANAGER, path, body)
    assert answer.status_code == status, answer.text
    return answer.json()


def child_with_guardian(journey: Journey, today: date) -> UUID:
    """A girl of 15, her guardian appointed by the Centre for Social Work today."""
    command = RegisterBeneficiary(
        personal=PersonalData("Blerta", "Gashi", add_months(today, -15 * 12)),
        gender=Gender.FEMININE,
        age_at_identification=15,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
    person = journey.bus.execute(None, command, actor=WORKER).id
    guardian = Guardian(GuardianKind.APPOINTED_LEGAL_GUARDIAN, "Valbona Hoxha", "+38349111222")
    csw = GuardianAppointedBy.CENTRE_FOR_SOCIAL_WORK
    appointed = AppointGuardian(guardian, csw, today, "QPS-PR-2026-041")
    journey.bus.execute(person, appointed, actor=WORKER)
    return person


def childs_journey(api: Api, today: date) -> UUID:
    """Over HTTP: the guardian's services consent, a reflection period, a care plan with
    needs to reassess 10 days ago, a service overdue by 5 days, one delivered, a review."""
    person = child_with_guardian(api.journey, today)
    case = open_case(api.journey, person)
    posted(api, f"/api/v1/cases/{case}/assign-caseworker", {"caseworker": WORKER})
    consent = {"kind": "services", "given_by": "guardian"}
    posted(api, f"/api/v1/beneficiaries/{person}/give-consent", consent)
    period = {"legal_basis": "kosovo_sop", "started_on": today.isoformat()}
    posted(api, f"/api/v1/cases/{case}/start-reflection-period", period)
    plan = posted(api, CARE, {"case_id": str(case)}, 201)["id"]
    needs = {
        "domains": [{"domain": "accommodation", "level": "high"}],
        "assessed_on": (today - timedelta(days=40)).isoformat(),
        "reassess_by": (today - timedelta(days=10)).isoformat(),
    }
    posted(api, f"{CARE}/{plan}/assess-needs", needs)
    for due_in in (-5, 30):
        service = {
            "service": "housing",
            "provider_kind": "pvpt",
            "responsible": WORKER,
            "starts_on": (today - timedelta(days=30)).isoformat(),
            "due_on": (today + timedelta(days=due_in)).isoformat(),
            "domains": ["accommodation"],
        }
        posted(api, f"{CARE}/{plan}/plan-service", service)
    delivery = {"number": 2, "attended": True, "duration_minutes": 60, "delivered_by": WORKER}
    posted(api, f"{CARE}/{plan}/record-delivery", delivery)
    review = {"due_on": (today + timedelta(days=14)).isoformat()}
    posted(api, f"{CARE}/{plan}/schedule-review", review)
    return case


def test_a_childs_journey_over_http_reads_back_by_kind_overdue_worker_and_case(
    api: Api,
) -> None:
    today = local_date(datetime.now(UTC))
    case = childs_journey(api, today)
    open_case(api.journey, register(api.journey))  # unassigned, another case
    project_now(api)
    mine = items(api, Role.CASE_MANAGER, worker=WORKER)
    assert {row["case_id"] for row in mine} == {str(case)}
    due_on = {row["kind"]: (row["due_on"], row["overdue"]) for row in mine}
    assert due_on == {
        "guardian_consent_renewal": (add_months(today, 12).isoformat(), 0),
        "reflection_period_end": ((today + timedelta(days=90)).isoformat(), 0),
        "needs_reassessment": ((today - timedelta(days=10)).isoformat(), 1),
        "planned_service": ((today - timedelta(days=5)).isoformat(), 1),
        "care_plan_review": ((today + timedelta(days=14)).isoformat(), 0),
        "risk_reassessment": ((today + timedelta(days=3)).isoformat(), 0),
        "no_contact": ((today + timedelta(days=30)).isoformat(), 0),
    }
    overdue = items(api, Role.CASE_MANAGER, overdue="true", case=str(case))
    assert sorted(row["kind"] for row in overdue) == ["needs_reassessment", "planned_service"]
    (service,) = items(api, Role.CASE_MANAGER, kind="planned_service")
    assert (service["source"], service["days_overdue"]) == ("service 1 (housing)", 5)
    (renewal,) = items(api, Role.CASEWORKER, kind="guardian_consent_renewal")
    assert renewal["source"] == f"consent services given {today.isoformat()}"
    assert len(items(api, Role.CASE_MANAGER, case=str(case))) == len(mine)
