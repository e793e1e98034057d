"""How long the chaos, load and fuzzing tests run: short by default, long on request.

`python -m pytest` (a developer, and CI through .ci/run) runs them short: the same
checks on a shorter load, fewer kills, fewer generated requests, and each slow test
over both databases on the one its `short_run_on` mark names (tests/conftest.py), so
that the whole suite stays within CI's time budget. The marks alternate: the relay is
killed on PostgreSQL and the workers on SQLite, NATS is restarted under SQLite, chaos
runs on PostgreSQL and the load on SQLite, so every fault meets one database and each
database some faults. `JOURNEY_TEST_LONG=1 python -m pytest -m slow`
runs them at the lengths they had before (README, "Run the tests"): do that before a
release and after a change to the relay, the workers, the store or the HTTP layer.
"""

from __future__ import annotations

import os
from typing import TypeVar

T = TypeVar("T")
LONG = os.environ.get("JOURNEY_TEST_LONG") == "1"


def short_or_long(short: T, long: T) -> T:
    """`long` with JOURNEY_TEST_LONG=1, `short` otherwise."""
    return long if LONG else short
