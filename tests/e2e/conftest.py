"""Fixtures of the end-to-end tests: a store with a scripted clock and a read database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo_journeys import START
from adapters.store.read_database import read_engine


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


@pytest.fixture
def journey(database_url: str, clock: ScriptedClock) -> Iterator[Journey]:
    system = build(database_url, clock)
    yield system
    system.close()


@pytest.fixture
def engine(read_url: str) -> Iterator[Engine]:
    engine = read_engine(read_url)
    yield engine
    engine.dispose()
