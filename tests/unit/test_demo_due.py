"""On the demo's last day its caseload looks real (docs/read-models/due.md): every kind of
due item is open somewhere, and of each rolling kind only a minority is overdue."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from adapters.run.demo.world import END
from domain.local_time import local_date
from domain.retention.policy import RetentionRules
from projections.due import DEFAULT_NO_CONTACT_DAYS, Due, DueKind
from projections.due.retention import RETENTION_NOTICE_DAYS
from projections.due.tables import LAPSING
from tests.support.projecting import memory_engine, project, rows

LAST_DAY = local_date(END)
ROLLING = (DueKind.RISK_REASSESSMENT, DueKind.NEEDS_REASSESSMENT, DueKind.NO_CONTACT)


@pytest.fixture(scope="module")
def open_items() -> list[tuple[str, bool]]:
    """(kind, overdue on the last day) of every open item of every open case."""
    clock = ScriptedClock(START)
    journey = build("memory://", clock)
    Demo(journey, clock, archive=True).run(120)  # the archive: retention_end (issue 17)
    engine = memory_engine()
    tables = project(journey, Due(), engine)
    journey.close()
    found = _open(rows(engine, tables["due_items"]), rows(engine, tables["due_cases"]))
    people, proceedings = (rows(engine, tables[t]) for t in ("due_people", "due_proceedings"))
    return found + _retention(people, rows(engine, tables["due_cases"]), proceedings)


def _retention(
    people: list[dict[str, Any]], cases: list[dict[str, Any]], proceedings: list[dict[str, Any]]
) -> list[tuple[str, bool]]:
    """`retention_end` as the policy's defaults give it (the SELECT computes it in the
    view): the demo's archive of 2019-2020 (adapters/run/demo/archive.py)."""
    held = {c["beneficiary_id"] for c in cases if c["is_open"]}
    held |= {p["beneficiary_id"] for p in proceedings if p["is_open"]}
    rules = RetentionRules()
    found = []
    for person in people:
        if person["erased_on"] or not person["last_case_id"] or person["beneficiary_id"] in held:
            continue
        year = person["anchor_on"].year + rules.years_after_closure + 1
        if person["majority_year"] is not None:
            year = max(year, person["majority_year"] + rules.years_after_majority + 1)
        ends_on = date(year, 1, 1)
        if ends_on <= LAST_DAY + timedelta(days=RETENTION_NOTICE_DAYS):
            found.append((DueKind.RETENTION_END.value, ends_on < LAST_DAY))
    return found


def _open(items: list[dict[str, Any]], cases: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    open_cases = [c for c in cases if c["is_open"]]
    case_ids = {c["case_id"] for c in open_cases}
    of_beneficiary = Counter(c["beneficiary_id"] for c in open_cases)
    found: list[tuple[str, bool]] = []
    for item in items:
        if item["done_on"] is not None:
            continue
        if item["kind"] in LAPSING and item["due_on"] < LAST_DAY:
            continue
        last: date = item["window_to"] or item["due_on"]
        if item["case_id"] is None:  # a beneficiary's: on each of their open cases
            times = of_beneficiary[item["beneficiary_id"]]
        else:
            times = int(item["case_id"] in case_ids)
        found += [(item["kind"], last < LAST_DAY)] * times
    for case in open_cases:
        no_contact_on = case["last_contact_on"] + timedelta(days=DEFAULT_NO_CONTACT_DAYS)
        found.append((DueKind.NO_CONTACT.value, no_contact_on < LAST_DAY))
    return found


def test_every_kind_of_due_item_is_open_on_the_last_day(
    open_items: list[tuple[str, bool]],
) -> None:
    kinds = {kind for kind, _ in open_items}
    assert kinds == {kind.value for kind in DueKind}


@pytest.mark.parametrize("kind", ROLLING)
def test_most_open_cases_are_up_to_date(open_items: list[tuple[str, bool]], kind: DueKind) -> None:
    overdue = [late for k, late in open_items if k == kind.value]
    assert 0 < sum(overdue) <= 0.3 * len(overdue), (kind, sum(overdue), len(overdue))


def test_few_court_dates_are_overdue(open_items: list[tuple[str, bool]]) -> None:
    """Hearings are mostly recorded on their day; now and then one is written up late."""
    overdue = [late for k, late in open_items if k == DueKind.COURT_DATE.value]
    assert overdue, "no court date open on the last day"
    assert sum(overdue) <= 0.3 * len(overdue), (sum(overdue), len(overdue))


RETURN_KINDS = (DueKind.RETURN_RISK_ASSESSMENT, DueKind.RETURN_DATE)


@pytest.mark.parametrize("kind", RETURN_KINDS)
def test_returns_in_preparation_are_mostly_on_time(
    open_items: list[tuple[str, bool]], kind: DueKind
) -> None:
    """Returns across a border (issue 15): some still prepared on the last day, 0-30 %
    of their items overdue."""
    overdue = [late for k, late in open_items if k == kind.value]
    assert overdue, kind
    assert sum(overdue) <= 0.3 * len(overdue), (kind, sum(overdue), len(overdue))
