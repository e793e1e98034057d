"""Fixtures of the integration tests beyond tests/conftest.py's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def cli_env(
    database_url: str, read_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`journey` commands run in this process on the test's store and read database."""
    monkeypatch.setenv("JOURNEY_DATABASE_URL", database_url)
    monkeypatch.setenv("JOURNEY_READ_DATABASE_URL", read_url)
    monkeypatch.setenv("JOURNEY_DATA_DIR", str(tmp_path / "data"))
