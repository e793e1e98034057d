"""Facility: registration, bed inventory over time, beds taken and freed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import cast
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from domain.errors import CapacityExceeded, DomainError, InvalidInput, RuleViolated
from domain.facility import Facility
from domain.values import BedInventory
from domain.vocab import FacilityKind
from tests.unit.dsl import at, given, history, then, when

FACILITY_ID = UUID("0b6f7a1e-0000-4000-8000-00000000000a")
STAY_1 = UUID("5a7e0000-0000-4000-8000-000000000001")
STAY_2 = UUID("5a7e0000-0000-4000-8000-000000000002")
OPENED = date(2026, 3, 1)


def register(beds: int = 2, *, actor: str = "ana", moment: datetime | None = None) -> Facility:
    return Facility.register(
        "Shelter A",
        FacilityKind.SHELTER,
        beds,
        OPENED,
        facility_id=FACILITY_ID,
        actor=actor,
        at=moment or at(),
    )


def facility(beds: int = 2, *commands: Callable[[Facility], object]) -> Facility:
    """A facility rebuilt from its events, as the repository would load it."""
    return given(Facility, history(lambda: register(beds), *commands))


def occupy(stay_id: UUID, days: float = 1) -> Callable[[Facility], object]:
    return lambda f: f.occupy(stay_id, actor="ana", at=at(days))


def pending(record: Facility) -> list[Aggregate.Event]:
    return cast("list[Aggregate.Event]", list(record.collect_events()))


def refuse(
    error: type[DomainError], command: Callable[[], object], *records: Facility, **expected: str
) -> DomainError:
    """The command raises exactly `error` (with the expected attributes) and records nothing."""
    with pytest.raises(error) as raised:
        command()
    assert type(raised.value) is error
    for name, value in expected.items():
        assert getattr(raised.value, name) == value
    for record in records:
        assert list(record.collect_events()) == []
    return raised.value


# ------------------------------------------------------------------ register


def test_register_records_the_facility_and_its_first_bed_inventory() -> None:
    events = history(lambda: register(3))
    then(
        events,
        (
            Facility.Registered,
            {
                "name": "Shelter A",
                "kind": FacilityKind.SHELTER,
                "beds": 3,
                "effective_from": OPENED,
                "actor": "ana",
                "timestamp": at(),
            },
        ),
    )
    created = given(Facility, events)
    assert created.id == FACILITY_ID
    assert created.label == "facility Shelter A"
    assert created.capacity_history == [BedInventory(3, OPENED, None)]
    assert (created.occupancy, created.available) == (0, 3)


def test_register_strips_the_name_and_makes_an_id_when_none_is_given() -> None:
    created = Facility.register(
        "  Day centre  ", FacilityKind.DAY_REHABILITATION_CENTRE, 1, OPENED, actor="ana", at=at()
    )
    assert created.name == "Day centre"
    assert isinstance(created.id, UUID)
    assert created.id != FACILITY_ID


@pytest.mark.parametrize("beds", [0, -2])
def test_register_refuses_fewer_than_one_bed(beds: int) -> None:
    refuse(InvalidInput, lambda: register(beds), field="beds")


def test_register_refuses_a_blank_name() -> None:
    refuse(
        InvalidInput,
        lambda: Facility.register(" ", FacilityKind.SHELTER, 2, OPENED, actor="a", at=at()),
        field="name",
    )


def test_register_refuses_a_missing_actor_and_a_naive_time() -> None:
    refuse(InvalidInput, lambda: register(actor=" "), field="actor")
    refuse(InvalidInput, lambda: register(moment=datetime(2026, 3, 2)), field="at")


# ----------------------------------------------------------- change_capacity


def test_change_capacity_closes_the_current_inventory_the_night_before() -> None:
    shelter = facility(2)
    events = when(
        shelter,
        lambda f: f.change_capacity(5, date(2026, 4, 1), " new wing ", actor="ana", at=at(3)),
    )
    then(
        events,
        (
            Facility.CapacityChanged,
            {"beds": 5, "previous": 2, "effective_from": date(2026, 4, 1), "reason": "new wing"},
        ),
    )
    assert shelter.beds == 5
    assert shelter.capacity_history == [
        BedInventory(2, OPENED, date(2026, 3, 31)),
        BedInventory(5, date(2026, 4, 1), None),
    ]


def test_beds_on_any_night_follow_the_inventory() -> None:
    shelter = facility(2, lambda f: f.change_capacity(5, date(2026, 4, 1), actor="a", at=at(1)))
    assert shelter.beds_on(date(2026, 2, 28)) == 0
    assert shelter.beds_on(OPENED) == 2
    assert shelter.beds_on(date(2026, 3, 31)) == 2
    assert shelter.beds_on(date(2026, 4, 1)) == 5
    assert shelter.beds_on(date(2030, 1, 1)) == 5


def test_a_change_effective_the_same_day_replaces_the_current_inventory() -> None:
    shelter = facility(2, lambda f: f.change_capacity(4, date(2026, 4, 1), actor="a", at=at(1)))
    when(shelter, lambda f: f.change_capacity(3, date(2026, 4, 1), actor="ana", at=at(2)))
    assert shelter.capacity_history == [
        BedInventory(2, OPENED, date(2026, 3, 31)),
        BedInventory(3, date(2026, 4, 1), None),
    ]


def test_capacity_may_shrink_down_to_the_occupancy() -> None:
    shelter = facility(3, occupy(STAY_1), occupy(STAY_2))
    events = when(shelter, lambda f: f.change_capacity(2, date(2026, 3, 5), actor="ana", at=at(2)))
    then(events, (Facility.CapacityChanged, {"beds": 2, "previous": 3}))
    assert shelter.available == 0


def test_capacity_may_not_shrink_below_the_occupancy() -> None:
    shelter = facility(3, occupy(STAY_1), occupy(STAY_2))
    error = refuse(
        RuleViolated,
        lambda: shelter.change_capacity(1, date(2026, 3, 5), actor="ana", at=at(2)),
        shelter,
        rule="capacity_below_occupancy",
    )
    assert "facility Shelter A has 2 residents" in error.message
    assert "1 beds" in error.message
    assert shelter.beds == 3


def test_change_capacity_refuses_the_same_number_of_beds() -> None:
    shelter = facility(2)
    error = refuse(
        RuleViolated,
        lambda: shelter.change_capacity(2, date(2026, 4, 1), actor="ana", at=at(1)),
        shelter,
        rule="no_change",
    )
    assert "facility Shelter A" in error.message


def test_change_capacity_refuses_fewer_than_one_bed() -> None:
    shelter = facility(2)
    refuse(
        InvalidInput,
        lambda: shelter.change_capacity(0, date(2026, 4, 1), actor="ana", at=at(1)),
        shelter,
        field="beds",
    )


def test_change_capacity_refuses_a_date_before_the_current_inventory() -> None:
    shelter = facility(2)
    error = refuse(
        InvalidInput,
        lambda: shelter.change_capacity(4, date(2026, 2, 1), actor="ana", at=at(1)),
        shelter,
        field="effective_from",
    )
    assert "facility Shelter A" in error.message


def test_change_capacity_accepts_a_clock_a_little_behind_the_last_change() -> None:
    """Order is the version's, not the timestamp's (servers' clocks may differ)."""
    shelter = facility(2, occupy(STAY_1, days=5))
    shelter.change_capacity(4, date(2026, 4, 1), actor="ana", at=at(4))
    assert shelter.beds == 4


# ------------------------------------------------------------ occupy/release


def test_occupy_gives_the_stay_a_bed() -> None:
    shelter = facility(2)
    then(when(shelter, occupy(STAY_1)), (Facility.BedOccupied, {"stay_id": STAY_1}))
    assert shelter.residents == {STAY_1}
    assert (shelter.occupancy, shelter.available) == (1, 1)


def test_occupy_refuses_when_every_bed_is_taken() -> None:
    shelter = facility(2, occupy(STAY_1), occupy(STAY_2))
    stay = UUID(int=3)
    error = refuse(
        CapacityExceeded,
        lambda: shelter.occupy(stay, actor="ana", at=at(2)),
        shelter,
        rule="capacity_exceeded",
    )
    assert error.message.startswith("facility Shelter A is full: 2 of 2 beds taken;")
    assert str(stay) in error.message


def test_occupy_refuses_a_stay_that_already_holds_a_bed_here() -> None:
    shelter = facility(2, occupy(STAY_1))
    error = refuse(
        RuleViolated, lambda: occupy(STAY_1, 2)(shelter), shelter, rule="already_resident"
    )
    assert f"stay {STAY_1} already holds a bed in facility Shelter A" in error.message


def test_release_frees_the_bed() -> None:
    shelter = facility(2, occupy(STAY_1), occupy(STAY_2))
    events = when(shelter, lambda f: f.release(STAY_1, actor="ana", at=at(2)))
    then(events, (Facility.BedReleased, {"stay_id": STAY_1, "actor": "ana"}))
    assert shelter.residents == {STAY_2}


def test_release_refuses_a_stay_that_holds_no_bed_here() -> None:
    shelter = facility(2, occupy(STAY_1))
    error = refuse(
        RuleViolated,
        lambda: shelter.release(STAY_2, actor="ana", at=at(2)),
        shelter,
        rule="not_resident",
    )
    assert f"stay {STAY_2} holds no bed in facility Shelter A" in error.message


def test_a_freed_bed_can_be_taken_again() -> None:
    shelter = facility(1, occupy(STAY_1), lambda f: f.release(STAY_1, actor="a", at=at(2)))
    then(when(shelter, occupy(STAY_2, 3)), (Facility.BedOccupied, {"stay_id": STAY_2}))


# ------------------------------------------------------------------ property


@settings(max_examples=50, deadline=None)
@for_all(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 9)), max_size=8))
def test_bed_inventory_periods_are_contiguous_and_match_the_beds(
    changes: list[tuple[int, int]],
) -> None:
    """Any run of capacity changes: periods follow one another night by night, the
    last is open, and every night counts the beds in force then."""
    shelter, start = register(2), OPENED
    for step, (gap, beds) in enumerate(changes, start=1):
        start += timedelta(days=gap)
        try:
            shelter.change_capacity(beds, start, actor="ana", at=at(step))
        except RuleViolated:
            assert beds == shelter.beds
    periods = shelter.capacity_history
    for before, after in pairwise(periods):
        assert before.end is not None
        assert before.end + timedelta(days=1) == after.start
    assert periods[-1].end is None
    assert periods[-1].beds == shelter.beds
    assert all(shelter.beds_on(p.start) == p.beds for p in periods)
    assert given(Facility, pending(shelter)).capacity_history == periods
