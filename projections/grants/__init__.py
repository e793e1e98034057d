"""Grants: donors' grants, their budget lines and indicators, and what is attributed to
them (docs/read-models/grants.md; issue 17, section 2).

Fed by Grant events, and by Campaign events for the campaigns' free-text grant
references (a campaign whose `grant` names a grant counts as attributed to it: the view
`grant_attributions`, projections/grants/views.py). Nothing here is about a person but
the ids of the case and beneficiary an attributed record belongs to. The reports engine
computes each indicator over the grant's attributed records within the grant's period.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, MetaData, Table

from projections.grants.apply import CAMPAIGN, GRANT, apply_change
from projections.grants.tables import TABLES
from projections.grants.views import VIEWS
from projections.model import Change, ReadModel, physical_name

__all__ = ["Grants"]


class Grants(ReadModel):
    name = "grants"
    aggregate_types = frozenset({GRANT, CAMPAIGN})
    # In the reporting schema (ADR 35): grants' terms and what is attributed, without
    # bookkeeping columns, and without the person an attribution is about (the case is
    # enough to join; a person's id would join the person-level statistics of everyone).
    reporting_views = {
        "grants": (
            "grant_id",
            "reference",
            "donor",
            "donor_name",
            "title",
            "starts_on",
            "ends_on",
            "currency",
            "status",
            "closed_on",
            "budget_total",
        ),
        "grant_budget_lines": (
            "grant_id",
            "line_code",
            "line_number",
            "name",
            "amount",
        ),
        "grant_indicators": (
            "grant_id",
            "indicator_code",
            "indicator_number",
            "name",
            "measure",
            "target",
            "disaggregate_by",
        ),
        "grant_attributions": (
            "attribution_id",
            "grant_id",
            "budget_line",
            "record_kind",
            "record_id",
            "case_id",
            "attributed_on",
            "ended_on",
        ),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            view: table(metadata, physical_name(view, generation)) for view, table in TABLES.items()
        }

    def derived_views(self, dialect: str) -> dict[str, str]:
        return dict(VIEWS)

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        for change in batch:
            if change.aggregate_type in self.aggregate_types:
                apply_change(conn, tables, change)
