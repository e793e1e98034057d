"""The grants read model's tables (docs/read-models/grants.md): grants, their budget lines
and indicators, the attributions recorded, and the campaigns' grant references. The view
`grant_attributions` (projections/grants/views.py) adds the campaigns whose `grant` names
a grant to the attributions recorded."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import BigInteger, Column, Date, Integer, MetaData, String, Table


def _grants(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("grant_id", String(36), primary_key=True),
        Column("reference", String(64), nullable=False, unique=True),
        Column("reference_key", String(64), nullable=False, unique=True),
        Column("donor", String(36)),
        Column("donor_name", String(200), nullable=False),
        Column("title", String(200), nullable=False),
        Column("starts_on", Date, nullable=False),
        Column("ends_on", Date, nullable=False),
        Column("currency", String(3), nullable=False),
        Column("status", String(8), nullable=False),
        Column("closed_on", Date),
        Column("budget_total", BigInteger, nullable=False),
        Column("revisions", Integer, nullable=False),
        Column("version", Integer, nullable=False),
        Column("position", Integer, nullable=False),
    )


def _budget_lines(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("grant_id", String(36), primary_key=True),
        Column("line_code", String(32), primary_key=True),
        Column("line_number", Integer, nullable=False),
        Column("name", String(200), nullable=False),
        Column("amount", BigInteger, nullable=False),
    )


def _indicators(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("grant_id", String(36), primary_key=True),
        Column("indicator_code", String(32), primary_key=True),
        Column("indicator_number", Integer, nullable=False),
        Column("name", String(200), nullable=False),
        Column("measure", String(32), nullable=False),
        Column("target", Integer, nullable=False),
        Column("disaggregate_by", String(32)),
    )


def _recorded(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("grant_id", String(36), primary_key=True),
        Column("attribution_number", Integer, primary_key=True),
        Column("attribution_id", String(48), nullable=False, unique=True),
        Column("budget_line", String(32)),
        Column("record_kind", String(24), nullable=False),
        Column("record_id", String(48), nullable=False, index=True),
        Column("service_number", Integer),
        Column("case_id", String(36), index=True),
        Column("person_id", String(36)),
        Column("attributed_on", Date, nullable=False),
        Column("ended_on", Date),
    )


def _campaign_grants(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("campaign_id", String(36), primary_key=True),
        Column("grant_reference", String(100), nullable=False),
        Column("reference_key", String(100), nullable=False, index=True),
        Column("starts_on", Date, nullable=False),
        Column("ends_on", Date, nullable=False),
    )


TABLES: dict[str, Callable[[MetaData, str], Table]] = {
    "grants": _grants,
    "grant_budget_lines": _budget_lines,
    "grant_indicators": _indicators,
    "grant_attributions_recorded": _recorded,
    "grant_campaign_references": _campaign_grants,
}
