"""Every route of the HTTP API with every role, generated from the app's own routes.

The expectation is ONE explicit table below (`EXPECTED`), written from the intent
documented in services/access.py — not computed from its PERMISSIONS, so that a
change to either shows up here. A route the table does not name fails
`test_every_route_has_an_expectation`: adding a route means deciding who may use it.

Each role's test calls every route once, with a valid token of that role and a
valid request about one realistic case (a caseworker's assigned case, its
beneficiary, a stay in a facility, a reintegration plan). Denied: 403 problem+json
naming the role. Allowed: neither 401/403 nor 5xx — a 2xx, or a domain refusal
(409) when an earlier request already changed the record's state.

The store is `memory://` (the HTTP layer is what is tested); the read database,
where accounts, the access log and the read models live, is SQLite and PostgreSQL.
OPTIONS (added by Litestar to every path, answered without a token) is left out of
the matrix; test_options_preflight_reveals_no_record covers it.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import TestClient
from sqlalchemy import Engine

from adapters.http.app import create_app
from adapters.http.problem_types import PROBLEM_TYPES
from adapters.privacy.accounts import Accounts, Throttle
from adapters.run.bootstrap import Journey, build
from adapters.store.read_database import read_engine
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.funding.values import BudgetLine, Donor, GrantTerms
from domain.funding.vocab import RecordKind
from domain.justice_vocab import ProceedingsRole, ProceedingsStage
from domain.organisation import (
    organisation_id,
)
from domain.return_vocab import ReturnDirection
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    DayCentreActivity,
    DocumentType,
    FacilityKind,
    NoteCategory,
    OutgoingReferralReason,
    SupportPlanType,
)
from scripts.render_permissions import render
from services.access import Role
from services.commands.beneficiary import GiveConsent
from services.commands.case import AddNote
from services.commands.day_centre import EnrolInDayCentre, ScheduleSession
from services.commands.funding import AttributeToGrant, OpenGrant
from services.commands.justice import OpenProceedings
from services.commands.plan import AddGoal, DraftPlan
from services.commands.referrals import ReferOut
from services.commands.returns import RequestReturn
from services.commands.shelter import AdmitToShelter, RegisterFacility
from services.documents import Upload
from tests.integration.test_returns import organisation
from tests.support.documents import pdf
from tests.support.factories import (
    MANAGER,
    WORKER,
    care_plan_with_services,
    case_in_service_provision,
    consent_to_services,
    facility,
    register,
    today_in_prishtina,
)
from tests.support.http import PROBLEM, catch_up
from tests.support.partners import CSW_PRIZREN, IOM, partner
from tests.support.prevention_records import OFFICER, launched, plan, pupils, recorded, session

ROOT = Path(__file__).resolve().parents[2]

# ------------------------------------------------------------------ expectation

CM, CW, CLIN, LAW = Role.CASE_MANAGER, Role.CASEWORKER, Role.CLINICIAN, Role.LAWYER
SHELTER, AUDITOR, ANALYST, ADMIN = Role.SHELTER_STAFF, Role.AUDITOR, Role.ANALYST, Role.ADMIN
PREV = Role.PREVENTION_OFFICER
PUBLIC = None  # no token needed

CASE_TEAM = frozenset({CM, CW})  # who works a case: its records and its plan
PROFESSIONALS = CASE_TEAM | {CLIN, LAW}  # ... plus those who record their own service/note
CASE_READERS = PROFESSIONALS | {AUDITOR}  # auditors read, with personal data withheld
STAY_TEAM = CASE_TEAM | {SHELTER}
FACILITY_READERS = CASE_READERS | {SHELTER, ADMIN}
MODEL_READERS = frozenset({CM, SHELTER, ANALYST, ADMIN})  # the analysts' read models
STAY_READERS = CASE_READERS | {SHELTER}  # read:stay
LEGAL = frozenset({CM, LAW})  # criminal proceedings: legal work
PROCEEDINGS_READERS = LEGAL | {CW, AUDITOR}  # read:proceedings
JUSTICE_COMMANDS = (
    "record-references",
    "advance-stage",
    "correct-stage",
    "change-proceedings-role",
    "record-cooperation",
    "record-outcome",
    "record-representation",
    "schedule-hearing",
    "hold-hearing",
    "adjourn-hearing",
    "cancel-hearing",
    "grant-protection-measure",
    "end-protection-measure",
    "file-compensation-claim",
    "decide-compensation-claim",
    "record-compensation-paid",
)

BEN = "/api/v1/beneficiaries"
CASES = "/api/v1/cases"
FAC = "/api/v1/facilities"
STAYS = "/api/v1/stays"
PLANS = "/api/v1/plans"
ENROLMENTS = "/api/v1/enrolments"
SESSIONS = "/api/v1/sessions"
CARE = "/api/v1/care-plans"
PROC = "/api/v1/proceedings"
RETURNS = "/api/v1/returns"
ORGS = "/api/v1/organisations"
CAMPAIGNS = "/api/v1/prevention/campaigns"
ACTIVITIES = "/api/v1/prevention/activities"
PREVENTION_TEAM = frozenset({PREV})  # prevention work is its own team's (issue 16)
PREVENTION_READERS = PREVENTION_TEAM | {CM, AUDITOR, ADMIN}  # read:prevention
PREVENTION_REPORTS = "/api/v1/prevention/reports"
GRANTS = "/api/v1/grants"
GRANT_READERS = frozenset({CM, ADMIN, ANALYST, AUDITOR})  # read:grants (issue 17)
RETENTION = "/api/v1/retention"
RETENTION_READERS = frozenset({ADMIN, CM, AUDITOR})  # read:retention (issue 17)
STAFF = frozenset(Role)  # every staff role
KEEPERS = frozenset({CM, ADMIN})  # who keeps the partner registry
REF = "{ref:str}"  # a record's code, number or id (services/references.py)
DOC = "{number:int}"  # a document's number on its record
UPLOADS = frozenset({"attachBeneficiaryDocument", "attachCaseDocument"})

EXPECTED: dict[str, frozenset[Role] | None] = {
    "GET /health": PUBLIC,
    "GET /health/live": PUBLIC,
    "GET /health/ready": PUBLIC,
    "GET /schema": PUBLIC,
    "GET /schema/openapi.json": PUBLIC,
    "GET /schema/swagger": PUBLIC,
    "GET /schema/oauth2-redirect.html": PUBLIC,
    "GET /schema/{path:str}": PUBLIC,
    "GET /metrics": PUBLIC,  # Prometheus: counts and timings per route template, no records
    "GET /problems": PUBLIC,  # the problem type pages (adapters/http/docs_pages.py)
    "GET /problems/{slug:str}": PUBLIC,
    "GET /schema/assets/{name:str}": PUBLIC,  # Swagger UI's files
    # the staff console's files and the sign-in steps before a session (issue 18)
    "GET /": PUBLIC,
    "GET /console": PUBLIC,
    "GET /console/{file_path:path}": PUBLIC,
    "HEAD /console/{file_path:path}": PUBLIC,
    "POST /api/v1/sign-in": PUBLIC,
    "POST /api/v1/sign-in/password": PUBLIC,
    "POST /api/v1/sign-in/second-factor": PUBLIC,
    "POST /api/v1/sign-in/second-factor/confirmation": PUBLIC,
    "GET /api/v1/me": STAFF,
    "POST /api/v1/sign-out": STAFF,
    f"GET {CASES}/{REF}/id": CASE_READERS | {SHELTER},  # a case's id for an admission
    "POST /api/v1/audit/verification": frozenset({AUDITOR, ADMIN}),
    "POST /api/v1/prevention/attendance-sheets": PREVENTION_TEAM,
    # records, field-level withholding tested in test_http_fields.py
    f"GET {BEN}/{REF}": CASE_READERS,
    f"GET {CASES}/{REF}": CASE_READERS,
    f"GET {STAYS}/{REF}": CASE_READERS | {SHELTER},
    f"GET {PLANS}/{REF}": CASE_READERS,
    f"GET {FAC}/{REF}": FACILITY_READERS,
    # the case file (case, consents, stays, plans) and the notes the role may read
    f"GET {CASES}/{REF}/file": CASE_READERS,
    f"GET {CASES}/{REF}/notes": CASE_READERS,
    # a case's full history (read:history; personal data and notes withheld by role)
    f"GET {CASES}/{REF}/history": frozenset({CM, CW, AUDITOR}),
    # lists and read models (no personal data; caseworkers get their own cases only)
    f"GET {CASES}": CASE_READERS,
    f"GET {CASES}/{REF}/timeline": CASE_READERS,
    "GET /api/v1/caseload": CASE_READERS | MODEL_READERS,
    "GET /api/v1/caseload/by-worker": MODEL_READERS,
    "GET /api/v1/capacity": FACILITY_READERS | MODEL_READERS,
    "GET /api/v1/capacity/daily": FACILITY_READERS | MODEL_READERS,
    "GET /api/v1/capacity/utilisation": FACILITY_READERS | MODEL_READERS,
    f"GET {STAYS}": STAY_READERS | MODEL_READERS,
    f"GET {PLANS}": CASE_READERS | MODEL_READERS,
    f"GET {BEN}": CASE_READERS | MODEL_READERS,
    "GET /api/v1/referrals": CASE_READERS | MODEL_READERS,
    "GET /api/v1/outcomes": MODEL_READERS,
    "GET /api/v1/outcomes/cases": MODEL_READERS,
    "GET /api/v1/outcomes/screenings": MODEL_READERS,  # identification (issue 14)
    "GET /api/v1/outcomes/episodes": MODEL_READERS,  # trafficking episodes (issue 15)
    "GET /api/v1/audit/access": frozenset({AUDITOR}),
    "GET /api/v1/due": CASE_READERS | MODEL_READERS,  # issue 14: what is due
    "GET /api/v1/due/by-worker": MODEL_READERS,
    # the person: only the case team registers and changes
    f"POST {BEN}": CASE_TEAM,
    f"POST {BEN}/{REF}/update-personal-data": CASE_TEAM,
    f"POST {BEN}/{REF}/decide-trafficking-status": CASE_TEAM,
    f"POST {BEN}/{REF}/record-exploitation-profile": CASE_TEAM,
    f"POST {BEN}/{REF}/appoint-guardian": CASE_TEAM,
    f"POST {BEN}/{REF}/give-consent": CASE_TEAM,
    f"POST {BEN}/{REF}/withdraw-consent": CASE_TEAM,
    # is this person already known? whoever sees personal data (caseworkers: beyond their cases)
    f"POST {BEN}/search": PROFESSIONALS,
    # the right to erasure: case managers and admins (who otherwise see no personal data)
    f"POST {BEN}/{REF}/erasure": frozenset({CM, ADMIN}),
    # the case: the case team; approvals by case managers only (four eyes);
    # clinicians and lawyers record services and notes (of their own kind)
    f"POST {CASES}": CASE_TEAM,
    f"POST {CASES}/{REF}/assign-caseworker": CASE_TEAM,
    f"POST {CASES}/{REF}/assess-risk": CASE_TEAM,
    f"POST {CASES}/{REF}/start-screening": CASE_TEAM,
    f"POST {CASES}/{REF}/screen-in": CASE_TEAM,
    f"POST {CASES}/{REF}/screen-out": CASE_TEAM,
    f"POST {CASES}/{REF}/start-assessment": CASE_TEAM,
    f"POST {CASES}/{REF}/request-approval": CASE_TEAM,
    f"POST {CASES}/{REF}/approve": frozenset({CM}),
    f"POST {CASES}/{REF}/reject": frozenset({CM}),
    f"POST {CASES}/{REF}/start-reintegration": CASE_TEAM,
    f"POST {CASES}/{REF}/start-follow-up": CASE_TEAM,
    f"POST {CASES}/{REF}/reopen": CASE_TEAM,
    f"POST {CASES}/{REF}/deliver-service": PROFESSIONALS,
    f"POST {CASES}/{REF}/refer-out": CASE_TEAM,
    f"POST {CASES}/{REF}/accept-referral": CASE_TEAM,
    f"POST {CASES}/{REF}/reject-referral": CASE_TEAM,
    f"POST {CASES}/{REF}/revoke-referral": CASE_TEAM,
    f"POST {CASES}/{REF}/add-note": PROFESSIONALS,
    # reflection period: the case team; an extension is a case manager's approval
    f"POST {CASES}/{REF}/start-reflection-period": CASE_TEAM,
    f"POST {CASES}/{REF}/extend-reflection-period": frozenset({CM}),
    f"POST {CASES}/{REF}/end-reflection-period": CASE_TEAM,
    # facilities: administrators keep the bed inventory
    f"POST {FAC}": frozenset({ADMIN}),
    f"POST {FAC}/{REF}/change-capacity": frozenset({ADMIN}),
    f"POST {FAC}/{REF}/relocate-facility": frozenset({ADMIN}),
    # turn-aways (issue 15): who takes the call at the shelter, and case managers
    f"POST {FAC}/{REF}/record-turn-away": frozenset({CM, SHELTER}),
    "GET /api/v1/capacity/turn-aways": FACILITY_READERS | MODEL_READERS,
    "GET /api/v1/capacity/turn-aways/referrals": FACILITY_READERS | MODEL_READERS,
    # stays: the case team and shelter staff
    f"POST {STAYS}": STAY_TEAM,
    f"POST {STAYS}/{REF}/transfer-stay": STAY_TEAM,
    f"POST {STAYS}/{REF}/start-leave": STAY_TEAM,
    f"POST {STAYS}/{REF}/return-from-leave": STAY_TEAM,
    f"POST {STAYS}/{REF}/discharge-from-shelter": STAY_TEAM,
    # reintegration plans: the case team
    f"POST {PLANS}": CASE_TEAM,
    f"POST {PLANS}/{REF}/add-goal": CASE_TEAM,
    f"POST {PLANS}/{REF}/record-goal-progress": CASE_TEAM,
    f"POST {PLANS}/{REF}/achieve-goal": CASE_TEAM,
    f"POST {PLANS}/{REF}/abandon-goal": CASE_TEAM,
    f"POST {PLANS}/{REF}/review-plan": CASE_TEAM,
    f"POST {PLANS}/{REF}/complete-plan": CASE_TEAM,
    f"POST {PLANS}/{REF}/discontinue-plan": CASE_TEAM,
    f"POST {PLANS}/{REF}/record-follow-up": CASE_TEAM,
    # identification and screening (issue 14): the case team
    f"POST {BEN}/{REF}/record-identification": CASE_TEAM,
    f"POST {BEN}/{REF}/revise-identification": CASE_TEAM,
    # trafficking episodes (issue 15)
    f"POST {BEN}/{REF}/record-trafficking-episode": CASE_TEAM,
    f"POST {BEN}/{REF}/revise-trafficking-episode": CASE_TEAM,
    f"POST {BEN}/{REF}/withdraw-trafficking-episode": CASE_TEAM,
    f"POST {CASES}/{REF}/rescreen": CASE_TEAM,
    # day rehabilitation centre: the case team and shelter staff (who run the centre)
    f"GET {ENROLMENTS}/{REF}": CASE_READERS | {SHELTER},
    f"GET {SESSIONS}/{REF}": CASE_READERS | {SHELTER},
    f"GET {ENROLMENTS}": CASE_READERS | {SHELTER} | MODEL_READERS,
    "GET /api/v1/capacity/day-centre/sessions": FACILITY_READERS | MODEL_READERS,
    "GET /api/v1/capacity/day-centre/months": FACILITY_READERS | MODEL_READERS,
    "GET /api/v1/outcomes/day-centre": MODEL_READERS,
    "GET /api/v1/outcomes/day-centre/by-centre": MODEL_READERS,
    f"POST {ENROLMENTS}": STAY_TEAM,
    f"POST {ENROLMENTS}/{REF}/end-enrolment": STAY_TEAM,
    f"POST {ENROLMENTS}/{REF}/complete-course": STAY_TEAM,
    f"POST {SESSIONS}": STAY_TEAM,
    f"POST {SESSIONS}/{REF}/record-attendance": STAY_TEAM,
    f"POST {SESSIONS}/{REF}/cancel-session": STAY_TEAM,
    # children (issue 14): the case team estimates an age and assesses a child's interests
    f"POST {BEN}/{REF}/estimate-age": CASE_TEAM,
    # a person's HTCDS details (issue 15): the case team
    f"POST {BEN}/{REF}/record-background": CASE_TEAM,
    f"POST {BEN}/{REF}/describe-vulnerabilities": CASE_TEAM,
    f"POST {BEN}/{REF}/record-death": CASE_TEAM,
    f"POST {CASES}/{REF}/assess-best-interests": CASE_TEAM,
    # care plans: the case team; clinicians and lawyers record deliveries of their own kind
    f"GET {CARE}/{REF}": CASE_READERS,
    f"POST {CARE}": CASE_TEAM,
    f"POST {CARE}/{REF}/assess-needs": CASE_TEAM,
    f"POST {CARE}/{REF}/add-care-goal": CASE_TEAM,
    f"POST {CARE}/{REF}/plan-service": CASE_TEAM,
    f"POST {CARE}/{REF}/record-delivery": PROFESSIONALS,
    f"POST {CARE}/{REF}/record-service-outcome": CASE_TEAM,
    f"POST {CARE}/{REF}/cancel-service": CASE_TEAM,
    f"POST {CARE}/{REF}/schedule-review": CASE_TEAM,
    f"POST {CARE}/{REF}/review-care-plan": CASE_TEAM,
    # criminal proceedings (issue 15, justice): lawyers and case managers; read by the case team
    f"GET {PROC}/{REF}": PROCEEDINGS_READERS,
    f"GET {CASES}/{REF}/proceedings": PROCEEDINGS_READERS,
    f"POST {PROC}": LEGAL,
    **{f"POST {PROC}/{REF}/{command}": LEGAL for command in JUSTICE_COMMANDS},
    # returns across a border (issue 15, return): the case team
    f"GET {RETURNS}/{REF}": CASE_READERS,
    f"POST {RETURNS}": CASE_TEAM,
    f"POST {RETURNS}/{REF}/assess-return-risk": CASE_TEAM,
    f"POST {RETURNS}/{REF}/record-travel-document": CASE_TEAM,
    f"POST {RETURNS}/{REF}/plan-return": CASE_TEAM,
    f"POST {RETURNS}/{REF}/confirm-hand-over": CASE_TEAM,
    f"POST {RETURNS}/{REF}/cancel-return": CASE_TEAM,
    # documents (issue 14, section 7): general ones here; by category in test_http_documents.py
    **{
        key: roles
        for record in (BEN, CASES)
        for key, roles in {
            f"POST {record}/{REF}/documents": PROFESSIONALS,
            f"GET {record}/{REF}/documents": CASE_READERS,
            f"GET {record}/{REF}/documents/{DOC}": PROFESSIONALS,
            f"POST {record}/{REF}/documents/{DOC}/remove": PROFESSIONALS,
        }.items()
    },
    # partner organisations (issue 15): every staff role reads; managers and admins keep it
    f"GET {ORGS}": STAFF,
    f"GET {ORGS}/{REF}": STAFF,
    f"POST {ORGS}": KEEPERS,
    f"POST {ORGS}/{REF}/rename-organisation": KEEPERS,
    f"POST {ORGS}/{REF}/change-organisation-details": KEEPERS,
    f"POST {ORGS}/{REF}/deactivate-organisation": KEEPERS,
    f"POST {ORGS}/{REF}/reactivate-organisation": KEEPERS,
    # retention (issue 17): administrators erase in bulk; admins, managers, auditors read
    f"POST {RETENTION}/batches": frozenset({ADMIN}),
    f"POST {RETENTION}/batches/{REF}/approval": frozenset({ADMIN}),
    f"POST {RETENTION}/batches/{REF}/rejection": frozenset({ADMIN}),
    f"POST {RETENTION}/batches/{REF}/execution": frozenset({ADMIN}),
    f"GET {RETENTION}/batches/{REF}": RETENTION_READERS,
    f"GET {RETENTION}/report": RETENTION_READERS,
    # prevention (issue 16): the prevention team works; managers, auditors, admins read
    f"GET {CAMPAIGNS}/{REF}": PREVENTION_READERS,
    f"GET {ACTIVITIES}/{REF}": PREVENTION_READERS,
    f"POST {CAMPAIGNS}": PREVENTION_TEAM,
    f"POST {CAMPAIGNS}/{REF}/revisions": PREVENTION_TEAM,
    f"POST {ACTIVITIES}": PREVENTION_TEAM,
    f"POST {ACTIVITIES}/{REF}/details": PREVENTION_TEAM,
    f"POST {ACTIVITIES}/{REF}/reach": PREVENTION_TEAM,
    f"POST {ACTIVITIES}/{REF}/disclosures": PREVENTION_TEAM,
    f"POST {ACTIVITIES}/{REF}/withdrawal": PREVENTION_TEAM,
    # prevention's read model (issue 16): read:prevention_models
    **{
        f"GET {PREVENTION_REPORTS}/{report}": PREVENTION_TEAM | {CM, ADMIN, ANALYST}
        for report in (
            "activities",
            "reach",
            "audience",
            "materials",
            "referrals",
            "knowledge",
            "campaigns",
            "indicators",
            "reach/summary",
            "referrals/summary",
        )
    },
    # period reports (issue 17): read:reports
    "GET /api/v1/reports": frozenset({CM, ADMIN}),
    "POST /api/v1/reports/{template:str}": frozenset({CM, ADMIN}),
    # grants (issue 17): managers and admins keep them; analysts and auditors read too
    f"GET {GRANTS}": GRANT_READERS,
    f"GET {GRANTS}/{REF}": GRANT_READERS,
    f"POST {GRANTS}": KEEPERS,
    f"POST {GRANTS}/{REF}/revisions": KEEPERS,
    f"POST {GRANTS}/{REF}/closure": KEEPERS,
    f"POST {GRANTS}/{REF}/attributions": KEEPERS,
    f"POST {GRANTS}/{REF}/attribution-ends": KEEPERS,
}

USER_OF = {
    Role.ADMIN: "admin",
    Role.CASE_MANAGER: MANAGER,
    Role.CASEWORKER: WORKER,  # the caseworker the case is assigned to
    Role.CLINICIAN: "dr.clinician",
    Role.LAWYER: "av.lawyer",
    Role.SHELTER_STAFF: "shelter.staff",
    Role.AUDITOR: "auditor.one",
    Role.ANALYST: "analyst.one",
    Role.PREVENTION_OFFICER: OFFICER,
}
PARTNER = IOM  # registry keys (tests/support/partners.py)


@dataclass(frozen=True)
class Endpoint:
    """One (method, path template) of the app, with its operation (the command's name, or
    the route's operationId)."""

    method: str
    template: str
    operation: str | None

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def resource(self) -> str:
        """What `world.ids` names its record by: `cases`, `prevention/activities`."""
        if not self.template.startswith("/api/v1/"):
            return ""
        return self.template.removeprefix("/api/v1/").split("/{")[0]


def endpoints(app: Litestar) -> list[Endpoint]:
    """Every (method, path) the app serves, except the OPTIONS Litestar adds to each."""
    found = []
    for route in app.routes:
        assert isinstance(route, HTTPRoute), route
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - {"OPTIONS"}):
                command = handler.opt.get("command")
                named = handler.operation_id if isinstance(handler.operation_id, str) else None
                operation = command.__name__ if command is not None else named
                found.append(Endpoint(method, route.path, operation))
    return found


# ------------------------------------------------------------------ the world


def make_app(journey: Journey, engine: Engine, accounts: Accounts, throttle: Throttle) -> Litestar:
    """create_app, looking past Litestar 2.25's deprecation warnings about how
    adapters/http declares parameters (`record_id` in the inferred style, headers via
    Parameter(header=...), ...): errors under this suite's config, so building the app
    would fail every test here. test_building_the_app_warns_nothing fails until they
    are gone."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return create_app(journey, engine, accounts, throttle)


@dataclass
class World:
    journey: Journey
    engine: Engine
    accounts: Accounts
    client: TestClient[Litestar]
    tokens: dict[Role, str]
    ids: dict[str, UUID]  # resource -> the record used in its paths
    fresh_beneficiary: UUID  # no case yet: OpenCase's body names it
    second_facility: UUID


def attach_pdf(journey: Journey, kind: type[Any], record_id: UUID) -> None:
    upload = Upload("consent.pdf", pdf(), DocumentType.CONSENT_FORM, NoteCategory.GENERAL)
    assert journey.documents is not None
    journey.documents.attach(kind, record_id, upload, actor=MANAGER)


def build_records(journey: Journey) -> dict[str, UUID]:
    """A case in service provision assigned to WORKER, with consent, referral, notes,
    a stay and a plan with a goal."""
    run = journey.bus.execute
    case_id = case_in_service_provision(journey)
    beneficiary_id = journey.queries.case(case_id).beneficiary_id
    consent_to_services(journey, beneficiary_id)  # services rest on it
    partner(journey, CSW_PRIZREN)  # the organisation the matrix's consent commands name
    sharing = GiveConsent(
        kind=ConsentKind.SHARING,
        given_by=ConsentGiver.BENEFICIARY,
        organisation_id=partner(journey, PARTNER),
    )
    run(beneficiary_id, sharing, actor=WORKER)
    referral = ReferOut(
        organisation_id=organisation_id(PARTNER),
        reason=OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
    )
    run(case_id, referral, actor=WORKER)
    for category in NoteCategory:
        run(case_id, AddNote(category=category, text=f"{category} note"), actor=MANAGER)
    facility_id = facility(journey)
    stay_id = run(None, AdmitToShelter(case_id=case_id, facility_id=facility_id), actor=WORKER).id
    plan_id = run(None, DraftPlan(case_id=case_id), actor=WORKER).id
    goal = AddGoal(type=SupportPlanType.EDUCATION, description="Finish school", target_date=_soon())
    run(plan_id, goal, actor=WORKER)
    care_plan_id = care_plan_with_services(journey, case_id)
    opened = OpenProceedings(
        case_id=case_id, role=ProceedingsRole.WITNESS, stage=ProceedingsStage.INVESTIGATION
    )
    return_id = requested_return(journey, case_id)
    return {
        "proceedings": run(None, opened, actor=MANAGER).id,
        "organisations": organisation_id(PARTNER),  # registered above (tests/support/partners.py)
        "care-plans": care_plan_id,
        "returns": return_id,
        "beneficiaries": beneficiary_id,
        "cases": case_id,
        "facilities": facility_id,
        "stays": stay_id,
        "plans": plan_id,
        **_day_centre_records(journey, case_id),
        "organisation": organisation(journey, "different-and-equal"),
        **_prevention_records(journey),
        "grants": _grant(journey, stay_id),
        # retention (issue 17): no batch (none is due in this world): allowed roles get 404
        "retention/batches": UUID("2b8e4f1a-6c3d-4e5f-9a7b-1c2d3e4f5a6b"),
    }


def _grant(journey: Journey, stay_id: UUID) -> UUID:
    """A grant running this year, the world's stay attributed to it (issue 17)."""
    opened = journey.bus.execute(None, OpenGrant(**_grant_body("MATRIX-1")), actor=MANAGER).id
    attribute = AttributeToGrant(record_kind=RecordKind.STAY, record_id=stay_id)
    journey.bus.execute(opened, attribute, actor=MANAGER)
    return opened


def _grant_body(reference: str) -> dict[str, Any]:
    year = _today().year
    terms = GrantTerms(
        donor=Donor(name="European Union Office in Kosovo"),
        title="Direct assistance",
        starts_on=date(year - 1, 1, 1),
        ends_on=date(year + 1, 12, 31),
        currency="EUR",
        budget_lines=(BudgetLine("1", "Shelter", 1000),),
    )
    return {"reference": reference, "terms": terms}


def _prevention_records(journey: Journey) -> dict[str, UUID]:
    """A campaign running today and an activity of it held three days ago."""
    campaign_id = launched(journey, _today())
    activity_id = recorded(journey, _today() - timedelta(days=3), campaign_id)
    return {"prevention/campaigns": campaign_id, "prevention/activities": activity_id}


def requested_return(journey: Journey, case_id: UUID) -> UUID:
    """A return requested on the case (the organisation it may be planned with: ids)."""
    request = RequestReturn(
        case_id=case_id,
        direction=ReturnDirection.FROM_KOSOVO,
        destination_country="AL",
        voluntary=True,
    )
    return journey.bus.execute(None, request, actor=WORKER).id


def _day_centre_records(journey: Journey, case_id: UUID) -> dict[str, UUID]:
    """A day centre, the case's enrolment in it and a session held today."""
    run = journey.bus.execute
    centre = RegisterFacility(
        name="Day centre Prishtina",
        kind=FacilityKind.DAY_REHABILITATION_CENTRE,
        beds=10,
        effective_from=date(2025, 1, 1),
    )
    centre_id = run(None, centre, actor=MANAGER).id
    enrol = EnrolInDayCentre(case_id=case_id, facility_id=centre_id, reason="Vocational course")
    session = ScheduleSession(
        facility_id=centre_id,
        held_on=_today(),
        activity=DayCentreActivity.LIFE_SKILLS,
        title="Budgeting",
        facilitator="shelter.staff",
        places=20,
    )
    return {
        "day_centre": centre_id,
        "enrolments": run(None, enrol, actor=WORKER).id,
        "sessions": run(None, session, actor=MANAGER).id,
    }


@pytest.fixture(scope="module")
def world(read_db_url: str) -> Iterator[World]:
    journey = build("memory://")
    engine = read_engine(read_db_url)
    accounts = Accounts(engine)
    ids = build_records(journey)
    for kind in (Beneficiary, Case):  # document 1 of each, for the documents' routes
        attach_pdf(journey, kind, ids["beneficiaries" if kind is Beneficiary else "cases"])
    fresh = register(journey, given_name="Vjosa")
    second = facility(journey, name="Day centre Gjakova")
    catch_up(journey, engine)
    tokens = {role: accounts.add(USER_OF[role], role) for role in Role}
    app = make_app(journey, engine, accounts, Throttle(limit=10**6))
    with TestClient(app) as client:
        yield World(journey, engine, accounts, client, tokens, ids, fresh, second)
    journey.close()
    engine.dispose()


# ------------------------------------------------------------------ requests


def _today() -> date:
    return today_in_prishtina()


def _soon() -> date:
    return _today() + timedelta(days=180)


def bodies(world: World, role: Role) -> dict[str, dict[str, Any]]:
    """A valid body for each command (by name); services of the role's own kind."""
    today, soon = _today().isoformat(), _soon().isoformat()
    case_id, facility_id = str(world.ids["cases"]), str(world.ids["facilities"])
    person = {"given_name": "Drita", "family_name": "Hoxha", "birth_date": "2002-05-17"}
    service = {Role.CLINICIAN: "medical", Role.LAWYER: "legal"}.get(role, "housing")
    other = str(organisation_id(CSW_PRIZREN))  # registered in build_records
    return {
        "RegisterBeneficiary": {
            "personal": person,
            "gender": "Feminine",
            "age_at_identification": 24,
            "citizenships": ["XK"],
            "scope": "domestic",
        },
        "UpdatePersonalData": {"personal": {**person, "phone": "+38344000111"}},
        "DecideTraffickingStatus": {"status": "ActualVictimOfTrafficking", "deciding_body": "NGO"},
        "RecordExploitationProfile": {"types": ["SexualExploitation"]},
        "AppointGuardian": {"guardian": {"kind": "parent", "name": "Mira Hoxha"}},
        "GiveConsent": {"kind": "sharing", "given_by": "beneficiary", "organisation_id": other},
        "WithdrawConsent": {"kind": "sharing", "organisation_id": other},
        "OpenCase": {
            "beneficiary_id": str(world.fresh_beneficiary),
            "referral": {
                "organisation": "Kosovo Police",
                "organisation_type": "LawEnforcement",
                "referred_on": today,
                "reason": "AdditionalServicesRequired",
            },
        },
        "AssignCaseworker": {"caseworker": WORKER},  # the same: scope must not move
        "AssessRisk": {"level": "medium"},
        "StartScreening": {},
        "ScreenIn": {},
        "ScreenOut": {
            "outcome": "insufficient_information",
            "rationale": "too little to say",
            "no_referral_reason": "she declined",
        },
        "StartAssessment": {},
        "RequestApproval": {"subject": "assessment"},
        "Approve": {"subject": "assessment"},
        "Reject": {"subject": "assessment", "comment": "incomplete"},
        "StartReintegration": {},
        "StartFollowUp": {},
        "Reopen": {"reason": "new information"},
        "DeliverService": {
            "service": service,
            "provider": "PVPT",
            "delivered_on": today,
            "outcome": "completed",
        },
        "ReferOut": {
            "organisation_id": str(organisation_id(PARTNER)),
            "reason": "AdditionalServicesRequired",
        },
        "AcceptReferral": {"number": 1},
        "RejectReferral": {"number": 1},
        "RevokeReferral": {"number": 1, "reason": "no longer needed"},
        "AddNote": {"category": "general", "text": "met at the shelter"},
        "StartReflectionPeriod": {"legal_basis": "kosovo_sop"},
        "ExtendReflectionPeriod": {"extra_days": 30, "reason": "still in treatment"},
        "EndReflectionPeriod": {"reason": "decided_to_cooperate"},
        "RegisterFacility": {
            "name": "Shelter Peja",
            "kind": "shelter",
            "beds": 4,
            "effective_from": today,
        },
        "ChangeCapacity": {"beds": 6, "effective_from": today},
        "RelocateFacility": {"municipality": "20"},
        "RecordTurnAway": {"reason": "declined_by_person", "age_group": "adult"},
        "AdmitToShelter": {"case_id": case_id, "facility_id": facility_id},
        "TransferStay": {"to_facility_id": str(world.second_facility)},
        "StartLeave": {"expected_return": soon, "reason": "family visit"},
        "ReturnFromLeave": {},
        "DischargeFromShelter": {"reason": "completed_programme", "destination": "family"},
        "DraftPlan": {"case_id": case_id},
        "AddGoal": {"type": "Education", "description": "Finish school", "target_date": soon},
        "RecordGoalProgress": {"number": 1, "note": "enrolled"},
        "AchieveGoal": {"number": 1},
        "AbandonGoal": {"number": 1, "reason": "moved"},
        "ReviewPlan": {"summary": "on track"},
        "CompletePlan": {},
        "DiscontinuePlan": {"reason": "moved abroad"},
        "RecordFollowUp": {"month": 3, "status": "sustained"},
        "StartCarePlan": {"case_id": case_id},
        "AssessNeeds": {"domains": [{"domain": "finances", "level": "low"}]},
        "AddCareGoal": {"description": "A safe home", "domains": ["accommodation"]},
        "PlanService": {
            "service": "housing",
            "provider_kind": "pvpt",
            "responsible": WORKER,
            "starts_on": today,
            "due_on": soon,
            "domains": ["accommodation"],
        },
        "RecordDelivery": {
            "number": {Role.CLINICIAN: 2, Role.LAWYER: 3}.get(role, 1),
            "attended": True,
            "duration_minutes": 30,
            "delivered_by": WORKER,
        },
        "RecordServiceOutcome": {"number": 1, "outcome": "achieved"},
        "CancelService": {"number": 1, "reason": "moved"},
        "ScheduleReview": {"due_on": soon},
        "ReviewCarePlan": {"summary": "on track"},
        "OpenProceedings": {"case_id": case_id, "role": "witness", "stage": "investigation"},
        "RecordReferences": {"police_reference": "PD-2026/0142"},
        "AdvanceStage": {"stage": "trial"},
        "CorrectStage": {"stage": "investigation", "stage_on": today, "reason": "mistaken"},
        "ChangeProceedingsRole": {"role": "injured_party"},
        "RecordCooperation": {"choice": "declines"},
        "RecordOutcome": {"outcome": "dismissed"},
        "RecordRepresentation": {"kind": "pvpt_lawyer", "lawyer": "av.lawyer"},
        "ScheduleHearing": {"scheduled_on": soon},
        "HoldHearing": {"number": 1},
        "AdjournHearing": {"number": 1, "new_date": soon},
        "CancelHearing": {"number": 1},
        "GrantProtectionMeasure": {"measure": "closed_session"},
        "EndProtectionMeasure": {"measure": "closed_session"},
        "FileCompensationClaim": {"kind": "state_programme", "claimed_cents": 500000},
        "DecideCompensationClaim": {"number": 1, "awarded_cents": 300000},
        "RecordCompensationPaid": {"number": 1, "paid_cents": 300000},
        "RequestReturn": {
            "case_id": case_id,
            "direction": "from_kosovo",
            "destination_country": "AL",
            "voluntary": True,
        },
        "AssessReturnRisk": {"level": "low"},
        "RecordTravelDocument": {"document": "passport", "status": "applied"},
        "PlanReturn": {
            "receiving_organisation_id": str(world.ids["organisation"]),
            "planned_on": soon,
        },
        "ConfirmHandOver": {},
        "CancelReturn": {"reason": "person_changed_mind"},
        "ErasePersonalData": {"legal_basis": "consent_withdrawn", "reference": "DPO-2026-001"},
        "EnrolInDayCentre": {
            "case_id": case_id,
            "facility_id": str(world.ids["day_centre"]),
            "reason": "Vocational course",
        },
        "EndEnrolment": {"reason": "left"},
        "CompleteCourse": {"course": "Hairdressing, level 1"},
        "ScheduleSession": {
            "facility_id": str(world.ids["day_centre"]),
            "held_on": today,
            "activity": "education",
            "title": "Literacy",
            "facilitator": "shelter.staff",
            "places": 10,
        },
        "RecordAttendance": {"enrolment_id": str(world.ids["enrolments"]), "status": "attended"},
        "CancelSession": {},
        "searchBeneficiaries": {"name": "Drita Hoxha", "birth_year": 2002},
        "runPeriodReport": {"from": "2026-01-01", "to": "2026-03-31"},
        # identification and screening (issue 14)
        "RecordIdentification": {
            "kind": "preliminary",
            "status": "PossibleVictimOfTrafficking",
            "deciding_body": "NGO",
            "indicators": ["dr.job_nature"],
        },
        "ReviseIdentification": {
            "number": 1,
            "kind": "preliminary",
            "status": "NotAVictimOfTrafficking",
            "grounds": "new_information",
            "reason": "she explained the job offer",
            "deciding_body": "NGO",
        },
        "Rescreen": {"reason": "new information"},
        # trafficking episodes (issue 15)
        "RecordTraffickingEpisode": {"episode": {"exploitation_types": ["ForcedBegging"]}},
        "ReviseTraffickingEpisode": {
            "number": 1,
            "episode": {"exploitation_types": ["ForcedLabour"]},
            "reason": "she remembered more",
        },
        "WithdrawTraffickingEpisode": {"number": 1, "reason": "recorded in error"},
        "EstimateAge": {"age_years": 24, "method": "identity_document"},
        # a person's HTCDS details (issue 15)
        "RecordBackground": {"marital_status": "Single", "residence_country": "XK"},
        "DescribeVulnerabilities": {"details": "No income at home."},
        "RecordDeath": {"died_on": today},
        "AssessBestInterests": {
            "decision": "placement",
            "recommendation": "stay in the shelter",
            "child_heard": True,
            "participants": ["child", "guardian"],
        },
        # documents: the uploads are multipart (`call`), the removals JSON
        **{upload: {} for upload in UPLOADS},
        "removeBeneficiaryDocument": {"reason": "wrong record"},
        "removeCaseDocument": {"reason": "wrong record"},
        # partner organisations (issue 15)
        "RegisterOrganisation": {
            "key": "csw-prishtine",
            "names": {"albanian": "Qendra për Punë Sociale Prishtinë"},
            "details": {"kind": "centre_for_social_work", "country": "XK", "municipality": "19"},
            "active_from": "2020-01-01",
        },
        "RenameOrganisation": {"names": {"english": "IOM Mission in Kosovo"}},
        "ChangeOrganisationDetails": {
            "details": {"kind": "international_organisation", "country": "XK", "city": "Prishtinë"}
        },
        "DeactivateOrganisation": {"active_to": today},
        "ReactivateOrganisation": {"active_from": soon},
        **_prevention_bodies(world),
        # grants (issue 17)
        "OpenGrant": msgspec.to_builtins(_grant_body("MATRIX-2")),
        "ReviseGrant": {
            "terms": {**msgspec.to_builtins(_grant_body("x")["terms"]), "title": "Assistance"},
            "reason": "Renamed by the donor.",
        },
        "CloseGrant": {"closed_on": today},
        "AttributeToGrant": {"record_kind": "case", "record_id": str(world.ids["cases"])},
        "EndAttribution": {"number": 1, "ended_on": today, "reason": "Paid by another grant."},
        # retention (issue 17): the world's beneficiary is not due (409 for an admin)
        "ProposeRetentionErasure": {"beneficiaries": [str(world.ids["beneficiaries"])]},
        "ApproveRetentionErasure": {},
        "RejectRetentionErasure": {"reason": "A claim is pending."},
        "ExecuteRetentionErasure": {},
    }


def _prevention_bodies(world: World) -> dict[str, dict[str, Any]]:
    """Prevention (issue 16): the world's campaign revised, an activity of it recorded and
    the world's activity corrected, a disclosure at it, its withdrawal."""
    campaign_id = world.ids["prevention/campaigns"]
    held_on = _today() - timedelta(days=3)
    details = msgspec.to_builtins(session(held_on, campaign_id))
    revised = plan(_today() - timedelta(days=90), _today() + timedelta(days=90))
    return {
        "LaunchCampaign": {"plan": msgspec.to_builtins(plan(_today(), _soon()))},
        "ReviseCampaign": {"plan": msgspec.to_builtins(revised), "reason": "A longer grant."},
        "RecordActivity": {"details": details, "reach": msgspec.to_builtins(pupils())},
        "CorrectActivityDetails": {
            "details": {**details, "duration_minutes": 60},
            "reason": "It ended early.",
        },
        "CorrectActivityReach": {
            "reach": msgspec.to_builtins(pupils(girls=15)),
            "reason": "Counted again.",
        },
        "RecordDisclosure": {"kind": "exploitation", "route": "direct_assistance"},
        "WithdrawActivity": {"reason": "A duplicate."},
        # its lines are checked once the role may: this one is refused, with each bad line
        "importAttendanceSheet": {"name": "sheet.csv", "csv": "type\nschool_session\n"},
        # sign-in answers that are not 401 for anyone: a malformed code, a weak password
        "signIn": {"user": "nobody.here", "password": "x", "code": "12"},
        "changePassword": {"user": "nobody.here", "password": "x", "new_password": "short"},
        "startSecondFactorEnrolment": {"user": "nobody.here"},
        "confirmSecondFactorEnrolment": {"user": "nobody.here", "password": "x", "code": "1"},
        "signOut": {},
        "verifyIntegrity": {},
    }


DOCS_PAGES = {
    "/console/{file_path:path}": "/console/console.css",
    "/problems/{slug:str}": "/problems/capacity-exceeded",
    "/schema/assets/{name:str}": "/schema/assets/swagger-ui.css",
}


def url(world: World, endpoint: Endpoint) -> str:
    if endpoint.template == "/schema/{path:str}":
        return "/schema/no-such-page"
    if endpoint.template in DOCS_PAGES:
        return DOCS_PAGES[endpoint.template]
    record = world.ids.get(endpoint.resource)
    return endpoint.template.replace(REF, str(record)).replace(DOC, "1")


def call(world: World, endpoint: Endpoint, role: Role | None, token: str | None = None) -> Any:
    headers = {}
    if token is None and role is not None:
        token = world.tokens[role]
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    target = url(world, endpoint)
    if endpoint.method == "GET":
        # the caseload as a worker keeps it: a caseworker's lists wait for it otherwise
        catch_up(world.journey, world.engine, "caseload")
        return world.client.get(target, headers=headers)
    if endpoint.operation in UPLOADS:
        files = {"file": ("consent.pdf", pdf(), "application/pdf")}
        form = {"document_type": "consent_form", "category": "general"}
        return world.client.post(target, files=files, data=form, headers=headers)
    body = bodies(world, role or Role.CASE_MANAGER).get(endpoint.operation or "", {})
    return world.client.request(endpoint.method, target, json=body, headers=headers)


def verdict(endpoint: Endpoint, role: Role, response: Any) -> str | None:
    """What is wrong with `response` for this role, or None."""
    allowed = EXPECTED[endpoint.key]
    status = response.status_code
    where = f"{endpoint.key} as {role.value}: {status} {response.text[:160]}"
    if allowed is PUBLIC or role in allowed:
        return f"expected allowed; {where}" if status in {401, 403} or status >= 500 else None
    if status != 403 or response.headers.get("content-type") != PROBLEM:
        return f"expected 403 problem+json; {where}"
    body = response.json()
    if body.get("status") != 403 or role.value not in body.get("detail", ""):
        return f"403 problem does not name the role; {where}"
    return None


# ------------------------------------------------------------------ tests


def test_every_route_has_an_expectation(world: World) -> None:
    served = {endpoint.key for endpoint in endpoints(world.client.app)}
    assert sorted(served - EXPECTED.keys()) == [], "routes without an expectation"
    assert sorted(EXPECTED.keys() - served) == [], "expected routes the app does not serve"


def test_every_command_route_has_a_body(world: World) -> None:
    posts = {e.operation for e in endpoints(world.client.app) if e.method == "POST"}
    assert posts == set(bodies(world, Role.CASE_MANAGER))


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_role_on_every_route(world: World, role: Role) -> None:
    problems = [
        problem
        for endpoint in endpoints(world.client.app)
        if endpoint.key in EXPECTED  # else test_every_route_has_an_expectation fails
        and (problem := verdict(endpoint, role, call(world, endpoint, role))) is not None
    ]
    assert problems == []


@pytest.mark.parametrize(
    ("role", "path", "command"),
    [
        (CM, BEN, "RegisterBeneficiary"),
        (CM, CASES, "OpenCase"),
        (CM, PLANS, "DraftPlan"),
        (ADMIN, FAC, "RegisterFacility"),
        (PREV, CAMPAIGNS, "LaunchCampaign"),
        (PREV, ACTIVITIES, "RecordActivity"),
    ],
    ids=["beneficiaries", "cases", "plans", "facilities", "campaigns", "activities"],
)
def test_a_create_answers_201_with_location_and_etag(
    world: World, role: Role, path: str, command: str
) -> None:
    body = bodies(world, role)[command]
    if command == "DraftPlan":  # the matrix may have erased the world's beneficiary by now
        body = {"case_id": str(case_in_service_provision(world.journey))}
    headers = {"Authorization": f"Bearer {world.tokens[role]}"}
    response = world.client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    accepted = response.json()
    assert set(accepted) == {"id", "version", "position"}
    assert response.headers["location"] == f"{path}/{accepted['id']}"
    assert response.headers["etag"] == f'"{accepted["version"]}"'


def test_no_token_is_401_on_every_non_public_route(world: World) -> None:
    wrong = []
    for endpoint in endpoints(world.client.app):
        if endpoint.key not in EXPECTED:
            continue  # test_every_route_has_an_expectation fails
        response = call(world, endpoint, None)
        if EXPECTED[endpoint.key] is PUBLIC:
            bad = response.status_code in {401, 403} or response.status_code >= 500
        else:
            bad = response.status_code != 401 or response.headers["content-type"] != PROBLEM
        if bad:
            wrong.append(f"{endpoint.key}: {response.status_code}")
    assert wrong == []


def test_malformed_and_unknown_tokens_are_401(world: World) -> None:
    case = f"/api/v1/cases/{world.ids['cases']}"
    for header in ("Bearer", "Bearer ", "Basic abc", "bearer not-a-token", world.tokens[CM]):
        response = world.client.get(case, headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["type"] == PROBLEM_TYPES["NotAuthenticated"].uri


def test_a_revoked_token_is_401(world: World) -> None:
    token = world.accounts.add("leaving.worker", Role.CASE_MANAGER)
    case = f"/api/v1/cases/{world.ids['cases']}"
    assert world.client.get(case, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    world.accounts.revoke("leaving.worker")
    response = world.client.get(case, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM


def test_health_and_schema_are_public(world: World) -> None:
    health = world.client.get("/health")
    assert health.status_code == 200
    status = health.json()
    assert (status["status"], status["store"], status["read_models"]) == ("ok", "ok", "ok")
    schema = world.client.get("/schema/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/cases/{ref}/add-note" in paths
    assert world.client.get("/schema/swagger").status_code == 200


def test_options_preflight_reveals_no_record(world: World) -> None:
    case = f"/api/v1/cases/{world.ids['cases']}"
    response = world.client.options(case)
    assert response.status_code < 500
    assert "Drita" not in response.text
    assert response.content in (b"", b"null")


def test_repeated_failed_authentication_is_throttled(read_db_url: str) -> None:
    journey = build("memory://")
    engine = read_engine(read_db_url)
    app = make_app(journey, engine, Accounts(engine), Throttle(limit=3, window=60))
    with TestClient(app) as client:
        record = f"/api/v1/facilities/{uuid.uuid4()}"
        bad = {"Authorization": "Bearer x"}
        statuses = [client.get(record, headers=bad).status_code for _ in range(3)]
        refused = client.get(record, headers=bad)
    journey.close()
    engine.dispose()
    assert statuses == [401, 401, 401]
    assert refused.status_code == 429
    assert refused.headers["content-type"] == PROBLEM
    assert int(refused.headers["retry-after"]) >= 1


def test_building_the_app_warns_nothing(tmp_path: Path) -> None:
    journey = build("memory://")
    engine = read_engine(f"sqlite:///{tmp_path / 'read.db'}")
    try:
        create_app(journey, engine, Accounts(engine))
    finally:
        journey.close()
        engine.dispose()


# ------------------------------------------------------------------ docs


def test_permissions_doc_is_rendered_from_the_code() -> None:
    """docs/permissions.md cannot go stale: run scripts/render_permissions.py to update it."""
    assert (ROOT / "docs" / "permissions.md").read_text() == render()


def test_permissions_doc_names_every_role_and_command(world: World) -> None:
    text = render()
    assert [role for role in Role if f"`{role.value}`" not in text] == []
    posts = {e.operation or e.key for e in endpoints(world.client.app) if e.method == "POST"}
    assert sorted(name for name in posts if f"`{name}`" not in text) == []
