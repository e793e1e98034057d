"""The lists a caseworker uses, on each database: sorting both ways across pages, the
cursor tied to its sort, totals, filters, the new lists (beneficiaries, plans,
referrals) and stays for staff, each scoped to a caseworker's own cases."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.run.bootstrap import Journey
from domain.local_time import local_date
from domain.vocab import (
    DecidingBody,
    RiskLevel,
    ScreeningOutcome,
    TraffickingStatus,
)
from services.access import Role
from services.commands.beneficiary import DecideTraffickingStatus
from services.commands.case import AssessRisk, AssignCaseworker, ScreenOut, StartScreening
from services.commands.plan import DraftPlan
from services.commands.referrals import AcceptReferral
from tests.support.casework import admit, discharge, refer
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    facility,
    open_case,
    register,
)
from tests.support.http import PROBLEM, Api, project_now, serving, walk
from tests.support.partners import IOM_NAME

OTHER_WORKER = "era.other"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def items(api: Api, who: Role | str, path: str, **params: Any) -> list[dict[str, Any]]:
    answer = api.get(who, path, **params)
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()["items"]
    return rows


def every_row(api: Api, who: Role, path: str, **params: Any) -> list[dict[str, Any]]:
    return [row for page in walk(api, who, path, **params) for row in page]


def refused(api: Api, path: str, field: str, **params: Any) -> None:
    answer = api.get(Role.CASE_MANAGER, path, **params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    assert (problem.get("field") or problem["detail"]).startswith(field)


def assign(api: Api, case_id: UUID, caseworker: str) -> None:
    api.journey.bus.execute(case_id, AssignCaseworker(caseworker=caseworker), actor=MANAGER)


def today() -> date:
    """Today in Prishtina, as the server's views count days."""
    return local_date(datetime.now(UTC))


# ------------------------------------------------------------------ sorting


def cases_by_risk(journey: Journey) -> dict[str, str | None]:
    """Seven cases: two each at low, medium and high risk, one never assessed."""
    risks: dict[str, str | None] = {}
    levels = [RiskLevel.HIGH, RiskLevel.LOW, None, RiskLevel.MEDIUM, *RiskLevel]
    for level in levels:
        case_id = open_case(journey, register(journey))
        if level is not None:
            journey.bus.execute(case_id, AssessRisk(level=level), actor=WORKER)
        risks[str(case_id)] = None if level is None else level.value
    return risks


@pytest.mark.parametrize("path", ["/api/v1/cases", "/api/v1/caseload"])
def test_sorting_by_rank_both_ways_pages_every_row_once(api: Api, path: str) -> None:
    risks = cases_by_risk(api.journey)
    project_now(api)
    up = every_row(api, Role.CASE_MANAGER, path, sort="risk_level", limit=2)
    down = every_row(api, Role.CASE_MANAGER, path, sort="-risk_level", limit=2)
    for rows in (up, down):
        assert sorted(row["case_id"] for row in rows) == sorted(risks)
    assert [row["risk_level"] for row in up] == ["low"] * 2 + ["medium"] * 2 + ["high"] * 2 + [None]
    assert [row["risk_level"] for row in down] == ["high"] * 2 + ["medium"] * 2 + ["low"] * 2 + [
        None
    ]
    ties = [row["case_number"] for row in up if row["risk_level"] == "low"]
    assert ties == sorted(ties)
    backwards = [row["case_number"] for row in down if row["risk_level"] == "low"]
    assert backwards == sorted(backwards, reverse=True)


def test_a_descending_walk_by_the_default_column_reverses_the_list(api: Api) -> None:
    for _ in range(5):
        open_case(api.journey, register(api.journey))
    project_now(api)
    up = every_row(api, Role.CASE_MANAGER, "/api/v1/cases", limit=2)
    down = every_row(api, Role.CASE_MANAGER, "/api/v1/cases", sort="-case_number", limit=3)
    assert [row["case_id"] for row in down] == [row["case_id"] for row in reversed(up)]


def test_nullable_columns_page_across_their_nulls(api: Api) -> None:
    shelter = facility(api.journey, beds=6)
    stays = [admit(api.journey, case_in_service_provision(api.journey), shelter) for _ in range(4)]
    for stay in stays[:2]:
        discharge(api.journey, stay)
    project_now(api)
    for sort in ("discharged_on", "-discharged_on", "length_of_stay_days"):
        rows = every_row(api, Role.CASE_MANAGER, "/api/v1/stays", sort=sort, limit=1)
        assert sorted(row["stay_id"] for row in rows) == sorted(map(str, stays)), sort
        assert [row["discharged_on"] is None for row in rows] == [False, False, True, True]


def test_a_cursor_of_another_sort_and_an_unknown_column_are_422s(api: Api) -> None:
    for _ in range(3):
        open_case(api.journey, register(api.journey))
    project_now(api)
    page = api.get(Role.CASE_MANAGER, "/api/v1/cases", sort="-opened_on", limit=1).json()
    cursor = page["next_cursor"]
    refused(api, "/api/v1/cases", "cursor", sort="opened_on", limit=1, cursor=cursor)
    refused(api, "/api/v1/cases", "cursor", limit=1, cursor=cursor)
    refused(api, "/api/v1/cases", "sort", sort="given_name")
    refused(api, "/api/v1/stays", "sort", sort="-risk_level")
    assert api.get(Role.CASE_MANAGER, "/api/v1/cases", sort="Bad Sort!").status_code == 422
    same = api.get(Role.CASE_MANAGER, "/api/v1/cases", sort="-opened_on", cursor=cursor, limit=1)
    assert same.status_code == 200


def test_a_total_counts_the_rows_under_the_same_filters_on_request(api: Api) -> None:
    case_in_service_provision(api.journey, risk=RiskLevel.HIGH)
    for _ in range(3):
        case_in_service_provision(api.journey, risk=RiskLevel.LOW)
    project_now(api)
    path = "/api/v1/cases"
    first = api.get(Role.CASE_MANAGER, path, risk_level="low", total="true", limit=2).json()
    assert (len(first["items"]), first["total"]) == (2, 3)
    rest = api.get(
        Role.CASE_MANAGER, path, risk_level="low", total="true", cursor=first["next_cursor"]
    ).json()
    assert (len(rest["items"]), rest["total"]) == (1, 3)
    assert api.get(Role.CASE_MANAGER, path).json()["total"] is None
    assert api.get(Role.CASEWORKER, path, total="true").json()["total"] == 4
    assert api.get(Role.ANALYST, "/api/v1/stays", total="true").json()["total"] == 0


# ------------------------------------------------------------------ filters


def test_case_filters_a_caseworker_uses(api: Api) -> None:
    shelter = facility(api.journey)
    sheltered = case_in_service_provision(api.journey)
    admit(api.journey, sheltered, shelter)
    late = case_in_service_provision(api.journey)
    long_ago = today() - timedelta(days=60)
    api.journey.bus.execute(
        late, AssessRisk(level=RiskLevel.HIGH, assessed_on=long_ago), actor=WORKER
    )
    fresh = open_case(api.journey, register(api.journey))
    closed = open_case(api.journey, register(api.journey))
    api.journey.bus.execute(closed, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    api.journey.bus.execute(closed, StartScreening(), actor=WORKER)
    api.journey.bus.execute(
        closed,
        ScreenOut(
            outcome=ScreeningOutcome.DECLINED,
            no_referral_reason="declined",
            rationale="not trafficked",
        ),
        actor=WORKER,
    )
    project_now(api)
    number = api.journey.queries.case(fresh).case_number
    code = api.journey.queries.case(fresh).beneficiary_code

    def ids(**params: Any) -> set[str]:
        return {row["case_id"] for row in items(api, Role.CASE_MANAGER, "/api/v1/cases", **params)}

    assert ids(facility_id=str(shelter)) == {str(sheltered)}
    assert ids(overdue="true") == {str(late)}
    assert ids(overdue="false") == {str(sheltered), str(fresh)}  # open cases only
    assert ids(case_number=number) == ids(beneficiary_code=code) == {str(fresh)}
    issued, serial = number.rsplit("-", 1)
    typed = f"{issued.lower()}-{int(serial)}"  # pvpt-c-2026-3, as staff type it
    assert ids(case_number=f" {typed} ") == ids(beneficiary_code=code.lower()) == {str(fresh)}
    assert ids(opened_from=today().isoformat(), opened_to=today().isoformat()) == ids()
    assert ids(opened_from=(today() + timedelta(days=1)).isoformat()) == set()
    assert ids(risk_level="high", stage="service_provision") == {str(late)}
    refused(api, "/api/v1/cases", "opened_from", opened_from="2026-02-01", opened_to="2026-01-01")
    refused(api, "/api/v1/cases", "", stage="nowhere")
    assert api.get(Role.CASE_MANAGER, "/api/v1/cases", case_number="42").status_code == 422
    refused(api, "/api/v1/cases", "case_number", case_number="PVPT-2026-0001")  # a code


# -------------------------------------------------------------------- stays


def test_stays_for_staff_who_read_stays_caseworkers_their_own(api: Api) -> None:
    shelter, other_shelter = facility(api.journey), facility(api.journey, name="Shelter Peja")
    mine = case_in_service_provision(api.journey)
    theirs = case_in_service_provision(api.journey)
    assign(api, theirs, OTHER_WORKER)
    ended = admit(api.journey, mine, shelter)
    discharge(api.journey, ended)
    staying = admit(api.journey, mine, other_shelter)
    other = admit(api.journey, theirs, shelter)
    project_now(api)

    def ids(who: Role, **params: Any) -> set[str]:
        return {row["stay_id"] for row in items(api, who, "/api/v1/stays", **params)}

    assert ids(Role.CASEWORKER) == {str(ended), str(staying)}
    assert ids(Role.SHELTER_STAFF) == ids(Role.ANALYST) == {str(ended), str(staying), str(other)}
    assert ids(Role.CASE_MANAGER, status="current") == {str(staying), str(other)}
    assert ids(Role.CASE_MANAGER, status="discharged") == {str(ended)}
    assert ids(Role.CASE_MANAGER, facility_id=str(shelter)) == {str(ended), str(other)}
    number = api.journey.queries.case(theirs).case_number
    assert ids(Role.CASE_MANAGER, case_number=number) == {str(other)}
    assert ids(Role.CASEWORKER, case_number=number) == set()
    day = today().isoformat()
    assert len(ids(Role.CASE_MANAGER, admitted_from=day, admitted_to=day)) == 3
    refused(api, "/api/v1/stays", "", status="gone")


# -------------------------------------------------------- plans, referrals


def test_plans_by_status_and_case_caseworkers_their_own(api: Api) -> None:
    mine = case_in_service_provision(api.journey)
    theirs = case_in_service_provision(api.journey)
    assign(api, theirs, OTHER_WORKER)
    plans = {
        case: api.journey.bus.execute(None, DraftPlan(case_id=case), actor=WORKER).id
        for case in (mine, theirs)
    }
    project_now(api)
    mine_only = items(api, Role.CASEWORKER, "/api/v1/plans")
    assert [row["plan_id"] for row in mine_only] == [str(plans[mine])]
    everyone = items(api, Role.CASE_MANAGER, "/api/v1/plans", status="active")
    assert {row["plan_id"] for row in everyone} == {str(p) for p in plans.values()}
    number = api.journey.queries.case(theirs).case_number
    [theirs_row] = items(api, Role.ANALYST, "/api/v1/plans", case_number=number)
    assert theirs_row["plan_id"] == str(plans[theirs])
    assert items(api, Role.CASE_MANAGER, "/api/v1/plans", status="completed") == []
    assert api.get(Role.CASE_MANAGER, "/api/v1/outcomes/plans").status_code == 404


def test_referrals_by_status_and_partner_caseworkers_their_own(api: Api) -> None:
    mine = case_in_service_provision(api.journey)
    theirs = case_in_service_provision(api.journey)
    assign(api, theirs, OTHER_WORKER)
    refer(api.journey, mine, "iom-kosovo")
    refer(api.journey, mine, "csw-prizren")
    refer(api.journey, theirs, "iom-kosovo")
    api.journey.bus.execute(mine, AcceptReferral(number=2), actor=WORKER)
    project_now(api)
    own = items(api, Role.CASEWORKER, "/api/v1/referrals")
    assert [(row["number"], row["partner"], row["status"]) for row in own] == [
        (1, IOM_NAME, "in_progress"),
        (2, "Qendra për Punë Sociale Prizren", "accepted"),
    ]
    assert own[1]["decided_on"] == today().isoformat()
    iom = items(api, Role.CASE_MANAGER, "/api/v1/referrals", partner=IOM_NAME)
    assert {row["case_id"] for row in iom} == {str(mine), str(theirs)}
    code = api.journey.queries.case(theirs).beneficiary_code
    [theirs_row] = items(api, Role.CASE_MANAGER, "/api/v1/referrals", beneficiary_code=code)
    assert theirs_row["case_id"] == str(theirs)
    accepted = items(api, Role.ANALYST, "/api/v1/referrals", status="accepted")
    assert [row["partner"] for row in accepted] == ["Qendra për Punë Sociale Prizren"]
    by_status = every_row(api, Role.CASE_MANAGER, "/api/v1/referrals", sort="-status", limit=1)
    assert [row["status"] for row in by_status] == ["accepted", "in_progress", "in_progress"]
    refused(api, "/api/v1/referrals", "", status="maybe")


# ------------------------------------------------------------ beneficiaries


def test_beneficiaries_by_code_caseworkers_theirs_and_the_unassigned(api: Api) -> None:
    mine = case_in_service_provision(api.journey)
    theirs = case_in_service_provision(api.journey)
    assign(api, theirs, OTHER_WORKER)
    newcomer = register(api.journey, age=16)
    decided = DecideTraffickingStatus(
        status=TraffickingStatus.ACTUAL, deciding_body=DecidingBody.POLICE
    )
    api.journey.bus.execute(newcomer, decided, actor=WORKER)
    project_now(api)
    code_of = {case: api.journey.queries.case(case).beneficiary_code for case in (mine, theirs)}
    newcomer_code = api.journey.queries.beneficiary(newcomer).code
    seen = items(api, Role.CASEWORKER, "/api/v1/beneficiaries")
    assert [row["code"] for row in seen] == sorted([code_of[mine], newcomer_code])
    everyone = every_row(api, Role.CASE_MANAGER, "/api/v1/beneficiaries", limit=1)
    assert len(everyone) == 3
    [row] = items(api, Role.CASE_MANAGER, "/api/v1/beneficiaries", code=newcomer_code)
    assert (row["minor"], row["age_band"], row["cases"]) == (1, "9-17", 0)
    assert "given_name" not in row
    actual = items(
        api, Role.ANALYST, "/api/v1/beneficiaries", trafficking_status="ActualVictimOfTrafficking"
    )
    assert [r["code"] for r in actual] == [newcomer_code]
    assert items(api, Role.CASEWORKER, "/api/v1/beneficiaries", code=code_of[theirs]) == []
    assert api.get(Role.SHELTER_STAFF, "/api/v1/beneficiaries").status_code == 200
    assert api.get(Role.CASE_MANAGER, "/api/v1/beneficiaries", code="Drita").status_code == 422


def test_a_list_whose_filter_reads_a_model_never_built_is_a_503_naming_it(api: Api) -> None:
    case_in_service_provision(api.journey)
    project_now(api, "caseload")
    assert api.get(Role.CASE_MANAGER, "/api/v1/cases").status_code == 200
    by_facility = api.get(Role.CASE_MANAGER, "/api/v1/cases", facility_id=str(uuid4()))
    assert by_facility.status_code == 503, by_facility.text
    assert by_facility.json()["model"] == "capacity"
    project_now(api, "capacity")
    assert api.get(Role.CASEWORKER, "/api/v1/stays").status_code == 200
    people = api.get(Role.CASE_MANAGER, "/api/v1/beneficiaries")
    assert (people.status_code, people.json()["model"]) == (503, "directory")


# ------------------------------------------------ scope after a reassignment

SCOPED_LISTS = (
    ("/api/v1/cases", "case_id"),
    ("/api/v1/caseload", "case_id"),
    ("/api/v1/stays", "case_id"),
    ("/api/v1/plans", "case_id"),
    ("/api/v1/referrals", "case_id"),
    ("/api/v1/beneficiaries", "code"),
)


def test_a_reassigned_case_leaves_the_old_caseworker_s_lists_at_once(api: Api) -> None:
    """The read models have not seen the reassignment yet: her lists wait for the
    caseload model to catch up with the store, or answer 503, never the case's rows."""
    case_id = case_in_service_provision(api.journey)
    admit(api.journey, case_id, facility(api.journey))
    api.journey.bus.execute(None, DraftPlan(case_id=case_id), actor=WORKER)
    refer(api.journey, case_id, "iom-kosovo")
    project_now(api)
    ours = {"case_id": str(case_id), "code": api.journey.queries.case(case_id).beneficiary_code}
    for path, key in SCOPED_LISTS:
        assert {row[key] for row in items(api, Role.CASEWORKER, path)} == {ours[key]}, path
    assign(api, case_id, OTHER_WORKER)
    for path, _ in SCOPED_LISTS:
        behind = api.get(Role.CASEWORKER, path, wait_timeout=0.1)
        assert behind.status_code == 503, (path, behind.text)
        assert (behind.json()["model"], behind.headers["Retry-After"]) == ("caseload", "1")
        assert behind.json()["requested_position"] == api.head
    assert items(api, Role.CASE_MANAGER, "/api/v1/stays")  # all cases: nothing to wait for
    catching_up = threading.Timer(0.3, project_now, args=(api, "caseload"))
    catching_up.start()
    try:
        assert items(api, Role.CASEWORKER, "/api/v1/stays", wait_timeout=5) == []
    finally:
        catching_up.join()
    for path, _ in SCOPED_LISTS:
        assert items(api, Role.CASEWORKER, path) == [], path
    api.add_user(OTHER_WORKER, Role.CASEWORKER)
    assert [row["case_id"] for row in items(api, OTHER_WORKER, "/api/v1/plans")] == [str(case_id)]
