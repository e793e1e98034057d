"""How plan, consent and day-centre events change what is due: plan reviews, planned
services, needs reassessment, follow-ups at 3/6/12 months, guardian consent renewal."""

from __future__ import annotations

import hashlib
from datetime import date

from domain.local_time import local_date
from domain.plan import FOLLOW_UP_MONTHS, follow_up_due, follow_up_window
from projections.due.rows import DueRows, day, item_key, maybe_day
from projections.due.tables import DueKind
from projections.model import Change

FOLLOW_UP_KINDS = {
    3: DueKind.FOLLOW_UP_3,
    6: DueKind.FOLLOW_UP_6,
    12: DueKind.FOLLOW_UP_12,
}

# ------------------------------------------------------- reintegration plan


def plan_drafted(rows: DueRows, change: Change) -> None:
    rows.link(change.aggregate_id, change.fields["case_id"])


def plan_reviewed(rows: DueRows, change: Change) -> None:
    """`next_review_on` schedules the next review; none: no review is due any more."""
    _review(rows, change, DueKind.REINTEGRATION_PLAN_REVIEW, local_date(change.at))


def _review(rows: DueRows, change: Change, kind: DueKind, reviewed_on: date) -> None:
    key = item_key(change.aggregate_id, kind)
    next_review = maybe_day(change.fields.get("next_review_on"))
    if next_review is None:
        rows.done(key, reviewed_on)
        return
    case_id = rows.case_of(change.aggregate_id, change)
    source = f"review of {reviewed_on.isoformat()}"
    rows.put_item(key, kind, next_review, case_id=case_id, source=source, anchor_on=reviewed_on)


def plan_completed(rows: DueRows, change: Change) -> None:
    """The plan's reviews end; its follow-ups at 3, 6 and 12 months fall due."""
    completed_on = day(change.fields["completed_on"])
    rows.done(item_key(change.aggregate_id, DueKind.REINTEGRATION_PLAN_REVIEW), completed_on)
    case_id = rows.case_of(change.aggregate_id, change)
    for month in FOLLOW_UP_MONTHS:
        window_from, window_to = follow_up_window(completed_on, month)
        rows.put_item(
            item_key(change.aggregate_id, FOLLOW_UP_KINDS[month]),
            FOLLOW_UP_KINDS[month],
            follow_up_due(completed_on, month),
            case_id=case_id,
            source=f"plan completed {completed_on.isoformat()}",
            anchor_on=completed_on,
            window_from=window_from,
            window_to=window_to,
        )


def plan_discontinued(rows: DueRows, change: Change) -> None:
    key = item_key(change.aggregate_id, DueKind.REINTEGRATION_PLAN_REVIEW)
    rows.done(key, local_date(change.at))


def follow_up_recorded(rows: DueRows, change: Change) -> None:
    month, visited_on = int(change.fields["month"]), day(change.fields["visited_on"])
    kind = FOLLOW_UP_KINDS.get(month)
    if kind is not None:
        rows.done(item_key(change.aggregate_id, kind), visited_on)
    rows.contact(rows.case_of(change.aggregate_id, change), visited_on, change)


# ---------------------------------------------------------------- care plan


def care_plan_started(rows: DueRows, change: Change) -> None:
    rows.link(change.aggregate_id, change.fields["case_id"])


def needs_assessed(rows: DueRows, change: Change) -> None:
    """Each assessment (a new version) moves the one item to its `reassess_by` (three
    months on unless staff set another day): rolling, like the risk reassessment."""
    fields = change.fields
    assessed_on, reassess_by = day(fields["assessed_on"]), day(fields["reassess_by"])
    case_id = rows.case_of(change.aggregate_id, change)
    rows.put_item(
        item_key(change.aggregate_id, DueKind.NEEDS_REASSESSMENT),
        DueKind.NEEDS_REASSESSMENT,
        reassess_by,
        case_id=case_id,
        source=f"needs assessment v{fields['version']}",
        anchor_on=assessed_on,
    )
    rows.contact(case_id, assessed_on, change)


def service_planned(rows: DueRows, change: Change) -> None:
    """A planned service is owed from its start to its due date."""
    fields, number = change.fields, int(change.fields["number"])
    rows.put_item(
        item_key(change.aggregate_id, DueKind.PLANNED_SERVICE, number),
        DueKind.PLANNED_SERVICE,
        day(fields["due_on"]),
        case_id=rows.case_of(change.aggregate_id, change),
        source=f"service {number} ({fields['service']})",
        window_from=day(fields["starts_on"]),
        window_to=day(fields["due_on"]),
    )


def service_delivered(rows: DueRows, change: Change) -> None:
    """A delivery the person attended meets the planned service; a missed one does not."""
    if not change.fields["attended"]:
        return
    delivered_on = day(change.fields["delivered_on"])
    number = int(change.fields["number"])
    rows.done(item_key(change.aggregate_id, DueKind.PLANNED_SERVICE, number), delivered_on)
    rows.contact(rows.case_of(change.aggregate_id, change), delivered_on, change)


def service_cancelled(rows: DueRows, change: Change) -> None:
    """Cancelled by staff, or stopped by a withdrawal of the services consent (then as of
    the withdrawal's day): no longer owed from `cancelled_on`."""
    number = int(change.fields["number"])
    key = item_key(change.aggregate_id, DueKind.PLANNED_SERVICE, number)
    rows.done(key, day(change.fields["cancelled_on"]))


def service_concluded(rows: DueRows, change: Change) -> None:
    """Its outcome recorded, the service is concluded: no delivery is owed any more, even
    if none was attended (the outcome says what it achieved)."""
    number = int(change.fields["number"])
    key = item_key(change.aggregate_id, DueKind.PLANNED_SERVICE, number)
    rows.done(key, local_date(change.at))


def review_scheduled(rows: DueRows, change: Change) -> None:
    kind = DueKind.CARE_PLAN_REVIEW
    rows.put_item(
        item_key(change.aggregate_id, kind),
        kind,
        day(change.fields["due_on"]),
        case_id=rows.case_of(change.aggregate_id, change),
        source="review scheduled",
    )


def care_plan_reviewed(rows: DueRows, change: Change) -> None:
    reviewed_on = day(change.fields["reviewed_on"])
    _review(rows, change, DueKind.CARE_PLAN_REVIEW, reviewed_on)


# ------------------------------------------------------- consent, day centre


def _consent_key(change: Change) -> str:
    """One item per consent (kind, and for sharing the organisation: its id, or the name of
    an unregistered one, by a digest, so the key stays short)."""
    fields = change.fields
    partner = fields.get("organisation_id") or fields.get("partner")
    digest = "" if partner is None else hashlib.sha256(str(partner).encode()).hexdigest()[:12]
    return item_key(
        change.aggregate_id, DueKind.GUARDIAN_CONSENT_RENEWAL, f"{fields['kind']}:{digest}"
    )


def consent_given(rows: DueRows, change: Change) -> None:
    """A guardian's consent for a minor with `renew_by` must be renewed by then: the item
    is the beneficiary's and shows on each of their open cases."""
    given_on, renew_by = day(change.fields["given_on"]), maybe_day(change.fields.get("renew_by"))
    key = _consent_key(change)
    if renew_by is None:
        rows.done(key, given_on)
        return
    rows.put_item(
        key,
        DueKind.GUARDIAN_CONSENT_RENEWAL,
        renew_by,
        beneficiary_id=str(change.aggregate_id),
        source=f"consent {change.fields['kind']} given {given_on.isoformat()}",
        anchor_on=given_on,
    )


def consent_withdrawn(rows: DueRows, change: Change) -> None:
    rows.done(_consent_key(change), day(change.fields["withdrawn_on"]))


def attendance_recorded(rows: DueRows, change: Change) -> None:
    if change.fields["attended"]:
        rows.contact(change.fields["case_id"], day(change.fields["held_on"]), change)
