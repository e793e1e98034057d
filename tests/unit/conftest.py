"""Fixtures of the unit tests: the application in memory, with the scripted clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock


@pytest.fixture
def journey(clock: ScriptedClock) -> Iterator[Journey]:
    system = build("memory://", clock)
    yield system
    system.close()
