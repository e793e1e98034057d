"""How return events change what is due (domain/return_process.py):

- `return_risk_assessment`: a return requested with no destination risk assessment yet,
  due `RISK_ASSESSMENT_WITHIN_DAYS` after the request; met by the assessment, no longer
  owed once the return is handed over or cancelled;
- `return_date`: the planned day of travel and hand-over, moved when planned again; met
  by the hand-over, no longer owed once cancelled.
"""

from __future__ import annotations

from datetime import timedelta

from domain.return_process import RISK_ASSESSMENT_WITHIN_DAYS
from projections.due.rows import DueRows, day, item_key
from projections.due.tables import DueKind
from projections.model import Change

KINDS = (DueKind.RETURN_RISK_ASSESSMENT, DueKind.RETURN_DATE)


def requested(rows: DueRows, change: Change) -> None:
    fields = change.fields
    rows.link(change.aggregate_id, fields["case_id"])
    on = day(fields["requested_on"])
    rows.put_item(
        item_key(change.aggregate_id, DueKind.RETURN_RISK_ASSESSMENT),
        DueKind.RETURN_RISK_ASSESSMENT,
        on + timedelta(days=RISK_ASSESSMENT_WITHIN_DAYS),
        case_id=str(fields["case_id"]),
        source=f"return requested {on.isoformat()}",
        anchor_on=on,
    )


def risk_assessed(rows: DueRows, change: Change) -> None:
    key = item_key(change.aggregate_id, DueKind.RETURN_RISK_ASSESSMENT)
    rows.done(key, day(change.fields["assessed_on"]))


def planned(rows: DueRows, change: Change) -> None:
    on = day(change.fields["planned_on"])
    rows.put_item(
        item_key(change.aggregate_id, DueKind.RETURN_DATE),
        DueKind.RETURN_DATE,
        on,
        case_id=rows.case_of(change.aggregate_id, change),
        source="travel and hand-over planned",
        anchor_on=None,
    )


def handed_over(rows: DueRows, change: Change) -> None:
    _ended(rows, change, day(change.fields["handed_over_on"]))


def cancelled(rows: DueRows, change: Change) -> None:
    _ended(rows, change, day(change.fields["cancelled_on"]))


def _ended(rows: DueRows, change: Change, on: object) -> None:
    for kind in KINDS:
        rows.done(item_key(change.aggregate_id, kind), day(on))
