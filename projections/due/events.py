"""Which event changes what is due: the one table from event name to handler.

Events marked "contract" come from the issue-14 helpers' work (names and fields fixed
in their contract); their handlers are unit-tested with hand-fed fields until those
events exist in the domain. Court dates (issue 15) get their lines here, with handlers
putting `DueKind.COURT_DATE` items the way `plans.review_scheduled` does.

Contact (for `no_contact`): opening the case, screening, a risk assessment, a service
delivered (case service, or a planned one attended), a note, a needs assessment, a
best-interests assessment, a follow-up visit and day-centre attendance.
"""

from __future__ import annotations

from projections.due import cases, plans
from projections.due.rows import Handler

HANDLERS: dict[str, Handler] = {
    # Case: the case itself, its risk reassessment, its reflection period, contact
    "Case.Opened": cases.case_opened,
    "Case.CaseworkerAssigned": cases.caseworker_assigned,
    "Case.ApprovalGranted": cases.approval_granted,
    "Case.Reopened": cases.reopened,
    "Case.RiskAssessed": cases.risk_assessed,
    "Case.ScreenedIn": cases.screened_in,
    "Case.ScreenedOut": cases.screened_out,
    "Case.AssessmentStarted": cases.assessment_started,
    "Case.ServiceDelivered": cases.contact_on("delivered_on"),
    "Case.NoteAdded": cases.contact_on(None),
    "Case.ReflectionPeriodStarted": cases.reflection_started,  # contract
    "Case.ReflectionPeriodExtended": cases.reflection_extended,  # contract
    "Case.ReflectionPeriodEnded": cases.reflection_ended,  # contract
    "Case.BestInterestsAssessed": cases.contact_on("assessed_on"),  # contract
    "Case.CarePlanStarted": cases.care_plan_started,  # contract
    "Case.Rescreened": cases.reopened,  # contract: a screened-out case screened again is open
    # Reintegration plan: reviews, follow-ups at 3/6/12 months
    "ReintegrationPlan.Drafted": plans.plan_drafted,
    "ReintegrationPlan.Reviewed": plans.plan_reviewed,
    "ReintegrationPlan.Completed": plans.plan_completed,
    "ReintegrationPlan.Discontinued": plans.plan_discontinued,
    "ReintegrationPlan.FollowUpRecorded": plans.follow_up_recorded,
    # Care plan (contract): needs reassessment, planned services, reviews
    "CarePlan.Started": plans.care_plan_started,
    "CarePlan.NeedsAssessed": plans.needs_assessed,
    "CarePlan.ServicePlanned": plans.service_planned,
    "CarePlan.ServiceDelivered": plans.service_delivered,
    "CarePlan.ServiceCancelled": plans.service_cancelled,
    "CarePlan.ReviewScheduled": plans.review_scheduled,
    "CarePlan.Reviewed": plans.care_plan_reviewed,
    # Beneficiary: guardian consent renewal (`renew_by` is contract)
    "Beneficiary.ConsentGiven": plans.consent_given,
    "Beneficiary.ConsentWithdrawn": plans.consent_withdrawn,
    # Day centre (contract): attendance is contact
    "DayCentreSession.AttendanceRecorded": plans.attendance_recorded,
}

AGGREGATE_TYPES = frozenset(name.partition(".")[0] for name in HANDLERS)
