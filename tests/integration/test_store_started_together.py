"""Processes that open one store at the same moment, as `journey up` starts its relay,
workers, chain keeper and API: each creates the store's tables (IF NOT EXISTS), and none
fails on the other's catalog changes (adapters/store/pgstore.py `created`)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START

TOGETHER = 6


def test_stores_opened_together_all_start(database_url: str) -> None:
    barrier = Barrier(TOGETHER)

    def open_store(_: int) -> int:
        barrier.wait()
        journey = build(database_url, ScriptedClock(START))
        try:
            return journey.app.recorder.max_notification_id() or 0
        finally:
            journey.close()

    with ThreadPoolExecutor(TOGETHER) as pool:
        assert list(pool.map(open_store, range(TOGETHER))) == [0] * TOGETHER
