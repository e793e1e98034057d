"""Who may do what: roles, the permission matrix, record scope and field visibility.

This is the one place that decides access; the HTTP layer asks it, and
docs/permissions.md is rendered from it (`scripts/render_permissions.py`).

Actions are command names (`AssignCaseworker`) and read actions (`read:case`).
Decisions documented here:
- Personal data (names, birth date, contacts, identity number, address, guardian)
  goes to the roles that work with the person: case managers, caseworkers (their
  own cases), clinicians and lawyers. Not to shelter staff, analysts, admins or
  auditors.
- Medical and psychological notes: clinicians only. Legal notes: lawyers and case
  managers (who coordinate proceedings with the lawyer). General notes: everyone
  who may read the case's personal data (staff write names into them).
- Auditors read every record's history and the access log, with personal data,
  free texts and every note shown as withheld (services/disclosure.py): they
  verify who did and saw what, not what a survivor said.
- Analysts read the read models only.
- Prevention (issue 16) is its own team's work: prevention officers record campaigns,
  activities, their figures and disclosures (all counted, never named), and read them
  and the prevention read models; they read nothing of case files (no beneficiary,
  case, stay, plan, note, history or search). Case managers read prevention records
  and read models (they take up the disclosures referred to direct assistance);
  auditors read the records (reasons withheld, as every free text); admins read them
  as they read the registries they do not keep; analysts read the prevention read
  models only.
- Funding (issue 17): case managers and admins open, revise and close grants and
  attribute work to them; case managers, admins, analysts and auditors read grants
  (`read:grants`: a grant's record and the grants read model). A grant names no person;
  an attribution names a record by id only.
"""

from __future__ import annotations

from enum import StrEnum

from domain.vocab import NoteCategory
from services import access_reporting as _reporting


class Role(StrEnum):
    ADMIN = "admin"
    CASE_MANAGER = "case_manager"
    CASEWORKER = "caseworker"
    CLINICIAN = "clinician"
    LAWYER = "lawyer"
    SHELTER_STAFF = "shelter_staff"
    AUDITOR = "auditor"
    ANALYST = "analyst"
    PREVENTION_OFFICER = "prevention_officer"


READ_BENEFICIARY = "read:beneficiary"
READ_PERSONAL_DATA = "read:personal_data"
READ_CASE = "read:case"
READ_STAY = "read:stay"
READ_FACILITY = "read:facility"
READ_PLAN = "read:plan"
READ_HISTORY = "read:history"
READ_MODELS = "read:read_models"
READ_ACCESS_LOG = "read:access_log"
VERIFY_INTEGRITY = "verify:integrity"  # recompute the hash chain (auditors, admins)
# "Is this person already known?": a name search through the blind index; only for
# the roles that see personal data (a search tells who is known by that name).
SEARCH_BENEFICIARIES = "search:beneficiaries"
READ_NOTES = {category: f"read:notes:{category.value}" for category in NoteCategory}

BENEFICIARY_COMMANDS = frozenset(
    {
        "RegisterBeneficiary",
        "UpdatePersonalData",
        "DecideTraffickingStatus",
        "RecordExploitationProfile",
        "AppointGuardian",
        "GiveConsent",
        "WithdrawConsent",
        # identification (issue 14, section 1)
        "RecordIdentification",
        "ReviseIdentification",
        # trafficking episodes (issue 15)
        "RecordTraffickingEpisode",
        "ReviseTraffickingEpisode",
        "WithdrawTraffickingEpisode",
        # a person's HTCDS details (issue 15)
        "RecordBackground",
        "DescribeVulnerabilities",
        "RecordDeath",
    }
)
CASE_WORK = frozenset(
    {
        "OpenCase",
        "AssignCaseworker",
        "AssessRisk",
        "StartScreening",
        "ScreenIn",
        "ScreenOut",
        "StartAssessment",
        "RequestApproval",
        "StartReintegration",
        "StartFollowUp",
        "Reopen",
        "DeliverService",
        "ReferOut",
        "AcceptReferral",
        "RejectReferral",
        "RevokeReferral",
        "AddNote",
        # identification and screening (issue 14, section 1)
        "Rescreen",
    }
)
APPROVALS = frozenset({"Approve", "Reject"})
PLAN_COMMANDS = frozenset(
    {
        "DraftPlan",
        "AddGoal",
        "RecordGoalProgress",
        "AchieveGoal",
        "AbandonGoal",
        "ReviewPlan",
        "CompletePlan",
        "DiscontinuePlan",
        "RecordFollowUp",
    }
)
STAY_COMMANDS = frozenset(
    {
        "AdmitToShelter",
        "TransferStay",
        "StartLeave",
        "ReturnFromLeave",
        "DischargeFromShelter",
    }
)
FACILITY_COMMANDS = frozenset({"RegisterFacility", "ChangeCapacity", "RelocateFacility"})
# Turn-aways (issue 15): who takes the call at the shelter's door, and case managers.
TURN_AWAY = "RecordTurnAway"
# Day rehabilitation centre (issue 14, section 5): enrolment is case work; sessions and
# attendance are the centre's staff's work (shelter staff run PVPT's centre) as well.
ENROLMENT_COMMANDS = frozenset({"EnrolInDayCentre", "EndEnrolment", "CompleteCourse"})
SESSION_COMMANDS = frozenset({"ScheduleSession", "RecordAttendance", "CancelSession"})
DAY_CENTRE_COMMANDS = ENROLMENT_COMMANDS | SESSION_COMMANDS
READ_ENROLMENT = "read:enrolment"
READ_SESSION = "read:session"
DAY_CENTRE_READS = frozenset({READ_ENROLMENT, READ_SESSION})
ERASURE = "ErasePersonalData"  # the right to erasure: case managers and admins
CASE_READS = frozenset(
    {READ_BENEFICIARY, READ_CASE, READ_STAY, READ_PLAN, READ_FACILITY} | DAY_CENTRE_READS
)
# Who works with the person: their personal data and general notes (free text naming people).
WITH_THE_PERSON = frozenset(
    {READ_PERSONAL_DATA, READ_NOTES[NoteCategory.GENERAL], SEARCH_BENEFICIARIES}
)

PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.ADMIN: FACILITY_COMMANDS | {ERASURE, READ_FACILITY, READ_MODELS, VERIFY_INTEGRITY},
    Role.CASE_MANAGER: (
        BENEFICIARY_COMMANDS
        | CASE_WORK
        | APPROVALS
        | PLAN_COMMANDS
        | STAY_COMMANDS
        | DAY_CENTRE_COMMANDS
        | CASE_READS
        | WITH_THE_PERSON
        | {ERASURE, READ_NOTES[NoteCategory.LEGAL], READ_MODELS, READ_HISTORY, TURN_AWAY}
    ),
    Role.CASEWORKER: (
        BENEFICIARY_COMMANDS
        | CASE_WORK
        | PLAN_COMMANDS
        | STAY_COMMANDS
        | DAY_CENTRE_COMMANDS
        | CASE_READS
        | WITH_THE_PERSON
        | {READ_HISTORY}
    ),
    Role.CLINICIAN: CASE_READS
    | WITH_THE_PERSON
    | {
        "DeliverService",
        "AddNote",
        READ_NOTES[NoteCategory.MEDICAL],
        READ_NOTES[NoteCategory.PSYCHOLOGICAL],
    },
    Role.LAWYER: CASE_READS
    | WITH_THE_PERSON
    | {
        "DeliverService",
        "AddNote",
        READ_NOTES[NoteCategory.LEGAL],
    },
    Role.SHELTER_STAFF: STAY_COMMANDS
    | DAY_CENTRE_COMMANDS
    | DAY_CENTRE_READS
    | {READ_STAY, READ_FACILITY, READ_MODELS, TURN_AWAY},
    Role.AUDITOR: CASE_READS | {READ_HISTORY, READ_ACCESS_LOG, VERIFY_INTEGRITY},
    Role.ANALYST: frozenset({READ_MODELS}),
    Role.PREVENTION_OFFICER: frozenset(),  # prevention work only: below
}

# Reflection and recovery period: caseworkers and case managers start and end one; an
# extension is a case manager's decision, recorded as approved by the case manager who
# runs it (domain/parts/case_reflection.py, docs/domain.md).
REFLECTION_WORK = frozenset({"StartReflectionPeriod", "EndReflectionPeriod"})
REFLECTION_EXTENSION = "ExtendReflectionPeriod"
PERMISSIONS[Role.CASE_MANAGER] |= REFLECTION_WORK | {REFLECTION_EXTENSION}
PERMISSIONS[Role.CASEWORKER] |= REFLECTION_WORK
# children (issue 14): an age estimate and a child's best-interests assessment are the
# case work of caseworkers and case managers.
CHILDREN_COMMANDS = frozenset({"EstimateAge", "AssessBestInterests"})
for _role in (Role.CASE_MANAGER, Role.CASEWORKER):
    PERMISSIONS[_role] = PERMISSIONS[_role] | CHILDREN_COMMANDS

# Notes a role may write: the categories it may read (general for everyone who writes).
# Services a clinician or lawyer may record: their own kind.
CLINICAL_SERVICES = frozenset({"medical", "psychological"})
LEGAL_SERVICES = frozenset({"legal"})


def allowed(role: Role, action: str) -> bool:
    return action in PERMISSIONS[role]


def may_read_note(role: Role, category: NoteCategory) -> bool:
    return allowed(role, READ_NOTES[category])


def may_write_note(role: Role, category: NoteCategory) -> bool:
    """Write what you may read; caseworkers and case managers write general notes too."""
    return allowed(role, "AddNote") and may_read_note(role, category)


def may_record_service(role: Role, service: str) -> bool:
    if role is Role.CLINICIAN:
        return service in CLINICAL_SERVICES
    if role is Role.LAWYER:
        return service in LEGAL_SERVICES
    return allowed(role, "DeliverService")


def sees_all_cases(role: Role) -> bool:
    """Caseworkers see only the cases assigned to them (and their beneficiaries)."""
    return role is not Role.CASEWORKER


def may_name_case(role: Role) -> bool:
    """Name a case where naming one is optional (a turn-away's case_id): only a role that
    reads cases (caseworkers then their own only). To anyone else the answer would tell
    whether the case exists and whether it is assessed high risk."""
    return allowed(role, READ_CASE)


def all_actions() -> list[str]:
    return sorted(set().union(*PERMISSIONS.values()))


# --- care plans (issue 14, careplan): whoever works the case plans and reviews its care;
# clinicians and lawyers read it and record deliveries of their own kind of service
# (may_record_service, checked in adapters/http/scope.py); auditors read it withheld.
READ_CARE_PLAN = "read:care_plan"
CARE_PLAN_COMMANDS = frozenset(
    {
        "StartCarePlan",
        "AssessNeeds",
        "AddCareGoal",
        "PlanService",
        "RecordDelivery",
        "RecordServiceOutcome",
        "CancelService",
        "ScheduleReview",
        "ReviewCarePlan",
    }
)
for _role in (Role.CASE_MANAGER, Role.CASEWORKER):
    PERMISSIONS[_role] |= CARE_PLAN_COMMANDS | {READ_CARE_PLAN}
for _role in (Role.CLINICIAN, Role.LAWYER):
    PERMISSIONS[_role] |= {"RecordDelivery", READ_CARE_PLAN}
PERMISSIONS[Role.AUDITOR] |= {READ_CARE_PLAN}
# --- documents (issue 14, section 7) ----------------------------------------------------
# A document's category works as a note's: general documents for everyone who works with
# the person, medical and psychological ones for clinicians, legal ones for lawyers and
# case managers. Attaching, reading and removing each need the category's read permission.
ATTACH_DOCUMENT = "AttachDocument"
REMOVE_DOCUMENT = "RemoveDocument"
_DOCUMENT_WORK = frozenset({ATTACH_DOCUMENT, REMOVE_DOCUMENT})
for _role in (Role.CASE_MANAGER, Role.CASEWORKER, Role.CLINICIAN, Role.LAWYER):
    PERMISSIONS[_role] = PERMISSIONS[_role] | _DOCUMENT_WORK


def may_attach_document(role: Role, category: NoteCategory) -> bool:
    return allowed(role, ATTACH_DOCUMENT) and may_read_note(role, category)


def may_read_document(role: Role, category: NoteCategory) -> bool:
    """Download a document's content: whoever may read a note of its category."""
    return may_read_note(role, category)


def may_remove_document(role: Role, category: NoteCategory) -> bool:
    return allowed(role, REMOVE_DOCUMENT) and may_read_note(role, category)


# --- criminal proceedings (issue 15, justice) -------------------------------------------
# Proceedings are legal work: lawyers and case managers record and read them, as they
# read legal notes (case managers coordinate proceedings with the lawyer). Caseworkers
# read them on their own cases only: they accompany the person to hearings and see the
# court dates in the due list; they do not record them. References at police,
# prosecution and court and a private lawyer's name are personal data (shown to these
# roles, all of which see personal data). Auditors read them with personal data withheld,
# as every record. Clinicians and shelter staff have no need to know; analysts read the
# `justice` read model only (no references).
READ_PROCEEDINGS = "read:proceedings"
JUSTICE_COMMANDS = frozenset(
    {
        "OpenProceedings",
        "RecordReferences",
        "AdvanceStage",
        "CorrectStage",
        "ChangeProceedingsRole",
        "RecordCooperation",
        "RecordOutcome",
        "RecordRepresentation",
        "ScheduleHearing",
        "HoldHearing",
        "AdjournHearing",
        "CancelHearing",
        "GrantProtectionMeasure",
        "EndProtectionMeasure",
        "FileCompensationClaim",
        "DecideCompensationClaim",
        "RecordCompensationPaid",
    }
)
for _role in (Role.CASE_MANAGER, Role.LAWYER):
    PERMISSIONS[_role] = PERMISSIONS[_role] | JUSTICE_COMMANDS | {READ_PROCEEDINGS}
for _role in (Role.CASEWORKER, Role.AUDITOR):
    PERMISSIONS[_role] = PERMISSIONS[_role] | {READ_PROCEEDINGS}
# --- returns across a border (issue 15, return): whoever works the case prepares the
# return with the person; the case file shows it to whoever reads the case.
RETURN_COMMANDS = frozenset(
    {
        "RequestReturn",
        "AssessReturnRisk",
        "RecordTravelDocument",
        "PlanReturn",
        "ConfirmHandOver",
        "CancelReturn",
    }
)
for _role in (Role.CASE_MANAGER, Role.CASEWORKER):
    PERMISSIONS[_role] = PERMISSIONS[_role] | RETURN_COMMANDS
# --- partner organisations (issue 15, section 1) ------------------------------------------
# Every staff role reads the registry (a referral, a consent or a service names a partner
# from it); case managers and admins keep it: register, rename, change, (re)activate.
READ_ORGANISATION = "read:organisation"
ORGANISATION_COMMANDS = frozenset(
    {
        "RegisterOrganisation",
        "RenameOrganisation",
        "ChangeOrganisationDetails",
        "DeactivateOrganisation",
        "ReactivateOrganisation",
    }
)
for _role in Role:
    PERMISSIONS[_role] |= {READ_ORGANISATION}
for _role in (Role.CASE_MANAGER, Role.ADMIN):
    PERMISSIONS[_role] |= ORGANISATION_COMMANDS
# --- prevention (issue 16): campaigns and activities, counted and never named ------------
# Prevention officers do the work and read it; no case file action is theirs (they get
# only read:organisation above, as every staff role: activities name partners).
READ_PREVENTION = "read:prevention"
READ_PREVENTION_MODELS = "read:prevention_models"
PREVENTION_COMMANDS = frozenset(
    {
        "LaunchCampaign",
        "ReviseCampaign",
        "RecordActivity",
        "CorrectActivityDetails",
        "CorrectActivityReach",
        "RecordDisclosure",
        "WithdrawActivity",
    }
)
PERMISSIONS[Role.PREVENTION_OFFICER] |= PREVENTION_COMMANDS | {
    READ_PREVENTION,
    READ_PREVENTION_MODELS,
}
for _role in (Role.CASE_MANAGER, Role.ADMIN):
    PERMISSIONS[_role] |= {READ_PREVENTION, READ_PREVENTION_MODELS}
PERMISSIONS[Role.AUDITOR] |= {READ_PREVENTION}
PERMISSIONS[Role.ANALYST] |= {READ_PREVENTION_MODELS}
# --- issue 17: period reports, grants, retention (services/access_reporting.py) ---------
READ_REPORTS = _reporting.READ_REPORTS
READ_GRANTS, GRANT_COMMANDS = _reporting.READ_GRANTS, _reporting.GRANT_COMMANDS
READ_RETENTION, RETENTION_COMMANDS = _reporting.READ_RETENTION, _reporting.RETENTION_COMMANDS
for _name, _actions in _reporting.ROLE_ACTIONS.items():
    PERMISSIONS[Role(_name)] |= _actions
