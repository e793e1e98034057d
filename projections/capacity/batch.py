"""The capacity rows one batch touches: read once, written once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import Connection, Table

from projections.model import Change
from projections.rows import Key, Row, RowCache


class BatchRows:
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
            yield from ((facility_id, day) for day in each_day(first, last))

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


def each_day(first: date, last: date) -> Iterator[date]:
    """Every day from `first` to `last`, both included (none if `last` is earlier)."""
    return (first + timedelta(days=n) for n in range((last - first).days + 1))
