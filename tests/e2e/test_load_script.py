"""`python -m scripts.load` end to end: a short load on `journey up`, its figures, plot and cleanup.

No timing is asserted (the figures depend on the machine): only that the run produced
every figure, saw no unexpected error, wrote a PNG, and left no process or schema.
8 s of load; 120 s (a short soak) with JOURNEY_TEST_LONG=1 (tests/support/long_runs.py).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from adapters.store.postgres import postgres_dsn
from projections.registry import read_models
from tests.support.long_runs import short_or_long
from tests.support.scripts import run_script

ROOT = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LOAD_SECONDS = short_or_long(8, 120)  # one window of figures per second


def _load(*args: str) -> subprocess.CompletedProcess[str]:
    return run_script("load", *args)


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def _schema_exists(base: str, url: str) -> bool:
    schema = parse_qs(urlsplit(url).query)["schema"][0]
    with psycopg.connect(base) as conn:
        found = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
        return found.fetchone() is not None


@pytest.mark.short_run_on("sqlite")
@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_a_short_load_reports_every_figure_and_stops_everything(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    extra: list[str] = []
    if database == "postgres":
        base = postgres_dsn(request.getfixturevalue("postgres_url"))
        extra = ["--postgres-url", base]
    report_file, plot_file = tmp_path / "load.json", tmp_path / "load.png"
    done = _load("--duration", str(LOAD_SECONDS), "--clients", "4", "--database", database,
                 "--json", str(report_file), "--plot", str(plot_file), *extra)  # fmt: skip
    assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
    report: dict[str, Any] = json.loads(report_file.read_text())
    steady = report["steady"]
    assert steady["errors"] == 0, steady["errors_by_kind"]
    assert steady["commands"]["count"] > 0
    assert steady["queries"]["count"] > 0
    for figure in ("p50_ms", "p99_ms", "max_ms"):
        assert steady["commands"][figure] > 0
        assert steady["queries"][figure] > 0
    assert report["lag"]["samples"] > 0
    assert report["lag"]["p99_seconds"] >= 0
    assert set(report["lag"]["max_seconds_by_model"]) == set(read_models())
    assert len(report["series"]["windows"]) == LOAD_SECONDS
    assert report["events_stored"] > 0
    assert report["server"]["errors_logged"] == 0, report["server"]["first_error"]
    names = {"journey up", "nats-server", "relay", "chain keeper", "http"}
    names |= {f"worker {name}" for name in read_models()}
    assert names <= set(report["memory"])
    for name in names:
        assert report["memory"][name]["restarts"] == 0, name
        assert report["memory"][name]["slope_mb_per_min"] is not None, name
        for pid in report["memory"][name]["pids"]:
            assert not _alive(pid), f"{name} (pid {pid}) still running"
    assert {b["metric"] for b in report["bounds"]} >= {"unexpected errors"}
    assert plot_file.read_bytes()[:8] == PNG_SIGNATURE
    assert "unexpected errors" in done.stdout
    if database == "postgres":
        assert not _schema_exists(base, report["config"]["store"])


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--duration", "1"], "--duration"),
        (["--clients", "0"], "--clients"),
        (["--duration", "10", "--warmup", "9.5"], "--warmup"),
        (["--plot", "load.jpg"], "--plot"),
        (["--database", "oracle"], "--database"),
        (["--query-share", "1.5"], "--query-share"),
    ],
)
def test_bad_arguments_are_refused_by_name(args: list[str], named: str) -> None:
    done = _load(*args)
    assert done.returncode == 2
    assert named in done.stderr
