"""A store the CLI opens from the environment, as an operator's shell would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.settings import Settings


def store_for_the_cli(
    database_url: str, read_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Journey]:
    """The environment names the store, the read database and the data dir; the store
    is opened from it (and closed after the test)."""
    monkeypatch.setenv("JOURNEY_DATABASE_URL", database_url)
    monkeypatch.setenv("JOURNEY_READ_DATABASE_URL", read_url)
    monkeypatch.setenv("JOURNEY_DATA_DIR", str(data_dir))
    system = build(Settings.from_env())
    yield system
    system.close()
