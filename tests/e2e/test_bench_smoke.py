"""Every benchmark still runs and reports: each sub-command of `python -m scripts.bench`, on
tiny sizes (`--smoke`), on SQLite and on PostgreSQL.

The `pipeline` benchmark used to die at its freshness stage with KeyMissing on PostgreSQL
after minutes of loading (issue 11, item 11); nothing ran the benchmarks, so nothing
noticed. No timing is asserted here: only that each one finishes and reports its
figures, ratios and the correctness checks it makes along the way.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from adapters.store.postgres import postgres_dsn
from tests.support.scripts import run_script

pytestmark = pytest.mark.slow

Check = Callable[[dict[str, Any], str], None]


def ratio(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


def check_commands(report: dict[str, Any], store: str) -> None:
    measured = report["stores"][store]
    assert ratio(measured["ratios_ours_vs_baseline"]["commands_per_s"])
    assert measured["ours"]["refusals"] == {}
    assert all(ratio(value) for value in report["codec"]["ratios_ours_vs_default"].values())
    left_out = {"sqlite": "postgresql", "postgresql": "sqlite"}[store]
    assert "skipped" in report["stores"].get(left_out, {"skipped": "not run"})


def check_pipeline(report: dict[str, Any], store: str) -> None:
    assert report["store"] == store
    assert report["relay"]["stream_last_seq"] == report["events"]
    assert all("events_per_s" in rebuilt for rebuilt in report["rebuild"].values())
    if store == "postgresql":
        assert ratio(report["ratios"]["caseload_rebuild_vs_library_runner"])
        assert report["baseline"]["compared_with_ours"]["identical"] is True
    else:  # the library's ProjectionRunner cannot follow an SQLite store
        assert "skipped" in report["baseline"]
    fresh = report["freshness"]
    assert fresh["never_visible"] == 0
    assert fresh["visible"] == fresh["commands"] > 0
    assert fresh["refused"] == {}
    assert {t["metric"] for t in report["targets"]} >= {"freshness p99 ms", "relay events/s"}


def check_api(report: dict[str, Any], store: str) -> None:
    assert report["store"] == store
    assert ratio(report["in_process"]["ratios_ours_vs_baseline"]["commands_per_s"])
    http = report["http"]
    assert http["max_throughput"]["commands"] > 0
    assert http["steady"]["commands"] > 0
    assert http["server"]["errors_logged"] == 0, http["server"]["first_error"]
    assert all(ratio(target["value"]) for target in report["targets"])


def check_audit(report: dict[str, Any], store: str) -> None:
    assert set(report) == {store}
    figures = report[store]
    assert figures["chain"]["checkpoints"] > 0
    assert ratio(figures["chain"]["verify_events_per_s"])
    assert ratio(figures["as_of"]["ratio_p50"])
    assert ratio(figures["encryption"]["ratio_commands_per_s"])


CHECKS: dict[str, Check] = {
    "commands": check_commands,
    "pipeline": check_pipeline,
    "api": check_api,
    "audit": check_audit,
}
STORE_NAMES = {"sqlite": "sqlite", "postgres": "postgresql"}


def database_args(database: str, request: pytest.FixtureRequest) -> list[str]:
    """`--database` and, for PostgreSQL, the test server (skips or fails without it)."""
    if database == "sqlite":
        return ["--database", "sqlite"]
    url: str = request.getfixturevalue("postgres_url")
    return ["--database", "postgres", "--postgres-url", postgres_dsn(url)]


@pytest.mark.parametrize(
    ("subcommand", "database"),
    [
        ("commands", "sqlite"),
        ("commands", "postgres"),
        ("pipeline", "sqlite"),
        ("pipeline", "postgres"),
        ("api", "sqlite"),
        ("api", "postgres"),
        ("audit", "sqlite"),
        ("audit", "postgres"),
    ],
)
def test_each_bench_subcommand_runs_and_reports(
    subcommand: str, database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = database_args(database, request)
    out = tmp_path / f"{subcommand}.json"
    done = run_script("bench", subcommand, "--smoke", "--json", str(out), *args, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report.get("smoke", True) is True
    CHECKS[subcommand](report, STORE_NAMES[database])


@pytest.mark.parametrize(
    ("subcommand", "reports"),
    [
        ("asof", ["sqlite", "postgresql"]),
        ("chain", ["PostgreSQL", "SQLite", "verify took"]),
        ("crypto", ["sqlite: sealed", "postgresql: sealed"]),
        ("backup", ["journey restore (fresh installation)", "pg_dump"]),
        ("partitions", ["caseload          1", "caseload          2"]),
    ],
)
def test_each_other_bench_subcommand_runs_and_reports(
    subcommand: str, reports: list[str], postgres_url: str
) -> None:
    """Each runs SQLite and PostgreSQL in one go (partitions: PostgreSQL only)."""
    url = postgres_dsn(postgres_url)
    done = run_script("bench", subcommand, "--smoke", "--postgres-url", url, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    missing = [line for line in reports if line not in done.stdout]
    assert missing == [], done.stdout[-3000:]
