"""The capacity read model, fed with real stored events (no NATS)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Engine, MetaData, Table, event, text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.errors import CapacityExceeded
from domain.vocab import DischargeReason, ExitDestination, FacilityKind, RiskLevel
from projections.capacity import Capacity
from projections.catalog import point_views
from projections.model import Change
from services.commands.case import AssessRisk
from services.commands.shelter import (
    AdmitToShelter,
    ChangeCapacity,
    DischargeFromShelter,
    RegisterFacility,
    ReturnFromLeave,
    StartLeave,
    TransferStay,
)
from tests.support.factories import MANAGER, WORKER, open_case, register, today_in_prishtina
from tests.support.projecting import changes, memory_engine, project, rows

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY_1 = START.date()
DAY = timedelta(days=1)
Tables = dict[str, list[dict[str, Any]]]


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


# ----------------------------------------------------------------- helpers


def shelter(
    journey: Journey,
    beds: int = 5,
    name: str = "Shelter Prishtina",
    effective_from: date = date(2026, 1, 1),
) -> UUID:
    command = RegisterFacility(
        name=name, kind=FacilityKind.SHELTER, beds=beds, effective_from=effective_from
    )
    return journey.bus.execute(None, command, actor=MANAGER).id


def admit(journey: Journey, facility_id: UUID) -> UUID:
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.MEDIUM), actor=WORKER)
    command = AdmitToShelter(case_id=case_id, facility_id=facility_id)
    return journey.bus.execute(None, command, actor=WORKER).id


def discharge(journey: Journey, stay_id: UUID) -> None:
    command = DischargeFromShelter(
        reason=DischargeReason.COMPLETED_PROGRAMME, destination=ExitDestination.FAMILY
    )
    journey.bus.execute(stay_id, command, actor=WORKER)


def change_capacity(journey: Journey, facility_id: UUID, beds: int, effective_from: date) -> None:
    command = ChangeCapacity(beds=beds, effective_from=effective_from, reason="new wing")
    journey.bus.execute(facility_id, command, actor=MANAGER)


def projected(journey: Journey, batch: int = 500) -> Tables:
    engine = memory_engine()
    tables = project(journey, Capacity(), engine, batch=batch)
    return {view: sorted(rows(engine, table), key=by_key) for view, table in tables.items()}


def by_key(row: dict[str, Any]) -> tuple[str, str]:
    """Rows in a stable order: by facility and day, or by stay."""
    return (row.get("facility_id", ""), str(row.get("day", row.get("stay_id", ""))))


def days_of(tables: Tables, facility_id: UUID) -> list[dict[str, Any]]:
    days = [r for r in tables["facility_occupancy_daily"] if r["facility_id"] == str(facility_id)]
    return sorted(days, key=lambda r: r["day"])


def column(days: Sequence[dict[str, Any]], name: str) -> list[Any]:
    return [day[name] for day in days]


def empty_tables() -> tuple[Engine, dict[str, Table]]:
    engine = memory_engine()
    metadata = MetaData()
    tables = Capacity().define(metadata, 1)
    metadata.create_all(engine)
    return engine, tables


def apply_in_one_batch(batch: Sequence[Change]) -> tuple[Engine, dict[str, Table]]:
    engine, tables = empty_tables()
    with engine.begin() as conn:
        Capacity().apply(conn, tables, batch)
    return engine, tables


def a_busy_month(journey: Journey, clock: ScriptedClock) -> tuple[UUID, UUID]:
    """Two shelters; admissions, a leave, a transfer, discharges, capacity changes."""
    north, south = shelter(journey, 3, "Shelter North"), shelter(journey, 4, "Shelter South")
    first, second = admit(journey, north), admit(journey, north)
    clock.advance(days=2)
    journey.bus.execute(
        first, StartLeave(expected_return=DAY_1 + timedelta(days=5), reason="visit"), actor=WORKER
    )
    clock.advance(days=3)
    journey.bus.execute(first, ReturnFromLeave(), actor=WORKER)
    journey.bus.execute(second, TransferStay(to_facility_id=south), actor=WORKER)
    change_capacity(journey, south, 6, DAY_1 + timedelta(days=1))  # back-dated
    change_capacity(journey, north, 5, DAY_1 + timedelta(days=9))  # ahead
    clock.advance(days=6)
    discharge(journey, first)
    admit(journey, north)
    clock.advance(days=1)
    discharge(journey, second)
    return north, south


# ------------------------------------------------------- facility_capacity


def test_a_registered_facility_has_all_its_beds_free(journey: Journey) -> None:
    facility_id = shelter(journey, beds=5, effective_from=date(2026, 1, 1))
    (row,) = projected(journey)["facility_capacity"]
    assert row["facility_id"] == str(facility_id)
    assert (row["name"], row["kind"], row["beds"]) == ("Shelter Prishtina", "shelter", 5)
    assert (row["occupied"], row["available"], row["occupancy_rate"]) == (0, 5, 0.0)
    assert (row["registered_on"], row["daily_through"]) == (DAY_1, DAY_1)
    assert row["beds_effective_from"] == date(2026, 1, 1)
    assert json.loads(row["bed_inventory"]) == [{"start": "2026-01-01", "end": None, "beds": 5}]
    assert row["updated_at"].replace(tzinfo=UTC) == START + timedelta(microseconds=1)
    assert row["position"] == 1


def test_beds_taken_and_freed_change_occupancy(journey: Journey, clock: ScriptedClock) -> None:
    facility_id = shelter(journey, beds=4)
    first = admit(journey, facility_id)
    admit(journey, facility_id)
    admit(journey, facility_id)
    clock.advance(days=1)
    discharge(journey, first)
    (row,) = projected(journey)["facility_capacity"]
    assert (row["occupied"], row["available"], row["occupancy_rate"]) == (2, 2, 0.5)
    assert row["daily_through"] == DAY_1 + timedelta(days=1)
    assert row["position"] == _last_position(journey, "Facility")


def test_beds_follow_the_latest_capacity_change(journey: Journey) -> None:
    facility_id = shelter(journey, beds=2)
    change_capacity(journey, facility_id, 6, DAY_1 + timedelta(days=10))
    (row,) = projected(journey)["facility_capacity"]
    assert (row["beds"], row["beds_effective_from"]) == (6, DAY_1 + timedelta(days=10))
    assert (row["available"], row["daily_through"]) == (6, DAY_1)
    assert json.loads(row["bed_inventory"]) == [
        {"start": "2026-01-01", "end": "2026-03-11", "beds": 2},
        {"start": "2026-03-12", "end": None, "beds": 6},
    ]


# ------------------------------------------------- facility_occupancy_daily


def test_days_run_without_gaps_and_carry_residents_forward(
    journey: Journey, clock: ScriptedClock
) -> None:
    facility_id = shelter(journey, beds=2)
    stay = admit(journey, facility_id)
    clock.advance(days=3)
    admit(journey, facility_id)
    clock.advance(days=1)
    discharge(journey, stay)
    days = days_of(projected(journey), facility_id)
    assert column(days, "day") == [DAY_1 + timedelta(days=n) for n in range(5)]
    assert column(days, "facility_name") == ["Shelter Prishtina"] * 5
    assert column(days, "beds") == [2] * 5
    assert column(days, "occupied") == [1, 1, 1, 2, 1]
    assert column(days, "admissions") == [1, 0, 0, 1, 0]
    assert column(days, "discharges") == [0, 0, 0, 0, 1]
    assert column(days, "utilisation") == [0.5, 0.5, 0.5, 1.0, 0.5]


def test_a_capacity_change_counts_from_its_effective_date(
    journey: Journey, clock: ScriptedClock
) -> None:
    facility_id = shelter(journey, beds=5)
    clock.advance(days=3)
    change_capacity(journey, facility_id, 8, DAY_1 + timedelta(days=1))  # back-dated
    change_capacity(journey, facility_id, 9, DAY_1 + timedelta(days=5))  # ahead
    change_capacity(journey, facility_id, 10, DAY_1 + timedelta(days=7))  # further ahead
    clock.advance(days=5)
    admit(journey, facility_id)
    days = days_of(projected(journey), facility_id)
    assert column(days, "beds") == [5, 8, 8, 8, 8, 9, 9, 10, 10]
    assert column(days, "occupied") == [0] * 8 + [1]


def test_nights_before_the_inventory_starts_have_no_beds(journey: Journey) -> None:
    facility_id = shelter(journey, beds=2, effective_from=DAY_1 + timedelta(days=1))
    (day,) = days_of(projected(journey), facility_id)
    assert (day["beds"], day["utilisation"], day["data_quality_flag"]) == (0, None, 0)
    admit(journey, facility_id)
    (day,) = days_of(projected(journey), facility_id)
    assert (day["beds"], day["occupied"], day["utilisation"], day["data_quality_flag"]) == (
        0,
        1,
        None,
        1,
    )


def test_hud_flags_utilisation_outside_65_to_105_percent(
    journey: Journey, clock: ScriptedClock
) -> None:
    facility_id = shelter(journey, beds=20)
    stays = [admit(journey, facility_id) for _ in range(13)]
    clock.advance(days=1)
    discharge(journey, stays[0])
    days = days_of(projected(journey), facility_id)
    assert column(days, "utilisation") == [0.65, 0.6]
    assert column(days, "data_quality_flag") == [0, 1]


def test_beds_added_later_do_not_admit_anyone_tonight(journey: Journey) -> None:
    """A capacity rise dated ahead counts from its date: tonight one bed, one resident."""
    facility_id = shelter(journey, beds=1)
    change_capacity(journey, facility_id, 2, DAY_1 + timedelta(days=3))
    admit(journey, facility_id)
    with pytest.raises(CapacityExceeded):
        admit(journey, facility_id)
    (day,) = days_of(projected(journey), facility_id)
    assert (day["beds"], day["occupied"], day["utilisation"], day["data_quality_flag"]) == (
        1,
        1,
        1.0,
        0,
    )


def test_a_transfer_moves_the_bed_and_is_counted_on_both_sides(
    journey: Journey, clock: ScriptedClock
) -> None:
    north, south = shelter(journey, 2, "Shelter North"), shelter(journey, 2, "Shelter South")
    stay = admit(journey, north)
    clock.advance(days=1)
    journey.bus.execute(stay, TransferStay(to_facility_id=south), actor=WORKER)
    clock.advance(days=1)
    discharge(journey, stay)
    tables = projected(journey)
    north_days, south_days = days_of(tables, north), days_of(tables, south)
    assert column(north_days, "occupied") == [1, 0]
    assert column(north_days, "discharges") == [0, 1]
    assert column(north_days, "transfers_out") == [0, 1]
    assert column(south_days, "occupied") == [0, 1, 0]
    assert column(south_days, "admissions") == [0, 1, 0]
    assert column(south_days, "transfers_in") == [0, 1, 0]
    assert column(south_days, "discharges") == [0, 0, 1]
    assert column(south_days, "transfers_out") == [0, 0, 0]


def test_an_event_dated_before_the_last_day_counts_on_the_last_day(journey: Journey) -> None:
    """Servers' clocks may disagree by a few milliseconds, also across midnight."""
    facility_id = shelter(journey, beds=2)
    admit(journey, facility_id)
    earlier = [
        replace(c, at=c.at - timedelta(days=1)) if c.event_type == "Facility.BedOccupied" else c
        for c in changes(journey)
    ]
    engine, tables = apply_in_one_batch(earlier)
    (day,) = rows(engine, tables["facility_occupancy_daily"])
    assert (day["day"], day["occupied"], day["admissions"]) == (DAY_1, 1, 1)


def test_an_admission_and_a_discharge_written_up_later_count_on_their_stated_nights(
    journey: Journey, clock: ScriptedClock
) -> None:
    facility_id = shelter(journey, beds=2)
    clock.advance(days=5)
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.LOW), actor=WORKER)
    admission = AdmitToShelter(case_id=case_id, facility_id=facility_id, admitted_on=DAY_1 + DAY)
    stay_id = journey.bus.execute(None, admission, actor=WORKER).id
    clock.advance(days=3)
    journey.bus.execute(
        stay_id,
        DischargeFromShelter(
            reason=DischargeReason.COMPLETED_PROGRAMME,
            destination=ExitDestination.FAMILY,
            discharged_on=DAY_1 + 6 * DAY,
        ),
        actor=WORKER,
    )
    tables = projected(journey)
    days = days_of(tables, facility_id)
    assert column(days, "occupied") == [0, 1, 1, 1, 1, 1, 0, 0, 0]
    assert column(days, "admissions") == [0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert column(days, "discharges") == [0, 0, 0, 0, 0, 0, 1, 0, 0]
    (stay,) = tables["shelter_stays"]
    assert (stay["admitted_on"], stay["discharged_on"], stay["length_of_stay_days"]) == (
        DAY_1 + DAY,
        DAY_1 + 6 * DAY,
        5,
    )


# ------------------------------------------------------------ shelter_stays


def test_a_stay_from_admission_to_discharge(journey: Journey, clock: ScriptedClock) -> None:
    facility_id = shelter(journey)
    stay_id = admit(journey, facility_id)
    (row,) = projected(journey)["shelter_stays"]
    assert (row["stay_id"], row["facility_id"]) == (str(stay_id), str(facility_id))
    assert (row["case_number"], row["facility_name"]) == ("PVPT-C-2026-0001", "Shelter Prishtina")
    assert UUID(row["case_id"]) == journey.queries.stay(stay_id).case_id
    assert (row["admitted_on"], row["discharged_on"], row["length_of_stay_days"]) == (
        DAY_1,
        None,
        None,
    )
    clock.advance(days=12)
    discharge(journey, stay_id)
    (row,) = projected(journey)["shelter_stays"]
    assert (row["discharged_on"], row["length_of_stay_days"]) == (DAY_1 + timedelta(days=12), 12)
    assert (row["discharge_reason"], row["exit_destination"]) == ("completed_programme", "family")
    assert row["updated_at"].replace(tzinfo=UTC) == journey.queries.stay(stay_id).modified_on
    assert row["position"] == _last_position(journey, "ShelterStay")


def test_leave_keeps_the_bed(journey: Journey, clock: ScriptedClock) -> None:
    facility_id = shelter(journey)
    stay_id = admit(journey, facility_id)
    journey.bus.execute(
        stay_id, StartLeave(expected_return=DAY_1 + timedelta(days=2), reason="visit"), actor=WORKER
    )
    tables = projected(journey)
    assert tables["shelter_stays"][0]["on_leave"] == 1
    assert tables["facility_capacity"][0]["occupied"] == 1
    journey.bus.execute(stay_id, ReturnFromLeave(), actor=WORKER)
    assert projected(journey)["shelter_stays"][0]["on_leave"] == 0
    journey.bus.execute(
        stay_id, StartLeave(expected_return=DAY_1 + timedelta(days=2), reason="visit"), actor=WORKER
    )
    discharge(journey, stay_id)
    assert projected(journey)["shelter_stays"][0]["on_leave"] == 0


def test_a_transferred_stay_shows_its_current_facility(journey: Journey) -> None:
    north, south = shelter(journey, 2, "Shelter North"), shelter(journey, 2, "Shelter South")
    stay_id = admit(journey, north)
    journey.bus.execute(stay_id, TransferStay(to_facility_id=south), actor=WORKER)
    (row,) = projected(journey)["shelter_stays"]
    assert (row["facility_id"], row["facility_name"], row["transfers"]) == (
        str(south),
        "Shelter South",
        1,
    )


# --------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("Facility.Registered", "ShelterStay.Admitted of ShelterStay .* names facility"),
        ("ShelterStay.Admitted", "Facility.BedOccupied of Facility .* names stay"),
    ],
)
def test_an_event_naming_a_record_never_created_is_refused(
    journey: Journey, missing: str, message: str
) -> None:
    admit(journey, shelter(journey))
    with pytest.raises(LookupError, match=message):
        apply_in_one_batch([c for c in changes(journey) if c.event_type != missing])


def test_events_of_a_facility_or_stay_never_created_are_refused(journey: Journey) -> None:
    facility_id = shelter(journey)
    stay_id = admit(journey, facility_id)
    after = len(changes(journey))
    discharge(journey, stay_id)
    change_capacity(journey, facility_id, 9, DAY_1)
    discharged, _released, _case_ended, changed = changes(journey, after)
    with pytest.raises(LookupError, match=f"Discharged for stay {stay_id} that was never admitted"):
        apply_in_one_batch([discharged])
    with pytest.raises(LookupError, match=f"for facility {facility_id} that was never registered"):
        apply_in_one_batch([changed])


def test_events_of_other_records_are_ignored(journey: Journey) -> None:
    open_case(journey, register(journey))
    assert projected(journey) == {
        "facility_capacity": [],
        "facility_occupancy_daily": [],
        "shelter_stays": [],
        "day_centre_sessions": [],
        "day_centre_enrolments": [],
        "day_centre_enrolment_monthly": [],
        "facility_turnaways_monthly": [],  # issue 15
        "facility_turnaway_referrals": [],
    }


# ------------------------------------------------------------------- views


def test_the_views_add_days_so_far_and_utilisation_per_facility(
    journey: Journey, clock: ScriptedClock
) -> None:
    facility_id = shelter(journey, beds=2)
    discharged, staying = admit(journey, facility_id), admit(journey, facility_id)
    clock.advance(days=3)
    discharge(journey, discharged)
    engine = memory_engine()
    tables = project(journey, Capacity(), engine)
    with engine.begin() as conn:
        point_views(conn, Capacity(), tables)
        stays = conn.execute(text("SELECT stay_id, days_so_far FROM shelter_stays")).all()
        (totals,) = conn.execute(text("SELECT * FROM facility_utilisation")).mappings()
        assert conn.execute(text("SELECT COUNT(*) FROM facility_occupancy_daily")).scalar() == 4
        assert conn.execute(text("SELECT occupied FROM facility_capacity")).scalar() == 1
    today = today_in_prishtina()
    assert dict(stays) == {str(discharged): 3, str(staying): (today - DAY_1).days}
    assert (totals["facility_name"], totals["days"], totals["flagged_days"]) == (
        "Shelter Prishtina",
        4,
        1,
    )
    assert (totals["bed_nights"], totals["occupied_bed_nights"]) == (8, 7)
    assert totals["utilisation"] == pytest.approx(7 / 8)
    assert totals["average_daily_utilisation"] == pytest.approx(7 / 8)
    assert (totals["admissions"], totals["discharges"]) == (2, 1)


# ------------------------------------------------------------- determinism


def test_batch_boundaries_do_not_change_the_result(journey: Journey, clock: ScriptedClock) -> None:
    north, south = a_busy_month(journey, clock)
    whole = projected(journey, batch=500)
    for batch in (1, 3):
        assert projected(journey, batch=batch) == whole
    assert column(days_of(whole, north), "beds") == [3] * 9 + [5] * 3
    assert column(days_of(whole, south), "beds") == [4] + [6] * 12
    assert column(days_of(whole, south), "transfers_in") == [0] * 5 + [1] + [0] * 7


def test_a_batch_reads_and_writes_each_table_a_few_times(
    journey: Journey, clock: ScriptedClock
) -> None:
    a_busy_month(journey, clock)
    stored = changes(journey)
    engine, tables = apply_in_one_batch(stored[: len(stored) // 2])
    with counting(engine) as statements, engine.begin() as conn:
        Capacity().apply(conn, tables, stored[len(stored) // 2 :])
    assert 3 <= len(statements) <= 9  # 3 reads, then a delete and an insert per table


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements `engine` sends while the block runs."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _last_position(journey: Journey, aggregate_type: str) -> int:
    return max(c.position for c in changes(journey) if c.aggregate_type == aggregate_type)
