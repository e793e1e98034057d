"""Capacity: beds, residents and shelter stays (docs/read-models/capacity.md).

Fed by Facility and ShelterStay events. Three tables, one view each:

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

A bed event tells a transfer from an admission or a discharge by its stay's
row, because the stay's event comes first in the same transaction: a bed taken
by a stay that was already transferred is a transfer in, a bed released by a
stay that was not discharged is a transfer out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from domain.local_time import local_date
from domain.values import BedInventory
from domain.vocab import DischargeReason, ExitDestination, FacilityKind
from projections.model import Change, ReadModel, physical_name
from projections.rows import Key, Row, RowCache
from projections.time_sql import Instant, days_between_sql, local_today_sql

LOW_UTILISATION_PERCENT = 65  # HUD flags utilisation outside 65-105 % as a data-quality problem
HIGH_UTILISATION_PERCENT = 105

_FED_BY = ("Facility", "ShelterStay")


class Capacity(ReadModel):
    name = "capacity"
    aggregate_types = frozenset(_FED_BY)

    def define(self, metadata: MetaData, generation: int) -> dict[str, Table]:
        return {
            "facility_capacity": _facility_table(metadata, generation),
            "facility_occupancy_daily": _daily_table(metadata, generation),
            "shelter_stays": _stays_table(metadata, generation),
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
        rows = _Rows(conn, tables)
        changes = [c for c in batch if c.aggregate_type in _FED_BY]
        rows.prefetch(changes)
        for change in changes:
            handler = _HANDLERS.get(change.event_type)
            if handler is not None:
                handler(rows, change)
        rows.flush()


# ------------------------------------------------------------------ tables


def _facility_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        physical_name("facility_capacity", generation),
        metadata,
        Column("facility_id", String(36), primary_key=True),
        Column("name", String(100), nullable=False),
        Column("kind", String(32), nullable=False),
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


def _daily_table(metadata: MetaData, generation: int) -> Table:
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


def _stays_table(metadata: MetaData, generation: int) -> Table:
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


# ------------------------------------------------------------ batch of rows


class _Rows:
    """The rows a batch touches in the three tables: read once, written once."""

    def __init__(self, conn: Connection, tables: dict[str, Table]) -> None:
        self.facilities = RowCache(conn, tables["facility_capacity"], ("facility_id",))
        self.days = RowCache(conn, tables["facility_occupancy_daily"], ("facility_id", "day"))
        self.stays = RowCache(conn, tables["shelter_stays"], ("stay_id",))

    def prefetch(self, changes: Sequence[Change]) -> None:
        self.facilities.prefetch((str(i),) for c in changes for i in _facilities_named(c))
        self.stays.prefetch((str(i),) for c in changes for i in _stays_named(c))
        self.days.prefetch(self._days_needed(changes))

    def _days_needed(self, changes: Sequence[Change]) -> Iterator[Key]:
        """Stored days the batch may change: each facility's last day, and the days
        a capacity change takes effect on retroactively."""
        needed: dict[str, tuple[date, date]] = {}
        for change in changes:
            facility = _stored_facility(self.facilities, change)
            if facility is not None:
                first = _first_day_changed(facility, change)
                earliest = needed.get(facility["facility_id"], (first, first))[0]
                needed[facility["facility_id"]] = (min(first, earliest), facility["daily_through"])
        for facility_id, (first, last) in needed.items():
            yield from ((facility_id, day) for day in _days(first, last))

    def facility(self, facility_id: UUID, change: Change) -> Row:
        row = self.facilities.get((str(facility_id),))
        if row is None:
            raise _never(change, "facility", facility_id, "registered")
        return row

    def stay(self, stay_id: UUID, change: Change) -> Row:
        row = self.stays.get((str(stay_id),))
        if row is None:
            raise _never(change, "stay", stay_id, "admitted")
        return row

    def day(self, facility: Row, day: date) -> Row:
        row = self.days.get((facility["facility_id"], day))
        if row is None:
            raise _never_counted(facility["facility_id"], day)
        return row

    def flush(self) -> None:
        self.facilities.flush()
        self.days.flush()
        self.stays.flush()


def _facilities_named(change: Change) -> list[UUID]:
    if change.aggregate_type == "Facility":
        return [change.aggregate_id]
    return [
        change.fields[name] for name in ("facility_id", "to_facility_id") if name in change.fields
    ]


def _stays_named(change: Change) -> list[UUID]:
    if change.aggregate_type == "ShelterStay":
        return [change.aggregate_id]
    return [change.fields["stay_id"]] if "stay_id" in change.fields else []


def _stored_facility(facilities: RowCache, change: Change) -> Row | None:
    if change.aggregate_type != "Facility":
        return None
    return facilities.get((str(change.aggregate_id),))


def _first_day_changed(facility: Row, change: Change) -> date:
    through: date = facility["daily_through"]
    if change.event_type != "Facility.CapacityChanged":
        return through
    effective_from: date = change.fields["effective_from"]
    registered_on: date = facility["registered_on"]
    return max(min(effective_from, through), registered_on)


def _never(change: Change, kind: str, record_id: UUID, verb: str) -> LookupError:
    if record_id == change.aggregate_id:
        return LookupError(f"{change.event_type} for {kind} {record_id} that was never {verb}")
    return LookupError(
        f"{change.event_type} of {change.aggregate_type} {change.aggregate_id} names "
        f"{kind} {record_id} that was never {verb}"
    )


def _never_counted(facility_id: str, day: date) -> LookupError:
    return LookupError(f"facility {facility_id} has no occupancy row for {day.isoformat()}")


# -------------------------------------------------------------- facilities


def _registered(rows: _Rows, change: Change) -> None:
    fields = change.fields
    on = local_date(change.at)
    inventory = [BedInventory(fields["beds"], fields["effective_from"])]
    facility: Row = {
        "facility_id": str(change.aggregate_id),
        "name": fields["name"],
        "kind": FacilityKind(fields["kind"]).value,
        "beds": fields["beds"],
        "beds_effective_from": fields["effective_from"],
        "occupied": 0,
        "registered_on": on,
        "daily_through": on,
        "bed_inventory": _dump(inventory),
    }
    _put_facility(rows, facility, change)
    _put_day(rows, _new_day(facility, on, _beds_on(inventory, on), occupied=0))


def _capacity_changed(rows: _Rows, change: Change) -> None:
    """The new beds count from `effective_from`: on days already counted, and on
    the days to come (an effective date in the future waits in the inventory)."""
    facility = rows.facility(change.aggregate_id, change)
    beds, start = change.fields["beds"], change.fields["effective_from"]
    inventory = _with_period(_load(facility["bed_inventory"]), BedInventory(beds, start))
    facility.update(beds=beds, beds_effective_from=start, bed_inventory=_dump(inventory))
    _day_of(rows, facility, change)  # writes the days up to this one with the new inventory
    for day in _days(max(start, facility["registered_on"]), facility["daily_through"]):
        _put_day(rows, {**rows.day(facility, day), "beds": beds})
    _put_facility(rows, facility, change)


def _bed_occupied(rows: _Rows, change: Change) -> None:
    """Counted from the admission day the stay states (a transfer: from today)."""
    facility = rows.facility(change.aggregate_id, change)
    stay = rows.stay(change.fields["stay_id"], change)
    transfer = stay["transfers"] > 0
    today = _day_of(rows, facility, change)["day"]
    first = _first_day(facility, today if transfer else stay["admitted_on"])
    _count_from(rows, facility, first, 1, admissions=1, transfers_in=int(transfer))
    facility["occupied"] += 1
    _put_facility(rows, facility, change)


def _bed_released(rows: _Rows, change: Change) -> None:
    """Counted from the discharge day the stay states (a transfer: from today)."""
    facility = rows.facility(change.aggregate_id, change)
    stay = rows.stay(change.fields["stay_id"], change)
    transfer = stay["discharged_on"] is None
    today = _day_of(rows, facility, change)["day"]
    first = _first_day(facility, today if transfer else stay["discharged_on"])
    _count_from(rows, facility, first, -1, discharges=1, transfers_out=int(transfer))
    facility["occupied"] -= 1
    _put_facility(rows, facility, change)


def _put_facility(rows: _Rows, facility: Row, change: Change) -> None:
    occupied, beds = facility["occupied"], facility["beds"]
    facility["available"] = max(beds - occupied, 0)
    facility["occupancy_rate"] = occupied / beds
    facility["updated_at"] = change.at
    facility["position"] = change.position
    rows.facilities.put((facility["facility_id"],), facility)


# ------------------------------------------------------------------- days


def _day_of(rows: _Rows, facility: Row, change: Change) -> Row:
    """The facility's row for the day of `change`, filling the days before it."""
    on = max(local_date(change.at), facility["daily_through"])
    if on > facility["daily_through"]:
        _fill(rows, facility, on)
    return rows.day(facility, on)


def _first_day(facility: Row, stated: date) -> date:
    """A stated day within the facility's counted days (a day before its first
    row counts on its first row)."""
    first: date = facility["registered_on"]
    last: date = facility["daily_through"]
    return min(max(stated, first), last)


def _count_from(rows: _Rows, facility: Row, first: date, residents: int, **on_first: int) -> None:
    """A resident more (or fewer) on every night from `first` through the facility's
    last counted day, with the admission, discharge or transfer counted on `first`:
    an admission or discharge written up later counts on the nights it concerns."""
    for day in _days(first, facility["daily_through"]):
        deltas = {"occupied": residents, **(on_first if day == first else {})}
        _put_day(rows, _counted(rows.day(facility, day), **deltas))


def _fill(rows: _Rows, facility: Row, until: date) -> None:
    through: date = facility["daily_through"]
    occupied = rows.day(facility, through)["occupied"]
    inventory = _load(facility["bed_inventory"])
    for day in _days(through + timedelta(days=1), until):
        _put_day(rows, _new_day(facility, day, _beds_on(inventory, day), occupied))
    facility["daily_through"] = until


def _new_day(facility: Row, day: date, beds: int, occupied: int) -> Row:
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


def _put_day(rows: _Rows, day: Row) -> None:
    beds, occupied = day["beds"], day["occupied"]
    day["utilisation"] = occupied / beds if beds > 0 else None
    day["data_quality_flag"] = int(_outside_hud_band(beds, occupied))
    rows.days.put((day["facility_id"], day["day"]), day)


def _outside_hud_band(beds: int, occupied: int) -> bool:
    """In whole numbers, so that exactly 65 % and 105 % are inside the band."""
    if beds == 0:
        return occupied > 0
    return not LOW_UTILISATION_PERCENT * beds <= 100 * occupied <= HIGH_UTILISATION_PERCENT * beds


def _days(first: date, last: date) -> Iterator[date]:
    """Every day from `first` to `last`, both included (none if `last` is earlier)."""
    return (first + timedelta(days=n) for n in range((last - first).days + 1))


# ------------------------------------------------------------ bed inventory


def _with_period(inventory: list[BedInventory], period: BedInventory) -> list[BedInventory]:
    """As the facility records it: the current period ends the night before
    `period` starts (or is replaced if it starts the same day)."""
    *earlier, current = inventory
    if current.start < period.start:
        earlier.append(replace(current, end=period.start - timedelta(days=1)))
    return [*earlier, period]


def _beds_on(inventory: Iterable[BedInventory], night: date) -> int:
    for period in inventory:
        if period.start <= night and (period.end is None or night <= period.end):
            return period.beds
    return 0


def _dump(inventory: Iterable[BedInventory]) -> str:
    return json.dumps([_period_json(period) for period in inventory])


def _period_json(period: BedInventory) -> dict[str, Any]:
    end = None if period.end is None else period.end.isoformat()
    return {"start": period.start.isoformat(), "end": end, "beds": period.beds}


def _load(text: str) -> list[BedInventory]:
    return [
        BedInventory(
            period["beds"],
            date.fromisoformat(period["start"]),
            None if period["end"] is None else date.fromisoformat(period["end"]),
        )
        for period in json.loads(text)
    ]


# ------------------------------------------------------------------ stays


def _admitted(rows: _Rows, change: Change) -> None:
    fields = change.fields
    facility = rows.facility(fields["facility_id"], change)
    stay: Row = {
        "stay_id": str(change.aggregate_id),
        "case_id": str(fields["case_id"]),
        "case_number": fields["case_number"],
        "facility_id": facility["facility_id"],
        "facility_name": facility["name"],
        "admitted_on": fields["admitted_on"],
        "discharged_on": None,
        "length_of_stay_days": None,
        "transfers": 0,
        "on_leave": 0,
        "discharge_reason": None,
        "exit_destination": None,
    }
    _put_stay(rows, stay, change)


def _transferred(rows: _Rows, change: Change) -> None:
    stay = rows.stay(change.aggregate_id, change)
    to = rows.facility(change.fields["to_facility_id"], change)
    stay["facility_id"], stay["facility_name"] = to["facility_id"], to["name"]
    stay["transfers"] += 1
    _put_stay(rows, stay, change)


def _leave_started(rows: _Rows, change: Change) -> None:
    _put_stay(rows, {**rows.stay(change.aggregate_id, change), "on_leave": 1}, change)


def _returned_from_leave(rows: _Rows, change: Change) -> None:
    _put_stay(rows, {**rows.stay(change.aggregate_id, change), "on_leave": 0}, change)


def _discharged(rows: _Rows, change: Change) -> None:
    stay = rows.stay(change.aggregate_id, change)
    discharged_on: date = change.fields["discharged_on"]
    stay["discharged_on"] = discharged_on
    stay["length_of_stay_days"] = (discharged_on - stay["admitted_on"]).days
    stay["on_leave"] = 0
    stay["discharge_reason"] = DischargeReason(change.fields["reason"]).value
    stay["exit_destination"] = ExitDestination(change.fields["destination"]).value
    _put_stay(rows, stay, change)


def _put_stay(rows: _Rows, stay: Row, change: Change) -> None:
    stay["updated_at"] = change.at
    stay["position"] = change.position
    rows.stays.put((stay["stay_id"],), stay)


_HANDLERS: dict[str, Callable[[_Rows, Change], None]] = {
    "Facility.Registered": _registered,
    "Facility.CapacityChanged": _capacity_changed,
    "Facility.BedOccupied": _bed_occupied,
    "Facility.BedReleased": _bed_released,
    "ShelterStay.Admitted": _admitted,
    "ShelterStay.Transferred": _transferred,
    "ShelterStay.LeaveStarted": _leave_started,
    "ShelterStay.ReturnedFromLeave": _returned_from_leave,
    "ShelterStay.Discharged": _discharged,
}
