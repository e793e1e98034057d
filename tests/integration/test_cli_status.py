"""`journey projections status --json` for scripts, on each read database: every read
model with its generation, position, lag (null when the stream cannot be read) and
state, the same rows the table prints."""

from __future__ import annotations

import json

import pytest

from adapters.cli.main import main
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
