"""A record's stored history: when each version was recorded, and its events.

Auditors ask "what did this case look like on 3 March at noon?". The time that
answers it is when each event reached the store: the codec stamps
`recorded_at` into every stored event (adapters/store/codec.py, RECORDED_AT); the
event's own `timestamp` is when the command was decided. Finding the version
recorded by a moment reads the record's stored events once and decodes only
that small head of each (msgspec skips the rest unparsed); loading the version
then goes through the repository, which starts from the latest snapshot.

An event's effective recorded time is the latest `recorded_at` of its version
and every version before it: the store's order is the truth (version N+1 was
written after N was read), so if two servers' clocks disagree a little, a
version never counts as recorded before its predecessor. Events stored before
the codec stamped `recorded_at` fall back to their `timestamp`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.case import Case
from services.app import JourneyApp
from services.positions import event_heads, event_positions

RECORDED_AT = "recorded_at"  # the codec's name for it (adapters/store/codec.py RECORDED_AT)
STAY_STARTED = get_topic(Case.ShelterStayStarted)


class _Head(msgspec.Struct):
    """What a replay needs of a stored event; every other field stays unparsed."""

    timestamp: datetime
    actor: str = ""
    recorded_at: datetime | None = msgspec.field(default=None, name=RECORDED_AT)
    stay_id: UUID | None = None  # Case.ShelterStayStarted


_head = msgspec.json.Decoder(_Head)


@dataclass(frozen=True)
class RecordTimes:
    """When each version of one record was recorded, and the stays a case started."""

    record_id: UUID
    recorded: list[datetime]  # effective recorded time of version i + 1, non-decreasing
    stays_started: list[tuple[int, UUID]]  # (case version, stay id)

    @property
    def exists(self) -> bool:
        return bool(self.recorded)

    def version_at(self, as_of: datetime) -> int:
        """How many versions were recorded at or before `as_of` (0: none yet)."""
        return bisect_right(self.recorded, as_of)

    def time_of(self, version: int) -> datetime:
        return self.recorded[version - 1]

    def stays_until(self, version: int) -> list[UUID]:
        """Stays started by the case's `version`, in the order they started."""
        return [stay for started, stay in self.stays_started if started <= version]


@dataclass(frozen=True)
class RecordedEvent:
    """One stored event of a record, decoded, with when it was recorded."""

    record_type: str  # "case", "beneficiary", "stay", "plan"
    record_id: UUID
    version: int
    position: int  # in the store's log (a command answers its last event's)
    event_type: str  # "Case.NoteAdded"
    event: DomainEventProtocol[UUID]
    actor: str
    occurred_at: datetime  # the event's timestamp: when the command was decided
    recorded_at: datetime | None  # as stored (None before the codec stamped it)
    effective_at: datetime  # the order of the history (see the module's docstring)


def record_times(app: JourneyApp, record_id: UUID) -> RecordTimes:
    """One read of the record's stored events (three columns), only their heads decoded."""
    recorded: list[datetime] = []
    stays: list[tuple[int, UUID]] = []
    latest: datetime | None = None
    decode = _head.decode
    for version, topic, state in event_heads(app.recorder, record_id):
        head = decode(state)
        moment = head.recorded_at or head.timestamp
        latest = moment if latest is None or moment > latest else latest
        recorded.append(latest)
        if topic == STAY_STARTED and head.stay_id is not None:
            stays.append((version, head.stay_id))
    return RecordTimes(record_id, recorded, stays)


def recorded_events(app: JourneyApp, record_type: str, record_id: UUID) -> list[RecordedEvent]:
    """Every event of a record, decoded through the application's mapper (so any
    field the codec seals comes back as the application would show it)."""
    positions = event_positions(app.recorder, record_id)
    return [
        RecordedEvent(
            record_type,
            record_id,
            stored.originator_version,
            positions[stored.originator_version],
            stored.topic.rpartition(":")[2],
            app.mapper.to_domain_event(stored),
            head.actor,
            head.timestamp,
            head.recorded_at,
            effective,
        )
        for stored, head, effective in _heads(app.recorder.select_events(record_id))
    ]


def plan_ids_of_case(app: JourneyApp, case_id: UUID) -> list[UUID]:
    """The plans drafted for a case (the case records each one: `Case.PlanDrafted`)."""
    return list(app.load(Case, case_id).plan_ids)


def _heads(stored_events: Any) -> Iterator[tuple[StoredEvent, _Head, datetime]]:
    latest: datetime | None = None
    for stored in stored_events:
        head = _head.decode(stored.state)
        moment = head.recorded_at or head.timestamp
        latest = moment if latest is None or moment > latest else latest
        yield stored, head, latest
