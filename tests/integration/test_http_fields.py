"""Each role's view of the same beneficiary and the same case, field by field.

Personal data (names, birth date, contacts, identity number, address, guardian) goes
to case managers, the assigned caseworker, clinicians and lawyers; auditors get the
beneficiary with it withheld; shelter staff, analysts and admins may not read either
record. Notes by confidentiality category: medical and psychological for clinicians,
legal for lawyers and case managers, general for every case reader; `notes_withheld`
counts the rest. Every read that shows personal data or notes writes one access-log
row naming who, in which role, which record and exactly which fields; other reads
write none. Clinicians and lawyers write only their own kind of note and service.

Store `memory://` (the HTTP layer is tested); the read database — accounts, access
log, caseload view — is SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import Engine, func, select

from adapters.audit.access_log import access_log
from adapters.http.app import create_app
from adapters.privacy.accounts import Accounts, Throttle
from adapters.run.bootstrap import Journey, build
from adapters.store.read_database import read_engine
from domain import classification
from domain.case_values import IncomingReferral
from domain.values import Guardian, PersonalData
from domain.vocab import (
    Gender,
    GuardianKind,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    RiskLevel,
    ScreeningOutcome,
    TraffickingScope,
)
from projections import catalog
from projections.caseload import Caseload
from services.access import Role
from services.child_views import ADULT_ON_SHOWN, FROM_BIRTH_DATE
from services.commands.beneficiary import AppointGuardian, RegisterBeneficiary
from services.commands.case import AddNote, AssignCaseworker, OpenCase, ScreenOut, StartScreening
from services.commands.plan import DraftPlan
from services.commands.shelter import AdmitToShelter
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    consent_to_services,
    facility,
    register,
    today_in_prishtina,
)
from tests.support.http import PROBLEM
from tests.support.projecting import project

OTHER_WORKER = "other.worker"
G, MED, PSY, LEG = (
    NoteCategory.GENERAL,
    NoteCategory.MEDICAL,
    NoteCategory.PSYCHOLOGICAL,
    NoteCategory.LEGAL,
)

# ------------------------------------------------------------------ expectation

PERSON_WHY = classification.PERSON.why
PERSONAL_FIELDS = [f.name for f in dataclasses.fields(PersonalData)]
SHOWN_FIELDS = ",".join(sorted([*PERSONAL_FIELDS, "guardian"]))  # as the access log keeps them
SEES_PERSONAL = {Role.CASE_MANAGER, Role.CASEWORKER, Role.CLINICIAN, Role.LAWYER}
READS_RECORDS = SEES_PERSONAL | {Role.AUDITOR}
NOTES_SEEN: dict[Role, set[NoteCategory]] = {
    Role.CASE_MANAGER: {G, LEG},
    Role.CASEWORKER: {G},
    Role.CLINICIAN: {G, MED, PSY},
    Role.LAWYER: {G, LEG},
    Role.AUDITOR: set(),  # general notes name people: roles with personal data only
}
# Shelter staff, analysts, admins and prevention officers may not read beneficiaries or
# cases at all (services/access.py gives them no read:beneficiary / read:case).
DENIED = set(Role) - READS_RECORDS

USER_OF = {
    Role.ADMIN: "admin",
    Role.CASE_MANAGER: MANAGER,
    Role.CASEWORKER: WORKER,  # assigned to the case
    Role.CLINICIAN: "dr.clinician",
    Role.LAWYER: "av.lawyer",
    Role.SHELTER_STAFF: "shelter.staff",
    Role.AUDITOR: "auditor.one",
    Role.ANALYST: "analyst.one",
    Role.PREVENTION_OFFICER: "drita.gashi",
}
PERSON = PersonalData(
    given_name="Arbnora",
    family_name="Berisha",
    birth_date=date(datetime.now(UTC).year - 16, 3, 1),
    phone="+38349555777",
    email="arbnora@example.org",
    identity_number="1234567890",
    address="Rr. Nene Tereza 12, Prishtine",
)
GUARDIAN = Guardian(GuardianKind.PARENT, "Shpresa Berisha", "+38344111222")


# ------------------------------------------------------------------ the world


@dataclass
class World:
    journey: Journey
    engine: Engine
    accounts: Accounts
    client: TestClient[Litestar]
    tokens: dict[str, str]  # user name -> token
    beneficiary: UUID
    case: UUID
    scratch_case: UUID  # for the write tests, so the viewed case keeps its four notes
    scratch_stay: UUID
    scratch_plan: UUID

    def get(self, path: str, user: str) -> Any:
        return self.client.get(path, headers={"Authorization": f"Bearer {self.tokens[user]}"})

    def post(self, path: str, user: str, body: dict[str, Any]) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        return self.client.post(path, json=body, headers=headers)


GENERATIONS = itertools.count(1)


def project_caseload(journey: Journey, engine: Engine) -> None:
    """The caseload read model up to date (a new generation each time, as a rebuild
    would)."""
    model = Caseload()
    tables = project(journey, model, engine, generation=next(GENERATIONS))
    with engine.begin() as conn:
        catalog.point_views(conn, model, tables)


def make_app(journey: Journey, engine: Engine, accounts: Accounts) -> Litestar:
    """create_app, past Litestar 2.25's deprecation warnings about adapters/http/routes/commands.py
    (reported; tests/integration/test_http_matrix.py::test_building_the_app_warns_nothing)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return create_app(journey, engine, accounts, Throttle(limit=10**6))


def referral() -> IncomingReferral:
    return IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        today_in_prishtina(),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
    )


def minor_with_guardian(journey: Journey) -> UUID:
    command = RegisterBeneficiary(
        personal=PERSON,
        gender=Gender.FEMININE,
        age_at_identification=16,
        citizenships=("XK", "AL"),
        languages=("sq",),
        scope=TraffickingScope.INTERNATIONAL,
    )
    beneficiary_id = journey.bus.execute(None, command, actor=WORKER).id
    journey.bus.execute(beneficiary_id, AppointGuardian(guardian=GUARDIAN), actor=WORKER)
    return beneficiary_id


def case_with_every_note(journey: Journey, beneficiary_id: UUID) -> UUID:
    run = journey.bus.execute
    case_id = run(None, OpenCase(beneficiary_id=beneficiary_id, referral=referral()), actor=WORKER)
    run(case_id.id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    for category in NoteCategory:
        run(case_id.id, AddNote(category=category, text=f"{category} note"), actor=MANAGER)
    return case_id.id


@pytest.fixture(scope="module")
def world(read_db_url: str) -> Iterator[World]:
    journey = build("memory://")
    engine = read_engine(read_db_url)
    accounts = Accounts(engine)
    beneficiary = minor_with_guardian(journey)
    case = case_with_every_note(journey, beneficiary)
    scratch = case_in_service_provision(journey, RiskLevel.LOW)
    consent_to_services(journey, journey.queries.case(scratch).beneficiary_id)  # deliveries
    stay = journey.bus.execute(
        None, AdmitToShelter(case_id=scratch, facility_id=facility(journey)), actor=WORKER
    ).id
    plan = journey.bus.execute(None, DraftPlan(case_id=scratch), actor=WORKER).id
    project_caseload(journey, engine)
    users = {**{USER_OF[role]: role for role in Role}, OTHER_WORKER: Role.CASEWORKER}
    tokens = {name: accounts.add(name, role) for name, role in users.items()}
    with TestClient(make_app(journey, engine, accounts)) as client:
        yield World(
            journey, engine, accounts, client, tokens, beneficiary, case, scratch, stay, plan
        )
    journey.close()
    engine.dispose()


def last_log_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.max(access_log.c.id))).scalar() or 0)


def log_since(engine: Engine, after: int) -> list[dict[str, Any]]:
    query = select(access_log).where(access_log.c.id > after).order_by(access_log.c.id)
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def assert_denied(response: Any, role: Role) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == PROBLEM
    assert role.value in response.json()["detail"]


# ------------------------------------------------------------------ beneficiary


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_beneficiary_as_seen_by(world: World, role: Role) -> None:
    user, path = USER_OF[role], f"/api/v1/beneficiaries/{world.beneficiary}"
    before = last_log_id(world.engine)
    response = world.get(path, user)
    if role in DENIED:
        assert_denied(response, role)
        assert log_since(world.engine, before) == []
        return
    assert response.status_code == 200, response.text
    view = response.json()
    # non-identifying data: everyone who reads the record
    assert view["code"].startswith("PVPT-")
    assert (view["gender"], view["age_band"], view["is_minor"]) == ("Feminine", "9-17", True)
    assert view["citizenships"] == ["XK", "AL"]
    assert response.headers["etag"].startswith(f'"{view["version"]}-')
    entries = log_since(world.engine, before)
    if role in SEES_PERSONAL:
        assert view["personal_data"] == "shown"
        recorded = {k: v for k, v in view["personal"].items() if v is not None}
        assert recorded == {
            "given_name": "Arbnora",
            "family_name": "Berisha",
            "birth_date": PERSON.birth_date.isoformat(),  # type: ignore[union-attr]
            "phone": "+38349555777",
            "email": "arbnora@example.org",
            "identity_number": "1234567890",
            "address": "Rr. Nene Tereza 12, Prishtine",
        }
        assert view["guardian"] == {
            "kind": "parent",
            "name": "Shpresa Berisha",
            "contact": "+38344111222",
        }
        assert [(e["actor"], e["role"], e["record_type"], e["record_id"]) for e in entries] == [
            (user, role.value, "beneficiary", str(world.beneficiary))
        ]
        # and the day she turns 18, from her birth date (services/child_views.py)
        fields = ",".join(sorted([*SHOWN_FIELDS.split(","), ADULT_ON_SHOWN]))
        assert (entries[0]["fields"], entries[0]["route"]) == (fields, path)
    else:
        assert (view["personal_data"], view["personal"]) == ("withheld", None)
        assert view["guardian"] == {"kind": "parent", "name": "withheld", "contact": "withheld"}
        assert view["withheld"] == {
            **dict.fromkeys(("personal", "guardian.name", "guardian.contact"), PERSON_WHY),
            "child.adult_on": FROM_BIRTH_DATE,  # the 18th birthday gives the birth date away
        }
        assert (view["child"]["minor_today"], view["child"]["adult_on"]) == (True, None)
        for value in (*dataclasses.astuple(PERSON)[:2], "+3834", "1234567890", "Shpresa"):
            assert str(value) not in response.text
        assert entries == []


# ------------------------------------------------------------------ case


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_case_as_seen_by(world: World, role: Role) -> None:
    user, path = USER_OF[role], f"/api/v1/cases/{world.case}"
    before = last_log_id(world.engine)
    response = world.get(path, user)
    if role in DENIED:
        assert_denied(response, role)
        assert log_since(world.engine, before) == []
        return
    assert response.status_code == 200, response.text
    view = response.json()
    seen = NOTES_SEEN[role]
    assert {note["category"] for note in view["notes"]} == {c.value for c in seen}
    assert all(note["text"] == f"{note['category']} note" for note in view["notes"])
    assert view["notes_withheld"] == len(NoteCategory) - len(seen)
    for hidden in set(NoteCategory) - seen:
        assert f"{hidden.value} note" not in response.text
    assert (view["caseworker"], view["stage"]) == (WORKER, "intake")
    assert "personal" not in view
    entries = log_since(world.engine, before)
    if not seen:  # an auditor: shown no note and no free text, so no access-log row
        assert entries == []
        return
    assert [(e["actor"], e["role"], e["record_type"], e["record_id"]) for e in entries] == [
        (user, role.value, "case", str(world.case))
    ]
    assert entries[0]["fields"] == ",".join(sorted(f"notes:{c.value}" for c in seen))


def test_a_read_that_shows_no_notes_writes_no_log(world: World) -> None:
    """The scratch case has no notes; a lawyer reading a medical-only case sees none."""
    before = last_log_id(world.engine)
    response = world.get(f"/api/v1/cases/{world.scratch_case}", USER_OF[Role.LAWYER])
    assert response.status_code == 200
    assert (response.json()["notes"], response.json()["notes_withheld"]) == ([], 0)
    assert log_since(world.engine, before) == []


def test_withheld_notes_only_are_counted_not_logged(world: World) -> None:
    run = world.journey.bus.execute
    case_id = run(
        None, OpenCase(beneficiary_id=register(world.journey), referral=referral()), actor=MANAGER
    ).id
    run(case_id, AddNote(category=MED, text="medical only"), actor="dr.clinician")
    before = last_log_id(world.engine)
    response = world.get(f"/api/v1/cases/{case_id}", USER_OF[Role.LAWYER])
    assert (response.json()["notes"], response.json()["notes_withheld"]) == ([], 1)
    assert "medical only" not in response.text
    assert log_since(world.engine, before) == []


# ------------------------------------------------------------------ caseworker scope


@pytest.mark.parametrize("record", ["beneficiary", "case", "stay", "plan", "timeline"])
def test_a_caseworker_not_assigned_is_refused(world: World, record: str) -> None:
    path = {
        "beneficiary": f"/api/v1/beneficiaries/{world.beneficiary}",
        "case": f"/api/v1/cases/{world.case}",
        "stay": f"/api/v1/stays/{world.scratch_stay}",
        "plan": f"/api/v1/plans/{world.scratch_plan}",
        "timeline": f"/api/v1/cases/{world.case}/timeline",
    }[record]
    before = last_log_id(world.engine)
    response = world.get(path, OTHER_WORKER)
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert OTHER_WORKER in response.json()["detail"]
    assert "Arbnora" not in response.text
    assert log_since(world.engine, before) == []


def test_a_caseworker_not_assigned_may_not_write_to_the_case(world: World) -> None:
    body = {"category": "general", "text": "not my case"}
    response = world.post(f"/api/v1/cases/{world.case}/add-note", OTHER_WORKER, body)
    assert response.status_code == 403
    assert world.journey.queries.case(world.case).notes[-1].text != "not my case"


# ------------------------------------------------------------------ own kind of note/service


@dataclass(frozen=True)
class Write:
    role: Role
    route: str
    field: str
    value: str
    allowed: bool

    def __str__(self) -> str:
        return f"{self.role.value}-{self.route}-{self.value}"


WRITES = [
    Write(Role.CLINICIAN, "add-note", "category", "medical", allowed=True),
    Write(Role.CLINICIAN, "add-note", "category", "psychological", allowed=True),
    Write(Role.CLINICIAN, "add-note", "category", "legal", allowed=False),
    Write(Role.LAWYER, "add-note", "category", "legal", allowed=True),
    Write(Role.LAWYER, "add-note", "category", "medical", allowed=False),
    Write(Role.CASE_MANAGER, "add-note", "category", "legal", allowed=True),
    Write(Role.CASE_MANAGER, "add-note", "category", "psychological", allowed=False),
    Write(Role.CASEWORKER, "add-note", "category", "general", allowed=True),
    Write(Role.CASEWORKER, "add-note", "category", "medical", allowed=False),
    Write(Role.LAWYER, "deliver-service", "service", "legal", allowed=True),
    Write(Role.LAWYER, "deliver-service", "service", "medical", allowed=False),
    Write(Role.CLINICIAN, "deliver-service", "service", "psychological", allowed=True),
    Write(Role.CLINICIAN, "deliver-service", "service", "legal", allowed=False),
    Write(Role.CASEWORKER, "deliver-service", "service", "housing", allowed=True),
]


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_own_kind_of_note_and_service(world: World, write: Write) -> None:
    today = today_in_prishtina().isoformat()
    bodies = {
        "add-note": {"text": f"{write.value} observation"},
        "deliver-service": {"provider": "PVPT", "delivered_on": today, "outcome": "completed"},
    }
    body = {**bodies[write.route], write.field: write.value}
    path = f"/api/v1/cases/{world.scratch_case}/{write.route}"
    case = world.journey.queries.case(world.scratch_case)
    response = world.post(path, USER_OF[write.role], body)
    after = world.journey.queries.case(world.scratch_case)
    if write.allowed:
        assert response.status_code == 200, response.text
        assert response.json()["version"] == after.version == case.version + 1
    else:
        assert_denied(response, write.role)
        assert write.value in response.json()["detail"]
        assert after.version == case.version


# ------------------------------------------------------------------ findings (scope)


def test_a_caseworker_may_not_read_the_beneficiary_of_another_workers_closed_case(
    world: World,
) -> None:
    """FINDING: ScopeCheck.check_beneficiary reads the `caseload` view, which lists open
    cases only. Once another worker's case is closed the beneficiary has "no case", so
    every caseworker may read (and change) their personal data."""
    run = world.journey.bus.execute
    beneficiary_id = register(world.journey, given_name="Teuta")
    case_id = run(None, OpenCase(beneficiary_id=beneficiary_id, referral=referral()), actor=WORKER)
    run(case_id.id, AssignCaseworker(caseworker=OTHER_WORKER), actor=MANAGER)
    run(case_id.id, StartScreening(), actor=OTHER_WORKER)
    run(
        case_id.id,
        ScreenOut(
            outcome=ScreeningOutcome.DECLINED,
            no_referral_reason="declined",
            rationale="not trafficked",
        ),
        actor=OTHER_WORKER,
    )
    project_caseload(world.journey, world.engine)
    response = world.get(f"/api/v1/beneficiaries/{beneficiary_id}", WORKER)
    assert response.status_code == 403, f"{WORKER} read {response.text[:200]}"


def test_a_caseworker_loses_the_beneficiary_when_the_case_is_reassigned(world: World) -> None:
    """FINDING: cases are scoped from the event store, beneficiaries from the caseload
    read model. While the model lags (or its worker is stopped on a dead letter), a
    caseworker whose case was reassigned still reads the beneficiary's personal data,
    though the case itself is already refused."""
    run = world.journey.bus.execute
    beneficiary_id = register(world.journey, given_name="Lirie")
    case_id = run(None, OpenCase(beneficiary_id=beneficiary_id, referral=referral()), actor=WORKER)
    run(case_id.id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    project_caseload(world.journey, world.engine)
    run(case_id.id, AssignCaseworker(caseworker=OTHER_WORKER), actor=MANAGER)  # not projected
    assert world.get(f"/api/v1/cases/{case_id.id}", WORKER).status_code == 403
    response = world.get(f"/api/v1/beneficiaries/{beneficiary_id}", WORKER)
    assert response.status_code == 403, f"{WORKER} read {response.text[:200]}"


def test_a_caseworker_may_not_open_a_case_for_another_workers_beneficiary(world: World) -> None:
    """FINDING: ScopeCheck._case_of returns None for OpenCase (resource "cases", no id),
    so the beneficiary named in the body is never checked."""
    body = {
        "beneficiary_id": str(world.beneficiary),
        "referral": {
            "organisation": "Kosovo Police",
            "organisation_type": "LawEnforcement",
            "referred_on": today_in_prishtina().isoformat(),
            "reason": "Other",
        },
    }
    response = world.post("/api/v1/cases", OTHER_WORKER, body)
    assert response.status_code == 403, response.text
