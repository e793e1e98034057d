"""`journey prevention import` and `template`: the exit codes, every bad line printed,
nothing recorded from a refused sheet, a file not imported twice (both databases)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.run.bootstrap import Journey
from services.prevention_sheet import template_columns
from tests.support.prevention import MEDIA, SCHOOL, sheet
from tests.support.shell import store_for_the_cli

ACTOR = ["--actor", "drita.gashi"]


@pytest.fixture
def journey(
    database_url: str, read_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Journey]:
    yield from store_for_the_cli(database_url, read_url, tmp_path / "data", monkeypatch)


def test_import_records_a_sheet_once_and_refuses_a_bad_one(
    journey: Journey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "may.csv"
    rows = [SCHOOL | {"held_on": "2025-01-06"}, MEDIA | {"held_on": "2025-01-02"}]
    good.write_bytes(sheet(rows))
    assert main(["prevention", "import", str(good), *ACTOR]) == 0
    assert "2 activities recorded (26 people met)" in capsys.readouterr().out
    assert main(["prevention", "import", str(good), *ACTOR]) == 2
    assert "may.csv was imported already" in capsys.readouterr().err
    bad = tmp_path / "june.csv"
    bad.write_bytes(sheet([SCHOOL | {"type": "lecture"}, MEDIA | {"duration_minutes": "x"}]))
    before = journey.app.recorder.max_notification_id()
    assert main(["prevention", "import", str(bad), *ACTOR]) == 2
    err = capsys.readouterr().err
    assert "line 2: type: 'lecture' is not one of" in err
    assert "line 3: duration_minutes: 'x' is not a whole number" in err
    assert journey.app.recorder.max_notification_id() == before
    assert main(["prevention", "import", str(tmp_path / "missing.csv"), *ACTOR]) == 1


def test_template_prints_the_header_line(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["prevention", "template"]) == 0
    assert capsys.readouterr().out.strip().split(",") == template_columns()
