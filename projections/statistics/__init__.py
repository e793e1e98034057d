"""Statistics: one row per person, per case, per dated fact and per stay, from
non-identifying event fields only, for the period reports managers send to donors and
the state (issue 17; docs/read-models/statistics.md, ADR 32).

Fed by the events and fields projections/statistics/fields.py declares (`FIELDS_READ`):
handlers see those fields and nothing else. Views:

- `stat_people`: a person's profile (sex, age band at identification and today,
  citizenship and its group, where they come from generalised, exploitation and
  recruitment), identification, reporting consent and erasure — kept, and counted, for
  everyone: `excluded_because` says who a published figure leaves out and why;
- `stat_cases`: a case's referral, stage, closure, services, stays, outcomes;
- `stat_facts`: one row per dated fact (referred, identified, service delivered, stay
  started, follow-up due, closed, …) that period reports count;
- `stat_stays`: shelter stays and day-centre enrolments as intervals;
- `stat_exclusions`: how many people published figures leave out, per reason;

and three helpers (`stat_decisions`, `stat_codes`, `stat_records`) the handlers keep.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, MetaData, Table

from projections.model import Change, ReadModel, physical_name
from projections.statistics import cases, people, published, records, views
from projections.statistics.batch import StatRows
from projections.statistics.fields import AGGREGATE_TYPES, FIELDS_READ, Read, read
from projections.statistics.tables import CASES, PEOPLE, TABLES

__all__ = ["FIELDS_READ", "HANDLED", "Statistics"]

# Every event type a handler reads, for the test that each is declared in FIELDS_READ.
HANDLED = frozenset(
    {"Beneficiary.Registered", "Case.Opened", *people.HANDLERS, *cases.HANDLERS, *records.HANDLERS}
)


class Statistics(ReadModel):
    name = "statistics"
    aggregate_types = AGGREGATE_TYPES
    # In the reporting schema (ADR 35): the four person-level views of counted people
    # only, generalised, and the exclusions as counts (projections/statistics/published.py);
    # the helper views stay out.
    reporting_views = published.PUBLISHED

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            view: table(metadata, physical_name(view, generation)) for view, table in TABLES.items()
        }

    def view_sql(self, view: str, table: Table, dialect: str) -> str:
        if view == PEOPLE:
            return views.people_sql(dialect, table.name)
        if view == CASES:
            return views.cases_sql(dialect, table.name)
        return super().view_sql(view, table, dialect)

    def derived_views(self, dialect: str) -> dict[str, str]:
        return {published.EXCLUSIONS: published.exclusions_sql()}

    def reporting_sql(self, view: str, schema: str, dialect: str) -> str | None:
        return published.published_sql(view, schema, dialect)

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        events = [event for change in batch if (event := read(change)) is not None]
        rows = StatRows(conn, tables, events)
        for event in events:
            _apply(rows, event)
        rows.flush()


def _apply(rows: StatRows, event: Read) -> None:
    aggregate = event.event_type.split(".")[0]
    if aggregate == "Beneficiary":
        people.apply_person(rows, event)
    elif aggregate == "Case":
        cases.apply_case(rows, event)
    else:
        records.HANDLERS[event.event_type](rows, event)
