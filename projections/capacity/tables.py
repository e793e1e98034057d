"""The capacity read model's tables: facilities, their days, and shelter stays."""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table, Text

from projections.model import physical_name
from projections.time_sql import Instant


def facility_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("facility_capacity", generation),
        metadata,
        Column("facility_id", String(36), primary_key=True),
        Column("name", String(100), nullable=False),
        Column("kind", String(32), nullable=False),
        Column("municipality", String(2)),
        Column("municipality_name", String(40)),
        Column("beds", Integer, nullable=False),
        Column("beds_effective_from", Date, nullable=False),
        Column("occupied", Integer, nullable=False),
        Column("available", Integer, nullable=False),
        Column("occupancy_rate", Float, nullable=False),
        Column("registered_on", Date, nullable=False),
        Column("daily_through", Date, nullable=False),
        Column("bed_inventory", Text, nullable=False),
        Column("updated_at", Instant(), nullable=False),
        Column("position", Integer, nullable=False),
    )


def daily_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("facility_occupancy_daily", generation),
        metadata,
        Column("facility_id", String(36), primary_key=True),
        Column("day", Date, primary_key=True),
        Column("facility_name", String(100), nullable=False),
        Column("beds", Integer, nullable=False),
        Column("occupied", Integer, nullable=False),
        Column("admissions", Integer, nullable=False),
        Column("transfers_in", Integer, nullable=False),
        Column("discharges", Integer, nullable=False),
        Column("transfers_out", Integer, nullable=False),
        Column("utilisation", Float),
        Column("data_quality_flag", Integer, nullable=False),
    )


def stays_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("shelter_stays", generation),
        metadata,
        Column("stay_id", String(36), primary_key=True),
        Column("case_id", String(36), nullable=False),
        Column("case_number", String(32), nullable=False),
        Column("facility_id", String(36), nullable=False),
        Column("facility_name", String(100), nullable=False),
        Column("admitted_on", Date, nullable=False),
        Column("discharged_on", Date),
        Column("length_of_stay_days", Integer),
        Column("transfers", Integer, nullable=False),
        Column("on_leave", Integer, nullable=False),
        Column("discharge_reason", String(32)),
        Column("exit_destination", String(40)),
        Column("updated_at", Instant(), nullable=False),
        Column("position", Integer, nullable=False),
    )
