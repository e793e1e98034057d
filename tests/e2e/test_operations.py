"""Operating the real system (`journey up`): one correlation id in the JSON logs from the
HTTP request to the read model, and the metrics of the API, the relay and a worker
scraped from their ports (docs/operations.md)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import msgspec
from prometheus_client.parser import text_string_to_metric_families

from adapters.observability.metrics import EXPORTED_METRICS
from domain.values import PersonalData
from domain.vocab import Gender, TraffickingScope
from services.commands.beneficiary import RegisterBeneficiary
from tests.support.journey_up import add_user, journey_up, up_environment

FIRST, LAST = "Vjollca", "Zeqiraj"  # must appear in no log line
REQUEST = "7f3a0c5e9b2d4e6f8a1b3c5d7e9f0a2b"  # a UUID: only UUIDs are taken from clients
JSON_DEBUG = {"JOURNEY_LOG_FORMAT": "json", "JOURNEY_LOG_LEVEL": "debug"}


def test_one_correlation_id_from_request_to_read_model_and_metrics_from_every_process(
    tmp_path: Path,
) -> None:
    data_dir, log = tmp_path / "data", tmp_path / "up.log"
    with journey_up(data_dir, log, settings=JSON_DEBUG) as (_, port):
        token = add_user(data_dir, "vesa.caseworker", "caseworker")
        answer = _register(port, token, request_id=REQUEST)
        record_id = answer.json()["id"]
        assert answer.headers["x-request-id"] == REQUEST
        _wait_for(
            log,
            lambda line: (
                line.get("correlation_id") == REQUEST
                and line.get("logger") == "journey.projections"
            ),
        )
        scraped = _scrape_every_process(port, data_dir, log)
    lines = _json_lines(log)
    ours = [line for line in lines if line.get("correlation_id") == REQUEST]
    loggers = {line["logger"] for line in ours}
    assert {"journey.http.access", "journey.commands", "journey.projections"} <= loggers
    applied = [line for line in ours if line["logger"] == "journey.projections"]
    assert all(record_id in line["message"] for line in applied)
    assert all(line["causation_id"] == REQUEST for line in applied)
    assert all(line["timestamp"].endswith("Z") for line in lines)
    text = log.read_text()
    assert FIRST not in text
    assert LAST not in text
    assert scraped >= EXPORTED_METRICS, sorted(EXPORTED_METRICS - scraped)


def _register(port: int, token: str, *, request_id: str) -> httpx.Response:
    person = RegisterBeneficiary(
        personal=PersonalData(FIRST, LAST, date(2004, 5, 6)),
        gender=Gender.FEMININE,
        age_at_identification=20,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
    answer = httpx.post(
        f"http://127.0.0.1:{port}/api/v1/beneficiaries",
        json=msgspec.to_builtins(person),
        headers={"Authorization": f"Bearer {token}", "X-Request-ID": request_id},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    return answer


def _json_lines(log: Path) -> list[dict[str, Any]]:
    """Every line `journey up` and its children wrote: each one JSON object."""
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def _wait_for(log: Path, matches: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not any(matches(line) for line in _json_lines(log)):
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.5)


def _scrape_every_process(port: int, data_dir: Path, log: Path) -> set[str]:
    """The names of every sample of the API, the relay, each worker (their addresses from
    `journey projections status --json`, as an operator finds them) and the chain keeper
    (its address from its log line)."""
    status = httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).json()
    assert status["status"] == "ok", status
    listed = _component_addresses(data_dir)
    assert len(listed) >= 5, listed  # the relay and every worker
    logged = {
        line["message"].removeprefix("metrics at ")
        for line in _json_lines(log)
        if line["logger"] == "journey.metrics"
    }
    assert set(listed) < logged  # and the keeper's
    names = _sample_names(f"http://127.0.0.1:{port}/metrics")
    for address in logged:
        names |= _sample_names(address)
    return names


def _component_addresses(data_dir: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "projections", "status", "--json"],
        env=up_environment(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [row["metrics"] for row in json.loads(done.stdout) if row["metrics"]]


def _sample_names(url: str) -> set[str]:
    text = httpx.get(url, timeout=10).text
    return {s.name for family in text_string_to_metric_families(text) for s in family.samples}
