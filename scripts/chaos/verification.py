"""Checks of a running or stopped system against its own event store.

Used by scripts.chaos after processes were killed at random moments, and usable
by any operator script: every answer comes from the store (the source of truth),
never from the component being checked.

- `read_model_differences`: each read model's active tables vs the same model
  built from scratch, straight from the stored events, in the same database.
- `stream_positions` / `stream_gaps`: the store position carried by every message
  of the JetStream stream, and which positions are missing or doubled.
- `capacity_breaches`: no facility ever held more residents than beds, replaying
  every facility's events in log order, and counting occupants night by night.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import Notification
from sqlalchemy import Engine, MetaData, select

from adapters.run.bootstrap import Journey
from adapters.stream.decoding import change_of
from adapters.stream.envelope import encode_envelope, envelope_of
from adapters.stream.jetstream import StreamSettings, connect
from domain.facility import Facility
from domain.stay import ShelterStay
from projections import catalog
from projections.model import Change, ReadModel
from projections.registry import read_models

A = TypeVar("A")
BATCH = 1000
REBUILD_GENERATION = 999  # a generation no worker uses


class VerificationError(RuntimeError):
    """A stored event could not be read the way the read models receive it."""


def notifications(journey: Journey, after: int = 0) -> Iterator[Notification]:
    """Every stored event after position `after`, in log order, in batches."""
    start = after + 1
    while True:
        batch = journey.app.recorder.select_notifications(start=start, limit=BATCH)
        if not batch:
            return
        yield from batch
        start = batch[-1].id + 1


def stored_changes(journey: Journey) -> list[Change]:
    """Every stored event as a read model receives it (envelope in, Change out)."""
    found = []
    for seq, notification in enumerate(notifications(journey), start=1):
        delivery = change_of(seq, encode_envelope(envelope_of(notification)))
        if delivery.change is None:
            msg = f"stored event at position {notification.id} is unreadable: {delivery.error}"
            raise VerificationError(msg)
        found.append(delivery.change)
    return found


def table_rows(engine: Engine, model: ReadModel, generation: int) -> dict[str, list[Any]]:
    """Every row of every table of one generation, sorted, for comparison."""
    tables = model.define(MetaData(), generation)
    with engine.connect() as conn:
        return {
            view: sorted(tuple(r) for r in conn.execute(select(t))) for view, t in tables.items()
        }


def rebuilt_rows(
    changes: Sequence[Change], model: ReadModel, engine: Engine
) -> dict[str, list[Any]]:
    """The model built from scratch out of `changes`, in a throwaway generation."""
    tables = catalog.generation_tables(engine, model, REBUILD_GENERATION)
    try:
        with engine.begin() as conn:
            for start in range(0, len(changes), 500):
                model.apply(conn, tables, list(changes[start : start + 500]))
        return table_rows(engine, model, REBUILD_GENERATION)
    finally:
        catalog.drop_generation(engine, model, REBUILD_GENERATION)


def read_model_differences(journey: Journey, engine: Engine) -> dict[str, str]:
    """Per read model: "" when its served tables equal a rebuild, else what differs."""
    changes = stored_changes(journey)
    differences = {}
    for name, model in read_models().items():
        with engine.begin() as conn:
            active = catalog.active_generation(conn, name)
        differences[name] = describe_difference(
            table_rows(engine, model, active), rebuilt_rows(changes, model, engine)
        )
    return differences


def describe_difference(served: dict[str, list[Any]], rebuilt: dict[str, list[Any]]) -> str:
    """Which views differ and by how many rows (no row content: rows may name people)."""
    parts = []
    for view in sorted(set(served) | set(rebuilt)):
        mine, theirs = Counter(served.get(view, [])), Counter(rebuilt.get(view, []))
        extra, missing = sum((mine - theirs).values()), sum((theirs - mine).values())
        if extra or missing:
            parts.append(f"{view}: {extra} row(s) not in the rebuild, {missing} missing")
    return "; ".join(parts)


# ------------------------------------------------------------------ the stream


async def stream_positions(nats_url: str, stream: StreamSettings) -> list[int]:
    """The store position carried by every message on the stream, in stream order."""
    client = await connect(nats_url, "journey-verification", reconnect=False)
    try:
        js = client.jetstream()
        last = (await js.stream_info(stream.name)).state.last_seq
        positions = []
        for seq in range(1, last + 1):
            message = await js.get_msg(stream.name, seq=seq)
            positions.append(int((message.headers or {})["Nats-Msg-Id"]))
        return positions
    finally:
        await client.close()


@dataclass(frozen=True)
class StreamGaps:
    messages: int
    missing: list[int]  # stored positions with no message
    doubled: list[int]  # positions carried by more than one message
    out_of_order: int  # messages whose position is not above the previous one's

    @property
    def clean(self) -> bool:
        return not (self.missing or self.doubled or self.out_of_order)


def stream_gaps(positions: Sequence[int], stored: Sequence[int]) -> StreamGaps:
    """The stream's positions against the store's. The store's are not always 1..head:
    on PostgreSQL a transaction that rolls back (a concurrent write, retried) has
    taken positions from the sequence that no event will ever have."""
    counts = Counter(positions)
    return StreamGaps(
        messages=len(positions),
        missing=[p for p in stored if p not in counts],
        doubled=sorted(p for p, n in counts.items() if n > 1),
        out_of_order=sum(1 for a, b in pairwise(positions) if b <= a),
    )


# ------------------------------------------------------------------ capacity


@dataclass(frozen=True)
class CapacityReport:
    facilities: int
    stays: int
    peak_occupancy: dict[str, tuple[int, int]]  # facility name -> (most residents, beds then)
    breaches: list[str]


def capacity_breaches(journey: Journey) -> CapacityReport:
    """Replays every facility's events in log order (residents never above the beds of
    that moment) and counts each night's occupants from the stays (never above the
    night's beds)."""
    mapper = journey.app.mapper
    facilities: dict[UUID, Facility] = {}
    stays: dict[UUID, ShelterStay] = {}
    peaks: dict[UUID, tuple[int, int]] = {}
    breaches: list[str] = []
    for notification in notifications(journey):
        event: Any = mapper.to_domain_event(notification)
        if isinstance(event, Facility.Event):
            facility = _mutated(event, facilities.get(event.originator_id), Facility)
            facilities[facility.id] = facility
            peak = max(peaks.get(facility.id, (0, 0)), (facility.occupancy, facility.beds))
            peaks[facility.id] = peak
            if facility.occupancy > facility.beds:
                breaches.append(
                    f"{facility.label}: {facility.occupancy} residents in {facility.beds} "
                    f"beds after position {notification.id}"
                )
        elif isinstance(event, ShelterStay.Event):
            stays[event.originator_id] = _mutated(
                event, stays.get(event.originator_id), ShelterStay
            )
    breaches += night_breaches(facilities, stays.values())
    return CapacityReport(
        len(facilities),
        len(stays),
        {facilities[i].name: peak for i, peak in peaks.items()},
        breaches,
    )


def _mutated(event: Any, aggregate: A | None, kind: type[A]) -> A:
    mutated = event.mutate(aggregate)
    if not isinstance(mutated, kind):
        msg = f"{type(event).__qualname__} of {event.originator_id} left no {kind.__name__}"
        raise VerificationError(msg)
    return mutated


def night_breaches(facilities: dict[UUID, Facility], stays: Any) -> list[str]:
    """A stay occupies the nights from its admission to the night before its discharge;
    it is counted in the facility it is in now (transfers are not used by the chaos run
    and would only move a night between two facilities' counts)."""
    nights: Counter[tuple[UUID, date]] = Counter()
    for stay in stays:
        night = stay.admitted_on
        end = stay.discharged_on or stay.admitted_on + timedelta(days=1)
        while night < end:
            nights[(stay.facility_id, night)] += 1
            night += timedelta(days=1)
    return [
        f"{facilities[fid].label}: {count} occupants on the night of {night.isoformat()}, "
        f"{facilities[fid].beds_on(night)} beds"
        for (fid, night), count in sorted(nights.items(), key=lambda item: item[0][1])
        if fid in facilities and count > facilities[fid].beds_on(night)
    ]
