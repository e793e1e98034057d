"""How Case events change what is due: the case itself (open, caseworker, contact), its
risk reassessment and its reflection period."""

from __future__ import annotations

from domain.local_time import local_date
from domain.vocab import ApprovalSubject, RiskLevel
from projections.caseload import FIRST_ASSESSMENT_DUE, REVIEW_INTERVAL
from projections.due.rows import DueRows, Handler, day, item_key
from projections.due.tables import DueKind
from projections.model import Change

SCREENING = "screening"  # the source of a reflection period started by a legacy ScreenedIn
REFLECTION = "reflection period"


def case_opened(rows: DueRows, change: Change) -> None:
    case_id, opened_on = str(change.aggregate_id), local_date(change.at)
    fields = change.fields
    rows.put_case(
        {
            "case_id": case_id,
            "case_number": fields["case_number"],
            "beneficiary_id": str(fields["beneficiary_id"]),
            "beneficiary_code": fields["beneficiary_code"],
            "caseworker": None,
            "is_open": 1,
            "last_contact_on": opened_on,  # opening the case is the first contact
        }
    )
    rows.put_item(
        item_key(case_id, DueKind.RISK_REASSESSMENT),
        DueKind.RISK_REASSESSMENT,
        opened_on + FIRST_ASSESSMENT_DUE,
        case_id=case_id,
        source="first risk assessment",
        anchor_on=opened_on,
    )


def caseworker_assigned(rows: DueRows, change: Change) -> None:
    rows.put_case({**rows.case(change.aggregate_id, change), **_worker(change)})


def _worker(change: Change) -> dict[str, str]:
    return {"caseworker": str(change.fields["caseworker"])}


def closed(rows: DueRows, change: Change) -> None:
    rows.put_case({**rows.case(change.aggregate_id, change), "is_open": 0})


def approval_granted(rows: DueRows, change: Change) -> None:
    if ApprovalSubject(change.fields["subject"]) is ApprovalSubject.CLOSURE:
        closed(rows, change)


def reopened(rows: DueRows, change: Change) -> None:
    rows.put_case({**rows.case(change.aggregate_id, change), "is_open": 1})


def risk_assessed(rows: DueRows, change: Change) -> None:
    case_id, fields = str(change.aggregate_id), change.fields
    level, assessed_on = RiskLevel(fields["level"]), day(fields["assessed_on"])
    rows.put_item(
        item_key(case_id, DueKind.RISK_REASSESSMENT),
        DueKind.RISK_REASSESSMENT,
        assessed_on + REVIEW_INTERVAL[level],
        case_id=case_id,
        source=f"risk assessment ({level.value})",
        anchor_on=assessed_on,
    )
    rows.contact(case_id, assessed_on, change)


def screened_in(rows: DueRows, change: Change) -> None:
    """Before issue 14 screening in started a 90-day period (`reflection_ends_on`)."""
    ends_on = change.fields.get("reflection_ends_on")
    if ends_on is not None:
        _reflection_ends(rows, change, day(ends_on), SCREENING)
    _screening_contact(rows, change)


def screened_out(rows: DueRows, change: Change) -> None:
    _screening_contact(rows, change)
    closed(rows, change)


def _screening_contact(rows: DueRows, change: Change) -> None:
    screened_on = change.fields.get("screened_on")
    if screened_on is not None:
        rows.contact(change.aggregate_id, day(screened_on), change)


def assessment_started(rows: DueRows, change: Change) -> None:
    """A legacy period (started by screening in) lasted until the assessment began."""
    key = item_key(change.aggregate_id, DueKind.REFLECTION_PERIOD_END)
    item = rows.item(key)
    if item is not None and item["source"] == SCREENING:
        rows.done(key, local_date(change.at))


def reflection_started(rows: DueRows, change: Change) -> None:
    _reflection_ends(rows, change, day(change.fields["ends_on"]), REFLECTION)


def reflection_extended(rows: DueRows, change: Change) -> None:
    days = change.fields.get("extended_by_days")
    source = f"{REFLECTION}, extended by {days} days" if days else f"{REFLECTION}, extended"
    _reflection_ends(rows, change, day(change.fields["ends_on"]), source)


def reflection_ended(rows: DueRows, change: Change) -> None:
    key = item_key(change.aggregate_id, DueKind.REFLECTION_PERIOD_END)
    rows.done(key, day(change.fields["ended_on"]))


def _reflection_ends(rows: DueRows, change: Change, ends_on: object, source: str) -> None:
    case_id = str(change.aggregate_id)
    key = item_key(case_id, DueKind.REFLECTION_PERIOD_END)
    started, before = change.fields.get("started_on"), rows.item(key)
    anchor = before["anchor_on"] if started is None and before is not None else started
    rows.put_item(
        key,
        DueKind.REFLECTION_PERIOD_END,
        day(ends_on),
        case_id=case_id,
        source=source,
        anchor_on=None if anchor is None else day(anchor),
    )


def contact_on(field: str | None) -> Handler:
    """A handler that counts the event as contact on its `field` (None: the day recorded)."""

    def handler(rows: DueRows, change: Change) -> None:
        on = local_date(change.at) if field is None else day(change.fields[field])
        rows.contact(change.aggregate_id, on, change)

    return handler


def care_plan_started(rows: DueRows, change: Change) -> None:
    rows.link(change.fields["care_plan_id"], change.aggregate_id)
