"""Prevention: what the prevention team's activities reached, campaigns' progress
against their planned indicators, and the referrals that came from disclosures
(docs/read-models/prevention.md; issue 16).

Fed by PreventionActivity and Campaign events, and by Case.Opened for the cases opened
from a disclosure (counted; nothing of the case is kept). Tables:

- `prevention_activities`: one row per activity, withdrawn ones kept and flagged;
- `prevention_reach`, `prevention_audience`, `prevention_materials`: one row per line of
  an activity's people met, audience figures and materials (a correction replaces them,
  a withdrawal removes them);
- `prevention_referrals`: one row per disclosure, with the cases opened from it;
- `prevention_campaigns`, `prevention_indicators`: plans and progress.

Views (projections/prevention/views.py): `prevention_reach_by_month`,
`prevention_trainings_by_sector`, `prevention_knowledge`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, MetaData, Table

from projections.model import Change, ReadModel, physical_name
from projections.prevention.batch import ACTIVITY, CAMPAIGN, CASE, PreventionRows, apply_change
from projections.prevention.tables import TABLES
from projections.prevention.views import VIEWS

__all__ = ["Prevention"]


class Prevention(ReadModel):
    name = "prevention"
    aggregate_types = frozenset({ACTIVITY, CAMPAIGN, CASE})
    # In the reporting schema (ADR 35): no code, case number, staff name or free text.
    reporting_views = {
        "prevention_activities": (
            "activity_id",
            "campaign_id",
            "type",
            "held_on",
            "month",
            "quarter",
            "municipality",
            "district",
            "setting",
            "language",
            "duration_minutes",
            "people",
            "female",
            "male",
            "sex_not_recorded",
            "roma_ashkali_egyptian",
            "other_communities",
            "with_disability",
            "audience_views",
            "audience_impressions",
            "audience_unique_reach",
            "audience_broadcast_reach",
            "audience_print_circulation",
            "materials",
            "max_score",
            "pass_mark",
            "pre_count",
            "pre_mean",
            "pre_passed",
            "post_count",
            "post_mean",
            "post_passed",
            "disclosures",
            "disclosures_to_assistance",
            "cases_opened",
            "withdrawn",
            "corrections",
        ),
        "prevention_reach": (
            "activity_id",
            "line",
            "campaign_id",
            "type",
            "held_on",
            "month",
            "quarter",
            "municipality",
            "participant_group",
            "pupil",
            "student",
            "sector",
            "sex",
            "age_band",
            "people",
        ),
        "prevention_audience": (
            "activity_id",
            "line",
            "campaign_id",
            "type",
            "held_on",
            "month",
            "quarter",
            "municipality",
            "source",
            "outlet",
            "figure",
        ),
        "prevention_materials": (
            "activity_id",
            "material",
            "language",
            "campaign_id",
            "type",
            "held_on",
            "month",
            "quarter",
            "municipality",
            "quantity",
        ),
        "prevention_referrals": (
            "activity_id",
            "number",
            "campaign_id",
            "type",
            "held_on",
            "month",
            "quarter",
            "municipality",
            "kind",
            "route",
            "cases_opened",
            "first_case_opened_on",
        ),
        "prevention_campaigns": (
            "campaign_id",
            "name",
            "starts_on",
            "ends_on",
            "target_groups",
            "municipalities",
            "grant_reference",
            "partners",
            "indicators",
            "revisions",
            "activities",
            "people",
        ),
        "prevention_indicators": (
            "campaign_id",
            "line",
            "measure",
            "source",
            "target",
            "achieved",
            "share",
        ),
        "prevention_reach_by_month": (
            "month",
            "quarter",
            "municipality",
            "participant_group",
            "sex",
            "activities",
            "people",
        ),
        "prevention_trainings_by_sector": (
            "month",
            "quarter",
            "sector",
            "trainings",
            "people",
        ),
        "prevention_knowledge": (
            "activity_id",
            "campaign_id",
            "type",
            "held_on",
            "month",
            "quarter",
            "municipality",
            "max_score",
            "pass_mark",
            "pre_count",
            "pre_mean",
            "pre_passed",
            "pre_pass_share",
            "pre_score_share",
            "post_count",
            "post_mean",
            "post_passed",
            "post_pass_share",
            "post_score_share",
            "mean_change",
        ),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            view: table(metadata, physical_name(view, generation)) for view, table in TABLES.items()
        }

    def derived_views(self, dialect: str) -> dict[str, str]:
        return dict(VIEWS)

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        changes = [c for c in batch if c.aggregate_type in self.aggregate_types]
        rows = PreventionRows(conn, tables, changes)
        for change in changes:
            apply_change(rows, change)
        rows.flush()
