"""The statistics read model's tables (docs/read-models/statistics.md): the four the
contract of issue 17 names (`stat_people`, `stat_cases`, `stat_facts`, `stat_stays`) and
three helpers the handlers keep to derive them (`stat_decisions`, `stat_codes`,
`stat_records`). Dates are DATE, flags INTEGER 0/1, ids text; nothing identifies anyone."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Date, Integer, MetaData, String, Table


def _int(name: str) -> Column[object]:
    """A flag (0/1) or a count: never null."""
    return Column(name, Integer, nullable=False)


def _id(
    name: str, *, primary_key: bool = False, nullable: bool = True, index: bool = False
) -> Column[object]:
    """A record's id (a UUID as text)."""
    return Column(name, String(36), primary_key=primary_key, nullable=nullable, index=index)


def _people(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        _id("person_id", primary_key=True),
        Column("registered_on", Date, nullable=False),
        Column("sex", String(32), nullable=False),
        Column("age_at_identification", Integer),
        Column("age_band_at_identification", String(8)),
        Column("minor_at_identification", Integer),
        Column("citizenship", String(2)),
        Column("citizenships", String(120)),
        Column("citizenship_group", String(24), nullable=False),
        _int("international"),
        Column("trafficking_scope", String(16)),
        Column("municipality_of_origin", String(2)),
        Column("origin_region", String(16)),
        Column("exploitation_types", String(600)),
        Column("primary_exploitation", String(64)),
        Column("recruitment_methods", String(600)),
        Column("identification_status", String(40)),
        Column("identification_body", String(48)),
        Column("presumed_on", Date),
        Column("formally_identified_on", Date),
        _int("reporting_consent"),
        _int("erased"),
        Column("erased_on", Date),
        _int("re_trafficked"),
        _int("cases"),
        _int("position"),
    )


def _cases(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        _id("case_id", primary_key=True),
        _id("person_id", nullable=False, index=True),
        Column("referred_on", Date, nullable=False),
        Column("opened_on", Date, nullable=False),
        Column("closed_on", Date),
        Column("closure_reason", String(32)),
        Column("pending_closure_reason", String(32)),
        Column("stage", String(32), nullable=False),
        Column("referral_source_kind", String(48)),
        _int("services_planned"),
        _int("services_delivered"),
        Column("service_types_delivered", String(400)),
        _int("stays"),
        _int("day_centre_days"),
        Column("reintegration_outcome", String(16)),
        Column("last_follow_up", String(16)),
        Column("justice_outcome", String(32)),
        _int("re_trafficked"),
        _int("reopened"),
        _int("position"),
    )


def _facts(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("fact_id", String(120), primary_key=True),
        _id("person_id", nullable=False, index=True),
        _id("case_id", index=True),
        Column("fact", String(32), nullable=False, index=True),
        Column("on_day", Date, nullable=False, index=True),
        Column("detail", String(64)),
        Column("record_id", String(80)),
    )


def _stays(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        _id("stay_id", primary_key=True),
        _id("person_id", nullable=False, index=True),
        _id("case_id", nullable=False, index=True),
        Column("kind", String(16), nullable=False),
        _id("facility_id", nullable=False),
        _id("first_facility_id", nullable=False),
        _int("transfers"),
        Column("started_on", Date, nullable=False),
        Column("ended_on", Date),
    )


def _decisions(metadata: MetaData, name: str) -> Table:
    """A person's identification decisions, each with what revised it (helper)."""
    return Table(
        name,
        metadata,
        _id("person_id", primary_key=True),
        Column("number", Integer, primary_key=True),
        Column("kind", String(16), nullable=False),
        Column("status", String(40), nullable=False),
        Column("deciding_body", String(48), nullable=False),
        Column("decided_on", Date, nullable=False),
        Column("revised_by", Integer),
    )


def _codes(metadata: MetaData, name: str) -> Table:
    """The exploitation types and recruitment methods of a person's profile (source 0)
    and of each trafficking episode in force (source: its number) (helper)."""
    return Table(
        name,
        metadata,
        _id("person_id", primary_key=True),
        Column("source", Integer, primary_key=True),
        Column("kind", String(24), primary_key=True),
        Column("line", Integer, primary_key=True),
        Column("value", String(64), nullable=False),
    )


def _records(metadata: MetaData, name: str) -> Table:
    """Records whose later events do not name their case: care plans and their planned
    services, reintegration plans, proceedings and returns (helper)."""
    return Table(
        name,
        metadata,
        Column("record_id", String(80), primary_key=True),
        Column("kind", String(24), nullable=False),
        _id("case_id", nullable=False),
        _id("person_id", nullable=False),
        Column("detail", String(64)),
        Column("on_day", Date),
    )


PEOPLE, CASES, FACTS, STAYS = "stat_people", "stat_cases", "stat_facts", "stat_stays"
DECISIONS, CODES, RECORDS = "stat_decisions", "stat_codes", "stat_records"

TABLES: dict[str, Callable[[MetaData, str], Table]] = {
    PEOPLE: _people,
    CASES: _cases,
    FACTS: _facts,
    STAYS: _stays,
    DECISIONS: _decisions,
    CODES: _codes,
    RECORDS: _records,
}
