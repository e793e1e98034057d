"""How each Case event the statistics read changes a case's row and records its facts:
the referral and opening, the stages, closures (approved or screened out) and reopenings,
and services delivered on the case. Only the fields projections/statistics/fields.py
declares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.vocab import ApprovalSubject, Stage
from projections.rows import Row
from projections.statistics.batch import SERVICE_DELIVERED, StatRows, value_of
from projections.statistics.fields import Read

_STAGE_OF = {
    "Case.ScreeningStarted": Stage.SCREENING,
    "Case.AssessmentStarted": Stage.ASSESSMENT,
    "Case.ReintegrationStarted": Stage.REINTEGRATION,
    "Case.FollowUpStarted": Stage.FOLLOW_UP,
    "Case.Rescreened": Stage.SCREENING,
}
_STAGE_AFTER_APPROVAL = {
    ApprovalSubject.ASSESSMENT: Stage.CASE_PLAN,
    ApprovalSubject.CASE_PLAN: Stage.SERVICE_PROVISION,
    ApprovalSubject.CLOSURE: Stage.CLOSED,
}


def opened(rows: StatRows, event: Read) -> None:
    case_id, person_id = event.record_id, str(event["beneficiary_id"])
    person = rows.person(person_id, event)
    rows.save_person({**person, "cases": person["cases"] + 1})
    source = value_of(event["referral.organisation_type"])
    case = {
        "case_id": case_id,
        "person_id": person_id,
        "referred_on": event["referral.referred_on"],
        "opened_on": event.day,
        "closed_on": None,
        "closure_reason": None,
        "pending_closure_reason": None,
        "stage": Stage.INTAKE.value,
        "referral_source_kind": source,
        "services_planned": 0,
        "services_delivered": 0,
        "service_types_delivered": None,
        "stays": 0,
        "day_centre_days": 0,
        "reintegration_outcome": None,
        "last_follow_up": None,
        "justice_outcome": None,
        "re_trafficked": 0,
        "reopened": 0,
        "position": event.position,
    }
    rows.save_case(case)
    rows.fact(f"{case_id}:referred", case, "referred", case["referred_on"], source, case_id)
    rows.fact(f"{case_id}:opened", case, "case_opened", event.day, None, case_id)


def _stage(_rows: StatRows, case: Row, event: Read) -> None:
    case["stage"] = _STAGE_OF[event.event_type].value
    if event.event_type == "Case.Rescreened":  # screened again: no longer closed
        case.update(closed_on=None, closure_reason=None)


def _screened_in(_rows: StatRows, case: Row, event: Read) -> None:
    """A stored ScreenedIn with a reflection period's end (before issue 14) put the case in
    its reflection period; one without moves it to assessment (as `caseload` reads it)."""
    ends = event["reflection_ends_on"]
    case["stage"] = (Stage.ASSESSMENT if ends is None else Stage.REFLECTION_PERIOD).value


def _screened_out(rows: StatRows, case: Row, event: Read) -> None:
    _close(rows, case, event, event["screened_on"], value_of(event["closure_reason"]))


def _approval_requested(_rows: StatRows, case: Row, event: Read) -> None:
    if event["subject"] == ApprovalSubject.CLOSURE:
        case["pending_closure_reason"] = value_of(event["closure_reason"])


def _approval_granted(rows: StatRows, case: Row, event: Read) -> None:
    subject = ApprovalSubject(event["subject"])
    if subject is ApprovalSubject.CLOSURE:
        _close(rows, case, event, event.day, case["pending_closure_reason"])
    else:
        case["stage"] = _STAGE_AFTER_APPROVAL[subject].value


def _approval_rejected(_rows: StatRows, case: Row, event: Read) -> None:
    if event["subject"] == ApprovalSubject.CLOSURE:
        case["pending_closure_reason"] = None


def _close(rows: StatRows, case: Row, event: Read, on: date, reason: str | None) -> None:
    """Closed on `on` for `reason`: a fact of its own, kept if the case is reopened."""
    case.update(stage=Stage.CLOSED.value, closed_on=on, closure_reason=reason)
    case["pending_closure_reason"] = None
    rows.fact(event.event_id, case, "case_closed", case["closed_on"], reason, case["case_id"])


def _reopened(_rows: StatRows, case: Row, event: Read) -> None:
    case.update(stage=Stage(event["stage"]).value, closed_on=None, closure_reason=None)
    case["reopened"] += 1


def _service_delivered(rows: StatRows, case: Row, event: Read) -> None:
    service = value_of(event["service"])
    rows.fact(
        event.event_id, case, SERVICE_DELIVERED, event["delivered_on"], service, event.event_id
    )


HANDLERS: dict[str, Callable[[StatRows, Row, Read], None]] = {
    **dict.fromkeys(_STAGE_OF, _stage),
    "Case.ScreenedIn": _screened_in,
    "Case.ScreenedOut": _screened_out,
    "Case.ApprovalRequested": _approval_requested,
    "Case.ApprovalGranted": _approval_granted,
    "Case.ApprovalRejected": _approval_rejected,
    "Case.Reopened": _reopened,
    "Case.ServiceDelivered": _service_delivered,
}


def apply_case(rows: StatRows, event: Read) -> None:
    if event.event_type == "Case.Opened":
        opened(rows, event)
        return
    case = rows.case(event.record_id, event)
    HANDLERS[event.event_type](rows, case, event)
    rows.save_case({**case, "position": event.position})
