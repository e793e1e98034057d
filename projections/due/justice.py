"""How criminal proceedings' events change what is due: each scheduled hearing is a
court date (`DueKind.COURT_DATE`), due on its day and met when it is held, adjourned (the
new hearing is then due on its own day) or cancelled. Overdue once its day has passed
with none of these recorded."""

from __future__ import annotations

from projections.due.rows import DueRows, day, item_key
from projections.due.tables import DueKind
from projections.model import Change

KIND = DueKind.COURT_DATE


def proceedings_opened(rows: DueRows, change: Change) -> None:
    rows.link(change.aggregate_id, change.fields["case_id"])


def _put(rows: DueRows, change: Change, number: int, on: str, source: str) -> None:
    rows.put_item(
        item_key(change.aggregate_id, KIND, number),
        KIND,
        day(on),
        case_id=rows.case_of(change.aggregate_id, change),
        source=source,
    )


def hearing_scheduled(rows: DueRows, change: Change) -> None:
    number = int(change.fields["number"])
    _put(rows, change, number, change.fields["scheduled_on"], f"hearing {number}")


def hearing_held(rows: DueRows, change: Change) -> None:
    key = item_key(change.aggregate_id, KIND, int(change.fields["number"]))
    rows.done(key, day(change.fields["held_on"]))


def hearing_adjourned(rows: DueRows, change: Change) -> None:
    fields = change.fields
    number, new_number = int(fields["number"]), int(fields["new_number"])
    rows.done(item_key(change.aggregate_id, KIND, number), day(fields["adjourned_on"]))
    source = f"hearing {new_number} (hearing {number} adjourned)"
    _put(rows, change, new_number, fields["new_date"], source)


def hearing_cancelled(rows: DueRows, change: Change) -> None:
    key = item_key(change.aggregate_id, KIND, int(change.fields["number"]))
    rows.done(key, day(change.fields["cancelled_on"]))
