"""The HTTP API on each database: idempotent retries, If-Match, read models and
lists a page at a time, read-your-writes through the real pipeline, the access
log, /metrics and /health."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.http.idempotency import IdempotencyKeys, KeyInProgress
from adapters.http.problem_types import PROBLEM_TYPES
from domain.case_values import IncomingReferral
from domain.reflection import ReflectionBasis
from domain.values import PersonalData
from domain.vocab import (
    FacilityKind,
    Gender,
    IncomingReferralReason,
    OrganisationType,
    RiskLevel,
    TraffickingScope,
)
from projections import catalog
from services.access import Role
from services.commands.beneficiary import RegisterBeneficiary
from services.commands.case import AssessRisk, AssignCaseworker, OpenCase
from services.commands.reflection import StartReflectionPeriod
from services.commands.shelter import RegisterFacility
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    facility,
    open_case,
    register,
    today_in_prishtina,
)
from tests.support.http import (
    PROBLEM,
    Api,
    at_once,
    body,
    project_now,
    running_pipeline,
    serving,
    walk,
)

FACILITIES = "/api/v1/facilities"
SHELTER = body(
    RegisterFacility(
        name="Shelter Prishtina", kind=FacilityKind.SHELTER, beds=4, effective_from=date(2025, 1, 1)
    )
)


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


def capacity_change(beds: int) -> dict[str, Any]:
    return {"beds": beds, "effective_from": "2025-06-01"}


# --------------------------------------------------------------- idempotency


def test_a_retry_with_the_same_key_gets_the_first_answer_and_applies_nothing(api: Api) -> None:
    first = api.post(Role.ADMIN, FACILITIES, SHELTER, **key("register-1"))
    head = api.head
    again = api.post(Role.ADMIN, FACILITIES, SHELTER, **key("register-1"))
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"] == '"1"'
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert api.head == head


def test_the_same_key_for_another_request_is_a_422_naming_the_key(api: Api) -> None:
    api.post(Role.ADMIN, FACILITIES, SHELTER, **key("register-2"))
    other = api.post(Role.ADMIN, FACILITIES, {**SHELTER, "beds": 9}, **key("register-2"))
    assert other.status_code == 422
    assert other.headers["content-type"] == PROBLEM
    assert other.json()["idempotency_key"] == "register-2"
    assert "register-2" in other.json()["detail"]


def test_keys_are_per_user(api: Api) -> None:
    second_admin = api.add_user("admin.two", Role.ADMIN)
    mine = api.post(Role.ADMIN, FACILITIES, SHELTER, **key("same"))
    theirs = api.post(second_admin, FACILITIES, SHELTER, **key("same"))
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]


def test_a_malformed_key_is_refused(api: Api) -> None:
    answer = api.post(Role.ADMIN, FACILITIES, SHELTER, **key("x" * 256))
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM


def test_refusals_are_answers_and_are_replayed(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))
    api.journey.bus.execute(case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    path = f"/api/v1/cases/{case_id}/end-reflection-period"
    body = {"reason": "decided_to_cooperate"}
    refused = api.post(Role.CASEWORKER, path, body, **key("end"))
    assert refused.status_code == 409  # no period yet
    period = StartReflectionPeriod(legal_basis=ReflectionBasis.KOSOVO_SOP)
    api.journey.bus.execute(case_id, period, actor=WORKER)
    replayed = api.post(Role.CASEWORKER, path, body, **key("end"))
    assert (replayed.status_code, replayed.content) == (409, refused.content)
    assert api.post(Role.CASEWORKER, path, body, **key("end-again")).status_code == 200


def test_two_requests_at_once_with_one_key_apply_once(api: Api) -> None:
    before = api.head
    api.post(Role.ADMIN, FACILITIES, SHELTER)
    events_per_registration = api.head - before

    def send() -> Any:
        return api.post(Role.ADMIN, FACILITIES, SHELTER, **key("concurrent"))

    first, second = at_once(send, send)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert api.head == before + 2 * events_per_registration + 1  # + its receipt (one)


def test_keys_expire_after_a_day(api: Api) -> None:
    first = api.post(Role.ADMIN, FACILITIES, SHELTER, **key("daily"))
    keys: IdempotencyKeys = api.app.state.idempotency
    keys.clock = lambda: datetime.now(UTC) + timedelta(hours=25)
    again = api.post(Role.ADMIN, FACILITIES, {**SHELTER, "beds": 2}, **key("daily"))
    assert again.status_code == 201
    assert again.json()["id"] != first.json()["id"]
    keys.clock = lambda: datetime.now(UTC) + timedelta(hours=50)
    assert keys.purge_expired() == 1


def test_a_key_in_use_waits_then_is_taken_over_when_abandoned(api: Api) -> None:
    keys = IdempotencyKeys(api.engine, wait_seconds=0.1)
    assert keys.claim("admin.pvpt", "slow", "sha") is None
    with pytest.raises(KeyInProgress):
        keys.claim("admin.pvpt", "slow", "sha")
    keys.clock = lambda: datetime.now(UTC) + timedelta(minutes=2)
    assert keys.claim("admin.pvpt", "slow", "sha") is None


def test_a_server_error_releases_the_key(api: Api) -> None:
    keys = IdempotencyKeys(api.engine)

    def broken() -> Any:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        keys.run(None, "admin.pvpt", "broken", "sha", broken)  # type: ignore[arg-type]
    assert keys.claim("admin.pvpt", "broken", "sha") is None


# ------------------------------------------------------------------ If-Match


def test_an_etag_round_trips_and_a_stale_one_is_412(api: Api) -> None:
    created = api.post(Role.ADMIN, FACILITIES, SHELTER)
    record = created.headers["Location"]
    etag = api.get(Role.ADMIN, record).headers["ETag"]  # "1-<digest>": If-Match takes it
    assert etag.startswith(created.headers["ETag"].rstrip('"') + "-")
    path = f"{record}/change-capacity"
    changed = api.post(Role.ADMIN, path, capacity_change(6), **{"If-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] == '"2"'
    assert api.get(Role.ADMIN, record).headers["ETag"].startswith('"2-')
    stale = api.post(Role.ADMIN, path, capacity_change(7), **{"If-Match": etag})
    assert stale.status_code == 412
    assert stale.headers["content-type"] == PROBLEM


def test_if_match_star_asks_only_that_the_record_exists_and_a_weak_tag_is_refused(
    api: Api,
) -> None:
    """RFC 9110 13.1.1: `*` matches any current representation; If-Match compares
    strongly, so a weak tag never matches."""
    path = f"{api.post(Role.ADMIN, FACILITIES, SHELTER).headers['Location']}/change-capacity"
    star = api.post(Role.ADMIN, path, capacity_change(6), **{"If-Match": "*"})
    assert star.status_code == 200, star.text
    weak = api.post(Role.ADMIN, path, capacity_change(7), **{"If-Match": 'W/"2"'})
    assert weak.status_code == 400
    assert weak.headers["content-type"] == PROBLEM
    assert weak.json()["detail"].startswith("If-Match:")


def test_two_writers_with_one_etag_never_lose_an_update(api: Api) -> None:
    created = api.post(Role.ADMIN, FACILITIES, SHELTER)
    record, etag = created.headers["Location"], created.headers["ETag"]

    def change(beds: int) -> Any:
        return lambda: api.post(
            Role.ADMIN, f"{record}/change-capacity", capacity_change(beds), **{"If-Match": etag}
        )

    answers = at_once(change(6), change(7))
    assert sorted(a.status_code for a in answers) == [200, 412]
    winner = next(a for a in answers if a.status_code == 200)
    assert winner.headers["ETag"] == '"2"'
    assert api.get(Role.ADMIN, record).headers["ETag"].startswith('"2-')


# ------------------------------------------------------------ read your writes


def test_a_client_reads_its_own_write_through_the_pipeline(api: Api, nats_url: str) -> None:
    with running_pipeline(api, nats_url):
        beneficiary = api.post(Role.CASE_MANAGER, "/api/v1/beneficiaries", BENEFICIARY).json()
        command = OpenCase(beneficiary_id=UUID(beneficiary["id"]), referral=REFERRAL)
        opened = api.post(Role.CASE_MANAGER, "/api/v1/cases", body(command)).json()
        fresh = {"wait_for_position": opened["position"], "wait_timeout": 10}
        caseload = api.get(Role.CASE_MANAGER, "/api/v1/caseload", **fresh)
        timeline = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{opened['id']}/timeline", **fresh)
    assert caseload.status_code == 200, caseload.text
    assert [row["case_id"] for row in caseload.json()["items"]] == [opened["id"]]
    assert [e["event_type"] for e in timeline.json()["items"]] == ["Case.Opened"]


BENEFICIARY = body(
    RegisterBeneficiary(
        personal=PersonalData("Drita", "Hoxha", date(2002, 5, 17)),
        gender=Gender.FEMININE,
        age_at_identification=24,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
)
REFERRAL = IncomingReferral(
    "Kosovo Police",
    OrganisationType.LAW_ENFORCEMENT,
    date(2025, 1, 2),
    IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
)


def test_a_wait_that_times_out_is_a_503_naming_the_model(api: Api) -> None:
    project_now(api)
    applied = api.head
    created = api.post(Role.ADMIN, FACILITIES, SHELTER).json()
    late = api.get(
        Role.ANALYST, "/api/v1/capacity", wait_for_position=created["position"], wait_timeout=0.2
    )
    assert late.status_code == 503
    assert late.headers["content-type"] == PROBLEM
    assert late.headers["Retry-After"] == "1"
    problem = late.json()
    assert (problem["model"], problem["applied_position"]) == ("capacity", applied)
    assert problem["requested_position"] == created["position"]


def test_waiting_for_a_position_the_store_never_reached_is_the_clients_mistake(
    api: Api,
) -> None:
    project_now(api)
    for params in ({"wait_for_position": api.head + 100}, {"wait_timeout": 11}):
        answer = api.get(Role.ANALYST, "/api/v1/caseload", **params)
        assert answer.status_code == 422, params
        assert answer.headers["content-type"] == PROBLEM


def test_a_read_model_never_built_is_a_503(api: Api) -> None:
    answer = api.get(Role.ANALYST, "/api/v1/outcomes")
    assert answer.status_code == 503
    assert answer.json()["type"] == PROBLEM_TYPES["ReadModelNotBuilt"].uri


# ----------------------------------------------------------------- pagination


def test_a_cursor_walk_returns_every_row_once(api: Api) -> None:
    cases = {str(open_case(api.journey, register(api.journey))) for _ in range(7)}
    project_now(api)
    for path in ("/api/v1/caseload", "/api/v1/cases"):
        pages = walk(api, Role.CASE_MANAGER, path, limit=3)
        assert [len(page) for page in pages] == [3, 3, 1]
        seen = [row["case_id"] for page in pages for row in page]
        assert sorted(seen) == sorted(cases)


def test_a_page_stays_stable_when_rows_are_added_between_pages(api: Api) -> None:
    for name in ("B shelter", "D shelter"):
        facility(api.journey, name=name)
    project_now(api)
    first = api.get(Role.ANALYST, "/api/v1/capacity", limit=1).json()
    facility(api.journey, name="A shelter")
    facility(api.journey, name="C shelter")
    project_now(api)
    rest = walk(api, Role.ANALYST, "/api/v1/capacity", limit=1, cursor=first["next_cursor"])
    assert [r["name"] for r in first["items"]] == ["B shelter"]
    assert [r["name"] for page in rest for r in page] == ["C shelter", "D shelter"]


def test_limits_and_cursors_a_list_did_not_issue_are_422(api: Api) -> None:
    open_case(api.journey, register(api.journey))
    open_case(api.journey, register(api.journey))
    project_now(api)
    cursor = api.get(Role.CASE_MANAGER, "/api/v1/cases", limit=1).json()["next_cursor"]
    for params in ({"limit": 0}, {"limit": 501}, {"cursor": "garbage"}, {"cursor": cursor}):
        answer = api.get(Role.CASE_MANAGER, "/api/v1/caseload", **params)
        assert answer.status_code == 422, params
        assert answer.headers["content-type"] == PROBLEM


# ----------------------------------------------------- read models and scope


def test_caseworkers_see_only_their_own_cases(api: Api) -> None:
    mine = str(case_in_service_provision(api.journey))
    other = open_case(api.journey, register(api.journey))
    api.journey.bus.execute(other, AssignCaseworker(caseworker="era.other"), actor=MANAGER)
    project_now(api)
    for path in ("/api/v1/caseload", "/api/v1/cases"):
        rows = api.get(Role.CASEWORKER, path).json()["items"]
        assert [row["case_id"] for row in rows] == [mine]
        assert api.get(Role.CASEWORKER, path, caseworker="era.other").status_code == 403
        assert len(api.get(Role.CASE_MANAGER, path).json()["items"]) == 2


def test_caseload_filters(api: Api) -> None:
    high = case_in_service_provision(api.journey, risk=RiskLevel.HIGH)
    case_in_service_provision(api.journey, risk=RiskLevel.LOW)
    intake = open_case(api.journey, register(api.journey))
    api.journey.bus.execute(intake, AssessRisk(level=RiskLevel.HIGH), actor=WORKER)
    project_now(api)
    rows = api.get(
        Role.CASE_MANAGER, "/api/v1/caseload", stage="service_provision", risk_level="high"
    ).json()["items"]
    assert [row["case_id"] for row in rows] == [str(high)]
    assert api.get(Role.CASE_MANAGER, "/api/v1/caseload", overdue="true").json()["items"] == []
    assert api.get(Role.CASE_MANAGER, "/api/v1/caseload", stage="nowhere").status_code == 422
    by_worker = api.get(Role.ANALYST, "/api/v1/caseload/by-worker").json()["items"]
    assert {row["caseworker"]: row["open_cases"] for row in by_worker} == {
        WORKER: 2,
        "(unassigned)": 1,
    }


def test_who_may_read_which_read_model(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    project_now(api)
    expected = {
        (Role.ANALYST, "/api/v1/outcomes"): 200,
        (Role.ANALYST, "/api/v1/outcomes/cases"): 200,
        (Role.ANALYST, "/api/v1/plans"): 200,
        (Role.ANALYST, "/api/v1/stays"): 200,
        (Role.ANALYST, f"/api/v1/cases/{case_id}/timeline"): 403,
        (Role.ANALYST, "/api/v1/cases"): 403,
        (Role.CASEWORKER, "/api/v1/outcomes"): 403,
        (Role.CASEWORKER, "/api/v1/capacity"): 200,
        (Role.SHELTER_STAFF, "/api/v1/capacity/utilisation"): 200,
        (Role.AUDITOR, f"/api/v1/cases/{case_id}/timeline"): 200,
        (Role.ADMIN, "/api/v1/audit/access"): 403,
    }
    answers = {call: api.get(*call).status_code for call in expected}
    assert answers == expected


def test_a_case_timeline_is_in_case_scope(api: Api) -> None:
    mine = case_in_service_provision(api.journey)
    other = open_case(api.journey, register(api.journey))
    project_now(api)
    pages = walk(api, Role.CASEWORKER, f"/api/v1/cases/{mine}/timeline", limit=4)
    entries = [entry for page in pages for entry in page]
    assert entries[0]["event_type"] == "Case.Opened"
    assert [e["position"] for e in entries] == sorted({e["position"] for e in entries})
    assert len(entries) == 9  # opened, assigned, assessed, screening, screened in, 2 x 2 approvals
    assert api.get(Role.CASEWORKER, f"/api/v1/cases/{other}/timeline").status_code == 403
    assert api.get(Role.CASE_MANAGER, f"/api/v1/cases/{uuid4()}/timeline").status_code == 404


def test_capacity_now_and_night_by_night(api: Api) -> None:
    facility_id = facility(api.journey, beds=5)
    facility(api.journey, name="Day centre Peja")
    project_now(api)
    now = api.get(Role.SHELTER_STAFF, "/api/v1/capacity", facility_id=str(facility_id)).json()
    [row] = now["items"]
    assert (row["beds"], row["available"]) == (5, 5)
    assert row["bed_inventory"] == [{"start": "2025-01-01", "end": None, "beds": 5}]
    today = today_in_prishtina().isoformat()
    days = api.get(
        Role.ANALYST, "/api/v1/capacity/daily", facility_id=str(facility_id), to=today
    ).json()["items"]
    assert [(d["day"], d["beds"], d["occupied"]) for d in days] == [(today, 5, 0)]
    backwards = {"from": "2026-02-01", "to": "2026-01-01"}
    assert api.get(Role.ANALYST, "/api/v1/capacity/daily", **backwards).status_code == 422


# ----------------------------------------------------------------- access log


def test_auditors_read_the_access_log_a_page_at_a_time(api: Api) -> None:
    seen = register(api.journey)
    for _ in range(3):
        assert api.get(Role.CASE_MANAGER, f"/api/v1/beneficiaries/{seen}").status_code == 200
    api.get(Role.CASE_MANAGER, f"/api/v1/beneficiaries/{register(api.journey)}")
    pages = walk(api, Role.AUDITOR, "/api/v1/audit/access", record_id=str(seen), limit=2)
    entries = [entry for page in pages for entry in page]
    assert [len(page) for page in pages] == [2, 1]
    assert {(e["actor"], e["record_id"]) for e in entries} == {(MANAGER, str(seen))}
    assert "given_name" in entries[0]["fields"]
    assert api.get(Role.CASE_MANAGER, "/api/v1/audit/access").status_code == 403


def test_no_route_changes_the_access_log(api: Api) -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        answer = api.client.request(method, "/api/v1/audit/access", headers=api.auth(Role.AUDITOR))
        assert answer.status_code == 405, method
        assert answer.headers["content-type"] == PROBLEM


# ------------------------------------------------------------ metrics, health


def test_metrics_count_answers_by_route_template(api: Api) -> None:
    case_id = case_in_service_provision(api.journey)
    route = {"method": "GET", "route": "/api/v1/cases/{ref}"}
    before = _scrape(api)
    for _ in range(2):
        api.get(Role.CASE_MANAGER, f"/api/v1/cases/{case_id}")
    api.client.get("/api/v1/unknown")
    catalog.report(api.engine, "relay", "running", position=api.head - 3)
    answer = api.client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    after = _scrape(api)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert grew("journey_http_requests_total", **route, status="200") == 2
    assert grew("journey_http_request_duration_seconds_bucket", **route, le="+Inf") == 2
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    assert grew("journey_http_requests_total", **unmatched) == 1
    assert after[("journey_store_position", ())] == api.head
    assert after[("journey_component_lag", (("component", "relay"),))] == 3
    assert after[("journey_component_state", (("component", "relay"), ("state", "running")))] == 1
    assert after[("journey_ready", ())] == 1


def test_metrics_count_commands_by_outcome_and_answer_the_request_id(api: Api) -> None:
    before = _scrape(api)
    registered = api.post(Role.CASEWORKER, "/api/v1/beneficiaries", BENEFICIARY)
    assert registered.status_code == 201, registered.text
    risk = body(AssessRisk(level=RiskLevel.HIGH))
    refused = api.post(Role.CASE_MANAGER, f"/api/v1/cases/{uuid4()}/assess-risk", risk)
    assert refused.status_code == 404, refused.text
    probe = "0b8e7c54-5a51-4d63-9a0e-6a3c1c5f2d11"
    sent = api.client.get("/health/live", headers={"X-Request-ID": probe})
    made = api.client.get("/health/live", headers={"X-Request-ID": "not an id!"})
    after = _scrape(api)
    command = (("command", "RegisterBeneficiary"),)
    accepted = ("journey_commands_total", (("code", ""), *command, ("outcome", "accepted")))
    assert after[accepted] - before.get(accepted, 0.0) == 1
    risk_refused = (("command", "AssessRisk"), ("outcome", "refused"))
    not_found = ("journey_commands_total", (("code", "record-not-found"), *risk_refused))
    assert after[not_found] - before.get(not_found, 0.0) == 1
    assert sent.headers["x-request-id"] == probe.replace("-", "")
    assert made.headers["x-request-id"] != "not an id!"  # a new one in its place
    assert len(made.headers["x-request-id"]) == 32  # a uuid4 in hex
    unrouted = api.client.get("/api/v1/unknown")
    assert len(unrouted.headers["x-request-id"]) == 32  # answered before routing, too


def test_an_unknown_method_is_counted_as_other_not_as_a_label_of_its_own(api: Api) -> None:
    before = _scrape(api)
    api.client.request("BREW", "/api/v1/unknown")
    after = _scrape(api)
    assert not any(("method", "BREW") in labels for _, labels in after)
    grown = [
        key
        for key, value in after.items()
        if key[0] == "journey_http_requests_total"
        and ("method", "other") in key[1]
        and value > before.get(key, 0.0)
    ]
    assert len(grown) == 1


def _scrape(api: Api) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, by name and sorted labels."""
    text = api.client.get("/metrics").text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_health_shows_each_component_and_its_lag(api: Api) -> None:
    facility(api.journey)
    head = api.head
    catalog.report(api.engine, "relay", "running", position=head)
    catalog.report(api.engine, "projection:caseload", "failed", position=head - 1, last_error="x")
    health = api.client.get("/health").json()
    assert (health["status"], health["store_position"]) == ("degraded", head)
    components = health["components"]
    assert (components["relay"]["state"], components["relay"]["lag"]) == ("running", 0)
    assert components["projection:caseload"]["lag"] == 1


def test_a_401_says_how_to_authenticate(api: Api) -> None:
    """RFC 6750: a bearer token is asked for; a token sent that is no user's is invalid."""
    missing = api.client.get("/api/v1/cases")
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"] == 'Bearer realm="journey"'
    wrong = api.client.get("/api/v1/cases", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    expected = 'Bearer realm="journey", error="invalid_token"'
    assert wrong.headers["WWW-Authenticate"] == expected
