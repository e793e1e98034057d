"""`journey due --kind court_date` lists a scheduled hearing (both databases)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.run.bootstrap import Journey
from adapters.store.read_database import read_engine
from domain.justice_vocab import ProceedingsRole, ProceedingsStage
from services.commands.justice import OpenProceedings, ScheduleHearing
from tests.support.factories import MANAGER, case_in_service_provision, today_in_prishtina
from tests.support.http import catch_up
from tests.support.shell import store_for_the_cli


@pytest.fixture
def journey(
    database_url: str, read_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Journey]:
    yield from store_for_the_cli(database_url, read_url, tmp_path / "data", monkeypatch)


def test_journey_due_lists_a_court_date(
    journey: Journey, read_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = case_in_service_provision(journey)
    opened = OpenProceedings(
        case_id=case_id, role=ProceedingsRole.WITNESS, stage=ProceedingsStage.TRIAL
    )
    proceedings = journey.bus.execute(None, opened, actor=MANAGER).id
    ahead = today_in_prishtina() + timedelta(days=7)
    journey.bus.execute(proceedings, ScheduleHearing(scheduled_on=ahead), actor=MANAGER)
    engine = read_engine(read_url)
    try:
        catch_up(journey, engine, "due")
    finally:
        engine.dispose()
    assert main(["due", "--kind", "court_date"]) == 0
    out = capsys.readouterr().out
    assert ahead.isoformat() in out
    assert "hearing 1" in out
    assert "1 item(s), 0 overdue" in out
