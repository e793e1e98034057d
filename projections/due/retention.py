"""The end of retention (issue 17, section 5; docs/retention.md): the due model keeps, per
beneficiary, the facts the retention policy reads (domain/retention/policy.py) and, per
criminal proceedings, whether they are decided; the SELECT (`retention_items_sql`) makes
one `retention_end` item per beneficiary whose cases are all closed and whose proceedings
are all decided, from `RETENTION_NOTICE_DAYS` before the day their retention ends,
overdue after it. The periods are settings applied as the list is read (no rebuild): the
tables keep years, the SELECT adds the periods.

- `due_people`: the beneficiary's code, registration, the latest year they turned 18
  (when a minor at identification), the anchor (the latest of the last event on them or
  one of their cases and the latest outcome of their proceedings), their last case and
  whether their data was erased;
- `due_proceedings`: each criminal proceedings' beneficiary, open or decided, and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from domain.children import ADULT_AGE
from domain.justice_vocab import ProceedingsStage
from domain.local_time import local_date
from domain.retention.policy import RetentionRules, majority_year
from projections.due.rows import DueRows, day
from projections.due.tables import DueKind
from projections.model import Change

KIND = DueKind.RETENTION_END
RETENTION_NOTICE_DAYS = 30  # listed from a month before the day it ends


def registered(rows: DueRows, change: Change) -> None:
    on, age = local_date(change.at), int(change.fields["age_at_identification"])
    rows.put_person(
        {
            "beneficiary_id": str(change.aggregate_id),
            "beneficiary_code": change.fields["code"],
            "majority_year": majority_year(on, age) if age < ADULT_AGE else None,
            "anchor_on": on,
            "last_case_id": None,
            "last_case_number": None,
            "erased_on": None,
        }
    )


def erased(rows: DueRows, change: Change) -> None:
    person = rows.person(change.aggregate_id)
    if person is not None:
        rows.put_person({**person, "erased_on": local_date(change.at)})


def case_opened(rows: DueRows, change: Change) -> None:
    person = rows.person(change.fields["beneficiary_id"])
    if person is not None:
        case = {"last_case_id": str(change.aggregate_id)}
        rows.put_person({**person, **case, "last_case_number": change.fields["case_number"]})


def activity(rows: DueRows, change: Change) -> None:
    """Any event of a beneficiary or of one of their cases moves the anchor to its day."""
    beneficiary_id = _beneficiary_of(rows, change)
    if beneficiary_id is not None:
        rows.anchor(beneficiary_id, local_date(change.at))


def _beneficiary_of(rows: DueRows, change: Change) -> str | None:
    if change.aggregate_type == "Beneficiary":
        return str(change.aggregate_id)
    case = rows.cases.get((str(change.aggregate_id),))
    return None if case is None else str(case["beneficiary_id"])


def proceedings_opened(rows: DueRows, change: Change) -> None:
    row = {
        "proceedings_id": str(change.aggregate_id),
        "beneficiary_id": str(change.fields["beneficiary_id"]),
        "stage": str(change.fields["stage"]),
        "decided_stage": None,
        "decided_on": None,
    }
    rows.put_proceedings(row, proceedings_open(row))


def proceedings_stage(rows: DueRows, change: Change) -> None:
    """A stage advanced or corrected: past the stage of the outcome, they are open again."""
    row = rows.proceedings(change.aggregate_id)
    if row is not None:
        changed = {**row, "stage": str(change.fields["stage"])}
        rows.put_proceedings(changed, proceedings_open(changed))


def proceedings_decided(rows: DueRows, change: Change) -> None:
    row = rows.proceedings(change.aggregate_id)
    if row is None:
        return
    decided_on: date = day(change.fields["decided_on"])
    decided = {**row, "decided_stage": row["stage"], "decided_on": decided_on}
    rows.put_proceedings(decided, proceedings_open(decided))
    rows.anchor(row["beneficiary_id"], decided_on)


def proceedings_open(row: Mapping[str, object]) -> int:
    """1 while the proceedings have no outcome at the stage they reached."""
    stage, decided = row["stage"], row["decided_stage"]
    if decided is None:
        return 1
    return int(ProceedingsStage(str(decided)).order < ProceedingsStage(str(stage)).order)


# ------------------------------------------------------------------- the SELECT


def _year_sql(dialect: str, day_sql: str) -> str:
    if dialect == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {day_sql}) AS INTEGER)"
    return f"CAST(strftime('%Y', {day_sql}) AS INTEGER)"


def new_year_sql(dialect: str, year_sql: str) -> str:
    """SQL for 1 January of the year `year_sql` (an integer expression)."""
    if dialect == "postgresql":
        return f"make_date({year_sql}, 1, 1)"
    return f"date(printf('%04d-01-01', {year_sql}))"


def ends_year_sql(dialect: str, rules: RetentionRules) -> tuple[str, str]:
    """SQL for the year retention ends on 1 January of, and the rule that gives it."""
    closure = f"{_year_sql(dialect, 'p.anchor_on')} + {int(rules.years_after_closure) + 1}"
    majority = f"p.majority_year + {int(rules.years_after_majority) + 1}"
    later = f"p.majority_year IS NOT NULL AND {majority} > {closure}"
    year = f"CASE WHEN {later} THEN {majority} ELSE {closure} END"
    rule = f"CASE WHEN {later} THEN 'after_majority' ELSE 'after_closure' END"
    return year, rule
