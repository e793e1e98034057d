"""The prevention read model's tables (docs/read-models/prevention.md): activities,
reach, audience, materials, referrals, campaigns and their indicators. No person is
in any of them: people are counted, never named, and a case opened from a disclosure
adds one to a count, its id, number and beneficiary left out."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table

# The activity's columns every row of it repeats, so that analysts filter any table
# by month, place, type or campaign without a join; a corrected activity moves them.
WHERE_AND_WHEN = ("campaign_id", "type", "held_on", "month", "quarter", "municipality")


def _where_and_when() -> list[Column[object]]:
    return [
        Column("campaign_id", String(36), index=True),
        Column("type", String(32), nullable=False),
        Column("held_on", Date, nullable=False),
        Column("month", String(7), nullable=False, index=True),
        Column("quarter", String(7), nullable=False),
        Column("municipality", String(2)),
    ]


def _count(name: str) -> Column[object]:
    return Column(name, Integer, nullable=False)


def _activities(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("activity_id", String(36), primary_key=True),
        *_where_and_when(),
        Column("district", String(16)),
        Column("setting", String(32), nullable=False),
        Column("language", String(3), nullable=False),
        _count("duration_minutes"),
        *(_count(n) for n in ("people", "female", "male", "sex_not_recorded")),
        *(_count(n) for n in ("roma_ashkali_egyptian", "other_communities", "with_disability")),
        *(_count(f"audience_{source}") for source in AUDIENCE_SOURCES),
        _count("materials"),
        Column("max_score", Float),
        Column("pass_mark", Float),
        *_scores("pre"),
        *_scores("post"),
        *(_count(n) for n in ("disclosures", "disclosures_to_assistance", "cases_opened")),
        _count("withdrawn"),
        _count("corrections"),
        _count("position"),
    )


AUDIENCE_SOURCES = ("views", "impressions", "unique_reach", "broadcast_reach", "print_circulation")


def _scores(test: str) -> list[Column[object]]:
    return [
        Column(f"{test}_count", Integer),
        Column(f"{test}_mean", Float),
        Column(f"{test}_passed", Integer),
    ]


def _reach(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("activity_id", String(36), primary_key=True),
        Column("line", Integer, primary_key=True),
        *_where_and_when(),
        Column("participant_group", String(32), nullable=False),
        _count("pupil"),
        _count("student"),
        Column("sector", String(32)),
        Column("sex", String(16), nullable=False),
        Column("age_band", String(16), nullable=False),
        _count("people"),
    )


def _audience(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("activity_id", String(36), primary_key=True),
        Column("line", Integer, primary_key=True),
        *_where_and_when(),
        Column("source", String(32), nullable=False),
        Column("outlet", String(200)),
        _count("figure"),
    )


def _materials(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("activity_id", String(36), primary_key=True),
        Column("material", String(32), primary_key=True),
        Column("language", String(8), primary_key=True),
        *_where_and_when(),
        _count("quantity"),
    )


def _referrals(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("activity_id", String(36), primary_key=True),
        Column("number", Integer, primary_key=True),
        *_where_and_when(),
        Column("kind", String(32), nullable=False),
        Column("route", String(32), nullable=False),
        _count("cases_opened"),
        Column("first_case_opened_on", Date),
    )


def _campaigns(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("campaign_id", String(36), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("starts_on", Date, nullable=False),
        Column("ends_on", Date, nullable=False),
        Column("target_groups", String(400), nullable=False),
        Column("municipalities", String(200)),
        Column("grant_reference", String(100)),
        *(_count(n) for n in ("partners", "indicators", "revisions", "activities", "people")),
        _count("position"),
    )


def _indicators(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("campaign_id", String(36), primary_key=True),
        Column("line", Integer, primary_key=True),
        Column("measure", String(32), nullable=False),
        Column("source", String(32)),
        Column("description", String(200)),
        _count("target"),
        _count("achieved"),
        Column("share", Float, nullable=False),
    )


TABLES: dict[str, Callable[[MetaData, str], Table]] = {
    "prevention_activities": _activities,
    "prevention_reach": _reach,
    "prevention_audience": _audience,
    "prevention_materials": _materials,
    "prevention_referrals": _referrals,
    "prevention_campaigns": _campaigns,
    "prevention_indicators": _indicators,
}
