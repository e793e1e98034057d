"""Facility: a shelter or day rehabilitation centre and its beds (HMIS bed inventory).

Capacity changes over time; `capacity_history` keeps each period's beds so analysts
can count the beds of any night. Residents are the stays holding a bed. A facility
never holds more residents than beds: every admission, transfer and discharge
records an event here, and the service saves the stay and the facility together,
so concurrent admissions conflict on the facility's version instead of overbooking.

Issue 15: a facility is in a municipality (domain/places.py; `Relocated` when it moves),
and a shelter records the admissions it refused (`TurnedAway`, checked in
domain/facility_turnaway.py): turn-aways are rare and their 'no bed' rule reads the
residents, so they sit here, on the record every admission already writes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain import checks, places
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.errors import CapacityExceeded, InvalidInput, RuleViolated
from domain.facility_turnaway import AgeGroup, TurnAway, TurnAwayReason, checked
from domain.values import BedInventory
from domain.vocab import FacilityKind, Gender, RiskLevel


class Facility(JourneyAggregate):
    class_version = 2  # v2: the municipality it is in (issue 15)

    name: str
    kind: FacilityKind
    beds: int
    capacity_history: list[BedInventory]
    residents: set[UUID]
    municipality: str | None

    def __init__(self) -> None:
        self.capacity_history = []
        self.residents = set()
        self.municipality = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before facilities had a place: none recorded."""
        state["municipality"] = None

    @property
    def label(self) -> str:
        return f"facility {self.name}"

    @property
    def occupancy(self) -> int:
        return len(self.residents)

    @property
    def available(self) -> int:
        return max(self.beds - self.occupancy, 0)

    def beds_on(self, night: date) -> int:
        """Beds of the night starting on `night` (0 before the facility opened)."""
        for period in self.capacity_history:
            if period.start <= night and (period.end is None or night <= period.end):
                return period.beds
        return 0

    def beds_from(self, day: date) -> int:
        """The fewest beds on any night from `day` on: a resident admitted today must
        still have a bed when a capacity cut already scheduled takes effect."""
        ahead = [p.beds for p in self.capacity_history if p.end is None or p.end >= day]
        return min(ahead, default=0)

    # ----------------------------------------------------------------- events

    class Registered(JourneyAggregate.Created):
        name: str
        kind: FacilityKind
        beds: int
        effective_from: date
        municipality: str | None = None  # issue 15: a municipality code; none before

        def apply(self, facility: Facility) -> None:
            facility.name = self.name
            facility.kind = self.kind
            facility.beds = self.beds
            facility.capacity_history = [BedInventory(self.beds, self.effective_from)]
            facility.municipality = self.municipality

    class Relocated(JourneyAggregate.Event):
        municipality: str
        previous: str | None
        moved_on: date

        def apply(self, facility: Facility) -> None:
            facility.municipality = self.municipality

    class TurnedAway(JourneyAggregate.Event):
        """An admission refused; the facility's state does not change."""

        reason: TurnAwayReason
        turned_away_on: date
        referred_to: UUID | None
        case_id: UUID | None
        gender: Gender
        age_group: AgeGroup
        note: str | None

        def apply(self, facility: Facility) -> None:
            pass

    class CapacityChanged(JourneyAggregate.Event):
        beds: int
        previous: int
        effective_from: date
        reason: str | None

        def apply(self, facility: Facility) -> None:
            facility.beds = self.beds
            facility.capacity_history = _with_period(
                facility.capacity_history, BedInventory(self.beds, self.effective_from)
            )

    class BedOccupied(JourneyAggregate.Event):
        stay_id: UUID

        def apply(self, facility: Facility) -> None:
            facility.residents.add(self.stay_id)

    class BedReleased(JourneyAggregate.Event):
        stay_id: UUID

        def apply(self, facility: Facility) -> None:
            facility.residents.discard(self.stay_id)

    # --------------------------------------------------------------- commands

    @classmethod
    def register(
        cls,
        name: str,
        kind: FacilityKind,
        beds: int,
        effective_from: date,
        *,
        municipality: str | None = None,
        facility_id: UUID | None = None,
        actor: str,
        at: datetime,
    ) -> Facility:
        name = checks.text("name", name, max_length=100)
        checks.positive("beds", beds)
        municipality = places.municipality_code("municipality", municipality)
        facility: Facility = cls._start(
            cls.Registered,
            actor,
            at,
            id=facility_id,
            name=name,
            kind=kind,
            beds=beds,
            effective_from=effective_from,
            municipality=municipality,
        )
        return facility

    def relocate(
        self, municipality: str, moved_on: date | None = None, *, actor: str, at: datetime
    ) -> None:
        """The facility moved to another municipality on `moved_on` (today if not stated)."""
        code = places.municipality("municipality", municipality).code
        day = field_dates.stated("moved_on", moved_on, at)
        if code == self.municipality:
            raise RuleViolated(f"{self.label} is already in municipality {code}", rule="no_change")
        self._record(
            self.Relocated, actor, at, municipality=code, previous=self.municipality, moved_on=day
        )

    def turn_away(
        self,
        turn_away: TurnAway,
        case_risk: RiskLevel | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Record an admission refused (domain/facility_turnaway.py says when it is)."""
        done = checked(self, turn_away, case_risk, at)
        self._record(
            self.TurnedAway,
            actor,
            at,
            reason=done.reason,
            turned_away_on=done.turned_away_on,
            referred_to=done.referred_to,
            case_id=done.case_id,
            gender=done.gender,
            age_group=done.age_group,
            note=done.note,
        )

    def change_capacity(
        self,
        beds: int,
        effective_from: date,
        reason: str | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        checks.positive("beds", beds)
        self._check_effective_from(effective_from)
        reason = checks.optional_text("reason", reason)
        self._check_new_capacity(beds)
        self._record(
            self.CapacityChanged,
            actor,
            at,
            beds=beds,
            previous=self.beds,
            effective_from=effective_from,
            reason=reason,
        )

    def occupy(self, stay_id: UUID, *, actor: str, at: datetime) -> None:
        self.check_can_occupy(stay_id, on=at.date())
        self._record(self.BedOccupied, actor, at, stay_id=stay_id)

    def release(self, stay_id: UUID, *, actor: str, at: datetime) -> None:
        self.check_can_release(stay_id)
        self._record(self.BedReleased, actor, at, stay_id=stay_id)

    # ------------------------------------------- guards (also used by stays)

    def check_can_occupy(self, stay_id: UUID, *, on: date, stay_label: str | None = None) -> None:
        """Refuse, before anything is recorded, a bed this facility cannot give."""
        who = stay_label or f"stay {stay_id}"
        if stay_id in self.residents:
            raise RuleViolated(
                f"{who} already holds a bed in {self.label}", rule="already_resident"
            )
        beds = min(self.beds, self.beds_from(on))
        if self.occupancy >= beds:
            raise CapacityExceeded(
                f"{self.label} is full: {self.occupancy} of {beds} beds taken; "
                f"{who} cannot be admitted",
                rule="capacity_exceeded",
            )

    def check_can_release(self, stay_id: UUID, *, stay_label: str | None = None) -> None:
        if stay_id not in self.residents:
            who = stay_label or f"stay {stay_id}"
            raise RuleViolated(f"{who} holds no bed in {self.label}", rule="not_resident")

    # ---------------------------------------------------------------- helpers

    def _check_effective_from(self, effective_from: date) -> None:
        current = self.capacity_history[-1]
        if effective_from < current.start:
            raise InvalidInput(
                "effective_from",
                f"{effective_from.isoformat()} is before {current.start.isoformat()}, "
                f"the start of the current bed inventory of {self.label}",
            )

    def _check_new_capacity(self, beds: int) -> None:
        if beds == self.beds:
            raise RuleViolated(f"{self.label} already has {beds} beds", rule="no_change")
        if beds < self.occupancy:
            raise RuleViolated(
                f"{self.label} has {self.occupancy} residents; its capacity cannot shrink "
                f"to {beds} beds, below its occupancy",
                rule="capacity_below_occupancy",
            )


def _with_period(history: list[BedInventory], period: BedInventory) -> list[BedInventory]:
    """Close the current period the night before `period` starts (or replace it if
    it starts the same day), then open `period`."""
    *earlier, current = history
    if current.start < period.start:
        earlier.append(replace(current, end=period.start - timedelta(days=1)))
    return [*earlier, period]
