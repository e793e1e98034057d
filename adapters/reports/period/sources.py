"""The rows a measure counts, read from the read models' views.

Every statement here is fixed text: view and column names are constants of this module,
the measure's fixed values (a fact, a stay kind) and the period are bound parameters. A
template chooses among these statements through the vocabulary; no text of a template
reaches SQL. Rows come back as dicts with the vocabulary's keys (`sex`, `age_band` …) so
that the breakdowns read them alike, whatever the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Date, bindparam, inspect, text
from sqlalchemy.exc import DBAPIError

from adapters.reports.period.vocabulary import Measure, Source
from domain.errors import RuleViolated
from projections.htcds_export import Exclusion

Row = dict[str, Any]

# The reasons of the HTCDS export and of `stat_people.excluded_because` (one vocabulary),
# and one of the reports' own: a fact whose person has no statistics row yet.
ERASED = Exclusion.ERASED.value
NO_CONSENT = Exclusion.NO_REPORTING_CONSENT.value
NO_RECORD = "no_statistical_record"
REASONS = {
    ERASED: "erased (crypto-shredded): counted nowhere",
    NO_CONSENT: "without the anonymised-reporting consent in force",
    NO_RECORD: "no statistical record of the person",
}

PERSON_COLUMNS = """
    p.person_id AS known_person, p.sex, p.age_band_at_identification AS age_band,
    p.minor_at_identification AS minor, p.citizenship_group, p.citizenship,
    p.international AS international_flag, p.primary_exploitation AS exploitation_type,
    p.identification_status, p.identification_body, p.origin_region,
    p.reporting_consent, p.erased"""

FACTS_SQL = """
SELECT f.fact_id, f.person_id, f.case_id, f.record_id, f.on_day, f.detail, {person}
FROM stat_facts f LEFT JOIN stat_people p ON p.person_id = f.person_id
WHERE f.fact = :fact AND f.on_day >= :start AND f.on_day <= :end"""

# A follow-up done is `<plan>:follow_up_<month>`, the one due `<plan>:follow_up_<month>:due`
# (docs/read-models/statistics.md, fact_id): the plan and the month, matched.
DONE_SQL = """
SELECT fact_id FROM stat_facts WHERE fact = 'follow_up_done' AND on_day <= :end"""
DUE_SUFFIX = ":due"

CASES_SQL = """
SELECT c.case_id, c.person_id, c.case_id AS record_id, c.opened_on AS started_on,
       c.closed_on AS ended_on, {person}
FROM stat_cases c LEFT JOIN stat_people p ON p.person_id = c.person_id
WHERE c.opened_on IS NOT NULL AND c.opened_on <= :end
  AND (c.closed_on IS NULL OR c.closed_on >= :start)"""

STAYS_SQL = """
SELECT s.stay_id AS record_id, s.case_id, s.person_id, s.started_on, s.ended_on,
       {person}
FROM stat_stays s LEFT JOIN stat_people p ON p.person_id = s.person_id
WHERE s.kind = :kind AND s.started_on <= :end AND (s.ended_on IS NULL OR s.ended_on >= :start)"""

FACTS_SQL, CASES_SQL, STAYS_SQL = (
    sql.replace("{person}", PERSON_COLUMNS) for sql in (FACTS_SQL, CASES_SQL, STAYS_SQL)
)

TURNAWAYS_SQL = """
SELECT month, reason, facility_name AS facility, turn_aways, children, adults, age_unknown,
       women_and_girls, men_and_boys, gender_other_or_unknown
FROM facility_turnaways_monthly WHERE month >= :start_month AND month <= :end_month"""

REACH_SQL = """
SELECT activity_id, campaign_id, held_on AS on_day, type AS activity_type, municipality,
       participant_group, sex, age_band AS prevention_age_band, people
FROM prevention_reach WHERE held_on >= :start AND held_on <= :end"""

ACTIVITIES_SQL = """
SELECT activity_id, campaign_id, held_on AS on_day, type AS activity_type, municipality
FROM prevention_activities WHERE withdrawn = 0 AND held_on >= :start AND held_on <= :end"""

TURNAWAY_GROUPS = {
    "sex": {
        "women_and_girls": "women and girls",
        "men_and_boys": "men and boys",
        "gender_other_or_unknown": "other or unknown",
    },
    "child_or_adult": {"children": "child", "adults": "adult", "age_unknown": "unknown"},
}


class NotBuilt(RuleViolated):
    """A view a report reads is not there (its read model not built yet)."""

    rule = "read_model_not_built"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def clipped(self, start: date, end: date) -> Period:
        return Period(max(self.start, start), min(self.end, end))

    @property
    def empty(self) -> bool:
        return self.start > self.end


def day(value: Any) -> date:
    """A DATE column's value as a date (SQLite gives text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def query(conn: Connection, sql: str, **params: Any) -> list[Row]:
    statement = text(sql)
    dates = [name for name, value in params.items() if isinstance(value, date)]
    if dates:
        statement = statement.bindparams(*(bindparam(n, type_=Date) for n in dates))
    try:
        return [dict(row) for row in conn.execute(statement, params).mappings()]
    except DBAPIError:
        conn.rollback()
        missing = missing_views(conn, sql)
        if not missing:
            raise  # the views are there: a fault, not a model still to build
        raise NotBuilt(
            f"the read model view(s) {', '.join(missing)} this report reads are not built yet"
        ) from None


_READS = re.compile(r"\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)", re.IGNORECASE)


def missing_views(conn: Connection, sql: str) -> list[str]:
    """The views and tables `sql` reads that the read database does not have."""
    found = inspect(conn)
    present = set(found.get_view_names()) | set(found.get_table_names())
    return sorted({name for name in _READS.findall(sql) if name not in present})


def rows_of(conn: Connection, measure: Measure, period: Period, splits: Sequence[str]) -> list[Row]:
    """The rows `measure` counts in `period`, each with its `weight`; turn-aways split
    by the one of `splits` their monthly counts carry."""
    if period.empty:
        return []
    fetch = FETCHERS[measure.source]
    return list(fetch(conn, measure, period, splits))


def _facts(conn: Connection, m: Measure, p: Period, _: Sequence[str]) -> Iterator[Row]:
    rows = query(conn, FACTS_SQL, fact=m.fact, start=p.start, end=p.end)
    done: set[str] = set()
    if m.overdue:
        done = {str(r["fact_id"]) for r in query(conn, DONE_SQL, end=p.end)}
    for row in rows:
        if m.overdue and str(row["fact_id"]).removesuffix(DUE_SUFFIX) in done:
            continue
        row["on_day"] = day(row["on_day"])
        yield _person(row, 1)


def _cases(conn: Connection, _: Measure, p: Period, __: Sequence[str]) -> Iterator[Row]:
    for row in query(conn, CASES_SQL, start=p.start, end=p.end):
        yield _person(_interval(row), 1)


def _stays(conn: Connection, m: Measure, p: Period, _: Sequence[str]) -> Iterator[Row]:
    for found in query(conn, STAYS_SQL, kind=m.kind, start=p.start, end=p.end):
        row = _interval(found)
        yield _person(row, nights(row["started_on"], row["ended_on"], p))


def nights(started: date, ended: date | None, p: Period) -> int:
    """Nights of a stay within the period: the night after each day it was there, from
    its start to the day before it ended (or to the period's last day while open)."""
    first = max(started, p.start)
    stop = min(ended or p.end + timedelta(days=1), p.end + timedelta(days=1))
    return max((stop - first).days, 0)


def _turnaways(conn: Connection, _: Measure, p: Period, splits: Sequence[str]) -> Iterator[Row]:
    months = {"start_month": p.start.isoformat()[:7], "end_month": p.end.isoformat()[:7]}
    split = next((s for s in splits if s in TURNAWAY_GROUPS), None)
    for row in query(conn, TURNAWAYS_SQL, **months):
        if split is None:
            yield {**row, "weight": int(row["turn_aways"]), "on_day": _month_day(row["month"])}
            continue
        for column, value in TURNAWAY_GROUPS[split].items():
            yield {**row, split: value, "weight": int(row[column] or 0)}


def _month_day(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


def _reach(conn: Connection, m: Measure, p: Period, _: Sequence[str]) -> Iterator[Row]:
    for row in query(conn, REACH_SQL, start=p.start, end=p.end):
        if m.group is not None and row["participant_group"] != m.group:
            continue
        if m.activity_type is not None and row["activity_type"] != m.activity_type:
            continue
        yield {**row, "on_day": day(row["on_day"]), "weight": int(row["people"] or 0)}


def _activities(conn: Connection, _: Measure, p: Period, __: Sequence[str]) -> Iterator[Row]:
    for row in query(conn, ACTIVITIES_SQL, start=p.start, end=p.end):
        yield {**row, "on_day": day(row["on_day"]), "weight": 1}


def _interval(row: Row) -> Row:
    row["started_on"] = day(row["started_on"])
    row["ended_on"] = None if row["ended_on"] is None else day(row["ended_on"])
    return row


def _person(row: Row, weight: int) -> Row:
    """The row with its weight, the derived breakdown values and why it is left out."""
    minor, international = row.pop("minor"), row.pop("international_flag")
    row["child_or_adult"] = None if minor is None else ("child" if int(minor) else "adult")
    row["international"] = (
        None if international is None else ("international" if int(international) else "domestic")
    )
    row["weight"] = weight
    row["person_id"] = None if row["person_id"] is None else str(row["person_id"])
    row["excluded"] = exclusion(row)
    return row


def exclusion(row: Mapping[str, Any]) -> str | None:
    """Why a person's row is left out of every report, or None to count it."""
    if row.get("known_person") is None:
        return NO_RECORD
    if int(row.get("erased") or 0):
        return ERASED
    if not int(row.get("reporting_consent") or 0):
        return NO_CONSENT
    return None


FETCHERS = {
    Source.FACTS: _facts,
    Source.CASES: _cases,
    Source.STAYS: _stays,
    Source.TURNAWAYS: _turnaways,
    Source.REACH: _reach,
    Source.ACTIVITIES: _activities,
}
