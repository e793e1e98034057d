"""The auditors' replay over HTTP: records as of a moment or version, and a case's history.

On both databases (the store and the read database, where the access log is).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from adapters.audit.history_export import PERSONAL_FIELDS
from domain import classification
from domain.values import PersonalData
from domain.vocab import NoteCategory, ScreeningOutcome
from services.access import Role
from services.commands.beneficiary import UpdatePersonalData
from services.commands.case import AddNote, AssignCaseworker, ScreenOut, StartScreening
from services.commands.plan import DraftPlan
from services.commands.shelter import AdmitToShelter
from services.disclosure import WITHHELD
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    facility,
    open_case,
    register,
)
from tests.support.http import PROBLEM, Api, serving

SECRET_NOTE = "she named the recruiter in Durres"
SECRET_RATIONALE = "no indicators; lives with her aunt in Ferizaj"


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as served:
        yield served


@dataclass(frozen=True)
class Story:
    case: UUID
    beneficiary: UUID
    stay: UUID
    plan: UUID


@pytest.fixture
def story(api: Api) -> Story:
    journey, run = api.journey, api.journey.bus.execute
    case_id = case_in_service_provision(journey)
    beneficiary = journey.queries.case(case_id).beneficiary_id
    new_name = PersonalData("Drita", "Hoxha-Gashi", phone="+38344999888")
    run(beneficiary, UpdatePersonalData(personal=new_name), actor=WORKER)
    for category in (NoteCategory.GENERAL, NoteCategory.MEDICAL, NoteCategory.LEGAL):
        run(case_id, AddNote(category=category, text=f"{SECRET_NOTE} ({category})"), actor=MANAGER)
    stay = run(None, AdmitToShelter(case_id=case_id, facility_id=facility(journey)), actor=WORKER)
    plan = run(None, DraftPlan(case_id=case_id), actor=WORKER)
    return Story(case_id, beneficiary, stay.id, plan.id)


def cases(story: Story, suffix: str = "") -> str:
    return f"/api/v1/cases/{story.case}{suffix}"


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    return body


def test_as_of_answers_the_case_as_its_version_then(api: Api, story: Story) -> None:
    times = api.journey.queries.times(story.case)
    for version in (1, 5, len(times.recorded)):
        moment = times.time_of(version).isoformat()
        as_of = api.get(Role.AUDITOR, cases(story), as_of=moment)
        by_version = api.get(Role.AUDITOR, cases(story), version=version)
        assert as_of.status_code == by_version.status_code == 200, as_of.text
        assert as_of.json() == by_version.json()
        assert as_of.json()["version"] == version
        assert as_of.headers["etag"].startswith(f'"{version}-')
    current = api.get(Role.AUDITOR, cases(story)).json()
    assert set(current) == set(as_of.json())


def test_as_of_on_the_related_records(api: Api, story: Story) -> None:
    renamed = api.journey.queries.times(story.beneficiary).time_of(3)
    before = renamed - timedelta(microseconds=1)
    person = f"/api/v1/beneficiaries/{story.beneficiary}"
    then = api.get(Role.CASE_MANAGER, person, as_of=before.isoformat()).json()
    now = api.get(Role.CASE_MANAGER, person, as_of=renamed.isoformat()).json()
    assert (then["personal"]["family_name"], now["personal"]["family_name"]) == (
        "Hoxha",
        "Hoxha-Gashi",
    )
    assert api.get(Role.AUDITOR, person, as_of=renamed.isoformat()).json()["personal"] is None
    for path in (f"/api/v1/stays/{story.stay}", f"/api/v1/plans/{story.plan}"):
        answer = api.get(Role.AUDITOR, path, version=1)
        assert (answer.status_code, answer.json()["version"]) == (200, 1), answer.text


def test_bad_moments_are_refused_by_name(api: Api, story: Story) -> None:
    first = api.journey.queries.times(story.case).time_of(1)
    early = problem(api.get(Role.AUDITOR, cases(story), as_of="2020-01-01T00:00:00Z"), 404)
    assert "did not exist yet" in early["detail"]
    assert first.isoformat() in early["detail"]
    malformed = problem(api.get(Role.AUDITOR, cases(story), as_of="yesterday"), 422)
    assert "as_of" in malformed["detail"]
    both = problem(api.get(Role.AUDITOR, cases(story), as_of=first.isoformat(), version=2), 422)
    assert both["field"] == "as_of"
    naive = problem(api.get(Role.AUDITOR, cases(story), as_of="2030-01-01T00:00:00"), 422)
    assert (naive["field"], "no time zone" in naive["detail"]) == ("as_of", True)
    beyond = problem(api.get(Role.AUDITOR, cases(story), version=10_000), 422)
    assert beyond["field"] == "version"
    zero = problem(api.get(Role.AUDITOR, cases(story), version=0), 422)
    assert "version" in zero["detail"]


def test_past_states_need_read_history(api: Api, story: Story) -> None:
    moment = api.journey.queries.times(story.case).time_of(2).isoformat()
    for role, path in (
        (Role.CLINICIAN, cases(story)),
        (Role.LAWYER, f"/api/v1/plans/{story.plan}"),
        (Role.SHELTER_STAFF, f"/api/v1/stays/{story.stay}"),
    ):
        assert api.get(role, path).status_code == 200
        denied = problem(api.get(role, path, as_of=moment), 403)
        assert "read:history" in denied["detail"]
        assert role.value in denied["detail"]


def test_history_lists_every_event_with_actor_and_times(api: Api, story: Story) -> None:
    answer = api.get(Role.CASE_MANAGER, cases(story, "/history"))
    assert answer.status_code == 200, answer.text
    export = answer.json()
    queries = api.journey.queries
    expected = [
        (e.record_type, str(e.record_id), e.version) for e in queries.case_history(story.case)
    ]
    assert [(e["record_type"], e["record_id"], e["version"]) for e in export["events"]] == expected
    counts = {e["record_id"]: 0 for e in export["events"]}
    for event in export["events"]:
        counts[event["record_id"]] += 1
    assert counts[str(story.case)] == queries.case(story.case).version
    assert counts[str(story.beneficiary)] == queries.beneficiary(story.beneficiary).version
    assert counts[str(story.stay)] == counts[str(story.plan)] == 1
    recorded = [e["recorded_at"] for e in export["events"]]
    assert recorded == sorted(recorded)
    assert {e["actor"] for e in export["events"]} == {WORKER, MANAGER}
    assert (export["case_number"], export["exported_by"], export["role"]) == (
        queries.case(story.case).case_number,
        MANAGER,
        "case_manager",
    )


def test_history_withholds_what_the_role_may_not_see(api: Api, story: Story) -> None:
    run = api.journey.bus.execute
    refused = open_case(api.journey, register(api.journey, given_name="Lirije"))
    run(refused, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    run(refused, StartScreening(), actor=WORKER)
    run(
        refused,
        ScreenOut(
            outcome=ScreeningOutcome.DECLINED,
            no_referral_reason="declined",
            rationale=SECRET_RATIONALE,
        ),
        actor=WORKER,
    )
    export = api.get(Role.AUDITOR, cases(story, "/history")).json()
    text = str(export)
    for secret in ("Drita", "Hoxha", "+38344", SECRET_NOTE):
        assert secret not in text
    notes = [e for e in export["events"] if e["event_type"] == "Case.NoteAdded"]
    shown = {e["data"]["category"]: e["data"].get("text") for e in notes}
    assert shown == {"general": WITHHELD, "medical": WITHHELD, "legal": WITHHELD}
    note_why = {"text": classification.NOTE_TEXT.why}
    assert [e["withheld"] for e in notes] == [note_why, note_why, note_why]
    registered = next(e for e in export["events"] if e["event_type"] == "Beneficiary.Registered")
    assert registered["withheld"] == {"personal": classification.PERSON.why}
    assert registered["data"]["personal"] is None
    assert registered["data"]["gender"] == "Feminine"

    manager = api.get(Role.CASE_MANAGER, cases(story, "/history")).json()
    manager_text = str(manager)
    assert "Hoxha-Gashi" in manager_text
    assert "(legal)" in manager_text
    assert "(medical)" not in manager_text
    screened_out = api.get(Role.AUDITOR, f"/api/v1/cases/{refused}/history").json()
    rationale = next(e for e in screened_out["events"] if e["event_type"] == "Case.ScreenedOut")
    assert rationale["withheld"] == {
        "rationale": classification.FREE_TEXT.why,
        "no_referral_reason": classification.FREE_TEXT.why,
    }
    assert SECRET_RATIONALE not in str(screened_out)


def test_history_reads_are_in_its_access_log(api: Api, story: Story) -> None:
    api.get(Role.CLINICIAN, f"/api/v1/beneficiaries/{story.beneficiary}")
    manager = api.get(Role.CASE_MANAGER, cases(story, "/history")).json()
    rows = [
        (r["actor"], r["record_type"], r["record_id"], r["fields"]) for r in manager["access_log"]
    ]
    assert ("dr.gashi", "beneficiary", str(story.beneficiary), sorted(PERSONAL_FIELDS)) in rows
    assert (MANAGER, "beneficiary", str(story.beneficiary), sorted(PERSONAL_FIELDS)) in rows
    assert (MANAGER, "case", str(story.case), ["notes:general", "notes:legal"]) in rows
    assert all(r["route"].endswith("/history") for r in manager["access_log"][-2:])

    auditor = api.get(Role.AUDITOR, cases(story, "/history")).json()
    own = [r for r in auditor["access_log"] if r["actor"] == "auditor.pvpt"]
    assert own == []  # an auditor is shown no personal data, free text or note
    assert len(auditor["access_log"]) == len(manager["access_log"])


def test_as_of_reads_are_logged_with_their_moment(api: Api, story: Story) -> None:
    moment = api.journey.queries.times(story.case).time_of(10).isoformat()  # the general note only
    assert api.get(Role.LAWYER, cases(story), as_of=moment).status_code == 403
    assert api.get(Role.CASE_MANAGER, cases(story), as_of=moment).status_code == 200
    rows = api.get(Role.AUDITOR, "/api/v1/audit/access", record_id=str(story.case)).json()
    last = rows["items"][-1]
    assert (last["actor"], last["fields"]) == (MANAGER, ["notes:general"])
    assert "as_of=" in last["route"]


def test_history_respects_a_caseworkers_scope(api: Api, story: Story) -> None:
    api.add_user("other.worker", Role.CASEWORKER)
    assert api.get(Role.CASEWORKER, cases(story, "/history")).status_code == 200
    denied = problem(api.get("other.worker", cases(story, "/history")), 403)
    assert "other.worker" in denied["detail"]
    for role in (Role.CLINICIAN, Role.SHELTER_STAFF, Role.ANALYST):
        problem(api.get(role, cases(story, "/history")), 403)
    missing = problem(api.get(Role.AUDITOR, f"/api/v1/cases/{UUID(int=3)}/history"), 404)
    assert "no case" in missing["detail"]


def test_openapi_documents_the_new_parameters_and_the_history(api: Api) -> None:
    schema = api.client.get("/schema/openapi.json").json()
    case = schema["paths"]["/api/v1/cases/{ref}"]["get"]
    params = {p["name"]: p for p in case["parameters"]}
    assert {"as_of", "version"} <= set(params)
    assert "read:history" in params["as_of"]["description"]
    history = schema["paths"]["/api/v1/cases/{ref}/history"]["get"]
    ok = history["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("CaseHistory")
    assert {"404", "422"} <= set(history["responses"])
