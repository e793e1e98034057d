"""`journey organisations`: import (idempotent), list, register, rename, deactivate, and
the exit codes (both databases)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.run.bootstrap import Journey
from domain.organisation import Organisation, organisation_id
from tests.support.shell import store_for_the_cli

ACTOR = ["--actor", "arta.manager"]


@pytest.fixture
def journey(
    database_url: str, read_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Journey]:
    yield from store_for_the_cli(database_url, read_url, tmp_path / "data", monkeypatch)


def test_the_shipped_registry_imports_once_and_lists(
    journey: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["organisations", "import", *ACTOR]) == 0
    first = capsys.readouterr().out
    assert main(["organisations", "import", *ACTOR]) == 0
    assert "0 registered, 0 renamed" in capsys.readouterr().out
    assert first.split()[0] == str(len(json_list(capsys)))
    table = run_out(capsys, "organisations", "list")
    assert "csw-prishtine" in table
    assert "iom-kosovo" in table


def json_list(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = json.loads(run_out(capsys, "organisations", "list", "--json"))
    iom = next(o for o in listed if o["key"] == "iom-kosovo")
    assert iom["htcds_type"] is None
    return listed


def run_out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_register_rename_deactivate_and_the_refusals(
    journey: Journey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = ["organisations", "register", "ngo-drita", "--kind", "ngo", "--albanian", "Drita"]
    assert main([*register, "--municipality", "17", *ACTOR]) == 0
    assert main([*register, *ACTOR]) == 2  # already registered
    assert main([*register[:3], "--kind", "ngo", "--english", "X", "--municipality", "40"]) == 2
    rename = ["organisations", "rename", "ngo-drita", "--english", "Drita Centre", *ACTOR]
    assert main(rename) == 0
    assert main(rename) == 2  # no change
    deactivate = ["organisations", "deactivate", "ngo-drita", "--active-to", "2026-01-31"]
    assert main([*deactivate, *ACTOR]) == 0
    record = journey.app.load(Organisation, organisation_id("ngo-drita"))
    assert record.display_name == "Drita Centre"
    assert record.details.municipality == "17"
    assert main(["organisations", "import", str(tmp_path / "missing.toml")]) == 1
    broken = tmp_path / "broken.toml"
    good = '[[organisation]]\nkey = "ngo-besa"\nkind = "ngo"\nenglish = "Besa"\ncountry = "XK"\n'
    broken.write_text(good + '[[organisation]]\nkey = "x-y"\nkind = "ngo"\ncountry = "XK"\n')
    assert main(["organisations", "import", str(broken)]) == 2  # the second has no name
    assert "names" in capsys.readouterr().err
    assert main(["organisations", "list"]) == 0
    assert "ngo-besa" not in capsys.readouterr().out  # nothing of the file was imported
