"""A production database whose schema this release cannot run on (docs/upgrades.md):
`journey up`, `serve`, `relay` and `worker` refuse to start, exit 2, say which database
and what to do, and leave the schema as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.settings import Settings
from adapters.store import upgrades
from adapters.store.read_database import read_engine

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = (["up"], ["serve", "--port", "0"], ["relay"], ["worker", "caseload"])


def test_every_process_refuses_a_schema_it_does_not_know(postgres_url: str, tmp_path: Path) -> None:
    settings = Settings(postgres_url, tmp_path / "data")
    upgrades.upgrade(settings)
    _stamp(settings.read_url, "read_9999")  # as a newer release would leave it
    env = {name: value for name, value in os.environ.items() if not name.startswith("JOURNEY_")}
    env |= {"JOURNEY_DATABASE_URL": postgres_url, "JOURNEY_DATA_DIR": str(tmp_path / "data")}
    started = {
        command[0]: subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in COMMANDS
    }
    for name, process in started.items():
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 2, f"journey {name} exited {process.returncode}: {stderr}"
        assert "the read database" in stderr
        assert "read_9999" in stderr
    assert [state.revision for state in upgrades.states(settings)][-1] == "read_9999"


def _stamp(url: str, revision: str) -> None:
    engine = read_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"UPDATE alembic_version_read SET version_num = '{revision}'")
    finally:
        engine.dispose()
