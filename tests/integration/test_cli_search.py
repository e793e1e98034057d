"""`journey beneficiaries search`, `reindex`, and the new index key of `journey keys
rotate` (both databases)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from adapters.audit.access_log import AccessLog
from adapters.cli.main import main
from adapters.privacy.blind_index import index_state
from adapters.run.bootstrap import Journey
from adapters.store.read_database import read_engine
from tests.support.shell import store_for_the_cli
from tests.support.survivor import survivor


@pytest.fixture
def journey(
    database_url: str, read_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Journey]:
    yield from store_for_the_cli(database_url, read_url, tmp_path / "data", monkeypatch)


def search(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["beneficiaries", "search", "--actor", "arta.manager", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_search_prints_the_matches_and_logs_who_searched_not_the_name(
    journey: Journey,
    read_url: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    person = survivor(journey)
    found = search(capsys, "--name", "Zanafina Hoxholari", "--birth-year", "2009")
    assert [m["beneficiary_id"] for m in found["matches"]] == [str(person.beneficiary)]
    assert found["matches"][0]["personal"]["given_name"] == "Zanafina"
    assert search(capsys, "--name", "Zanafina Hoxholari", "--birth-year", "2010")["matches"] == []
    engine = read_engine(read_url)
    try:
        rows = AccessLog(engine).entries()
    finally:
        engine.dispose()
    assert [(r["actor"], r["record_type"]) for r in rows] == [
        ("arta.manager", "beneficiary"),
        ("arta.manager", "beneficiary_search"),
    ]
    assert "hoxholari" not in (repr(rows) + caplog.text).casefold()


def test_search_asks_for_the_name_when_it_is_left_out(
    journey: Journey, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    person = survivor(journey)
    monkeypatch.setattr("sys.stdin", io.StringIO("Занафина Хоџолари\n"))
    found = search(capsys, "--role", "lawyer")
    assert [m["beneficiary_id"] for m in found["matches"]] == [str(person.beneficiary)]


def test_a_name_without_a_word_is_refused_naming_the_option(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["beneficiaries", "search", "--name", "A."]) == 2
    assert "name: has no word" in capsys.readouterr().err


def test_reindex_rebuilds_the_index_from_the_store(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    person = survivor(journey)
    head = journey.app.recorder.max_notification_id()
    assert main(["beneficiaries", "reindex"]) == 0
    assert f"up to position {head}" in capsys.readouterr().out
    assert journey.names.rows_of(person.beneficiary) == 3


def test_keys_rotate_makes_a_new_index_key_and_the_index_rebuilds_under_it(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    person = survivor(journey)
    query = ["--name", "Zanafina Hoxholari", "--birth-year", "2009"]
    assert len(search(capsys, *query)["matches"]) == 1
    made_with = _index_key_id(journey)
    assert main(["keys", "rotate"]) == 0
    assert "a new blind-index key" in capsys.readouterr().out
    assert _index_key_id(journey) != made_with
    assert journey.names.rows_of(person.beneficiary) == 0
    assert [m["beneficiary_id"] for m in search(capsys, *query)["matches"]] == [
        str(person.beneficiary)
    ]
    assert journey.names.rows_of(person.beneficiary) == 3


def _index_key_id(journey: Journey) -> str:
    with journey.names.engine.connect() as conn:
        return str(conn.execute(select(index_state.c.key_id)).scalar_one())
