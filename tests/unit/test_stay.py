"""Shelter stay: admission, transfer, leave, discharge; each bed change lands on a facility."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import cast
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from domain.base import JourneyAggregate
from domain.errors import (
    CapacityExceeded,
    DateInFuture,
    DateTooEarly,
    DomainError,
    InvalidInput,
    RuleViolated,
)
from domain.facility import Facility
from domain.stay import ShelterStay
from domain.vocab import DischargeReason, ExitDestination, FacilityKind, RiskLevel
from tests.unit.dsl import at, given, then

A_ID = UUID("0b6f7a1e-0000-4000-8000-00000000000a")
B_ID = UUID("0b6f7a1e-0000-4000-8000-00000000000b")
CASE_ID = UUID("ca5e0000-0000-4000-8000-000000000001")
STAY_ID = UUID("5a7e0000-0000-4000-8000-000000000001")
OTHER_STAY = UUID("5a7e0000-0000-4000-8000-000000000002")
CASE_NUMBER = "PVPT-C-2026-0007"

Scene = tuple[ShelterStay, Facility, Facility]
Step = Callable[[ShelterStay, Facility, Facility], object]


def pending(record: JourneyAggregate) -> list[Aggregate.Event]:
    return cast("list[Aggregate.Event]", list(record.collect_events()))


def shelter(name: str, facility_id: UUID, beds: int = 2) -> Facility:
    return Facility.register(
        name,
        FacilityKind.SHELTER,
        beds,
        date(2026, 3, 1),
        facility_id=facility_id,
        actor="ana",
        at=at(),
    )


def admit(
    facility: Facility,
    *,
    risk: RiskLevel | None = RiskLevel.MEDIUM,
    closed: bool = False,
    number: str = CASE_NUMBER,
    stay_id: UUID = STAY_ID,
    moment: datetime | None = None,
    actor: str = "ana",
) -> ShelterStay:
    return ShelterStay.admit(
        CASE_ID,
        number,
        facility,
        risk,
        closed,
        stay_id=stay_id,
        actor=actor,
        at=moment or at(1),
    )


def scene(*steps: Step) -> Scene:
    """A stay admitted to shelter A on day 1 (B is empty), then `steps`; all three
    records rebuilt from their events, as the repository would load them."""
    a, b = shelter("Shelter A", A_ID), shelter("Shelter B", B_ID)
    stay = admit(a)
    for step in steps:
        step(stay, a, b)
    rebuilt = given(ShelterStay, pending(stay))
    return rebuilt, given(Facility, pending(a)), given(Facility, pending(b))


def fill(facility: Facility, *stays: int) -> None:
    for n in stays:
        facility.occupy(UUID(int=n), actor="ana", at=at(1))


def refuse(
    error: type[DomainError],
    command: Callable[[], object],
    *records: JourneyAggregate,
    **expected: str,
) -> DomainError:
    """The command raises exactly `error` and records nothing on any record involved."""
    with pytest.raises(error) as raised:
        command()
    assert type(raised.value) is error
    for name, value in expected.items():
        assert getattr(raised.value, name) == value
    for record in records:
        assert pending(record) == []
    return raised.value


def transfer_a_to_b(days: float = 2) -> Step:
    return lambda s, a, b: s.transfer(b, a, actor="ana", at=at(days))


def leave(days: float = 2) -> Step:
    return lambda s, a, b: s.start_leave(
        date(2026, 3, 10), "family visit", actor="ana", at=at(days)
    )


def discharge_from_a(days: float = 2) -> Step:
    return lambda s, a, b: s.discharge(
        a, DischargeReason.COMPLETED_PROGRAMME, ExitDestination.FAMILY, actor="ana", at=at(days)
    )


# --------------------------------------------------------------------- admit


@pytest.mark.parametrize("risk", [RiskLevel.LOW, RiskLevel.MEDIUM])
def test_admit_opens_the_stay_and_takes_a_bed(risk: RiskLevel) -> None:
    a = given(Facility, pending(shelter("Shelter A", A_ID)))
    stay = admit(a, risk=risk)
    then(
        pending(stay),
        (
            ShelterStay.Admitted,
            {
                "case_id": CASE_ID,
                "case_number": CASE_NUMBER,
                "facility_id": A_ID,
                "admitted_on": date(2026, 3, 3),
                "actor": "ana",
            },
        ),
    )
    then(pending(a), (Facility.BedOccupied, {"stay_id": STAY_ID, "timestamp": at(1)}))
    assert stay.id == STAY_ID
    assert stay.label == f"stay of case {CASE_NUMBER}"
    assert a.residents == {STAY_ID}


def test_a_rebuilt_stay_has_the_admission_state() -> None:
    stay, a, _ = scene()
    assert (stay.case_id, stay.facility_id, stay.admitted_on) == (CASE_ID, A_ID, date(2026, 3, 3))
    assert (stay.on_leave, stay.transfers, stay.discharged_on) == (False, 0, None)
    assert not stay.is_discharged
    assert a.residents == {STAY_ID}


def admit_on(facility: Facility, day: date, moment: datetime) -> ShelterStay:
    return ShelterStay.admit(
        CASE_ID,
        CASE_NUMBER,
        facility,
        RiskLevel.LOW,
        False,
        admitted_on=day,
        referred_on=date(2026, 2, 20),
        stay_id=STAY_ID,
        actor="ana",
        at=moment,
    )


def test_admit_on_a_stated_earlier_day_keeps_both_times() -> None:
    a = given(Facility, pending(shelter("Shelter A", A_ID)))
    stay = admit_on(a, date(2026, 2, 25), at(10))
    then(
        pending(stay),
        (ShelterStay.Admitted, {"admitted_on": date(2026, 2, 25), "timestamp": at(10)}),
    )
    then(pending(a), (Facility.BedOccupied, {"stay_id": STAY_ID}))


def test_admit_on_an_earlier_day_needs_a_bed_now_not_then() -> None:
    """One bed until 2 March, three from 3 March: a resident written up as admitted on
    2 March takes one of today's three beds."""
    a = shelter("Shelter A", A_ID, beds=1)
    a.change_capacity(3, date(2026, 3, 3), actor="ana", at=at())
    fill(a, 1)
    a = given(Facility, pending(a))
    stay = admit_on(a, date(2026, 3, 2), at(10))
    then(pending(stay), (ShelterStay.Admitted, {"admitted_on": date(2026, 3, 2)}))
    assert a.occupancy == 2


def test_admit_refuses_a_day_in_the_future() -> None:
    a = given(Facility, pending(shelter("Shelter A", A_ID)))
    error = refuse(
        DateInFuture, lambda: admit_on(a, date(2026, 3, 4), at(1)), a, field="admitted_on"
    )
    assert "2026-03-04" in error.message


def test_admit_refuses_a_day_before_the_referral() -> None:
    a = given(Facility, pending(shelter("Shelter A", A_ID)))
    error = refuse(
        DateTooEarly, lambda: admit_on(a, date(2026, 2, 19), at(1)), a, rule="date_too_early"
    )
    assert ("2026-02-19" in error.message, "2026-02-20" in error.message) == (True, True)


def test_admit_makes_a_stay_id_when_none_is_given() -> None:
    a = shelter("Shelter A", A_ID)
    stay = ShelterStay.admit(CASE_ID, CASE_NUMBER, a, RiskLevel.LOW, False, actor="ana", at=at(1))
    assert a.residents == {stay.id}
    assert stay.id != STAY_ID


def test_admit_refuses_a_closed_case() -> None:
    a = given(Facility, pending(shelter("Shelter A", A_ID)))
    error = refuse(RuleViolated, lambda: admit(a, closed=True), a, rule="case_closed")
    assert f"case {CASE_NUMBER} is closed" in error.message
    assert a.residents == set()


def test_admit_refuses_a_case_without_a_risk_assessment() -> None:
    a = given(Facility, pending(shelter("Shelter A", A_ID)))
    error = refuse(RuleViolated, lambda: admit(a, risk=None), a, rule="risk_assessment_required")
    assert f"case {CASE_NUMBER} has no risk assessment" in error.message


def test_admit_refuses_a_high_risk_case() -> None:
    a = given(Facility, pending(shelter("Shelter A", A_ID)))
    error = refuse(RuleViolated, lambda: admit(a, risk=RiskLevel.HIGH), a, rule="high_risk")
    assert f"case {CASE_NUMBER} is high risk" in error.message
    assert "Interim Security Facility" in error.message
    assert "PVPT shelters take low and medium risk" in error.message


def test_admit_refuses_when_the_facility_is_full() -> None:
    a = shelter("Shelter A", A_ID, beds=2)
    fill(a, 1, 2)
    a = given(Facility, pending(a))
    error = refuse(CapacityExceeded, lambda: admit(a, moment=at(2)), a, rule="capacity_exceeded")
    assert error.message == (
        f"facility Shelter A is full: 2 of 2 beds taken; stay of case {CASE_NUMBER} "
        "cannot be admitted"
    )
    assert STAY_ID not in a.residents


def test_admit_refuses_a_malformed_case_number() -> None:
    a = given(Facility, pending(shelter("Shelter A", A_ID)))
    refuse(InvalidInput, lambda: admit(a, number="7"), a, field="case_number")


def test_admit_accepts_a_clock_a_little_behind_the_facility() -> None:
    """Order is the version's, not the timestamp's (servers' clocks may differ)."""
    _, a, _ = scene()
    admit(a, stay_id=OTHER_STAY, moment=at(0.5))
    assert OTHER_STAY in a.residents


def test_admit_refuses_a_missing_actor() -> None:
    a = given(Facility, pending(shelter("Shelter A", A_ID)))
    refuse(InvalidInput, lambda: admit(a, actor=" "), a, field="actor")


# ------------------------------------------------------------------ transfer


def test_transfer_moves_the_bed_from_one_facility_to_the_other() -> None:
    stay, a, b = scene()
    transfer_a_to_b()(stay, a, b)
    then(
        pending(stay), (ShelterStay.Transferred, {"from_facility_id": A_ID, "to_facility_id": B_ID})
    )
    then(pending(a), (Facility.BedReleased, {"stay_id": STAY_ID}))
    then(pending(b), (Facility.BedOccupied, {"stay_id": STAY_ID}))
    assert (stay.facility_id, stay.transfers) == (B_ID, 1)
    assert (a.residents, b.residents) == (set(), {STAY_ID})


def test_transfer_refuses_the_facility_the_stay_is_in() -> None:
    stay, a, _ = scene()
    error = refuse(
        RuleViolated,
        lambda: stay.transfer(a, a, actor="ana", at=at(2)),
        stay,
        a,
        rule="same_facility",
    )
    assert f"stay of case {CASE_NUMBER} is already in facility Shelter A" in error.message


def test_transfer_refuses_a_wrong_from_facility() -> None:
    stay, a, b = scene()
    error = refuse(
        RuleViolated,
        lambda: stay.transfer(a, b, actor="ana", at=at(2)),
        stay,
        a,
        b,
        rule="wrong_facility",
    )
    assert f"stay of case {CASE_NUMBER} is in facility {A_ID}, not in facility Shelter B" in (
        error.message
    )


def test_transfer_refuses_while_on_leave() -> None:
    stay, a, b = scene(leave())
    error = refuse(
        RuleViolated, lambda: transfer_a_to_b(3)(stay, a, b), stay, a, b, rule="on_leave"
    )
    assert f"stay of case {CASE_NUMBER} is on leave" in error.message


def test_transfer_refuses_after_discharge() -> None:
    stay, a, b = scene(discharge_from_a())
    error = refuse(
        RuleViolated, lambda: transfer_a_to_b(3)(stay, a, b), stay, a, b, rule="discharged"
    )
    assert f"stay of case {CASE_NUMBER} was discharged on 2026-03-04" in error.message


def test_transfer_refuses_a_full_target_before_recording_anything() -> None:
    stay, a, b = scene(lambda s, a, b: fill(b, 1, 2))
    error = refuse(
        CapacityExceeded,
        lambda: transfer_a_to_b(3)(stay, a, b),
        stay,
        a,
        b,
        rule="capacity_exceeded",
    )
    assert error.message.startswith("facility Shelter B is full: 2 of 2 beds taken;")
    assert f"stay of case {CASE_NUMBER}" in error.message
    assert (a.residents, stay.facility_id) == ({STAY_ID}, A_ID)


def test_transfer_accepts_a_clock_a_little_behind_the_target() -> None:
    stay, a, b = scene(lambda s, a, b: b.change_capacity(3, date(2026, 3, 9), actor="a", at=at(5)))
    transfer_a_to_b(3)(stay, a, b)
    assert stay.facility_id == b.id


# --------------------------------------------------------------------- leave


def test_leave_keeps_the_bed_and_return_ends_it() -> None:
    stay, a, b = scene()
    leave()(stay, a, b)
    then(
        pending(stay),
        (
            ShelterStay.LeaveStarted,
            {"expected_return": date(2026, 3, 10), "reason": "family visit"},
        ),
    )
    assert (stay.on_leave, stay.expected_return) == (True, date(2026, 3, 10))
    assert a.residents == {STAY_ID}
    stay.return_from_leave(actor="ana", at=at(4))
    then(pending(stay), (ShelterStay.ReturnedFromLeave, {"actor": "ana"}))
    assert (stay.on_leave, stay.expected_return) == (False, None)
    assert pending(a) == []


def test_leave_refuses_a_second_leave() -> None:
    stay, a, b = scene(leave())
    refuse(RuleViolated, lambda: leave(3)(stay, a, b), stay, rule="on_leave")


def test_leave_refuses_after_discharge() -> None:
    stay, a, b = scene(discharge_from_a())
    refuse(RuleViolated, lambda: leave(3)(stay, a, b), stay, rule="discharged")


def test_leave_refuses_a_return_date_before_the_leave() -> None:
    stay, _, _ = scene()
    refuse(
        InvalidInput,
        lambda: stay.start_leave(date(2026, 3, 1), "visit", actor="ana", at=at(2)),
        stay,
        field="expected_return",
    )


def test_leave_refuses_a_blank_reason() -> None:
    stay, _, _ = scene()
    refuse(
        InvalidInput,
        lambda: stay.start_leave(date(2026, 3, 9), "  ", actor="ana", at=at(2)),
        stay,
        field="reason",
    )


def test_return_refuses_a_stay_not_on_leave() -> None:
    stay, _, _ = scene()
    error = refuse(
        RuleViolated,
        lambda: stay.return_from_leave(actor="ana", at=at(2)),
        stay,
        rule="not_on_leave",
    )
    assert f"stay of case {CASE_NUMBER} is not on leave" in error.message


def test_return_refuses_after_discharge() -> None:
    stay, _, _ = scene(leave(), discharge_from_a(3))
    refuse(
        RuleViolated,
        lambda: stay.return_from_leave(actor="ana", at=at(4)),
        stay,
        rule="discharged",
    )


# ----------------------------------------------------------------- discharge


def test_discharge_ends_the_stay_and_frees_the_bed() -> None:
    stay, a, b = scene()
    discharge_from_a()(stay, a, b)
    then(
        pending(stay),
        (
            ShelterStay.Discharged,
            {
                "reason": DischargeReason.COMPLETED_PROGRAMME,
                "destination": ExitDestination.FAMILY,
                "discharged_on": date(2026, 3, 4),
            },
        ),
    )
    then(pending(a), (Facility.BedReleased, {"stay_id": STAY_ID}))
    assert stay.is_discharged
    assert (stay.discharge_reason, stay.exit_destination) == (
        DischargeReason.COMPLETED_PROGRAMME,
        ExitDestination.FAMILY,
    )
    assert a.residents == set()


def discharge_on(day: date, days: float) -> Step:
    return lambda s, a, b: s.discharge(
        a, DischargeReason.OTHER, ExitDestination.FAMILY, day, actor="ana", at=at(days)
    )


def test_discharge_on_a_stated_earlier_day_keeps_both_times() -> None:
    stay, a, b = scene()
    discharge_on(date(2026, 3, 5), 30)(stay, a, b)
    then(
        pending(stay),
        (ShelterStay.Discharged, {"discharged_on": date(2026, 3, 5), "timestamp": at(30)}),
    )
    then(pending(a), (Facility.BedReleased, {"stay_id": STAY_ID}))
    assert stay.discharged_on == date(2026, 3, 5)


def test_discharge_refuses_a_day_before_the_admission() -> None:
    stay, a, b = scene()
    error = refuse(
        DateTooEarly,
        lambda: discharge_on(date(2026, 3, 2), 30)(stay, a, b),
        stay,
        a,
        field="discharged_on",
    )
    assert "2026-03-02 is before the admission" in error.message
    assert "2026-03-03" in error.message


def test_discharge_refuses_a_day_before_the_transfer_into_the_facility() -> None:
    stay, _, b = scene(transfer_a_to_b(days=5))
    assert stay.in_facility_since == at(5).date()
    error = refuse(
        DateTooEarly,
        lambda: stay.discharge(
            b, DischargeReason.OTHER, ExitDestination.FAMILY, date(2026, 3, 6), actor="a", at=at(9)
        ),
        stay,
        b,
        field="discharged_on",
    )
    assert "before the transfer of" in error.message
    assert at(5).date().isoformat() in error.message


def test_discharge_refuses_a_day_in_the_future() -> None:
    stay, a, b = scene()
    refuse(DateInFuture, lambda: discharge_on(date(2026, 3, 6), 3)(stay, a, b), stay, a)


def test_discharge_while_on_leave_is_allowed() -> None:
    stay, a, _ = scene(leave())
    stay.discharge(
        a, DischargeReason.LEFT_VOLUNTARILY, ExitDestination.UNKNOWN, actor="a", at=at(5)
    )
    then(pending(stay), (ShelterStay.Discharged, {"reason": DischargeReason.LEFT_VOLUNTARILY}))
    then(pending(a), (Facility.BedReleased, {"stay_id": STAY_ID}))
    assert not stay.on_leave


def test_discharge_after_a_transfer_frees_the_new_bed() -> None:
    stay, a, b = scene(transfer_a_to_b())
    stay.discharge(
        b, DischargeReason.REPATRIATED, ExitDestination.COUNTRY_OF_ORIGIN, actor="a", at=at(3)
    )
    then(pending(b), (Facility.BedReleased, {"stay_id": STAY_ID}))
    assert pending(a) == []


def test_discharge_refuses_a_second_discharge() -> None:
    stay, a, b = scene(discharge_from_a())
    error = refuse(
        RuleViolated, lambda: discharge_from_a(3)(stay, a, b), stay, a, rule="discharged"
    )
    assert f"stay of case {CASE_NUMBER} was discharged" in error.message


def test_discharge_refuses_a_wrong_facility() -> None:
    stay, _, b = scene()
    error = refuse(
        RuleViolated,
        lambda: stay.discharge(
            b, DischargeReason.OTHER, ExitDestination.UNKNOWN, actor="a", at=at(2)
        ),
        stay,
        b,
        rule="wrong_facility",
    )
    assert "not in facility Shelter B" in error.message


def test_discharge_accepts_a_clock_a_little_behind_the_facility() -> None:
    stay, a, b = scene(lambda s, a, b: a.change_capacity(3, date(2026, 3, 9), actor="a", at=at(5)))
    discharge_from_a(3)(stay, a, b)
    assert stay.is_discharged


# ------------------------------------------------------- stateful (property)


MOSTLY_FALSE = st.sampled_from([False, False, False, True])


class Shelters(RuleBasedStateMachine):
    """Random admissions, transfers, leaves, discharges and capacity changes across two
    facilities: no facility ever holds more residents than beds, its residents are
    exactly the stays in it that are not discharged, and refusals record nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.hour = 0
        self.facilities = [shelter("Shelter A", A_ID, 2), shelter("Shelter B", B_ID, 1)]
        self.stays: list[ShelterStay] = []
        self.log: dict[UUID, list[Aggregate.Event]] = {}
        self.settle(None, *self.facilities)

    def tick(self) -> datetime:
        self.hour += 1
        return at(hours=self.hour)

    def settle(self, refused: DomainError | None, *records: JourneyAggregate) -> None:
        for record in records:
            events = pending(record)
            assert refused is None or events == [], refused
            self.log.setdefault(record.id, []).extend(events)

    def choose(self, pick: int, astray: bool) -> tuple[ShelterStay, Facility]:
        """A stay still in a facility (any stay if `astray` or none is) and the facility
        it is in (the other one if `astray`)."""
        live = [s for s in self.stays if not s.is_discharged]
        pool = self.stays if astray or not live else live
        stay = pool[pick % len(pool)]
        here = next(f for f in self.facilities if f.id == stay.facility_id)
        return stay, (self.facilities[1 - self.facilities.index(here)] if astray else here)

    @rule(
        to=st.integers(0, 1),
        risk=st.sampled_from([RiskLevel.LOW, RiskLevel.MEDIUM] * 2 + [RiskLevel.HIGH, None]),
        closed=MOSTLY_FALSE,
    )
    def admit(self, to: int, risk: RiskLevel | None, closed: bool) -> None:
        facility, number = self.facilities[to], f"PVPT-C-2026-{len(self.stays) + 1:04d}"
        try:
            stay = ShelterStay.admit(
                CASE_ID, number, facility, risk, closed, actor="a", at=self.tick()
            )
        except DomainError as refused:
            self.settle(refused, facility)
        else:
            self.stays.append(stay)
            self.settle(None, stay, facility)

    @precondition(lambda self: self.stays)
    @rule(pick=st.integers(0, 99), astray=MOSTLY_FALSE, stay_put=MOSTLY_FALSE)
    def transfer(self, pick: int, astray: bool, stay_put: bool) -> None:
        stay, source = self.choose(pick, astray)
        here = self.facilities.index(source)
        target, moment = self.facilities[here if stay_put else 1 - here], self.tick()
        self.attempt(
            lambda: stay.transfer(target, source, actor="a", at=moment), (stay, target, source)
        )

    @precondition(lambda self: self.stays)
    @rule(pick=st.integers(0, 99), astray=MOSTLY_FALSE, reason=st.sampled_from(DischargeReason))
    def discharge(self, pick: int, astray: bool, reason: DischargeReason) -> None:
        stay, facility = self.choose(pick, astray)
        moment, destination = self.tick(), ExitDestination.UNKNOWN
        self.attempt(
            lambda: stay.discharge(facility, reason, destination, actor="a", at=moment),
            (stay, facility),
        )

    @precondition(lambda self: self.stays)
    @rule(pick=st.integers(0, 99), astray=MOSTLY_FALSE)
    def leave_or_return(self, pick: int, astray: bool) -> None:
        stay, _ = self.choose(pick, astray)
        moment = self.tick()
        if stay.on_leave:
            self.attempt(lambda: stay.return_from_leave(actor="a", at=moment), (stay,))
        else:
            self.attempt(
                lambda: stay.start_leave(moment.date(), "visit", actor="a", at=moment), (stay,)
            )

    @rule(which=st.integers(0, 1), beds=st.integers(1, 4))
    def change_capacity(self, which: int, beds: int) -> None:
        facility, moment = self.facilities[which], self.tick()
        self.attempt(
            lambda: facility.change_capacity(beds, moment.date(), actor="a", at=moment), (facility,)
        )

    def attempt(self, command: Callable[[], object], records: tuple[JourneyAggregate, ...]) -> None:
        try:
            command()
        except DomainError as refused:
            self.settle(refused, *records)
        else:
            self.settle(None, *records)

    @invariant()
    def never_more_residents_than_beds(self) -> None:
        for facility in self.facilities:
            assert facility.occupancy <= facility.beds

    @invariant()
    def residents_are_the_stays_in_the_facility(self) -> None:
        for facility in self.facilities:
            inside = {
                s.id for s in self.stays if not s.is_discharged and s.facility_id == facility.id
            }
            assert facility.residents == inside

    @invariant()
    def replaying_the_events_gives_the_same_state(self) -> None:
        for facility in self.facilities:
            rebuilt = given(Facility, self.log[facility.id])
            assert (rebuilt.residents, rebuilt.beds) == (facility.residents, facility.beds)
            assert rebuilt.capacity_history == facility.capacity_history
        for stay in self.stays:
            again = given(ShelterStay, self.log[stay.id])
            assert (again.facility_id, again.on_leave, again.discharged_on) == (
                stay.facility_id,
                stay.on_leave,
                stay.discharged_on,
            )


Shelters.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
TestShelters = Shelters.TestCase
