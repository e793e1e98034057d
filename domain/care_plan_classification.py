"""How identifying each field of the care plan is (domain/care_plan.py), and of the
case's care events (domain/parts/case_care.py): merged into domain/classification.py's
tables, which say what each class means. Notes, goal texts, outcome notes, reasons and
review summaries are free text staff write (PERSONAL); notes of the health need
domains and outcome notes of medical and psychological services are health data
(SENSITIVE, read as case notes of that category: domain/sensitivity.py NEED_NOTES,
OUTCOME_NOTE), and the optional ones read "[erased]" once erased; the rest is codes, dates,
numbers, ids, staff user names and organisations' names."""

from __future__ import annotations

from typing import Any

from domain.care_plan import CarePlan
from domain.case import Case
from domain.parts.care_plan_values import (
    CareGoal,
    CareReview,
    Delivery,
    DomainNeed,
    NeedsAssessment,
    PlannedService,
)
from domain.sensitivity import (
    CARE_TEXT,
    CODE,
    FREE_TEXT,
    NEED_NOTES,
    ORGANISATION,
    OUTCOME_NOTE,
    PLAIN,
    STAFF,
    Entry,
)

CP = CarePlan

CARE_PLAN_VALUES: dict[type[Any], dict[str, Entry]] = {
    DomainNeed: {"domain": PLAIN, "level": PLAIN, "notes": NEED_NOTES},
    NeedsAssessment: {
        "version": PLAIN,
        "assessed_on": PLAIN,
        "reassess_by": PLAIN,
        "assessed_by": STAFF,
        "domains": DomainNeed,
    },
    CareGoal: {"number": PLAIN, "description": FREE_TEXT, "domains": PLAIN},
    Delivery: {
        "delivered_on": PLAIN,
        "attended": PLAIN,
        "duration_minutes": PLAIN,
        "provider": ORGANISATION,
        "delivered_by": STAFF,
    },
    PlannedService: {
        "number": PLAIN,
        "service": PLAIN,
        "support_type": PLAIN,
        "provider_kind": PLAIN,
        "provider": ORGANISATION,
        "responsible": STAFF,
        "starts_on": PLAIN,
        "due_on": PLAIN,
        "basis": PLAIN,
        "domains": PLAIN,
        "goal": PLAIN,
        "status": PLAIN,
        "deliveries": Delivery,
        "outcome": PLAIN,
        "outcome_note": OUTCOME_NOTE,
        "cancelled_on": PLAIN,
        "cancel_reason": CARE_TEXT,
    },
    CareReview: {
        "reviewed_on": PLAIN,
        "summary": FREE_TEXT,
        "next_review_on": PLAIN,
        "reviewed_by": STAFF,
    },
}

CARE_PLAN_EVENTS: dict[type[Any], dict[str, Entry]] = {
    CP.Started: {
        "case_id": PLAIN,
        "case_number": CODE,
        "beneficiary_id": PLAIN,
        "referred_on": PLAIN,
    },
    CP.NeedsAssessed: {
        "version": PLAIN,
        "assessed_on": PLAIN,
        "reassess_by": PLAIN,
        "domains": DomainNeed,
    },
    CP.GoalAdded: {"number": PLAIN, "description": FREE_TEXT, "domains": PLAIN},
    CP.ServicePlanned: {
        "number": PLAIN,
        "service": PLAIN,
        "support_type": PLAIN,
        "provider_kind": PLAIN,
        "provider": ORGANISATION,
        "responsible": STAFF,
        "starts_on": PLAIN,
        "due_on": PLAIN,
        "basis": PLAIN,
        "domains": PLAIN,
        "goal": PLAIN,
    },
    CP.ServiceDelivered: {
        "number": PLAIN,
        "delivered_on": PLAIN,
        "attended": PLAIN,
        "duration_minutes": PLAIN,
        "provider": ORGANISATION,
        "delivered_by": STAFF,
        "basis": PLAIN,
    },
    CP.ServiceOutcomeRecorded: {
        "number": PLAIN,
        "service": PLAIN,
        "outcome": PLAIN,
        "note": OUTCOME_NOTE,
    },
    CP.ServiceCancelled: {
        "number": PLAIN,
        "reason": FREE_TEXT,
        "cancelled_on": PLAIN,
        "by_withdrawal": PLAIN,
    },
    CP.ReviewScheduled: {"due_on": PLAIN},
    CP.Reviewed: {"reviewed_on": PLAIN, "summary": FREE_TEXT, "next_review_on": PLAIN},
    Case.CarePlanStarted: {"care_plan_id": PLAIN},
    Case.ServicesConsentWithdrawn: {"withdrawn_on": PLAIN, "services_stopped": PLAIN},
    Case.ServicesConsentGiven: {"given_on": PLAIN},
}

CARE_PLAN_STATES: dict[type[Any], dict[str, Entry]] = {
    CarePlan: {
        "case_id": PLAIN,
        "case_number": CODE,
        "beneficiary_id": PLAIN,
        "referred_on": PLAIN,
        "assessments": NeedsAssessment,
        "goals": CareGoal,
        "services": PlannedService,
        "reviews": CareReview,
        "next_review_on": PLAIN,
    },
}
# What the case's state gains: its care plan and the services consent's withdrawal.
CASE_CARE_STATE: dict[str, Entry] = {
    "care_plan_id": PLAIN,
    "services_consent_withdrawn_on": PLAIN,
}
