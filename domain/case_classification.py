"""How identifying each field of a case is (domain/case.py): its events (the
reflection period, screening, approvals, services, referrals, notes, the day centre's
and best interests' events on the case), its state and the value objects it holds.
Assembled with the other aggregates' tables by domain/classification.py, which says
what each class means; the case's later parts (care, proceedings, returns) add theirs
there from their own modules."""

from __future__ import annotations

from typing import Any

from domain.case import Case
from domain.case_values import (
    CaseNote,
    IncomingReferral,
    OutgoingReferral,
    PendingApproval,
    ServiceDelivery,
)
from domain.children import BestInterestsAssessment
from domain.parts.case_screening import OnwardReferral, ScreeningOut
from domain.reflection import ReflectionPeriod
from domain.sensitivity import CODE, FREE_TEXT, NOTE_TEXT, ORGANISATION, PLAIN, STAFF, Entry
from domain.values import Document

C = Case

CASE_EVENTS: dict[type[Any], dict[str, Entry]] = {
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
    C.DayCentreEnrolled: {"enrolment_id": PLAIN, "facility_id": PLAIN},
    C.DayCentreEnrolmentEnded: {"enrolment_id": PLAIN},
    C.BestInterestsAssessed: {
        "number": PLAIN,
        "decision": PLAIN,
        "assessed_on": PLAIN,
        "recommendation": FREE_TEXT,
        "child_heard": PLAIN,
        "participants": PLAIN,
    },
    C.Rescreened: {"reason": FREE_TEXT, "number": PLAIN},
}
CASE_STATES: dict[type[Any], dict[str, Entry]] = {
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
        "screenings_out": ScreeningOut,
        "rescreen_count": PLAIN,
    },
}
CASE_VALUES: dict[type[Any], dict[str, Entry]] = {
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
    BestInterestsAssessment: {
        "number": PLAIN,
        "decision": PLAIN,
        "assessed_on": PLAIN,
        "recommendation": FREE_TEXT,
        "child_heard": PLAIN,
        "participants": PLAIN,
        "assessed_by": STAFF,
    },
    OnwardReferral: {"partner": ORGANISATION, "partner_type": PLAIN},
    ScreeningOut: {
        "outcome": PLAIN,
        "other_need": PLAIN,
        "onward_referral": OnwardReferral,
        "screened_on": PLAIN,
    },
}
