"""Upgrading a database the previous release wrote (issue 19, docs/upgrades.md), on each
database: the release before migrations (commit a013f3e, taken from git) writes journeys,
keys, the blind index, accounts and sign-in state, a session, the access log, an
idempotency key, the read models' catalog and the signed hash chain, with its own code;
then this release's `journey db upgrade` adopts it: every database at its head, every
row of every table still there, the chain verifies and the sign-in state is kept."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from adapters.cli.main import main
from adapters.settings import Settings, redacted
from adapters.store import upgrades
from adapters.store.read_database import read_engine

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PREVIOUS_RELEASE = "a013f3e"  # the last commit before migrations
PACKAGES = ("domain", "services", "projections", "adapters")

# Run with the previous release's code: what its processes wrote beside the CLI's commands.
OLD_WRITES = """
from uuid import uuid4

from adapters.audit.access_log import AccessEntry, AccessLog
from adapters.documents import open_vault
from adapters.http.idempotency import IdempotencyKeys, StoredResponse
from adapters.privacy.accounts import User
from adapters.privacy.sessions import Sessions
from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from adapters.settings import Settings
from adapters.store.read_database import read_engine_of
from projections import catalog
from services.access import Role

settings = Settings.from_env()
clock = ScriptedClock(START)
journey = build(settings, clock)
try:
    Demo(journey, clock, 7).run(1)
    journey.names.catch_up(journey.app)
finally:
    journey.close()
open_vault(settings).put(uuid4(), b"sealed content")
engine = read_engine_of(settings)
shown = ["given_name"]
AccessLog(engine).record(AccessEntry("besa.krasniqi", "caseworker", "person", "b1", shown, "/"))
keys = IdempotencyKeys(engine)
keys.claim("besa.krasniqi", "retry-1", "0" * 64)
keys.complete("besa.krasniqi", "retry-1", StoredResponse(201, "application/json", {}, "{}"))
Sessions(engine).start(User("besa.krasniqi", Role.CASEWORKER))
catalog.create_catalog(engine)
with engine.begin() as conn:
    generation = catalog.active_generation(conn, "caseload")
    catalog.write_position(conn, "caseload", generation, 12, 34)
letter = {"projection": "caseload", "generation": generation, "stream_seq": 13, "error": "test"}
catalog.record_dead_letter(engine, "caseload", {"last_error": "test"}, **letter)
engine.dispose()
"""

# Tables the previous release wrote rows into (the documents' table only on PostgreSQL: the
# embedded default keeps documents as files).
WRITTEN = {
    "journey_chain",
    "journey_checkpoints",
    "journey_data_keys",
    "journey_blind_index",
    "journey_blind_index_state",
    "api_users",
    "staff_credentials",
    "staff_sessions",
    "access_log",
    "idempotency_keys",
    "projection_generations",
    "projection_positions",
    "pipeline_status",
    "projection_dead_letters",
}


def test_a_database_of_the_previous_release_is_upgraded_and_nothing_is_lost(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old_code = _previous_release(tmp_path / "previous-release")
    data_dir = tmp_path / "data"
    old = _environment(database_url, data_dir, old_code)
    (tmp_path / "writes.py").write_text(OLD_WRITES)
    _ok(old_code, old, "users", "add", "besa.krasniqi", "--role", "caseworker")
    _ok(old_code, old, "users", "reset-password", "besa.krasniqi")  # (ends her sessions)
    _ok(old_code, old, str(tmp_path / "writes.py"), module=False)
    _ok(old_code, old, "audit", "checkpoint")
    settings = Settings(database_url, data_dir)
    before = _rows(settings)
    written = WRITTEN | ({"journey_documents"} if database_url.startswith("postgres") else set())
    assert {table for (_, table), count in before.items() if count} >= written
    assert not any(table.startswith("alembic_version") for _, table in before)

    # this release's commands run in this process, on the same store and data dir
    for name in [name for name in os.environ if name.startswith("JOURNEY_")]:
        if not name.startswith("JOURNEY_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("JOURNEY_DATABASE_URL", database_url)
    monkeypatch.setenv("JOURNEY_DATA_DIR", str(data_dir))
    assert _journey(capsys, "db", "upgrade") == 0
    assert _journey(capsys, "db", "current", "--json") == 0
    current = json.loads(capsys.readouterr().out)
    assert [(row["part"], row["at_head"]) for row in current] == [
        ("store", True),
        ("keys", True),
        ("read", True),
    ]
    after = _rows(settings)
    assert {key: after.get(key) for key in before} == before
    assert _journey(capsys, "audit", "verify") == 0
    assert _journey(capsys, "users", "list", "--json") == 0
    accounts = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert accounts["besa.krasniqi"]["sign_in"] == "change_password"


def _journey(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    """`journey ARGS` of this release, in this process; what it printed is left unread."""
    capsys.readouterr()
    return main(list(args))


def _previous_release(target: Path) -> Path:
    """The previous release's packages from git, unpacked into `target`."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{PREVIOUS_RELEASE}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    if found.returncode != 0:
        pytest.fail(
            f"commit {PREVIOUS_RELEASE} (the release before migrations) is not in this clone "
            f"of {ROOT}: a shallow clone? `git fetch --unshallow` brings the history"
        )
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", PREVIOUS_RELEASE, *PACKAGES],
        capture_output=True,
        check=True,
    ).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _environment(database_url: str, data_dir: Path, code: Path) -> dict[str, str]:
    """The store and the data dir, nothing else of this test run's settings; the
    packages of `code` imported instead of this checkout's."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("JOURNEY_")}
    env |= {"JOURNEY_DATABASE_URL": database_url, "JOURNEY_DATA_DIR": str(data_dir)}
    return env | {"PYTHONPATH": str(code)}


def _ok(code: Path, env: dict[str, str], *args: str, module: bool = True) -> None:
    """`journey ARGS` (or a script) of the previous release, run from `code`; exit 0."""
    command = [sys.executable, "-m", "adapters.cli", *args] if module else [sys.executable, *args]
    done = subprocess.run(
        command, cwd=code, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}{done.stderr}"


def _rows(settings: Settings) -> dict[tuple[str, str], int]:
    """(database, table) -> rows, for every table of every database of these settings."""
    counts = {}
    for url in dict.fromkeys(url for _, url in upgrades.located(settings)):
        engine = read_engine(url)
        try:
            with engine.connect() as conn:
                for table in inspect(conn).get_table_names():
                    query = text(f'SELECT COUNT(*) FROM "{table}"')
                    counts[redacted(url), table] = int(conn.execute(query).scalar_one())
        finally:
            engine.dispose()
    return counts
