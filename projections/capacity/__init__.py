"""Capacity: beds, residents and shelter stays, and the day centre's places per session
and enrolment (docs/read-models/capacity.md).

Fed by Facility, ShelterStay, DayCentreEnrolment and DayCentreSession events. Three
tables of beds and stays, one view each (and three of the day centre, described in
projections/capacity/day_centre.py):

- `facility_capacity`: each facility as it stands, with its bed inventory
  (HMIS: periods of start, end and beds).
- `facility_occupancy_daily`: one row per facility and day, HUD's occupancy
  (residents on a night / beds that night). Days run without gaps from the day
  the facility was registered to the day of its latest event: an event on a
  later day first fills the days in between, carrying the residents forward and
  taking each night's beds from the inventory. Days are the Kosovo calendar days
  of the events' times (`domain.local_time`), except that an admission or a
  discharge counts from the day its stay states (`admitted_on`, `discharged_on`:
  written up later, it changes the nights it concerns); an event never moves a
  facility's days backwards (one dated before its last row counts on the last row).
- `shelter_stays`: one row per stay; the view adds `days_so_far` as of today in
  Kosovo (`projections.time_sql`).
- `facility_turnaways_monthly` and `facility_turnaway_referrals`: admissions each
  shelter refused, per month and reason, and per month and organisation referred to
  (projections/capacity/turnaways.py, issue 15).

A bed event tells a transfer from an admission or a discharge by its stay's
row, because the stay's event comes first in the same transaction: a bed taken
by a stay that was already transferred is a transfer in, a bed released by a
stay that was not discharged is a transfer out.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, MetaData, Table

from projections.capacity import day_centre, turnaways
from projections.capacity.batch import BatchRows
from projections.capacity.handlers import HANDLERS
from projections.capacity.tables import daily_table, facility_table, stays_table
from projections.model import Change, ReadModel
from projections.time_sql import days_between_sql, local_today_sql

_FED_BY = ("Facility", "ShelterStay", *day_centre.TYPES)


class Capacity(ReadModel):
    name = "capacity"
    aggregate_types = frozenset(_FED_BY)
    # In the reporting schema (ADR 35): no code, case number, staff name or free text.
    reporting_views = {
        "facility_capacity": (
            "facility_id",
            "name",
            "kind",
            "municipality",
            "municipality_name",
            "beds",
            "beds_effective_from",
            "occupied",
            "available",
            "occupancy_rate",
            "registered_on",
            "daily_through",
            "bed_inventory",
            "updated_at",
        ),
        "facility_occupancy_daily": (
            "facility_id",
            "day",
            "facility_name",
            "beds",
            "occupied",
            "admissions",
            "transfers_in",
            "discharges",
            "transfers_out",
            "utilisation",
            "data_quality_flag",
        ),
        "day_centre_sessions": (
            "session_id",
            "facility_id",
            "facility_name",
            "held_on",
            "month",
            "activity",
            "places",
            "participants",
            "attended",
            "absent",
            "excused",
            "places_free",
            "fill_rate",
            "attendance_rate",
            "cancelled",
            "updated_at",
        ),
        "day_centre_enrolment_monthly": (
            "facility_id",
            "month",
            "facility_name",
            "enrolled",
            "started",
            "ended",
            "sessions_held",
            "places_offered",
            "participants",
            "attended",
            "attendance_rate",
        ),
        "facility_turnaways_monthly": (
            "facility_id",
            "month",
            "reason",
            "facility_name",
            "municipality",
            "turn_aways",
            "referred",
            "with_case",
            "children",
            "adults",
            "age_unknown",
            "women_and_girls",
            "men_and_boys",
            "gender_other_or_unknown",
            "updated_at",
        ),
        "facility_turnaway_referrals": (
            "facility_id",
            "month",
            "organisation_id",
            "facility_name",
            "turn_aways",
            "updated_at",
        ),
        "facility_utilisation": (
            "facility_id",
            "facility_name",
            "first_day",
            "last_day",
            "days",
            "bed_nights",
            "occupied_bed_nights",
            "utilisation",
            "average_daily_utilisation",
            "flagged_days",
            "admissions",
            "discharges",
        ),
    }

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            "facility_capacity": facility_table(metadata, generation),
            "facility_occupancy_daily": daily_table(metadata, generation),
            "shelter_stays": stays_table(metadata, generation),
            **{view: table(metadata, generation) for view, table in day_centre.TABLES.items()},
            **{view: table(metadata, generation) for view, table in turnaways.TABLES.items()},
        }

    def view_sql(self, view: str, table: Table, dialect: str) -> str:
        if view != "shelter_stays":
            return super().view_sql(view, table, dialect)
        until = f"COALESCE(discharged_on, {local_today_sql(dialect)})"
        days_so_far = days_between_sql(dialect, "admitted_on", until)
        return (
            "SELECT stay_id, case_id, case_number, facility_id, facility_name, admitted_on, "
            f"discharged_on, length_of_stay_days, {days_so_far} AS days_so_far, transfers, "
            "on_leave, discharge_reason, exit_destination, updated_at, position "
            f'FROM "{table.name}"'
        )

    def derived_views(self, dialect: str) -> dict[str, str]:
        return {
            "facility_utilisation": (
                "SELECT facility_id, facility_name, MIN(day) AS first_day, MAX(day) AS last_day, "
                "COUNT(*) AS days, SUM(beds) AS bed_nights, SUM(occupied) AS occupied_bed_nights, "
                "CASE WHEN SUM(beds) > 0 THEN CAST(SUM(occupied) AS FLOAT) / SUM(beds) END "
                "AS utilisation, AVG(utilisation) AS average_daily_utilisation, "
                "SUM(data_quality_flag) AS flagged_days, SUM(admissions) AS admissions, "
                "SUM(discharges) AS discharges FROM facility_occupancy_daily "
                "GROUP BY facility_id, facility_name"
            )
        }

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        rows = BatchRows(conn, tables)
        centre = day_centre.DayCentreRows(conn, tables, rows)
        turned = turnaways.TurnAwayRows(conn, tables)
        changes = [c for c in batch if c.aggregate_type in _FED_BY]
        rows.prefetch(changes)
        for change in changes:
            handler = HANDLERS.get(change.event_type)
            if handler is not None:
                handler(rows, change)
            if change.event_type == "Facility.TurnedAway":
                turned.apply(rows, change)
            elif handler is None and change.aggregate_type in day_centre.TYPES:
                centre.apply(change)
        rows.flush()
        centre.flush()
        turned.flush()
