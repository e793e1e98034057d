"""Outcomes: how reintegration plans, cases and shelter stays end, and what day-centre
enrolments achieve (docs/read-models/outcomes.md).

Fed by Case, ShelterStay, ReintegrationPlan, DayCentreEnrolment and DayCentreSession
events, and Beneficiary's trafficking episodes (projections/outcomes/episodes.py:
`trafficking_episodes`, `episode_codes`, `episodes_by_code`). Analysts read three
views (and the day centre's two, described in projections/outcomes/day_centre.py):

- `reintegration_outcomes`: one row per plan (goals, status, follow-ups at 3/6/12 months);
- `case_outcomes`: one row per closed case (the table keeps every case, so a reopened
  case comes back with its history when it closes again), with `closure_band`;
- `outcomes_by_quarter`: per calendar quarter, counts, the reintegrated share and
  medians — kept as a table, recounted at the end of each batch for the quarters the
  batch touched, from the rows of `outcome_facts`.

Two helper tables (also readable as views) hold what the quarters need:
`outcome_stays` (each stay's admission date, for its length of stay) and
`outcome_facts` (one row per case opened, case closed — at its latest closure —,
stay discharged and re-trafficking follow-up, with its quarter and duration).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, MetaData, Table

from projections.model import Change, ReadModel, physical_name
from projections.outcomes import day_centre, episodes
from projections.outcomes.batch import BatchRows, quarter_of
from projections.outcomes.handlers import RECORDS, apply_change
from projections.outcomes.tables import CLOSURE_BANDS, LONGEST_BAND, TABLES

__all__ = ["Outcomes", "quarter_of"]


class Outcomes(ReadModel):
    name = "outcomes"
    aggregate_types = frozenset(
        {"Case", "ShelterStay", "ReintegrationPlan", *day_centre.TYPES, *episodes.TYPES}
    )
    # In the reporting schema (ADR 35): no code, case number, staff name or free text.
    reporting_views = {
        "outcomes_by_quarter": (
            "quarter",
            "cases_opened",
            "cases_closed",
            "cases_reintegrated",
            "reintegrated_share",
            "re_trafficked_count",
            "stays_discharged",
            "median_length_of_stay_days",
            "median_days_to_closure",
        ),
        "day_centre_outcomes_by_centre": (
            "facility_id",
            "enrolments",
            "active",
            "ended_completed",
            "ended_left",
            "ended_moved",
            "ended_other",
            "ended_withdrew_consent",
            "sessions_recorded",
            "attended",
            "absent",
            "excused",
            "attendance_rate",
            "courses_completed",
            "enrolments_with_a_course",
        ),
        "episodes_by_code": ("kind", "value", "episodes", "people"),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        tables = {
            view: table(metadata, physical_name(view, generation)) for view, table in TABLES.items()
        }
        view = day_centre.VIEW
        tables[view] = day_centre.outcomes_table(metadata, physical_name(view, generation))
        for name, table in (
            (episodes.EPISODES, episodes.episodes_table),
            (episodes.CODES, episodes.codes_table),
        ):
            tables[name] = table(metadata, physical_name(name, generation))
        return tables

    def derived_views(self, dialect: str) -> dict[str, str]:
        return {
            "day_centre_outcomes_by_centre": day_centre.BY_CENTRE,
            "episodes_by_code": episodes.BY_CODE,  # trafficking episodes (issue 15)
        }

    def view_sql(self, view: str, table: Table, dialect: str) -> str:
        # The same SQL on PostgreSQL and SQLite: plain CASE and IS NOT NULL only.
        if view != "case_outcomes":
            return super().view_sql(view, table, dialect)
        bands = " ".join(
            f"WHEN days_to_closure <= {days} THEN '{band}'" for days, band in CLOSURE_BANDS
        )
        return (
            "SELECT case_id, case_number, beneficiary_code, referred_on, opened_on, "
            "closed_on, closure_reason, days_to_closure, "
            f"CASE {bands} ELSE '{LONGEST_BAND}' END AS closure_band, "
            "services_received, service_types, referrals_out, referrals_accepted, "
            "reopened_count, re_trafficked, screenings_out, rescreened_count, position "
            f'FROM "{table.name}" WHERE closed_on IS NOT NULL'
        )

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        changes = [c for c in batch if c.aggregate_type in RECORDS]
        rows = BatchRows(conn, tables, changes)
        for change in changes:
            apply_change(rows, RECORDS[change.aggregate_type], change)
        rows.flush()
        day_centre.apply_day_centre(conn, tables[day_centre.VIEW], batch)
        episodes.apply_episodes(conn, tables, batch)
