"""Scripted journeys on each database: every record reloads equal, with and without snapshots."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from adapters.bootstrap import Journey, ensure_postgres_schema
from adapters.clock import ScriptedClock
from adapters.config import store_env
from adapters.demo import START, Demo
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
    ensure_postgres_schema(database_url)
    app = EagerSnapshots(env=store_env(database_url))
    live = Journey(app, CommandBus(app, clock, WORKFLOWS), Queries(app))
    replay = JourneyApp(env={**store_env(database_url), "IS_SNAPSHOTTING_ENABLED": "n"})
    try:
        Demo(live, clock, seed=7).run(40)
        ids = _record_ids(live)
        assert replay.snapshots is None
        assert sum(_has_snapshot(live, record_id) for record_id in ids) > len(ids) // 2
        fresh = EagerSnapshots(env=store_env(database_url))
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
