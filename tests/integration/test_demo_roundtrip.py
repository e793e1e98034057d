"""Scripted journeys on each database: every record reloads equal, with and without snapshots."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from adapters.run.bootstrap import Journey, open_app
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from services.app import JourneyApp
from services.bus import CommandBus
from services.queries import Queries
from services.workflows import WORKFLOWS


class EagerSnapshots(JourneyApp):
    """Snapshots every 5 events, so that nearly every record has some."""

    name = JourneyApp.name  # the same tables
    snapshotting_intervals = dict.fromkeys(JourneyApp.snapshotting_intervals, 5)


def test_every_record_of_the_demo_reloads_equal_from_events_and_from_snapshots(
    database_url: str,
) -> None:
    clock = ScriptedClock(START)
    app = open_app(database_url, EagerSnapshots)
    live = Journey(app, CommandBus(app, clock, WORKFLOWS), Queries(app))
    replay = open_app(database_url, IS_SNAPSHOTTING_ENABLED="n")
    try:
        Demo(live, clock, seed=7).run(40)
        ids = _record_ids(live)
        assert replay.snapshots is None
        # records of 5 events or more (not the prevention year's one-event activities)
        long_lived = [i for i in ids if live.app.repository.get(i).version >= 5]
        assert (
            sum(_has_snapshot(live, record_id) for record_id in long_lived) > len(long_lived) // 2
        )
        fresh = open_app(database_url, EagerSnapshots)
        for record_id in ids:
            from_snapshots: Any = fresh.repository.get(record_id)
            assert from_snapshots == replay.repository.get(record_id)
            assert from_snapshots == live.app.repository.get(record_id)
        fresh.close()
    finally:
        live.close()
        replay.close()


def _record_ids(journey: Journey) -> set[UUID]:
    notifications = journey.app.recorder.select_notifications(start=1, limit=10**6)
    return {UUID(str(n.originator_id)) for n in notifications}


def _has_snapshot(journey: Journey, record_id: UUID) -> bool:
    snapshots: Any = journey.app.snapshots
    return any(True for _ in snapshots.get(record_id))
