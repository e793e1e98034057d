"""`journey up --demo` from nothing: embedded NATS, relay and workers as processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from projections.registry import read_models
from tests.support.journey_up import session_pids

VIEWS = (
    "caseload",
    "facility_capacity",
    "facility_occupancy_daily",
    "shelter_stays",
    "reintegration_outcomes",
    "case_outcomes",
    "outcomes_by_quarter",
    "case_timeline",
    "beneficiary_directory",
    "outgoing_referrals",
    "screening_outcomes",
    "day_centre_sessions",
    "day_centre_enrolments",
    "day_centre_outcomes",
    "trafficking_episodes",  # issue 15
    "episode_codes",
    "due_cases",
    "due_items",
    "care_plans",
    "care_planned_services",
    "organisations",
    "organisation_periods",
    "facility_turnaways_monthly",  # issue 15: the demo's shelters turn people away
    "facility_turnaway_referrals",
    "justice_proceedings",
    "justice_hearings",
    "justice_claims",
    "returns",  # returns across a border (issue 15, return)
    "return_documents",
    "prevention_activities",  # prevention (issue 16): the demo's year of the team's work
    "prevention_reach",
    "prevention_audience",
    "prevention_materials",
    "prevention_referrals",
    "prevention_campaigns",
    "prevention_indicators",
    "stat_people",  # statistics (issue 17): from non-identifying fields only
    "stat_cases",
    "stat_facts",
    "stat_stays",
    "grants",  # grants (issue 17): the demo opens three and attributes work to them
    "grant_budget_lines",
    "grant_indicators",
    "grant_attributions_recorded",  # the table under the grant_attributions view
    "due_people",  # retention (issue 17): the demo's archive of 2019-2020 and its review
    "due_proceedings",
    "retention_batches",
    "retention_erasures",
)


def _up(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`journey up ARGS --until-caught-up` in a session of its own: if it outlives the
    timeout, every process it started is killed with it (none is left running)."""
    env = {**os.environ, "JOURNEY_DATA_DIR": str(data_dir)}
    for name in ("JOURNEY_DATABASE_URL", "JOURNEY_READ_DATABASE_URL", "JOURNEY_NATS_URL"):
        env.pop(name, None)
    argv = [sys.executable, "-m", "adapters.cli", "up", *args, "--until-caught-up"]
    process = subprocess.Popen(
        [*argv, "--http-port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=300)
    finally:
        for pid in session_pids(process.pid):
            os.kill(pid, signal.SIGKILL)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def _view_counts(log: str) -> dict[str, int]:
    """Rows per view, as `journey up` logs them once caught up (JSON lines: stderr is a
    pipe here)."""
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    return {line["view"]: line["rows"] for line in lines if line.get("view") in VIEWS}


def test_up_with_the_demo_populates_every_read_model(tmp_path: Path) -> None:
    done = _up(tmp_path, "--demo")
    assert done.returncode == 0, done.stderr[-3000:]
    counts = _view_counts(done.stderr)
    for view in VIEWS:
        assert counts.get(view, 0) > 0, (view, counts)
    assert counts["facility_capacity"] == 3
    stopped = 1 + len(read_models()) + 1  # relay, a worker per read model, chain keeper
    assert f"stopped {stopped} processes" in done.stderr
    token_file = tmp_path / "admin.token"
    assert oct(token_file.stat().st_mode & 0o777) == "0o600"
    assert "created user admin" in done.stderr
    again = _up(tmp_path, "--demo")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "not loading the demo again" in again.stderr
    assert _view_counts(again.stderr) == counts
