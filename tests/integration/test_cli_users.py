"""`journey users` as an administrator uses it, on each read database: the list (as text
and `--json` for scripts, with each person's sign-in state), the refusals' exit code 2,
and `journey --version`."""

from __future__ import annotations

import json

import pytest

from adapters.cli.main import main


def test_the_list_shows_every_account_and_how_far_it_got_with_signing_in(
    cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["users", "add", "besa.krasniqi", "--role", "caseworker"]) == 0
    assert main(["users", "add", "arta.manager", "--role", "case_manager"]) == 0
    assert main(["users", "add", "gone.worker", "--role", "caseworker"]) == 0
    assert main(["users", "reset-password", "besa.krasniqi"]) == 0
    assert main(["users", "revoke", "gone.worker"]) == 0
    capsys.readouterr()
    assert main(["users", "list", "--json"]) == 0
    listed = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert sorted(listed) == ["arta.manager", "besa.krasniqi", "gone.worker"]
    assert listed["besa.krasniqi"]["sign_in"] == "change_password"
    assert listed["arta.manager"]["sign_in"] == "no_password"
    assert listed["gone.worker"]["revoked_at"] is not None
    assert listed["arta.manager"]["revoked_at"] is None
    assert all("token" not in key for row in listed.values() for key in row)
    assert main(["users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["arta.manager", "case_manager"],
        ["besa.krasniqi", "caseworker"],
        ["gone.worker", "caseworker"],
    ]
    assert "revoked" in lines[2]


def test_a_refusal_exits_2_and_says_why(cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "revoke", "nobody.here"]) == 2
    assert "nobody.here" in capsys.readouterr().err
    assert main(["users", "add", "x", "--role", "caseworker"]) == 2


def test_the_version_is_the_installed_packages(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("journey 0.")
