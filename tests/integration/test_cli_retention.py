"""`journey retention due|propose|approve|execute|report` (both databases): an
administrator's review of records closed in 2019, from the command line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.settings import Settings
from adapters.store.read_database import read_engine
from domain.beneficiary import Beneficiary
from tests.integration.test_retention import closed_in_2019
from tests.support.http import catch_up


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(datetime(2019, 3, 4, 9, 0, tzinfo=UTC))


@pytest.fixture
def archive(
    database_url: str,
    read_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: ScriptedClock,
) -> Iterator[Journey]:
    """The store the CLI opens, with cases recorded in 2019 by a journey of its own."""
    monkeypatch.setenv("JOURNEY_DATABASE_URL", database_url)
    monkeypatch.setenv("JOURNEY_READ_DATABASE_URL", read_url)
    monkeypatch.setenv("JOURNEY_DATA_DIR", str(tmp_path / "data"))
    system = build(Settings.from_env(), clock)
    yield system
    system.close()


def _catch_up(journey: Journey, read_url: str, *models: str) -> None:
    engine = read_engine(read_url)
    try:
        catch_up(journey, engine, *models)
    finally:
        engine.dispose()


def test_an_administrator_s_review_from_the_command_line(
    archive: Journey, read_url: str, clock: ScriptedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    beneficiary_id, _ = closed_in_2019(archive, clock)
    code = archive.app.load(Beneficiary, beneficiary_id).code
    _catch_up(archive, read_url, "due")
    assert main(["retention", "due"]) == 0
    listed = capsys.readouterr().out
    assert code in listed
    assert "1 beneficiary(ies), 1 whose retention has ended" in listed

    assert main(["retention", "propose", code, "--by", "driton.hoxha"]) == 0
    proposed = capsys.readouterr().out
    match = re.search(r"proposed retention batch ([0-9a-f-]{36})", proposed)
    assert match is not None
    batch = match.group(1)
    assert main(["retention", "approve", batch, "--by", "driton.hoxha"]) == 2
    assert "driton.hoxha proposed retention batch" in capsys.readouterr().err
    assert main(["retention", "approve", batch, "--by", "vjosa.kelmendi"]) == 0
    assert main(["retention", "execute", batch, "--by", "driton.hoxha"]) == 0
    assert f"executed retention batch {batch}: 1 erased, keys destroyed" in capsys.readouterr().out
    assert archive.app.load(Beneficiary, beneficiary_id).erased

    _catch_up(archive, read_url, "due", "retention")
    assert main(["retention", "report"]) == 0
    report = capsys.readouterr().out
    assert "by_closure_year:" in report
    assert "2019" in report
    assert "vjosa.kelmendi" in report
    assert code not in report
