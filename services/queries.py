"""Queries by id and code, straight from the event store (read models come later).

`version=` rebuilds a record as it stood after that many events and `as_of=`
as it stood at a moment (by when its events were recorded: services/history.py);
auditors use both, and snapshots keep them fast for long histories. A moment after
now is refused (`check_moment`): the store knows nothing beyond now, and a view for a
future day would tell what a future day derives from (a child's 18th birthday from the
birth date, docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.errors import InvalidInput, RecordNotFound
from domain.facility import Facility
from domain.organisation import Organisation
from domain.plan import ReintegrationPlan
from domain.proceedings import CriminalProceedings
from domain.return_process import ReturnProcess
from domain.sequence import record_id
from domain.stay import ShelterStay
from services.app import JourneyApp
from services.history import (
    RecordedEvent,
    RecordTimes,
    plan_ids_of_case,
    record_times,
    recorded_events,
)

A = TypeVar("A", bound=Aggregate)

RECORD_TYPES: dict[type[Aggregate], str] = {
    Beneficiary: "beneficiary",
    Case: "case",
    Facility: "facility",
    ShelterStay: "stay",
    ReintegrationPlan: "plan",
    DayCentreEnrolment: "day-centre enrolment",
    DayCentreSession: "session",
    CarePlan: "care plan",
    CriminalProceedings: "criminal proceedings",
    ReturnProcess: "return",  # issue 15, return
    Organisation: "organisation",
}


@dataclass(frozen=True)
class CaseRecords:
    """A case and its related records, all as they stood at one moment."""

    as_of: datetime  # the moment: asked for, or when the case's version was recorded
    case: Case
    beneficiary: Beneficiary
    stays: list[ShelterStay]
    plans: list[ReintegrationPlan]


def wall_clock() -> datetime:
    return datetime.now(UTC)


class Queries:
    def __init__(self, app: JourneyApp, clock: Callable[[], datetime] = wall_clock) -> None:
        self.app = app
        self.clock = clock  # the store's (events' recorded_at): `as_of` not after its reading

    def beneficiary(self, beneficiary_id: UUID, version: int | None = None) -> Beneficiary:
        return self.app.load(Beneficiary, beneficiary_id, version)

    def beneficiary_by_code(self, code: str) -> Beneficiary:
        return self.app.load(Beneficiary, record_id(code))

    def case(self, case_id: UUID, version: int | None = None) -> Case:
        return self.app.load(Case, case_id, version)

    def case_by_number(self, case_number: str) -> Case:
        return self.app.load(Case, record_id(case_number))

    def facility(self, facility_id: UUID, version: int | None = None) -> Facility:
        return self.app.load(Facility, facility_id, version)

    def stay(self, stay_id: UUID, version: int | None = None) -> ShelterStay:
        return self.app.load(ShelterStay, stay_id, version)

    def plan(self, plan_id: UUID, version: int | None = None) -> ReintegrationPlan:
        return self.app.load(ReintegrationPlan, plan_id, version)

    # ------------------------------------------------------------ as of a time

    def at(
        self,
        kind: type[A],
        record: UUID,
        as_of: datetime | None = None,
        version: int | None = None,
    ) -> A:
        """The record now, after `version` events, or as recorded by `as_of`."""
        check_moment(as_of, version, self.clock())
        if as_of is None:
            return self.app.load(kind, record, version)
        return self.app.load(kind, record, self._version_at(kind, self.times(record), as_of))

    def times(self, record: UUID) -> RecordTimes:
        return record_times(self.app, record)

    def case_records(
        self, case_id: UUID, as_of: datetime | None = None, version: int | None = None
    ) -> CaseRecords:
        """The case with its beneficiary, shelter stays and plans, as of one moment:
        `as_of`, or when the case's `version` (default: its latest) was recorded."""
        check_moment(as_of, version, self.clock())
        times = self.times(case_id)
        if as_of is not None:
            version = self._version_at(Case, times, as_of)
        case = self.app.load(Case, case_id, version)
        moment = as_of or times.time_of(case.version)
        stays = [self.at(ShelterStay, s, moment) for s in times.stays_until(case.version)]
        return CaseRecords(
            moment,
            case,
            self.at(Beneficiary, case.beneficiary_id, moment),
            stays,
            self._plans_at(case_id, moment),
        )

    def case_history(self, case_id: UUID) -> list[RecordedEvent]:
        """Every event of the case, its beneficiary and every record linked to it
        (`Case.linked_records`, the list erasure shreds too: stays, plans, day-centre
        enrolments, the care plan, criminal proceedings), in the order they were recorded
        (a record's own events always in version order)."""
        case = self.case(case_id)
        related: list[tuple[str, UUID]] = [("case", case_id), ("beneficiary", case.beneficiary_id)]
        related += case.linked_records
        events = [e for kind, rid in related for e in recorded_events(self.app, kind, rid)]
        return sorted(events, key=lambda e: e.effective_at)  # stable: versions keep order

    def _plans_at(self, case_id: UUID, moment: datetime) -> list[ReintegrationPlan]:
        plans = []
        for plan_id in plan_ids_of_case(self.app, case_id):
            version = self.times(plan_id).version_at(moment)
            if version:
                plans.append(self.app.load(ReintegrationPlan, plan_id, version))
        return plans

    def _version_at(self, kind: type[Aggregate], times: RecordTimes, as_of: datetime) -> int:
        what = RECORD_TYPES.get(kind, kind.__name__)
        if not times.exists:
            raise RecordNotFound(f"no {what} with id {times.record_id}")
        version = times.version_at(as_of)
        if version == 0:
            raise RecordNotFound(
                f"{what} {times.record_id} did not exist yet at {as_of.isoformat()}: its "
                f"first event was recorded at {times.time_of(1).isoformat()}"
            )
        return version


def check_moment(as_of: datetime | None, version: int | None, now: datetime) -> None:
    """A past state is asked for by time or by version, never both; times carry a zone
    and are not after `now`."""
    if as_of is not None and version is not None:
        raise InvalidInput("as_of", "give as_of or version, not both")
    if as_of is not None and (as_of.tzinfo is None or as_of.utcoffset() is None):
        raise InvalidInput("as_of", f"{as_of.isoformat()} has no time zone (add Z or +01:00)")
    if as_of is not None and as_of > now:
        raise InvalidInput("as_of", f"{as_of.isoformat()} is in the future; ask for a past moment")
    if version is not None and version < 1:
        raise InvalidInput("version", f"must be 1 or more, not {version}")
