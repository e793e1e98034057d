"""Fixtures of the end-to-end tests: a store with a scripted clock and a read database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from adapters.store.read_database import read_engine


@pytest.fixture
def engine(read_url: str) -> Iterator[Engine]:
    engine = read_engine(read_url)
    yield engine
    engine.dispose()
