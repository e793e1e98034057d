"""Which event changes what is due: the one table from event name to handler.

Every handler is tested with the events real commands record
(tests/unit/test_due_real_events.py; that each name here is a stored event's, too).
Court dates (issue 15, justice): each scheduled hearing of criminal proceedings is a
`DueKind.COURT_DATE` item (projections/due/justice.py).

Retention (issue 17): projections/due/retention.py; besides its handlers, every event of a
beneficiary or of a case moves the beneficiary's anchor (`ACTIVITY_TYPES`, Due.apply).

Contact (for `no_contact`): opening the case, screening, a risk assessment, a service
delivered (case service, or a planned one attended), a note, a needs assessment, a
best-interests assessment, a follow-up visit and day-centre attendance.
"""

from __future__ import annotations

from projections.due import cases, justice, plans, retention, returns
from projections.due.rows import DueRows, Handler
from projections.model import Change


def both(first: Handler, second: Handler) -> Handler:
    """A handler that runs `first`, then `second`, on the same event."""

    def handler(rows: DueRows, change: Change) -> None:
        first(rows, change)
        second(rows, change)

    return handler


HANDLERS: dict[str, Handler] = {
    # Case: the case itself, its risk reassessment, its reflection period, contact
    "Case.Opened": both(cases.case_opened, retention.case_opened),
    "Case.CaseworkerAssigned": cases.caseworker_assigned,
    "Case.ApprovalGranted": cases.approval_granted,
    "Case.Reopened": cases.reopened,
    "Case.RiskAssessed": cases.risk_assessed,
    "Case.ScreenedIn": cases.screened_in,
    "Case.ScreenedOut": cases.screened_out,
    "Case.AssessmentStarted": cases.assessment_started,
    "Case.ServiceDelivered": cases.contact_on("delivered_on"),
    "Case.NoteAdded": cases.contact_on(None),
    "Case.ReflectionPeriodStarted": cases.reflection_started,
    "Case.ReflectionPeriodExtended": cases.reflection_extended,
    "Case.ReflectionPeriodEnded": cases.reflection_ended,
    "Case.BestInterestsAssessed": cases.contact_on("assessed_on"),
    "Case.CarePlanStarted": cases.care_plan_started,
    "Case.Rescreened": cases.reopened,  # screened again: open again
    # Reintegration plan: reviews, follow-ups at 3/6/12 months
    "ReintegrationPlan.Drafted": plans.plan_drafted,
    "ReintegrationPlan.Reviewed": plans.plan_reviewed,
    "ReintegrationPlan.Completed": plans.plan_completed,
    "ReintegrationPlan.Discontinued": plans.plan_discontinued,
    "ReintegrationPlan.FollowUpRecorded": plans.follow_up_recorded,
    # Care plan: needs reassessment, planned services, reviews
    "CarePlan.Started": plans.care_plan_started,
    "CarePlan.NeedsAssessed": plans.needs_assessed,
    "CarePlan.ServicePlanned": plans.service_planned,
    "CarePlan.ServiceDelivered": plans.service_delivered,
    "CarePlan.ServiceCancelled": plans.service_cancelled,
    "CarePlan.ServiceOutcomeRecorded": plans.service_concluded,
    "CarePlan.ReviewScheduled": plans.review_scheduled,
    "CarePlan.Reviewed": plans.care_plan_reviewed,
    # Beneficiary: guardian consent renewal (`renew_by`)
    "Beneficiary.ConsentGiven": plans.consent_given,
    "Beneficiary.ConsentWithdrawn": plans.consent_withdrawn,
    # Day centre: attendance is contact
    "DayCentreSession.AttendanceRecorded": plans.attendance_recorded,
    # Criminal proceedings: court dates (hearings)
    "CriminalProceedings.Opened": both(justice.proceedings_opened, retention.proceedings_opened),
    "CriminalProceedings.HearingScheduled": justice.hearing_scheduled,
    "CriminalProceedings.HearingHeld": justice.hearing_held,
    "CriminalProceedings.HearingAdjourned": justice.hearing_adjourned,
    "CriminalProceedings.HearingCancelled": justice.hearing_cancelled,
    # Retention (issue 17): the beneficiary, erasure, proceedings' stage and outcome; every
    # event of a beneficiary or their case is activity (`retention.activity`, in Due.apply)
    "Beneficiary.Registered": retention.registered,
    "Beneficiary.PersonalDataErased": retention.erased,
    "CriminalProceedings.StageAdvanced": retention.proceedings_stage,
    "CriminalProceedings.StageCorrected": retention.proceedings_stage,
    "CriminalProceedings.OutcomeRecorded": retention.proceedings_decided,
    # Return across a border (issue 15): the destination's risk, the planned day
    "ReturnProcess.Requested": returns.requested,
    "ReturnProcess.RiskAssessed": returns.risk_assessed,
    "ReturnProcess.Planned": returns.planned,
    "ReturnProcess.HandedOver": returns.handed_over,
    "ReturnProcess.Cancelled": returns.cancelled,
}

AGGREGATE_TYPES = frozenset(name.partition(".")[0] for name in HANDLERS)
ACTIVITY_TYPES = frozenset({"Beneficiary", "Case"})
