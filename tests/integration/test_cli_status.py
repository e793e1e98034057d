"""`journey status`, the installation at a glance, and `journey projections status --json`
for scripts, on each read database: every read model with its generation, position, lag
(null when the stream cannot be read) and state, the same rows the table prints."""

from __future__ import annotations

import json

import pytest

from adapters.cli.main import main
from adapters.store.read_database import read_engine
from projections import catalog
from projections.registry import read_models


def test_the_status_as_json_names_every_read_model(
    cli_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JOURNEY_NATS_URL", "nats://127.0.0.1:1")  # nothing listens there
    assert main(["projections", "status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["component"] for row in rows] == list(read_models())
    assert {row["state"] for row in rows} == {"never ran"}
    assert {row["lag"] for row in rows} == {None}
    assert all(isinstance(row["generation"], int) for row in rows)
    assert main(["projections", "status"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in table[1:]] == [row["component"] for row in rows]


def test_journey_status_shows_schema_chain_and_components_and_exits_1_on_a_problem(
    cli_env: None,
    read_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("JOURNEY_NATS_URL", "nats://127.0.0.1:1")
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["status", "--json"]) == 1  # nothing ran yet
    report = json.loads(capsys.readouterr().out)
    assert all(part["at_head"] for part in report["schema"])
    assert report["chain"] == {"sealed": 0, "behind": 0, "last_checkpoint": None}
    assert "relay is never ran" not in report["problems"]  # no relay row before it reports
    assert "caseload is never ran" in report["problems"]

    engine = read_engine(read_url)
    metrics = "http://127.0.0.1:9464/metrics"
    catalog.report(engine, "relay", "running", position=0, detail=f"published=0 metrics={metrics}")
    for name in read_models():
        catalog.report(engine, f"projection:{name}", "running", position=0)
    assert main(["status", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == []
    assert report["components"][0]["metrics"] == metrics

    catalog.report(engine, "projection:caseload", "failed", position=0, last_error="boom")
    assert main(["status"]) == 1
    shown = capsys.readouterr().out
    assert "problem: caseload is failed" in shown
    assert metrics in shown
    engine.dispose()
