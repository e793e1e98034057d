"""How identifying each stored field is: the one classification every read path uses.

Every field of every event, of every aggregate's state (snapshots) and of every
value object is classified here, once:

- PERSONAL: identifies a person — the personal data, the guardian's name and
  contact, and every free text staff write (details, rationales, comments,
  reasons, goal descriptions, progress notes, summaries), because staff write
  names, places and circumstances into them;
- SENSITIVE: a special category of personal data — a case note's text, whose
  readers depend on the note's category (medical, psychological, legal, general);
- NON_IDENTIFYING: codes, vocabularies, dates, numbers, ids, staff user names,
  partner organisations' names.

A field whose value is a classified value object is classified by that object's
own fields (`Case.Opened.referral` -> `IncomingReferral`); a value object that is
SEALED_WHOLE (PersonalData) is one unit wherever it stands. Lists, tuples and
dicts of value objects are classified by their elements.

The codec seals every PERSONAL and SENSITIVE field (adapters/privacy/sealing.py derives
its seals from here), and services/disclosure.py decides from here what a
role may see on every read path. A test fails when a field has no entry.
"""

from __future__ import annotations

from typing import Any

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.children import AgeEstimate, BestInterestsAssessment, GuardianAppointment
from domain.day_centre import CompletedCourse, DayCentreEnrolment
from domain.day_centre_session import Attendance, DayCentreSession
from domain.facility import Facility
from domain.parts.beneficiary_identification import IdentificationDecision
from domain.parts.case_screening import OnwardReferral, ScreeningOut
from domain.plan import ReintegrationPlan
from domain.reflection import ReflectionPeriod
from domain.sensitivity import (
    CODE,
    DOCUMENT_NAME,
    FACILITY_TEXT,
    FREE_TEXT,
    NOTE_TEXT,
    ORGANISATION,
    PERSON,
    PLAIN,
    PROFILE,
    STAFF,
    Entry,
    Field,
    Sensitivity,
)
from domain.sequence import CodeSequence
from domain.stay import ShelterStay
from domain.values import (
    BedInventory,
    CaseNote,
    ConsentRecord,
    Document,
    ExploitationProfile,
    FollowUp,
    Goal,
    Guardian,
    IncomingReferral,
    OutgoingReferral,
    PendingApproval,
    PersonalData,
    ServiceDelivery,
)

# What readers import from here (the vocabulary is domain/sensitivity.py's).
__all__ = [
    "CODE",
    "DOCUMENT_NAME",
    "EVENTS",
    "EVENT_ENVELOPE",
    "FACILITY_TEXT",
    "FREE_TEXT",
    "NOTE_TEXT",
    "ORGANISATION",
    "PERSON",
    "PLAIN",
    "PROFILE",
    "SEALED_WHOLE",
    "STAFF",
    "STATES",
    "STATE_ENVELOPE",
    "VALUES",
    "Entry",
    "Field",
    "Sensitivity",
    "classified_types",
    "fields_of",
]

# Fields every stored event has (eventsourcing's envelope and our actor).
EVENT_ENVELOPE: dict[str, Entry] = {
    "originator_id": PLAIN,
    "originator_version": PLAIN,
    "timestamp": PLAIN,
    "originator_topic": PLAIN,
    "actor": STAFF,
}
# Fields every aggregate's snapshot state has.
STATE_ENVELOPE: dict[str, Entry] = {
    "id": PLAIN,
    "version": PLAIN,
    "created_on": PLAIN,
    "modified_on": PLAIN,
    "INITIAL_VERSION": PLAIN,
}

# Value objects whose every field is identifying and that are kept as one unit.
SEALED_WHOLE: frozenset[type[Any]] = frozenset({PersonalData})

VALUES: dict[type[Any], dict[str, Entry]] = {
    PersonalData: dict.fromkeys(
        (
            "given_name",
            "family_name",
            "birth_date",
            "phone",
            "email",
            "identity_number",
            "address",
        ),
        PERSON,
    ),
    Guardian: {"kind": PLAIN, "name": PERSON, "contact": PERSON},
    IncomingReferral: {
        "organisation": ORGANISATION,
        "organisation_type": PLAIN,
        "referred_on": PLAIN,
        "reason": PLAIN,
        "details": FREE_TEXT,
    },
    PendingApproval: {"requested_by": STAFF, "requested_at": PLAIN, "closure_reason": PLAIN},
    ServiceDelivery: {
        "service": PLAIN,
        "provider": ORGANISATION,
        "delivered_on": PLAIN,
        "outcome": PLAIN,
    },
    OutgoingReferral: {
        "number": PLAIN,
        "partner": ORGANISATION,
        "partner_type": PLAIN,
        "reason": PLAIN,
        "referred_on": PLAIN,
        "status": PLAIN,
    },
    CaseNote: {
        "number": PLAIN,
        "category": PLAIN,
        "text": NOTE_TEXT,
        "written_by": STAFF,
        "written_at": PLAIN,
    },
    Goal: {
        "number": PLAIN,
        "type": PLAIN,
        "description": FREE_TEXT,
        "target_date": PLAIN,
        "status": PLAIN,
        "progress": FREE_TEXT,
    },
    FollowUp: {"month": PLAIN, "status": PLAIN, "recorded_on": PLAIN, "visited_on": PLAIN},
    ExploitationProfile: dict.fromkeys(
        ("types", "control_methods", "recruitment_methods", "relationship", "vulnerabilities"),
        PROFILE,
    ),
    ConsentRecord: {
        "kind": PLAIN,
        "partner": ORGANISATION,
        "given_by": PLAIN,
        "recorded_by": STAFF,
        "given_on": PLAIN,
        "renew_by": PLAIN,  # 12 months on: nothing derived from the birth date (domain/children.py)
    },
    BedInventory: {"beds": PLAIN, "start": PLAIN, "end": PLAIN},
    # reflection and recovery period
    ReflectionPeriod: dict.fromkeys(
        (
            "legal_basis",
            "started_on",
            "length_days",
            "ends_on",
            "extended_by_days",
            "extensions",
            "ended_on",
            "end_reason",
        ),
        PLAIN,
    ),
    # day rehabilitation centre (issue 14, section 5)
    CompletedCourse: {"number": PLAIN, "course": FREE_TEXT, "completed_on": PLAIN},
    Attendance: {"enrolment_id": PLAIN, "case_id": PLAIN, "status": PLAIN},
    # children (issue 14)
    AgeEstimate: {"age_years": PROFILE, "method": PLAIN, "estimated_on": PLAIN},
    GuardianAppointment: {"appointed_by": PLAIN, "appointed_on": PLAIN, "reference": CODE},
    BestInterestsAssessment: {
        "number": PLAIN,
        "decision": PLAIN,
        "assessed_on": PLAIN,
        "recommendation": FREE_TEXT,
        "child_heard": PLAIN,
        "participants": PLAIN,
        "assessed_by": STAFF,
    },
    # documents (issue 14, section 7)
    Document: {
        "number": PLAIN,
        "document_type": PLAIN,
        "category": PLAIN,
        "media_type": PLAIN,
        "size": PLAIN,
        "sha256": PLAIN,
        "filename": DOCUMENT_NAME,
        "content_id": PLAIN,
        "attached_by": STAFF,
        "attached_on": PLAIN,
        "removed_on": PLAIN,
    },
}

B, C, F, S, P, Q = Beneficiary, Case, Facility, ShelterStay, ReintegrationPlan, CodeSequence

# Each event's own fields (the envelope above is added to every one).
EVENTS: dict[type[Any], dict[str, Entry]] = {
    B.Registered: {
        "code": CODE,
        "personal": PersonalData,
        "gender": PROFILE,
        "age_at_identification": PROFILE,
        "citizenships": PROFILE,
        "languages": PROFILE,
        "scope": PROFILE,
    },
    B.PersonalDataUpdated: {"personal": PersonalData},
    B.TraffickingStatusDecided: {
        "status": PLAIN,
        "deciding_body": PLAIN,
        "decided_on": PLAIN,
        "status_in_force": PLAIN,
    },
    B.ExploitationProfileRecorded: {"profile": ExploitationProfile},
    B.GuardianAppointed: {
        "guardian": Guardian,
        "appointed_by": PLAIN,
        "appointed_on": PLAIN,
        "reference": CODE,
    },
    B.ConsentGiven: {
        "kind": PLAIN,
        "partner": ORGANISATION,
        "given_by": PLAIN,
        "given_on": PLAIN,
        "renew_by": PLAIN,
    },
    B.ConsentWithdrawn: {"kind": PLAIN, "partner": ORGANISATION, "withdrawn_on": PLAIN},
    B.CaseOpened: {"case_id": PLAIN, "case_number": CODE},
    B.SharedWithPartner: {
        "partner": ORGANISATION,
        "case_number": CODE,
        "referral_number": PLAIN,
    },
    B.PersonalDataErased: {"legal_basis": PLAIN, "reference": CODE},
    C.Opened: {
        "case_number": CODE,
        "beneficiary_id": PLAIN,
        "beneficiary_code": CODE,
        "referral": IncomingReferral,
    },
    C.CaseworkerAssigned: {"caseworker": STAFF, "previous": STAFF},
    C.RiskAssessed: {"level": PLAIN, "rationale": FREE_TEXT, "assessed_on": PLAIN},
    C.ScreeningStarted: {},
    C.ScreenedIn: {"reflection_ends_on": PLAIN, "screened_on": PLAIN},
    C.ScreenedOut: {  # v3: outcome, other need, onward referral (identification, issue 14)
        "rationale": FREE_TEXT,
        "screened_on": PLAIN,
        "outcome": PLAIN,
        "other_need": PLAIN,
        "onward_referral": OnwardReferral,
        "no_referral_reason": FREE_TEXT,
        "closure_reason": PLAIN,
    },
    C.AssessmentStarted: {},
    C.ApprovalRequested: {"subject": PLAIN, "closure_reason": PLAIN},
    C.ApprovalGranted: {"subject": PLAIN, "comment": FREE_TEXT},
    C.ApprovalRejected: {"subject": PLAIN, "comment": FREE_TEXT},
    C.ReintegrationStarted: {},
    C.FollowUpStarted: {},
    C.Reopened: {"reason": FREE_TEXT, "stage": PLAIN},
    C.ServiceDelivered: {
        "service": PLAIN,
        "provider": ORGANISATION,
        "delivered_on": PLAIN,
        "outcome": PLAIN,
    },
    C.ReferredOut: {
        "number": PLAIN,
        "partner": ORGANISATION,
        "partner_type": PLAIN,
        "reason": PLAIN,
        "details": FREE_TEXT,
    },
    C.ReferralAccepted: {"number": PLAIN},
    C.ReferralRejected: {"number": PLAIN, "comment": FREE_TEXT},
    C.ReferralRevoked: {"number": PLAIN, "reason": FREE_TEXT},
    C.NoteAdded: {"number": PLAIN, "category": PLAIN, "text": NOTE_TEXT},
    C.ShelterStayStarted: {"stay_id": PLAIN},
    C.PersonalDataErased: {"legal_basis": PLAIN, "reference": CODE},
    C.PlanDrafted: {"plan_id": PLAIN},
    C.ShelterStayEnded: {"stay_id": PLAIN},
    # reflection and recovery period
    C.ReflectionPeriodStarted: {
        "legal_basis": PLAIN,
        "started_on": PLAIN,
        "length_days": PLAIN,
        "ends_on": PLAIN,
    },
    C.ReflectionPeriodExtended: {
        "ends_on": PLAIN,
        "extended_by_days": PLAIN,
        "reason": FREE_TEXT,
        "approved_by": STAFF,
    },
    C.ReflectionPeriodEnded: {"ended_on": PLAIN, "reason": PLAIN, "details": FREE_TEXT},
    F.Registered: {"name": FACILITY_TEXT, "kind": PLAIN, "beds": PLAIN, "effective_from": PLAIN},
    F.CapacityChanged: {
        "beds": PLAIN,
        "previous": PLAIN,
        "effective_from": PLAIN,
        "reason": FACILITY_TEXT,
    },
    F.BedOccupied: {"stay_id": PLAIN},
    F.BedReleased: {"stay_id": PLAIN},
    S.Admitted: {
        "case_id": PLAIN,
        "case_number": CODE,
        "facility_id": PLAIN,
        "admitted_on": PLAIN,
    },
    S.Transferred: {"from_facility_id": PLAIN, "to_facility_id": PLAIN},
    S.LeaveStarted: {"expected_return": PLAIN, "reason": FREE_TEXT},
    S.ReturnedFromLeave: {},
    S.Discharged: {"reason": PLAIN, "destination": PLAIN, "discharged_on": PLAIN},
    P.Drafted: {"case_id": PLAIN, "case_number": CODE},
    P.GoalAdded: {
        "number": PLAIN,
        "type": PLAIN,
        "description": FREE_TEXT,
        "target_date": PLAIN,
    },
    P.GoalProgressRecorded: {"number": PLAIN, "note": FREE_TEXT},
    P.GoalAchieved: {"number": PLAIN},
    P.GoalAbandoned: {"number": PLAIN, "reason": FREE_TEXT},
    P.Reviewed: {"summary": FREE_TEXT, "next_review_on": PLAIN},
    P.Completed: {"completed_on": PLAIN},
    P.Discontinued: {"reason": FREE_TEXT},
    P.FollowUpRecorded: {
        "month": PLAIN,
        "status": PLAIN,
        "recorded_on": PLAIN,
        "visited_on": PLAIN,
    },
    Q.Started: {"prefix": CODE, "year": PLAIN},
    Q.Issued: {"number": PLAIN},
    # day rehabilitation centre (issue 14, section 5)
    C.DayCentreEnrolled: {"enrolment_id": PLAIN, "facility_id": PLAIN},
    C.DayCentreEnrolmentEnded: {"enrolment_id": PLAIN},
    DayCentreEnrolment.Enrolled: {
        "case_id": PLAIN,
        "case_number": CODE,
        "facility_id": PLAIN,
        "started_on": PLAIN,
        "reason": FREE_TEXT,
    },
    DayCentreEnrolment.Ended: {"ended_on": PLAIN, "reason": PLAIN},
    DayCentreEnrolment.CourseCompleted: {
        "number": PLAIN,
        "course": FREE_TEXT,
        "completed_on": PLAIN,
    },
    DayCentreSession.Scheduled: {
        "facility_id": PLAIN,
        "held_on": PLAIN,
        "activity": PLAIN,
        "title": FREE_TEXT,  # staff write it: may name a participant
        "facilitator": STAFF,
        "places": PLAIN,
    },
    DayCentreSession.AttendanceRecorded: {
        "enrolment_id": PLAIN,
        "case_id": PLAIN,
        "held_on": PLAIN,
        "attended": PLAIN,
        "status": PLAIN,
    },
    DayCentreSession.Cancelled: {},
    # children (issue 14)
    B.AgeEstimated: {"age_years": PROFILE, "method": PLAIN, "estimated_on": PLAIN},
    C.BestInterestsAssessed: {
        "number": PLAIN,
        "decision": PLAIN,
        "assessed_on": PLAIN,
        "recommendation": FREE_TEXT,
        "child_heard": PLAIN,
        "participants": PLAIN,
    },
    # documents (issue 14, section 7): the same two events on a beneficiary and a case
    **{
        event: fields
        for record in (B, C)
        for event, fields in dict[type[Any], dict[str, Entry]](
            {
                record.DocumentAttached: {
                    "number": PLAIN,
                    "document_type": PLAIN,
                    "category": PLAIN,
                    "media_type": PLAIN,
                    "size": PLAIN,
                    "sha256": PLAIN,
                    "filename": DOCUMENT_NAME,
                    "content_id": PLAIN,
                    "attached_on": PLAIN,
                },
                record.DocumentRemoved: {"number": PLAIN, "reason": FREE_TEXT, "removed_on": PLAIN},
            }
        ).items()
    },
}

# Each aggregate's state, as its snapshots hold it and as records are shown.
STATES: dict[type[Any], dict[str, Entry]] = {
    Beneficiary: {
        "code": CODE,
        "personal": PersonalData,
        "gender": PROFILE,
        "age_at_identification": PROFILE,
        "age_band": PROFILE,
        "is_minor": PROFILE,
        "citizenships": PROFILE,
        "languages": PROFILE,
        "scope": PROFILE,
        "trafficking_status": PLAIN,
        "deciding_body": PLAIN,
        "status_decided_on": PLAIN,
        "exploitation": ExploitationProfile,
        "guardian": Guardian,
        "guardian_appointment": GuardianAppointment,
        "age_estimate": AgeEstimate,
        "consents": ConsentRecord,
        "case_ids": PLAIN,
        "erased_on": PLAIN,
        "erasure_basis": PLAIN,
        "documents": Document,  # documents (issue 14, section 7)
    },
    Case: {
        "case_number": CODE,
        "beneficiary_id": PLAIN,
        "beneficiary_code": CODE,
        "referral": IncomingReferral,
        "stage": PLAIN,
        "stage_before_closure": PLAIN,
        "caseworker": STAFF,
        "risk_level": PLAIN,
        "reflection": ReflectionPeriod,
        "pending_approvals": PendingApproval,
        "closure_reason": PLAIN,
        "reopen_count": PLAIN,
        "services": ServiceDelivery,
        "referrals": OutgoingReferral,
        "notes": CaseNote,
        "active_stay_id": PLAIN,
        "stay_ids": PLAIN,
        "plan_ids": PLAIN,
        "enrolment_ids": PLAIN,
        "day_centre_enrolments": PLAIN,
        "best_interests": BestInterestsAssessment,
        "documents": Document,  # documents (issue 14, section 7)
    },
    Facility: {
        "name": FACILITY_TEXT,
        "kind": PLAIN,
        "beds": PLAIN,
        "capacity_history": BedInventory,
        "residents": PLAIN,
    },
    ShelterStay: {
        "case_id": PLAIN,
        "case_number": CODE,
        "facility_id": PLAIN,
        "admitted_on": PLAIN,
        "in_facility_since": PLAIN,
        "on_leave": PLAIN,
        "expected_return": PLAIN,
        "discharged_on": PLAIN,
        "discharge_reason": PLAIN,
        "exit_destination": PLAIN,
        "transfers": PLAIN,
    },
    ReintegrationPlan: {
        "case_id": PLAIN,
        "case_number": CODE,
        "status": PLAIN,
        "goals": Goal,
        "reviews_count": PLAIN,
        "last_reviewed_on": PLAIN,
        "next_review_on": PLAIN,
        "completed_on": PLAIN,
        "discontinued_on": PLAIN,
        "discontinue_reason": FREE_TEXT,
        "follow_ups": FollowUp,
    },
    CodeSequence: {"prefix": CODE, "year": PLAIN, "last": PLAIN},
    # day rehabilitation centre (issue 14, section 5)
    DayCentreEnrolment: {
        "case_id": PLAIN,
        "case_number": CODE,
        "facility_id": PLAIN,
        "started_on": PLAIN,
        "reason": FREE_TEXT,
        "ended_on": PLAIN,
        "end_reason": PLAIN,
        "courses": CompletedCourse,
    },
    DayCentreSession: {
        "facility_id": PLAIN,
        "held_on": PLAIN,
        "activity": PLAIN,
        "title": FREE_TEXT,  # staff write it: may name a participant
        "facilitator": STAFF,
        "places": PLAIN,
        "cancelled": PLAIN,
        "attendance": Attendance,
    },
}

# --- identification and screening (issue 14, section 1) ----------------------------
# The official's role is free text staff type: it names no victim, but a role in a small
# unit can point at one official and staff may type a name despite the field's pattern,
# so it is PERSONAL like every other staff text. A decision's reference is an authority's
# file number, pseudonymous like a case number (CODE); indicators are codes of a list.
_DECISION: dict[str, Entry] = {
    "number": PLAIN,
    "kind": PLAIN,
    "status": PLAIN,
    "deciding_body": PLAIN,
    "country": PLAIN,
    "official_role": FREE_TEXT,
    "reference": CODE,
    "decided_on": PLAIN,
    "indicators": PLAIN,
}
EVENTS[B.IdentificationRecorded] = {**_DECISION, "status_in_force": PLAIN}
EVENTS[B.IdentificationRevised] = {
    **_DECISION,
    "status_in_force": PLAIN,
    "revises": PLAIN,
    "grounds": PLAIN,
    "reason": FREE_TEXT,
}
EVENTS[C.Rescreened] = {"reason": FREE_TEXT, "number": PLAIN}
VALUES[IdentificationDecision] = {
    **_DECISION,
    "recorded_by": STAFF,
    "revises": PLAIN,
    "grounds": PLAIN,
    "reason": FREE_TEXT,
    "revised_by": PLAIN,
}
VALUES[OnwardReferral] = {"partner": ORGANISATION, "partner_type": PLAIN}
VALUES[ScreeningOut] = {
    "outcome": PLAIN,
    "other_need": PLAIN,
    "onward_referral": OnwardReferral,
    "screened_on": PLAIN,
}
STATES[Beneficiary]["identifications"] = IdentificationDecision
STATES[Case] |= {"screenings_out": ScreeningOut, "rescreen_count": PLAIN}


def fields_of(cls: type[Any]) -> dict[str, Entry] | None:
    """The classification of a classified type's fields (envelope included), or None."""
    if cls in EVENTS:
        return {**EVENT_ENVELOPE, **EVENTS[cls]}
    if cls in STATES:
        return {**STATE_ENVELOPE, **STATES[cls]}
    return VALUES.get(cls)


def classified_types() -> list[type[Any]]:
    return [*EVENTS, *STATES, *VALUES]


# --- care plan (issue 14, careplan): its tables live in domain/care_plan_classification.py
from domain.care_plan_classification import (  # noqa: E402 -- with its section
    CARE_PLAN_EVENTS,
    CARE_PLAN_STATES,
    CARE_PLAN_VALUES,
    CASE_CARE_STATE,
)

EVENTS.update(CARE_PLAN_EVENTS)
STATES.update(CARE_PLAN_STATES)
STATES[Case].update(CASE_CARE_STATE)
VALUES.update(CARE_PLAN_VALUES)
EVENTS[Case.ServiceDelivered]["basis"] = PLAIN  # v2: the basis it was given on
EVENTS[ReintegrationPlan.GoalAdded]["care_goal"] = PLAIN  # v2: the care-plan goal it serves
VALUES[Goal]["care_goal"] = PLAIN
