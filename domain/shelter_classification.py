"""How identifying each field of a facility's core (domain/facility.py: registration,
capacity, beds) and of a shelter stay (domain/stay.py) is. Assembled by
domain/classification.py; a facility's fields of issue 15 (its place, turn-aways) are in
domain/facility_classification.py."""

from __future__ import annotations

from typing import Any

from domain.facility import Facility
from domain.sensitivity import CODE, FACILITY_TEXT, FREE_TEXT, PLAIN, Entry
from domain.stay import ShelterStay
from domain.values import BedInventory

F, S = Facility, ShelterStay

SHELTER_EVENTS: dict[type[Any], dict[str, Entry]] = {
    F.Registered: {"name": FACILITY_TEXT, "kind": PLAIN, "beds": PLAIN, "effective_from": PLAIN},
    F.CapacityChanged: {
        "beds": PLAIN,
        "previous": PLAIN,
        "effective_from": PLAIN,
        "reason": FACILITY_TEXT,
    },
    F.BedOccupied: {"stay_id": PLAIN},
    F.BedReleased: {"stay_id": PLAIN},
    S.Admitted: {
        "case_id": PLAIN,
        "case_number": CODE,
        "facility_id": PLAIN,
        "admitted_on": PLAIN,
    },
    S.Transferred: {"from_facility_id": PLAIN, "to_facility_id": PLAIN},
    S.LeaveStarted: {"expected_return": PLAIN, "reason": FREE_TEXT},
    S.ReturnedFromLeave: {},
    S.Discharged: {"reason": PLAIN, "destination": PLAIN, "discharged_on": PLAIN},
}
SHELTER_STATES: dict[type[Any], dict[str, Entry]] = {
    Facility: {
        "name": FACILITY_TEXT,
        "kind": PLAIN,
        "beds": PLAIN,
        "capacity_history": BedInventory,
        "residents": PLAIN,
    },
    ShelterStay: {
        "case_id": PLAIN,
        "case_number": CODE,
        "facility_id": PLAIN,
        "admitted_on": PLAIN,
        "in_facility_since": PLAIN,
        "on_leave": PLAIN,
        "expected_return": PLAIN,
        "discharged_on": PLAIN,
        "discharge_reason": PLAIN,
        "exit_destination": PLAIN,
        "transfers": PLAIN,
    },
}
SHELTER_VALUES: dict[type[Any], dict[str, Entry]] = {
    BedInventory: {"beds": PLAIN, "start": PLAIN, "end": PLAIN},
}
