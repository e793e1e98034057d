"""How each Facility and ShelterStay event changes the capacity rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain import places
from domain.local_time import local_date
from domain.values import BedInventory
from domain.vocab import DischargeReason, ExitDestination, FacilityKind
from projections.capacity.batch import BatchRows, each_day
from projections.capacity.days import count_from, day_of, first_day, new_day, put_day
from projections.capacity.inventory import beds_on, dump_inventory, load_inventory, with_period
from projections.model import Change
from projections.rows import Row

# -------------------------------------------------------------- facilities


def _registered(rows: BatchRows, change: Change) -> None:
    fields = change.fields
    on = local_date(change.at)
    inventory = [BedInventory(fields["beds"], fields["effective_from"])]
    facility: Row = {
        "facility_id": str(change.aggregate_id),
        "name": fields["name"],
        "kind": FacilityKind(fields["kind"]).value,
        **_place(fields.get("municipality")),
        "beds": fields["beds"],
        "beds_effective_from": fields["effective_from"],
        "occupied": 0,
        "registered_on": on,
        "daily_through": on,
        "bed_inventory": dump_inventory(inventory),
    }
    _put_facility(rows, facility, change)
    put_day(rows, new_day(facility, on, beds_on(inventory, on), occupied=0))


def _capacity_changed(rows: BatchRows, change: Change) -> None:
    """The new beds count from `effective_from`: on days already counted, and on
    the days to come (an effective date in the future waits in the inventory)."""
    facility = rows.facility(change.aggregate_id, change)
    beds, start = change.fields["beds"], change.fields["effective_from"]
    inventory = with_period(load_inventory(facility["bed_inventory"]), BedInventory(beds, start))
    facility.update(beds=beds, beds_effective_from=start, bed_inventory=dump_inventory(inventory))
    day_of(rows, facility, change)  # writes the days up to this one with the new inventory
    for day in each_day(max(start, facility["registered_on"]), facility["daily_through"]):
        put_day(rows, {**rows.day(facility, day), "beds": beds})
    _put_facility(rows, facility, change)


def _bed_occupied(rows: BatchRows, change: Change) -> None:
    """Counted from the admission day the stay states (a transfer: from today)."""
    facility = rows.facility(change.aggregate_id, change)
    stay = rows.stay(change.fields["stay_id"], change)
    transfer = stay["transfers"] > 0
    today = day_of(rows, facility, change)["day"]
    first = first_day(facility, today if transfer else stay["admitted_on"])
    count_from(rows, facility, first, 1, admissions=1, transfers_in=int(transfer))
    facility["occupied"] += 1
    _put_facility(rows, facility, change)


def _bed_released(rows: BatchRows, change: Change) -> None:
    """Counted from the discharge day the stay states (a transfer: from today)."""
    facility = rows.facility(change.aggregate_id, change)
    stay = rows.stay(change.fields["stay_id"], change)
    transfer = stay["discharged_on"] is None
    today = day_of(rows, facility, change)["day"]
    first = first_day(facility, today if transfer else stay["discharged_on"])
    count_from(rows, facility, first, -1, discharges=1, transfers_out=int(transfer))
    facility["occupied"] -= 1
    _put_facility(rows, facility, change)


def _relocated(rows: BatchRows, change: Change) -> None:
    facility = rows.facility(change.aggregate_id, change)
    facility.update(_place(change.fields["municipality"]))
    day_of(rows, facility, change)
    _put_facility(rows, facility, change)


def _turned_away(rows: BatchRows, change: Change) -> None:
    """Counted in projections/capacity/turnaways.py; here, the facility's days go on."""
    facility = rows.facility(change.aggregate_id, change)
    day_of(rows, facility, change)
    _put_facility(rows, facility, change)


def _place(code: str | None) -> Row:
    """A facility's municipality: its code and Albanian name (none before issue 15)."""
    name = None if code is None else places.municipality("municipality", code).name()
    return {"municipality": code, "municipality_name": name}


def _put_facility(rows: BatchRows, facility: Row, change: Change) -> None:
    occupied, beds = facility["occupied"], facility["beds"]
    facility["available"] = max(beds - occupied, 0)
    facility["occupancy_rate"] = occupied / beds
    facility["updated_at"] = change.at
    facility["position"] = change.position
    rows.facilities.put((facility["facility_id"],), facility)


# ------------------------------------------------------------------ stays


def _admitted(rows: BatchRows, change: Change) -> None:
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


def _transferred(rows: BatchRows, change: Change) -> None:
    stay = rows.stay(change.aggregate_id, change)
    to = rows.facility(change.fields["to_facility_id"], change)
    stay["facility_id"], stay["facility_name"] = to["facility_id"], to["name"]
    stay["transfers"] += 1
    _put_stay(rows, stay, change)


def _leave_started(rows: BatchRows, change: Change) -> None:
    _put_stay(rows, {**rows.stay(change.aggregate_id, change), "on_leave": 1}, change)


def _returned_from_leave(rows: BatchRows, change: Change) -> None:
    _put_stay(rows, {**rows.stay(change.aggregate_id, change), "on_leave": 0}, change)


def _discharged(rows: BatchRows, change: Change) -> None:
    stay = rows.stay(change.aggregate_id, change)
    discharged_on: date = change.fields["discharged_on"]
    stay["discharged_on"] = discharged_on
    stay["length_of_stay_days"] = (discharged_on - stay["admitted_on"]).days
    stay["on_leave"] = 0
    stay["discharge_reason"] = DischargeReason(change.fields["reason"]).value
    stay["exit_destination"] = ExitDestination(change.fields["destination"]).value
    _put_stay(rows, stay, change)


def _put_stay(rows: BatchRows, stay: Row, change: Change) -> None:
    stay["updated_at"] = change.at
    stay["position"] = change.position
    rows.stays.put((stay["stay_id"],), stay)


HANDLERS: dict[str, Callable[[BatchRows, Change], None]] = {
    "Facility.Registered": _registered,
    "Facility.CapacityChanged": _capacity_changed,
    "Facility.BedOccupied": _bed_occupied,
    "Facility.BedReleased": _bed_released,
    "Facility.Relocated": _relocated,
    "Facility.TurnedAway": _turned_away,
    "ShelterStay.Admitted": _admitted,
    "ShelterStay.Transferred": _transferred,
    "ShelterStay.LeaveStarted": _leave_started,
    "ShelterStay.ReturnedFromLeave": _returned_from_leave,
    "ShelterStay.Discharged": _discharged,
}
