"""The SQL behind the statistics views' computed columns, the same on PostgreSQL and
SQLite: a person's age band and child-or-adult today (today in Prishtina,
projections/time_sql.py), why a person is left out of published figures, and a case's
shelter days up to today."""

from __future__ import annotations

from domain.children import ADULT_AGE
from domain.vocab import AgeBand
from projections.htcds_export import Exclusion
from projections.statistics.batch import SHELTER
from projections.statistics.tables import CASES, STAYS
from projections.time_sql import days_between_sql, local_today_sql


def _lowest_age(band: AgeBand) -> int:
    return int(band.value.split("-")[0].rstrip("+"))


def _whole_years_sql(dialect: str, since: str, today: str) -> str:
    """SQL for the whole years from date `since` to date `today`."""
    if dialect == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM AGE({today}, {since})) AS INTEGER)"
    return (
        f"(CAST(strftime('%Y', {today}) AS INTEGER) - CAST(strftime('%Y', {since}) AS INTEGER)"
        f" - (strftime('%m-%d', {today}) < strftime('%m-%d', {since})))"
    )


def age_today_sql(dialect: str) -> str:
    """The age at identification plus the whole years since registration."""
    years = _whole_years_sql(dialect, "registered_on", local_today_sql(dialect))
    return f"(age_at_identification + {years})"


def people_sql(dialect: str, table: str) -> str:
    age = age_today_sql(dialect)
    bands = " ".join(
        f"WHEN {age} >= {_lowest_age(band)} THEN '{band.value}'"
        for band in sorted(AgeBand, key=_lowest_age, reverse=True)
    )
    excluded = (
        f"CASE WHEN erased = 1 THEN '{Exclusion.ERASED.value}' "
        f"WHEN reporting_consent = 0 THEN '{Exclusion.NO_REPORTING_CONSENT.value}' "
        f"WHEN cases = 0 THEN '{Exclusion.NO_CASE.value}' END"
    )
    return (
        f"SELECT *, CASE WHEN age_at_identification IS NULL THEN NULL {bands} END "
        "AS age_band_today, "
        f"CASE WHEN age_at_identification IS NULL THEN NULL WHEN {age} < {ADULT_AGE} "
        "THEN 'child' ELSE 'adult' END AS child_or_adult_today, "
        f'{excluded} AS excluded_because FROM "{table}"'
    )


def cases_sql(dialect: str, table: str) -> str:
    """The case's row with its shelter days: each shelter stay's days from admission to
    discharge, or to today while it is open (the table of the same generation)."""
    stays = STAYS + table.removeprefix(CASES)
    until = f"COALESCE(s.ended_on, {local_today_sql(dialect)})"
    days = days_between_sql(dialect, "s.started_on", until)
    shelter_days = (
        f'(SELECT COALESCE(SUM({days}), 0) FROM "{stays}" s '
        f"WHERE s.case_id = c.case_id AND s.kind = '{SHELTER}')"
    )
    return f'SELECT c.*, {shelter_days} AS shelter_days FROM "{table}" c'
