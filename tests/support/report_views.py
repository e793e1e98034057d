"""Tables shaped like the statistics, grants, capacity and prevention views the period
reports read (docs/read-models/), filled by hand: the engine's unit tests count these."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, create_engine, text

DDL = (
    """CREATE TABLE stat_people (person_id TEXT PRIMARY KEY, registered_on DATE, sex TEXT,
    age_at_identification INTEGER, age_band_at_identification TEXT,
    minor_at_identification INTEGER, citizenship TEXT, citizenship_group TEXT,
    international INTEGER, municipality_of_origin TEXT, origin_region TEXT,
    exploitation_types TEXT, primary_exploitation TEXT, recruitment_methods TEXT,
    identification_status TEXT, identification_body TEXT, presumed_on DATE,
    formally_identified_on DATE, reporting_consent INTEGER, erased INTEGER,
    erased_on DATE, re_trafficked INTEGER)""",
    """CREATE TABLE stat_facts (fact_id TEXT PRIMARY KEY, person_id TEXT, case_id TEXT,
    fact TEXT, on_day DATE, detail TEXT, record_id TEXT)""",
    """CREATE TABLE stat_cases (case_id TEXT PRIMARY KEY, person_id TEXT, referred_on DATE,
    opened_on DATE, closed_on DATE, closure_reason TEXT, stage TEXT)""",
    """CREATE TABLE stat_stays (stay_id TEXT PRIMARY KEY, person_id TEXT, case_id TEXT,
    kind TEXT, facility_id TEXT, started_on DATE, ended_on DATE)""",
    """CREATE TABLE grants (grant_id TEXT PRIMARY KEY, reference TEXT, donor TEXT,
    donor_name TEXT, title TEXT, starts_on DATE, ends_on DATE, currency TEXT, status TEXT)""",
    """CREATE TABLE grant_indicators (grant_id TEXT, indicator_code TEXT, name TEXT,
    measure TEXT, target INTEGER, disaggregate_by TEXT)""",
    """CREATE TABLE grant_attributions (attribution_id TEXT, grant_id TEXT, budget_line TEXT,
    record_kind TEXT, record_id TEXT, case_id TEXT, person_id TEXT, attributed_on DATE,
    ended_on DATE)""",
    """CREATE TABLE facility_turnaways_monthly (facility_id TEXT, month TEXT, reason TEXT,
    facility_name TEXT, municipality TEXT, turn_aways INTEGER, referred INTEGER,
    with_case INTEGER, children INTEGER, adults INTEGER, age_unknown INTEGER,
    women_and_girls INTEGER, men_and_boys INTEGER, gender_other_or_unknown INTEGER)""",
    """CREATE TABLE prevention_reach (activity_id TEXT, campaign_id TEXT, type TEXT,
    held_on DATE, month TEXT, quarter TEXT, municipality TEXT, line INTEGER,
    participant_group TEXT, sector TEXT, sex TEXT, age_band TEXT, people INTEGER)""",
    """CREATE TABLE prevention_activities (activity_id TEXT, campaign_id TEXT, type TEXT,
    held_on DATE, municipality TEXT, people INTEGER, withdrawn INTEGER)""",
)

PERSON_DEFAULTS: dict[str, Any] = {
    "registered_on": "2026-01-05",
    "sex": "Feminine",
    "age_band_at_identification": "18-20",
    "minor_at_identification": 0,
    "citizenship": "XK",
    "citizenship_group": "Kosovo",
    "international": 0,
    "primary_exploitation": "SexualExploitation",
    "identification_status": "PossibleVictimOfTrafficking",
    "identification_body": "NGO",
    "reporting_consent": 1,
    "erased": 0,
    "re_trafficked": 0,
}


def views_engine() -> Engine:
    engine = create_engine("sqlite+pysqlite:///:memory:")
    with engine.begin() as conn:
        for statement in DDL:
            conn.execute(text(statement))
    return engine


def insert(engine: Engine, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Rows into `table` (test data: the names are the test's own)."""
    with engine.begin() as conn:
        for row in rows:
            columns = ", ".join(row)
            values = ", ".join(f":{name}" for name in row)
            conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), dict(row))


def person(person_id: str, **given: Any) -> dict[str, Any]:
    return {"person_id": person_id, **PERSON_DEFAULTS, **given}
