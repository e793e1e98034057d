"""`journey audit replay`: the records as of a moment, and the history export (both databases)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from adapters.audit.access_log import AccessLog
from adapters.cli.main import main
from adapters.run.bootstrap import Journey
from adapters.settings import Settings
from adapters.store.read_database import read_engine
from domain.vocab import NoteCategory
from services.commands.case import AddNote
from services.commands.shelter import AdmitToShelter
from tests.support.factories import MANAGER, WORKER, case_in_service_provision, facility
from tests.support.shell import store_for_the_cli

NOTE = "met her brother in Prizren"


@pytest.fixture
def journey(
    database_url: str, read_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Journey]:
    yield from store_for_the_cli(database_url, read_url, tmp_path / "data", monkeypatch)


def replay(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["audit", "replay", *args]) == 0
    return json.loads(capsys.readouterr().out)


def a_case(journey: Journey) -> tuple[UUID, str]:
    case_id = case_in_service_provision(journey)
    run = journey.bus.execute
    run(case_id, AddNote(category=NoteCategory.MEDICAL, text=NOTE), actor=MANAGER)
    run(None, AdmitToShelter(case_id=case_id, facility_id=facility(journey)), actor=WORKER)
    return case_id, journey.queries.case(case_id).case_number


def test_replay_as_of_prints_the_records_then(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id, number = a_case(journey)
    times = journey.queries.times(case_id)
    before_stay = times.time_of(10).isoformat()  # the note recorded, no stay yet
    then = replay(capsys, number, "--as-of", before_stay)
    assert (then["case"]["version"], then["stays"], then["plans"]) == (10, [], [])
    assert then["case"]["notes"] == []
    assert then["case"]["notes_withheld"] == 1
    assert then["beneficiary"]["personal"] is None  # the auditor's view
    assert NOTE not in json.dumps(then)
    now = replay(capsys, str(case_id))
    assert now["case"]["version"] == journey.queries.case(case_id).version
    assert [s["version"] for s in now["stays"]] == [1]
    by_version = replay(capsys, number, "--version", "10")
    assert by_version["case"] == then["case"]


def test_replay_refuses_a_moment_after_now(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    """The store knows nothing beyond now; a future day would date a child's birthday."""
    _, number = a_case(journey)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert main(["audit", "replay", number, "--as-of", tomorrow]) == 2
    assert "as_of" in capsys.readouterr().err


def test_replay_history_exports_every_event(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id, number = a_case(journey)
    export = replay(capsys, number, "--history", "--role", "case_manager", "--actor", MANAGER)
    expected = [(e.record_type, e.version) for e in journey.queries.case_history(case_id)]
    assert [(e["record_type"], e["version"]) for e in export["events"]] == expected
    assert "Drita" in json.dumps(export)  # a case manager sees the person
    assert NOTE not in json.dumps(export)  # ... but not a medical note
    rows = [(r["actor"], r["record_type"], r["route"]) for r in export["access_log"]]
    assert (MANAGER, "beneficiary", "journey audit replay") in rows
    engine = read_engine(Settings.from_env().read_url)
    try:
        assert len(AccessLog(engine).entries(str(case_id))) == 0  # a manager reads no notes here
    finally:
        engine.dispose()


def test_replay_refuses_bad_input_by_name(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    _, number = a_case(journey)
    with pytest.raises(SystemExit):
        main(["audit", "replay", number, "--as-of", "last tuesday"])
    assert "--as-of" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["audit", "replay", number, "--as-of", "2026-01-01T00:00:00"])
    assert "no time zone" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["audit", "replay", number, "--as-of", "2026-01-01T00:00:00Z", "--version", "2"])
    assert "not allowed with" in capsys.readouterr().err
    assert main(["audit", "replay", number, "--as-of", "2000-01-01T00:00:00Z"]) == 2
    assert "did not exist yet" in capsys.readouterr().err
    assert main(["audit", "replay", "PVPT-X-1"]) == 2
    assert "is not a case number (PVPT-C-2026-0007) or id" in capsys.readouterr().err


def test_replay_finds_the_case_by_number_as_typed_or_by_id(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id, number = a_case(journey)
    by_id = replay(capsys, str(case_id))
    assert replay(capsys, number.lower()) == by_id
    stay = by_id["stays"][0]  # the same StayView GET /api/v1/stays/{ref} answers
    assert (stay["case_number"], stay["on_leave"], stay["withheld"]) == (number, False, {})


def test_erase_takes_the_code_or_the_id(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id, number = a_case(journey)
    beneficiary = journey.queries.case(case_id).beneficiary_id
    erasure = ["--legal-basis", "consent_withdrawn", "--reference", "DPO-2026-1", "--by", "dpo"]
    assert main(["erase", number, *erasure]) == 2
    assert "is a case number, not a beneficiary code" in capsys.readouterr().err
    assert main(["erase", str(beneficiary), *erasure]) == 0
    code = journey.queries.beneficiary(beneficiary).code
    assert f"erased the personal data of {code}" in capsys.readouterr().out
