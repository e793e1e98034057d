"""Services that open one PostgreSQL store at the same moment (a service manager starts
the API, the relay and the workers together): each creates the schema and the tables it
needs if missing, and none fails on another's catalog changes (adapters/store/postgres.py,
adapters/store/pgstore.py `created`, projections/ddl.py). On the embedded SQLite default
`journey up` opens the store once before starting its children (a brand-new SQLite file
switched to WAL by several connections at once can answer "database is locked")."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START

TOGETHER = 3


def test_stores_opened_together_all_start(postgres_url: str) -> None:
    barrier = Barrier(TOGETHER)

    def open_store(_: int) -> int:
        barrier.wait()
        journey = build(postgres_url, ScriptedClock(START))
        try:
            return journey.app.recorder.max_notification_id() or 0
        finally:
            journey.close()

    with ThreadPoolExecutor(TOGETHER) as pool:
        assert list(pool.map(open_store, range(TOGETHER))) == [0] * TOGETHER
