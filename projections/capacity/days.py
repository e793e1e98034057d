"""A facility's days: one occupancy row per Kosovo day, without gaps, HUD's utilisation band."""

from __future__ import annotations

from datetime import date, timedelta

from domain.local_time import local_date
from projections.capacity.batch import BatchRows, each_day
from projections.capacity.inventory import beds_on, load_inventory
from projections.model import Change
from projections.rows import Row

LOW_UTILISATION_PERCENT = 65  # HUD flags utilisation outside 65-105 % as a data-quality problem
HIGH_UTILISATION_PERCENT = 105


def day_of(rows: BatchRows, facility: Row, change: Change) -> Row:
    """The facility's row for the day of `change`, filling the days before it."""
    on = max(local_date(change.at), facility["daily_through"])
    if on > facility["daily_through"]:
        _fill(rows, facility, on)
    return rows.day(facility, on)


def first_day(facility: Row, stated: date) -> date:
    """A stated day within the facility's counted days (a day before its first
    row counts on its first row)."""
    first: date = facility["registered_on"]
    last: date = facility["daily_through"]
    return min(max(stated, first), last)


def count_from(
    rows: BatchRows, facility: Row, first: date, residents: int, **on_first: int
) -> None:
    """A resident more (or fewer) on every night from `first` through the facility's
    last counted day, with the admission, discharge or transfer counted on `first`:
    an admission or discharge written up later counts on the nights it concerns."""
    for day in each_day(first, facility["daily_through"]):
        deltas = {"occupied": residents, **(on_first if day == first else {})}
        put_day(rows, _counted(rows.day(facility, day), **deltas))


def _fill(rows: BatchRows, facility: Row, until: date) -> None:
    through: date = facility["daily_through"]
    occupied = rows.day(facility, through)["occupied"]
    inventory = load_inventory(facility["bed_inventory"])
    for day in each_day(through + timedelta(days=1), until):
        put_day(rows, new_day(facility, day, beds_on(inventory, day), occupied))
    facility["daily_through"] = until


def new_day(facility: Row, day: date, beds: int, occupied: int) -> Row:
    return {
        "facility_id": facility["facility_id"],
        "day": day,
        "facility_name": facility["name"],
        "beds": beds,
        "occupied": occupied,
        "admissions": 0,
        "transfers_in": 0,
        "discharges": 0,
        "transfers_out": 0,
    }


def _counted(day: Row, **deltas: int) -> Row:
    return {**day, **{column: day[column] + delta for column, delta in deltas.items()}}


def put_day(rows: BatchRows, day: Row) -> None:
    beds, occupied = day["beds"], day["occupied"]
    day["utilisation"] = occupied / beds if beds > 0 else None
    day["data_quality_flag"] = int(_outside_hud_band(beds, occupied))
    rows.days.put((day["facility_id"], day["day"]), day)


def _outside_hud_band(beds: int, occupied: int) -> bool:
    """In whole numbers, so that exactly 65 % and 105 % are inside the band."""
    if beds == 0:
        return occupied > 0
    return not LOW_UTILISATION_PERCENT * beds <= 100 * occupied <= HIGH_UTILISATION_PERCENT * beds
