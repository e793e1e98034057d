"""Records by code, number or id; the case file; a case's notes a page at a time; the
typed views of stays, plans and facilities. On both databases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from adapters.http.routes.paging import encode_cursor
from domain import classification
from domain.vocab import NoteCategory
from services.access import Role
from services.commands.case import AddNote, AssignCaseworker
from services.commands.plan import DraftPlan
from services.disclosure import WITHHELD
from tests.support.factories import MANAGER, WORKER, case_in_service_provision
from tests.support.http import PROBLEM, Api, project_now, serving
from tests.support.partners import IOM_NAME
from tests.support.survivor import Assigned, assigned_survivor

OTHER_WORKER = "other.worker"
TYPED = ["StayView", "PlanView", "FacilityView"]
NOTES = [
    (NoteCategory.MEDICAL, "sleeps badly"),
    (NoteCategory.LEGAL, "statement to the prosecutor on Monday"),
    (NoteCategory.GENERAL, "likes drawing"),
    (NoteCategory.PSYCHOLOGICAL, "nightmares less often"),
    (NoteCategory.GENERAL, "asked about school"),
]


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        served.add_user(OTHER_WORKER, Role.CASEWORKER)
        yield served


Records = Assigned


@pytest.fixture
def records(api: Api) -> Records:
    """The survivor's records (consents, a referral, a stay, a plan), assigned to WORKER."""
    return assigned_survivor(api.journey)


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    return body


# --------------------------------------------------------------- by code


def test_a_beneficiary_is_found_by_the_code_on_the_file_as_by_id(
    api: Api, records: Records
) -> None:
    by_id = api.get(Role.CASE_MANAGER, f"/api/v1/beneficiaries/{records.beneficiary}")
    code = records.code  # PVPT-2026-0001
    typed = code.lower().replace("-0001", "-1")  # as staff may type it
    for ref in (code, typed):
        by_code = api.get(Role.CASE_MANAGER, f"/api/v1/beneficiaries/{ref}")
        assert ok(by_code) == ok(by_id)
        assert by_code.headers["ETag"] == by_id.headers["ETag"]


def test_a_case_and_its_history_are_found_by_number_as_by_id(api: Api, records: Records) -> None:
    by_number = ok(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{records.number}"))
    assert by_number == ok(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{records.case}"))
    assert by_number["id"] == str(records.case)
    history = ok(api.get(Role.AUDITOR, f"/api/v1/cases/{records.number}/history"))
    assert history["case_id"] == str(records.case)
    past = api.get(Role.CASE_MANAGER, f"/api/v1/cases/{records.number}", version=1)
    assert ok(past)["version"] == 1


def test_an_unknown_code_or_number_is_a_404_naming_it(api: Api, records: Records) -> None:
    missing = problem(api.get(Role.CASE_MANAGER, "/api/v1/beneficiaries/PVPT-2026-0999"), 404)
    assert "PVPT-2026-0999" in missing["detail"]
    missing = problem(api.get(Role.CASE_MANAGER, "/api/v1/cases/PVPT-C-2031-0002/history"), 404)
    assert "PVPT-C-2031-0002" in missing["detail"]
    problem(api.get(Role.CASE_MANAGER, f"/api/v1/stays/{records.plan}"), 404)
    problem(api.get(Role.CASE_MANAGER, f"/api/v1/cases/{UUID(int=7)}/file"), 404)


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/api/v1/beneficiaries/PVPT-C-2026-0001", "case number"),
        ("/api/v1/cases/PVPT-2026-0001", "beneficiary's code"),
        ("/api/v1/cases/P-2026-0001/notes", "case number"),
        ("/api/v1/stays/PVPT-2026-0001", "no code"),
        ("/api/v1/plans/not-a-plan", "no code"),
        ("/api/v1/facilities/12345", "no code"),
        ("/api/v1/cases/PVPT-C-2026-0001x/file", "case number"),
    ],
)
def test_a_malformed_reference_is_a_422_naming_ref(api: Api, path: str, named: str) -> None:
    refused = problem(api.get(Role.CASE_MANAGER, path), 422)
    assert refused["field"] == "ref"
    assert named in refused["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/beneficiaries/Zana Krasniqi",
        "/api/v1/cases/zana krasniqi/file",
        "/api/v1/cases/Zana Krasniqi/history",
        "/api/v1/stays/Zana",
    ],
)
def test_a_name_typed_as_a_reference_is_not_repeated(api: Api, path: str) -> None:
    """The 422 says what shape a reference has, not what was typed in its place."""
    answer = api.get(Role.CASE_MANAGER, path)
    refused = problem(answer, 422)
    assert refused["field"] == "ref"
    assert "is not a" in refused["detail"]
    assert "zana" not in answer.text.lower()


def test_an_overlong_reference_or_version_is_a_422(api: Api, records: Records) -> None:
    problem(api.get(Role.CASE_MANAGER, "/api/v1/cases/" + "9" * 65), 422)
    path = f"/api/v1/beneficiaries/{records.code}"
    refused = problem(api.get(Role.CASE_MANAGER, path, version=2**63), 422)
    assert "version" in refused["detail"]


# ------------------------------------------------------------- case file


def test_the_case_file_lists_stays_plans_referrals_and_consents_with_links(
    api: Api, records: Records
) -> None:
    project_now(api)
    file = ok(api.get(Role.CASEWORKER, f"/api/v1/cases/{records.number}/file"))
    assert file["case"]["case_number"] == records.number
    assert file["case"]["beneficiary_code"] == records.code
    assert [s["stay_id"] for s in file["stays"]] == [str(records.stay)]
    assert [p["plan_id"] for p in file["plans"]] == [str(records.plan)]
    assert [(r["number"], r["partner"]) for r in file["case"]["referrals"]] == [(1, IOM_NAME)]
    assert sorted(c["kind"] for c in file["consents"]) == ["services", "sharing"]
    assert file["related_complete"] is True
    stay = file["stays"][0]
    assert ok(api.get(Role.CASEWORKER, f"/api/v1/stays/{stay['stay_id']}"))["id"] == stay["stay_id"]
    assert ok(api.get(Role.CASEWORKER, f"/api/v1/facilities/{stay['facility_id']}"))["residents"]
    beneficiary = ok(api.get(Role.CASEWORKER, f"/api/v1/beneficiaries/{records.code}"))
    assert beneficiary["consents"] == file["consents"]


def test_the_case_file_says_when_a_read_model_has_yet_to_list_a_plan(
    api: Api, records: Records
) -> None:
    project_now(api)
    drafted = api.journey.bus.execute(None, DraftPlan(case_id=records.case), actor=WORKER)
    path = f"/api/v1/cases/{records.case}/file"
    lagging = ok(api.get(Role.CASEWORKER, path))
    assert str(drafted.id) not in [p["plan_id"] for p in lagging["plans"]]
    assert lagging["related_complete"] is False
    waited = api.get(Role.CASEWORKER, path, wait_for_position=drafted.position, wait_timeout=0.2)
    assert problem(waited, 503)["requested_position"] == drafted.position
    project_now(api)
    caught_up = ok(api.get(Role.CASEWORKER, path, wait_for_position=drafted.position))
    assert str(drafted.id) in [p["plan_id"] for p in caught_up["plans"]]
    assert caught_up["related_complete"] is True


def test_the_case_file_withholds_as_the_case_does(api: Api, records: Records) -> None:
    project_now(api)
    audited = ok(api.get(Role.AUDITOR, f"/api/v1/cases/{records.number}/file"))
    assert audited["case"]["referral"]["details"] == WITHHELD
    assert audited["case"]["withheld"]["referral.details"] == classification.FREE_TEXT.why
    assert audited["case"]["notes"] == []
    assert audited["case"]["notes_withheld"] == 1
    assert access_rows(api, records.case) == []  # the auditor was shown nothing identifying
    ok(api.get(Role.CASEWORKER, f"/api/v1/cases/{records.number}/file"))
    rows = access_rows(api, records.case)
    assert [(r["actor"], r["fields"]) for r in rows] == [(WORKER, "free_text,notes:general")]
    assert rows[0]["route"] == f"/api/v1/cases/{records.number}/file"


def access_rows(api: Api, record_id: UUID) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = api.app.state.access_log.entries(str(record_id))
    return rows


# ---------------------------------------------------------------- scope


def test_a_caseworker_reads_the_stays_and_plans_of_own_cases_only(
    api: Api, records: Records
) -> None:
    project_now(api)
    paths = [
        f"/api/v1/stays/{records.stay}",
        f"/api/v1/plans/{records.plan}",
        f"/api/v1/cases/{records.number}/file",
        f"/api/v1/cases/{records.number}/notes",
    ]
    for path in paths:
        ok(api.get(Role.CASEWORKER, path))
        denied = problem(api.get(OTHER_WORKER, path), 403)
        assert OTHER_WORKER in denied["detail"]
    api.journey.bus.execute(records.case, AssignCaseworker(caseworker=OTHER_WORKER), actor=MANAGER)
    for path in paths:
        ok(api.get(OTHER_WORKER, path))
        problem(api.get(Role.CASEWORKER, path), 403)


# ---------------------------------------------------------------- notes


@pytest.fixture
def noted(api: Api) -> UUID:
    """A case with five notes of every category (as case manager, then clinician...)."""
    case_id = case_in_service_provision(api.journey)
    for category, text in NOTES:
        api.journey.bus.execute(case_id, AddNote(category, text), actor=MANAGER)
    return case_id


def all_pages(api: Api, who: Role, path: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        page = ok(api.get(who, path, **query))
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return pages


def test_notes_come_a_page_at_a_time_in_the_categories_the_role_may_read(
    api: Api, noted: UUID
) -> None:
    path = f"/api/v1/cases/{noted}/notes"
    pages = all_pages(api, Role.CASE_MANAGER, path, limit=2)  # general and legal
    assert [len(p) for p in pages] == [2, 1]
    notes = [n for page in pages for n in page]
    assert [n["text"] for n in notes] == [NOTES[i][1] for i in (1, 2, 4)]
    assert [n["number"] for n in notes] == [2, 3, 5]
    clinician = [n for p in all_pages(api, Role.CLINICIAN, path, limit=1) for n in p]
    assert [n["category"] for n in clinician] == ["medical", "general", "psychological", "general"]
    only = all_pages(api, Role.CLINICIAN, path, category="psychological")
    assert [[n["number"] for n in p] for p in only] == [[4]]
    assert all_pages(api, Role.AUDITOR, path) == [[]]


def test_each_page_of_notes_is_in_the_access_log(api: Api, noted: UUID) -> None:
    path = f"/api/v1/cases/{noted}/notes"
    all_pages(api, Role.CASE_MANAGER, path, limit=2)
    all_pages(api, Role.AUDITOR, path)
    rows = access_rows(api, noted)
    assert [(r["actor"], r["fields"]) for r in rows] == [
        (MANAGER, "notes:general,notes:legal"),
        (MANAGER, "notes:general"),
    ]


def test_a_bad_cursor_or_category_is_a_422(api: Api, noted: UUID) -> None:
    path = f"/api/v1/cases/{noted}/notes"
    assert problem(api.get(Role.CASE_MANAGER, path, cursor="nonsense"), 422)["field"] == "cursor"
    another_lists = encode_cursor("access_log", [2])
    assert problem(api.get(Role.CASE_MANAGER, path, cursor=another_lists), 422)["field"] == "cursor"
    problem(api.get(Role.CASE_MANAGER, path, category="secret"), 422)


# ----------------------------------------------------------- typed views


def test_stays_plans_and_facilities_are_typed_views_with_withheld_fields(
    api: Api, records: Records
) -> None:
    plan = ok(api.get(Role.AUDITOR, f"/api/v1/plans/{records.plan}"))
    assert plan["goals"]["1"]["description"] == WITHHELD
    assert plan["withheld"]["goals.1.progress"] == classification.FREE_TEXT.why
    assert plan["status"] == "active"
    stay = ok(api.get(Role.SHELTER_STAFF, f"/api/v1/stays/{records.stay}"))
    assert (stay["case_number"], stay["on_leave"], stay["withheld"]) == (records.number, True, {})
    schema = api.client.get("/schema/openapi.json").json()
    for path, view in zip(("stays", "plans", "facilities"), TYPED, strict=True):
        answer = schema["paths"][f"/api/v1/{path}/{{ref}}"]["get"]["responses"]["200"]
        assert answer["content"]["application/json"]["schema"]["$ref"].endswith(view)


VIEWS = ["BeneficiaryView", "CaseView", "CaseFile", "CaseNoteEntry", *TYPED]


def test_every_field_of_the_views_is_described_with_an_example(api: Api) -> None:
    components = api.client.get("/schema/openapi.json").json()["components"]["schemas"]
    for view in VIEWS:
        properties = components[view]["properties"]
        undescribed = [
            name
            for name, p in properties.items()
            if not p.get("description") or not p.get("examples")
        ]
        assert undescribed == [], view
