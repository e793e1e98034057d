"""How each Case, ReintegrationPlan and ShelterStay event changes the outcomes rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.local_time import local_date
from domain.parts.case_screening import OnwardReferral
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    FollowUpStatus,
    GoalStatus,
    OtherNeed,
    PlanStatus,
    ScreeningOutcome,
)
from projections.model import Change
from projections.outcomes.batch import (
    CASE_CLOSED,
    CASE_OPENED,
    RE_TRAFFICKED,
    STAY_DISCHARGED,
    BatchRows,
    Row,
)
from projections.rows import RowCache

Start = Callable[[BatchRows, Change], Row]
Handler = Callable[[BatchRows, Row, Change], None]


@dataclass(frozen=True)
class _Record:
    """How one kind of record is projected: its row, its first event, its handlers."""

    noun: str  # "case"
    cache: Callable[[BatchRows], RowCache]
    created_by: str  # "Case.Opened"
    never: str  # "opened"
    start: Start
    handlers: dict[str, Handler]


def apply_change(rows: BatchRows, record: _Record, change: Change) -> None:
    cache, key = record.cache(rows), (str(change.aggregate_id),)
    is_start = change.event_type == record.created_by
    row = record.start(rows, change) if is_start else cache.get(key)
    if row is None:
        msg = (
            f"{change.event_type} for {record.noun} {change.aggregate_id} "
            f"that was never {record.never}"
        )
        raise LookupError(msg)
    handler = record.handlers.get(change.event_type)
    if handler is not None:
        handler(rows, row, change)
    cache.put(key, {**row, "position": change.position})


def _with_value(listing: str | None, value: str) -> str:
    """A sorted, comma-joined list of distinct picklist values, with `value` added."""
    values = set(listing.split(",")) if listing else set()
    return ",".join(sorted(values | {str(value)}))


# ------------------------------------------------------------------ cases


def _case_opened(rows: BatchRows, change: Change) -> Row:
    case_id, opened_on = str(change.aggregate_id), local_date(change.at)
    rows.record_fact(CASE_OPENED, case_id, opened_on)
    return {
        "case_id": case_id,
        "case_number": change.fields["case_number"],
        "beneficiary_code": change.fields["beneficiary_code"],
        "referred_on": change.fields["referral"].referred_on,
        "opened_on": opened_on,
        "closed_on": None,
        "closure_reason": None,
        "days_to_closure": None,
        "services_received": 0,
        "service_types": None,
        "referrals_out": 0,
        "referrals_accepted": 0,
        "reopened_count": 0,
        "re_trafficked": 0,
        "pending_closure_reason": None,
        "screenings_out": 0,
        "rescreened_count": 0,
    }


def _close(rows: BatchRows, case: Row, reason: str | None, on: date) -> None:
    days = (on - case["referred_on"]).days
    reason_value = None if reason is None else ClosureReason(reason).value
    case.update(closed_on=on, closure_reason=reason_value, days_to_closure=days)
    case["pending_closure_reason"] = None
    rows.record_fact(CASE_CLOSED, case["case_id"], on, days, reason_value)


def _screened_out(rows: BatchRows, case: Row, change: Change) -> None:
    """Closed as screened out (stored before outcomes: as not_a_victim, its upcast says)."""
    fields = change.fields
    _close(rows, case, fields["closure_reason"], fields["screened_on"])
    case["screenings_out"] += 1
    referral = fields["onward_referral"]
    other_need = fields["other_need"]
    row = {
        "case_id": case["case_id"],
        "screening": case["screenings_out"],
        "case_number": case["case_number"],
        "screened_on": fields["screened_on"],
        "outcome": ScreeningOutcome(fields["outcome"]).value,
        "other_need": None if other_need is None else OtherNeed(other_need).value,
        "referred_on_to": _referred_on_to(referral),
        "no_referral": int(referral is None),
        "closure_reason": ClosureReason(fields["closure_reason"]).value,
        "rescreened": 0,
    }
    rows.screenings.put((case["case_id"], case["screenings_out"]), row)


def _referred_on_to(referral: OnwardReferral | None) -> str | None:
    """The partner's HTCDS type; '' for one HTCDS has no type for; None: not referred on."""
    if referral is None:
        return None
    return "" if referral.partner_type is None else referral.partner_type.value


def _rescreened(rows: BatchRows, case: Row, _change: Change) -> None:
    """Back to screening: the case's last screening out is marked, the closure forgotten."""
    key = (case["case_id"], case["screenings_out"])
    screening = rows.screenings.get(key)
    if screening is not None:
        rows.screenings.put(key, {**screening, "rescreened": 1})
    _forget_closure(rows, case)
    case["rescreened_count"] += 1  # counted apart from reopenings


def _approval_requested(_rows: BatchRows, case: Row, change: Change) -> None:
    if change.fields["subject"] == ApprovalSubject.CLOSURE:
        case["pending_closure_reason"] = ClosureReason(change.fields["closure_reason"]).value


def _approval_granted(rows: BatchRows, case: Row, change: Change) -> None:
    if change.fields["subject"] == ApprovalSubject.CLOSURE:
        _close(rows, case, case["pending_closure_reason"], local_date(change.at))


def _approval_rejected(_rows: BatchRows, case: Row, change: Change) -> None:
    if change.fields["subject"] == ApprovalSubject.CLOSURE:
        case["pending_closure_reason"] = None


def _reopened(rows: BatchRows, case: Row, _change: Change) -> None:
    _forget_closure(rows, case)
    case["reopened_count"] += 1


def _forget_closure(rows: BatchRows, case: Row) -> None:
    if case["closed_on"] is not None:
        rows.forget_fact(CASE_CLOSED, case["case_id"], case["closed_on"])
    case.update(closed_on=None, closure_reason=None, days_to_closure=None)


def _service_delivered(_rows: BatchRows, case: Row, change: Change) -> None:
    case["services_received"] += 1
    case["service_types"] = _with_value(case["service_types"], change.fields["service"])


def _referred_out(_rows: BatchRows, case: Row, _change: Change) -> None:
    case["referrals_out"] += 1


def _referral_accepted(_rows: BatchRows, case: Row, _change: Change) -> None:
    case["referrals_accepted"] += 1


# ------------------------------------------------------------------ plans


def _drafted(rows: BatchRows, change: Change) -> Row:
    case_id = str(change.fields["case_id"])
    rows.case(case_id, change)
    return {
        "plan_id": str(change.aggregate_id),
        "case_id": case_id,
        "case_number": change.fields["case_number"],
        "status": PlanStatus.ACTIVE.value,
        "goals_total": 0,
        "goals_achieved": 0,
        "goals_abandoned": 0,
        "goals_open": 0,
        "goal_types": None,
        "drafted_on": local_date(change.at),
        "completed_on": None,
        "discontinued_on": None,
        "follow_up_3m": None,
        "follow_up_6m": None,
        "follow_up_12m": None,
    }


def _goal_added(_rows: BatchRows, plan: Row, change: Change) -> None:
    plan["goals_total"] += 1
    plan["goals_open"] += 1
    plan["goal_types"] = _with_value(plan["goal_types"], change.fields["type"])


def _goal_settled(status: GoalStatus) -> Handler:
    def settle(_rows: BatchRows, plan: Row, _change: Change) -> None:
        plan["goals_open"] -= 1
        plan[f"goals_{status.value}"] += 1

    return settle


def _completed(_rows: BatchRows, plan: Row, change: Change) -> None:
    plan.update(status=PlanStatus.COMPLETED.value, completed_on=change.fields["completed_on"])


def _discontinued(_rows: BatchRows, plan: Row, change: Change) -> None:
    plan.update(status=PlanStatus.DISCONTINUED.value, discontinued_on=local_date(change.at))


def _follow_up_recorded(rows: BatchRows, plan: Row, change: Change) -> None:
    month, status = change.fields["month"], FollowUpStatus(change.fields["status"])
    column = f"follow_up_{month}m"
    if column not in plan:
        msg = f"{change.event_type} of plan {change.aggregate_id}: no follow-up month {month}"
        raise ValueError(msg)
    plan[column] = status.value
    if status is FollowUpStatus.RE_TRAFFICKED:
        _re_trafficked(rows, plan, change)


def _re_trafficked(rows: BatchRows, plan: Row, change: Change) -> None:
    case = rows.case(plan["case_id"], change)
    case["re_trafficked"] = 1
    rows.cases.put((case["case_id"],), case)
    subject = f"{plan['plan_id']}/{change.fields['month']}"
    rows.record_fact(RE_TRAFFICKED, subject, change.fields["visited_on"])


# ------------------------------------------------------------------ stays


def _admitted(_rows: BatchRows, change: Change) -> Row:
    return {
        "stay_id": str(change.aggregate_id),
        "case_id": str(change.fields["case_id"]),
        "admitted_on": change.fields["admitted_on"],
        "discharged_on": None,
        "length_of_stay_days": None,
    }


def _discharged(rows: BatchRows, stay: Row, change: Change) -> None:
    discharged_on: date = change.fields["discharged_on"]
    days = (discharged_on - stay["admitted_on"]).days
    stay.update(discharged_on=discharged_on, length_of_stay_days=days)
    rows.record_fact(STAY_DISCHARGED, stay["stay_id"], discharged_on, days)


RECORDS = {
    "Case": _Record(
        "case",
        lambda rows: rows.cases,
        "Case.Opened",
        "opened",
        _case_opened,
        {
            "Case.ScreenedOut": _screened_out,
            "Case.ApprovalRequested": _approval_requested,
            "Case.ApprovalGranted": _approval_granted,
            "Case.ApprovalRejected": _approval_rejected,
            "Case.Reopened": _reopened,
            "Case.ServiceDelivered": _service_delivered,
            "Case.ReferredOut": _referred_out,
            "Case.ReferralAccepted": _referral_accepted,
            "Case.Rescreened": _rescreened,  # identification and screening (issue 14)
        },
    ),
    "ReintegrationPlan": _Record(
        "plan",
        lambda rows: rows.plans,
        "ReintegrationPlan.Drafted",
        "drafted",
        _drafted,
        {
            "ReintegrationPlan.GoalAdded": _goal_added,
            "ReintegrationPlan.GoalAchieved": _goal_settled(GoalStatus.ACHIEVED),
            "ReintegrationPlan.GoalAbandoned": _goal_settled(GoalStatus.ABANDONED),
            "ReintegrationPlan.Completed": _completed,
            "ReintegrationPlan.Discontinued": _discontinued,
            "ReintegrationPlan.FollowUpRecorded": _follow_up_recorded,
        },
    ),
    "ShelterStay": _Record(
        "stay",
        lambda rows: rows.stays,
        "ShelterStay.Admitted",
        "admitted",
        _admitted,
        {"ShelterStay.Discharged": _discharged},
    ),
}
