"""What the statistics model publishes in the reporting schema (ADR 35): its person-level
rows of the people who are counted only, with the quasi-identifiers generalised.

- Rows: only people whose `excluded_because` is null (not erased, with the anonymised
  reporting consent in force, with a case), and only their cases, facts and stays.
  Who is left out, and why, is published as counts (`stat_exclusions`), a figure rather
  than a gap.
- Values: ages as bands, citizenship as its group and `international`, the place a
  person comes from as its district, days as months (`YYYY-MM`). No exact age, day,
  municipality or list of citizenships; no consent or erasure columns (every published
  row is a counted person).

Each SELECT reads the model's own views in `schema`, on either database (SQLite's own
schema is `main`), and yields the columns `PUBLISHED` lists, in that order.
"""

from __future__ import annotations

from projections.statistics.tables import CASES, FACTS, PEOPLE, STAYS
from projections.time_sql import month_sql

EXCLUSIONS = "stat_exclusions"

# view -> (published column, the model's day column it is the month of; None: the
# model's column of the same name, as it is)
_Columns = tuple[tuple[str, str | None], ...]

_PEOPLE: _Columns = (
    ("person_id", None),
    ("registered_month", "registered_on"),
    ("sex", None),
    ("age_band_at_identification", None),
    ("minor_at_identification", None),
    ("citizenship_group", None),
    ("international", None),
    ("trafficking_scope", None),
    ("origin_region", None),
    ("exploitation_types", None),
    ("primary_exploitation", None),
    ("recruitment_methods", None),
    ("identification_status", None),
    ("identification_body", None),
    ("presumed_month", "presumed_on"),
    ("formally_identified_month", "formally_identified_on"),
    ("re_trafficked", None),
    ("cases", None),
    ("age_band_today", None),
    ("child_or_adult_today", None),
)
_CASES: _Columns = (
    ("case_id", None),
    ("person_id", None),
    ("referred_month", "referred_on"),
    ("opened_month", "opened_on"),
    ("closed_month", "closed_on"),
    ("closure_reason", None),
    ("stage", None),
    ("referral_source_kind", None),
    ("services_planned", None),
    ("services_delivered", None),
    ("service_types_delivered", None),
    ("stays", None),
    ("day_centre_days", None),
    ("reintegration_outcome", None),
    ("last_follow_up", None),
    ("justice_outcome", None),
    ("re_trafficked", None),
    ("reopened", None),
    ("shelter_days", None),
)
_FACTS: _Columns = (
    ("fact_id", None),
    ("person_id", None),
    ("case_id", None),
    ("fact", None),
    ("on_month", "on_day"),
    ("detail", None),
    ("record_id", None),
)
_STAYS: _Columns = (
    ("stay_id", None),
    ("person_id", None),
    ("case_id", None),
    ("kind", None),
    ("facility_id", None),
    ("first_facility_id", None),
    ("transfers", None),
    ("started_month", "started_on"),
    ("ended_month", "ended_on"),
)
_ROWS: dict[str, _Columns] = {PEOPLE: _PEOPLE, CASES: _CASES, FACTS: _FACTS, STAYS: _STAYS}

# What the model publishes: its own SELECTs (above) and the exclusions' counts, a derived
# view published as it is.
PUBLISHED: dict[str, tuple[str, ...]] = {
    **{view: tuple(name for name, _ in columns) for view, columns in _ROWS.items()},
    EXCLUSIONS: ("reason", "people"),
}


def exclusions_sql() -> str:
    """The derived view: how many people published figures leave out, per reason."""
    return (
        f"SELECT excluded_because AS reason, COUNT(*) AS people FROM {PEOPLE} "
        "WHERE excluded_because IS NOT NULL GROUP BY excluded_because"
    )


def published_sql(view: str, schema: str, dialect: str) -> str | None:
    """The SELECT behind published `view`, reading the model's views in `schema`; None
    for a view published as it is."""
    columns = _ROWS.get(view)
    if columns is None:
        return None
    people = f'"{schema}"."{PEOPLE}"'
    included = "excluded_because IS NULL"
    if view != PEOPLE:
        included = f"person_id IN (SELECT person_id FROM {people} WHERE {included})"
    return (
        f"SELECT {', '.join(_column(dialect, name, day) for name, day in columns)} "
        f'FROM "{schema}"."{view}" WHERE {included}'
    )


def _column(dialect: str, name: str, day: str | None) -> str:
    if day is None:
        return f'"{name}"'
    quoted_day = f'"{day}"'
    return f'{month_sql(dialect, quoted_day)} AS "{name}"'
