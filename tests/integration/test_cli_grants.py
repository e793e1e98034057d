"""`journey grants open` and `list` (issue 17): a grant opened from the shipped example
TOML file, refused when opened again or when the file is not a grant, listed as a table
and as JSON (both databases)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.run.bootstrap import Journey
from domain.funding.grant import Grant, grant_id
from tests.support.shell import store_for_the_cli

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "grant.toml"
ACTOR = ["--actor", "arta.berisha"]


@pytest.fixture
def journey(
    database_url: str, read_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Journey]:
    yield from store_for_the_cli(database_url, read_url, tmp_path / "data", monkeypatch)


def test_open_a_grant_from_a_file_once_and_list_it(
    journey: Journey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["grants", "open", str(EXAMPLE), *ACTOR]) == 0
    assert "EU-IPA-2026-014: opened (Direct assistance" in capsys.readouterr().out
    grant = journey.app.load(Grant, grant_id("EU-IPA-2026-014"))
    assert [line.code for line in grant.terms.budget_lines] == ["1.1", "1.2"]
    assert main(["grants", "open", str(EXAMPLE), *ACTOR]) == 2
    assert "grant EU-IPA-2026-014 is already opened" in capsys.readouterr().err
    keyed = tmp_path / "osce.toml"
    text = EXAMPLE.read_text().replace("EU-IPA-2026-014", "OSCE-1")
    keyed.write_text(
        text.replace('{ name = "European Union Office in Kosovo" }', '{ key = "no such key!" }')
    )
    assert main(["grants", "open", str(keyed), *ACTOR]) == 2
    assert "terms.donor.key: is not a registry key" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("amount = 85000", 'amount = "a lot"'))
    assert main(["grants", "open", str(broken), *ACTOR]) == 2
    assert "file: does not describe a grant" in capsys.readouterr().err
    assert main(["grants", "open", str(tmp_path / "missing.toml"), *ACTOR]) == 1
    assert main(["grants", "list"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == [
        "reference",
        "donor",
        "period",
        "budget",
        "indicators",
        "attributed",
        "status",
    ]
    assert table[1].startswith(
        "EU-IPA-2026-014  European Union Office in Kosovo  2026-01-01 to 2027-12-31"
    )
    assert main(["grants", "list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["reference"], listed["terms"]["currency"], listed["attributions_in_force"]) == (
        "EU-IPA-2026-014",
        "EUR",
        0,
    )
