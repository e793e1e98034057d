"""`python -m scripts.chaos` end to end: a short seeded chaos run on each database
(15 s of load; 120 s with JOURNEY_TEST_LONG=1, tests/support/long_runs.py).

Every component is killed once while commands go through the API; the run must
pass all its checks (nothing acknowledged lost, nothing applied twice, stream =
store, read models = rebuild, chain intact, capacity held) and leave no process
or schema behind. No timing is asserted: recovery times are figures, not bounds.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import psycopg
import pytest

from adapters.store.postgres import postgres_dsn
from projections.registry import read_models
from tests.support.long_runs import short_or_long
from tests.support.scripts import run_script

ROOT = Path(__file__).resolve().parents[2]
CHECKS = {
    "system recovered after the run",
    "acknowledged commands stored",
    "each command applied at most once",
    "stream = store (none missing, none doubled)",
    "read models = rebuild from scratch",
    "hash chain verifies",
    "capacity never exceeded",
}
# seconds of load; every component is killed once within it either way
LOAD_SECONDS = short_or_long(15, 120)


def _chaos(*args: str) -> subprocess.CompletedProcess[str]:
    return run_script("chaos", *args)


def _components(database: str) -> set[str]:
    names = {"nats-server", "relay", "chain keeper", "api"}
    names |= {f"worker {name}" for name in read_models()}
    return names | {"postgres connections"} if database == "postgres" else names


def _leftover_processes(workdir: Path) -> list[str]:
    """Processes whose command line names the run's data dir or its NATS store."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            continue
        if str(workdir) in argv:
            found.append(argv.replace("\0", " "))
    return found


@pytest.mark.short_run_on("postgres")
@pytest.mark.slow
@pytest.mark.parametrize("database", ["postgres", "sqlite"])
def test_a_short_chaos_run_passes_every_check(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    extra: list[str] = []
    if database == "postgres":
        extra = ["--postgres-url", postgres_dsn(request.getfixturevalue("postgres_url"))]
    report_file, workdir = tmp_path / "chaos.json", tmp_path / "run"
    done = _chaos("--seed", "7", "--duration", str(LOAD_SECONDS), "--database", database,
                  "--json", str(report_file), "--workdir", str(workdir), *extra)  # fmt: skip
    assert done.returncode == 0, (done.stdout[-4000:], done.stderr[-3000:])
    report: dict[str, Any] = json.loads(report_file.read_text())
    assert report["passed"] is True
    assert {c["name"] for c in report["checks"]} == CHECKS
    assert all(c["passed"] for c in report["checks"]), report["checks"]
    assert set(report["chaos"]["kills_per_component"]) == _components(database)
    commands = report["commands"]
    assert commands["acknowledged"] > 0
    assert commands["sent"] == commands["acknowledged"] + commands["refused"] + commands["failed"]
    assert "PASS: chaos run" in done.stdout
    assert _leftover_processes(workdir) == []
    if database == "postgres":
        _assert_schema_dropped(report["config"]["store"])


def _assert_schema_dropped(url: str) -> None:
    schema = url.split("schema=", 1)[1].split("&", 1)[0]
    with psycopg.connect(postgres_dsn(url)) as conn:
        found = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
        assert found.fetchone() is None, f"schema {schema} left behind"


def test_bad_arguments_are_refused_by_name(tmp_path: Path) -> None:
    for args, named in (
        (["--duration", "1"], "--duration"),
        (["--database", "oracle"], "--database"),
        (["--kills", "-1"], "--kills"),
    ):
        done = _chaos(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert named in done.stderr, (args, done.stderr)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "something").write_text("x")
    done = _chaos("--workdir", str(busy))
    assert done.returncode == 2
    assert f"--workdir {busy}: not empty" in done.stderr
