"""Every read path of a case full of free text, read as every role, on both databases:
no personal value reaches a role that may not see it, and what is withheld is listed
with the reason (docs/privacy.md, Who sees what)."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest

from adapters.audit.access_log import AccessLog
from adapters.cli.replay import case_replay
from domain import classification
from domain.vocab import NoteCategory
from services.access import READ_CASE, READ_PERSONAL_DATA, Role, allowed, may_read_note
from services.commands.case import AddNote
from services.disclosure import WITHHELD
from tests.support.factories import MANAGER
from tests.support.http import Api, project_now, serving
from tests.support.survivor import SECRETS, Survivor, survivor

NOTE_SECRET = {category: f"Valbona told the {category.value} team" for category in NoteCategory}
WRITER = {
    NoteCategory.GENERAL: MANAGER,
    NoteCategory.LEGAL: MANAGER,
    NoteCategory.MEDICAL: "dr.gashi",
    NoteCategory.PSYCHOLOGICAL: "dr.gashi",
}
READ_MODELS = ("/api/v1/caseload", "/api/v1/stays", "/api/v1/outcomes/cases")


@pytest.fixture(scope="module")
def world(read_db_url: str) -> Iterator[tuple[Api, Survivor]]:
    """One store per database: a SQLite file beside the read one, or the same schema."""
    store = read_db_url.replace("read.db", "journey.db")
    with serving(store, read_db_url) as api:
        person = survivor(api.journey)
        for category, text in NOTE_SECRET.items():
            api.journey.bus.execute(person.case, AddNote(category, text), actor=WRITER[category])
        project_now(api)
        yield api, person


def record_paths(person: Survivor) -> list[str]:
    case = f"/api/v1/cases/{person.case}"
    return [
        f"/api/v1/beneficiaries/{person.beneficiary}",
        case,
        f"{case}?version=3",
        f"{case}/history",
        f"/api/v1/stays/{person.stay}",
        f"/api/v1/plans/{person.plan}?as_of=2999-01-01T00:00:00Z",
    ]


def hidden_from(role: Role) -> list[str]:
    """The distinctive values `role` must never be shown."""
    personal = [] if allowed(role, READ_PERSONAL_DATA) else list(SECRETS)
    notes = [text for c, text in NOTE_SECRET.items() if not may_read_note(role, c)]
    return personal + notes


def withheld_reasons(body: object) -> set[str]:
    """Every reason any `withheld` object in the answer gives."""
    found: set[str] = set()
    if isinstance(body, dict):
        for key, value in body.items():
            if key == "withheld" and isinstance(value, dict):
                found |= set(value.values())
            else:
                found |= withheld_reasons(value)
    elif isinstance(body, list):
        for item in body:
            found |= withheld_reasons(item)
    return found


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_no_record_path_shows_a_role_what_it_may_not_see(
    world: tuple[Api, Survivor], role: Role
) -> None:
    api, person = world
    read = [api.get(role, path) for path in record_paths(person)]
    answered = [r for r in read if r.status_code == 200]
    assert all(r.status_code in (200, 403) for r in read), [r.text for r in read]
    for response in answered:
        assert [s for s in hidden_from(role) if s in response.text] == [], response.url
    if allowed(role, READ_CASE) and not allowed(role, READ_PERSONAL_DATA):
        reasons = set().union(*(withheld_reasons(r.json()) for r in answered))
        assert {classification.FREE_TEXT.why, classification.PERSON.why} <= reasons


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.CLINICIAN], ids=str)
def test_roles_that_work_with_the_person_see_it(world: tuple[Api, Survivor], role: Role) -> None:
    """The control: the same paths do show personal data and readable notes."""
    api, person = world
    text = "".join(api.get(role, path).text for path in record_paths(person))
    if role is Role.CASE_MANAGER:  # reads history too, where outgoing referral details are
        assert [s for s in SECRETS if s not in text] == []
    assert "Zanafina" in text
    readable = [t for c, t in NOTE_SECRET.items() if may_read_note(role, c)]
    assert [t for t in readable if t not in text] == []


def test_the_referral_details_are_withheld_from_an_auditor(world: tuple[Api, Survivor]) -> None:
    api, person = world
    case = api.get(Role.AUDITOR, f"/api/v1/cases/{person.case}").json()
    assert case["referral"]["details"] == WITHHELD
    assert case["withheld"]["referral.details"] == classification.FREE_TEXT.why
    assert case["referral"]["organisation"] == "Kosovo Police"
    history = api.get(Role.AUDITOR, f"/api/v1/cases/{person.case}/history").json()
    opened = next(e for e in history["events"] if e["event_type"] == "Case.Opened")
    assert opened["withheld"] == {"referral.details": classification.FREE_TEXT.why}
    assert opened["data"]["referral"]["details"] == WITHHELD


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_read_models_hold_no_personal_value(world: tuple[Api, Survivor], role: Role) -> None:
    api, _ = world
    for path in READ_MODELS:
        response = api.get(role, path)
        assert response.status_code in (200, 403)
        assert [s for s in [*SECRETS, *NOTE_SECRET.values()] if s in response.text] == []


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.CASEWORKER], ids=str)
def test_the_cli_replay_withholds_as_http_does(world: tuple[Api, Survivor], role: Role) -> None:
    api, person = world
    records = api.journey.queries.case_records(person.case, None, None)
    replayed = case_replay(records, AccessLog(api.engine), "auditor.cli", role)
    text = msgspec.json.encode(replayed).decode()
    assert [s for s in hidden_from(role) if s in text] == []
    if role is Role.AUDITOR:
        assert classification.FREE_TEXT.why in withheld_reasons(msgspec.to_builtins(replayed))
