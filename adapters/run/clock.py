"""Clocks the services read time from: the wall clock, or a scripted one.

Commands are decided on Kosovo's clock (the rule is in `domain.local_time` and
docs/time.md): the domain's "today" (a birth date or a referral not in the
future, the reflection period's end, the year of a code) is `at.date()`, and the
command bus hands the domain `at` on Kosovo's clock (Central European Time,
+01:00, or +02:00 in summer) whatever clock it was given. A staff member entering
today's date at 23:30 in Prishtina is not told it is in the future because it is
still yesterday in UTC.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from domain.local_time import KOSOVO

__all__ = ["KOSOVO", "ScriptedClock", "kosovo_now", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def kosovo_now() -> datetime:
    return datetime.now(KOSOVO)


class ScriptedClock:
    """Time that moves only when told: for the demo's journeys and for tests.

    Each reading is one microsecond after the previous one, so events recorded
    in a row never share a timestamp.
    """

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            self._now += timedelta(microseconds=1)
            return self._now

    def advance(self, **delta: float) -> datetime:
        with self._lock:
            self._now += timedelta(**delta)
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = max(self._now, moment)

    def rewind(self, moment: datetime) -> None:
        """Go back to `moment`: only for a store with nothing recorded yet (the demo's
        archive of older cases, adapters/run/demo/archive.py), so events stay in time
        order."""
        with self._lock:
            self._now = moment
