"""One typed Settings: every setting documented, bad values refused by name, precedence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.settings import CONFIG_ENV, ConfigError, Settings, child_environment, load_settings
from adapters.settings.schema import FIELDS
from adapters.settings.table import DOC, render

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY = {
    "JOURNEY_TEST_POSTGRES_URL",
    "JOURNEY_REQUIRE_POSTGRES",
    "JOURNEY_REQUIRE_NODE",
    "JOURNEY_TEST_LONG",  # tests/support/long_runs.py
    CONFIG_ENV,
}
# read by the TypeScript client's script (clients/typescript/src/caseworker-day.ts), not the server
CLIENT_SCRIPT = {"JOURNEY_URL", "JOURNEY_TOKEN"}


@pytest.fixture(autouse=True)
def no_settings_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for field in FIELDS:
        monkeypatch.delenv(field.env, raising=False)
    monkeypatch.delenv(CONFIG_ENV, raising=False)


def test_the_settings_doc_is_rendered_from_the_fields() -> None:
    """Run `python -m adapters.settings.table` to update docs/settings.md."""
    assert DOC.read_text() == render()


@pytest.mark.parametrize("doc", ["README.md", "docs/deployment.md"])
def test_every_documented_variable_is_a_setting(doc: str) -> None:
    named = set(re.findall(r"JOURNEY_[A-Z_]+[A-Z]", (ROOT / doc).read_text()))
    settings = {field.env for field in FIELDS}
    assert (
        sorted(
            named - settings - TEST_ONLY - CLIENT_SCRIPT - {"JOURNEY_EVENTS", "JOURNEY_CHECKPOINTS"}
        )
        == []
    )


def test_every_field_of_settings_is_in_the_table() -> None:
    fields = set(Settings.__dataclass_fields__)
    assert fields == {field.name for field in FIELDS}


def refusal(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, list[str]]:
    code = main(argv)
    return code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(
    "case",
    [
        ("JOURNEY_CHECKPOINT_EVERY", "often", "often", "a whole number of at least 1"),
        ("JOURNEY_DB_CONNECT_TIMEOUT", "0", "0", "a whole number of at least 1"),
        ("JOURNEY_NATS_REPLICAS", "three", "three", "one of 1, 2, 3, 4, 5"),
        ("JOURNEY_DATABASE_URL", "mysql://db/x", "mysql://db/x", "a URL of scheme sqlite"),
        ("JOURNEY_NATS_URL", "nats://a:4222,b", "b", "nats://host:port"),
        ("JOURNEY_TRUSTED_PROXIES", "10.0.0.5,proxy.local", "proxy.local", "IP addresses"),
        ("JOURNEY_CHECKPOINT_SECONDS", "-1", "-1", "a number greater than 0"),
    ],
)
def test_a_bad_value_exits_2_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: tuple[str, ...]
) -> None:
    name, value, shown, allowed = case
    monkeypatch.setenv(name, value)
    code, lines = refusal(capsys, ["doctor"])
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith(f"journey: {name}: {shown!r} from the environment")
    assert allowed in lines[0]


def test_a_path_that_is_a_directory_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("JOURNEY_MASTER_KEY_FILE", str(tmp_path))
    code, lines = refusal(capsys, ["doctor"])
    assert (code, len(lines)) == (2, 1)
    assert f"JOURNEY_MASTER_KEY_FILE: {str(tmp_path)!r}" in lines[0]
    assert "a file's path (not a directory)" in lines[0]


def test_a_bad_option_and_a_bad_file_are_named_with_their_source(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, lines = refusal(capsys, ["--nats-replicas", "9", "doctor"])
    assert code == 2
    assert lines == [
        "journey: JOURNEY_NATS_REPLICAS: '9' from the option --nats-replicas is not allowed; "
        "allowed: one of 1, 2, 3, 4, 5"
    ]
    config = tmp_path / "journey.toml"
    config.write_text("checkpoint_every = 0\n")
    code, lines = refusal(capsys, ["--config", str(config), "doctor"])
    assert (code, len(lines)) == (2, 1)
    assert f"JOURNEY_CHECKPOINT_EVERY: '0' from the file {config}" in lines[0]
    config.write_text("replicas = 3\n")
    code, lines = refusal(capsys, ["--config", str(config), "doctor"])
    assert (code, len(lines)) == (2, 1)
    assert "'replicas'" in lines[0]
    assert "nats_replicas" in lines[0]


def test_file_then_environment_then_option(tmp_path: Path) -> None:
    config = tmp_path / "journey.toml"
    config.write_text(
        'nats_stream = "FILE"\nnats_prefix = "file"\ncheckpoint_every = 7\n'
        'trusted_proxies = ["10.0.0.5", "10.1.0.0/16"]\n'
    )
    env = {CONFIG_ENV: str(config), "JOURNEY_NATS_STREAM": "ENV", "JOURNEY_NATS_PREFIX": "env"}
    settings = load_settings({"nats_stream": "OPTION"}, env)
    assert (settings.nats_stream, settings.nats_prefix) == ("OPTION", "env")
    assert settings.checkpoint_every == 7
    assert [str(network) for network in settings.trusted_proxies] == ["10.0.0.5/32", "10.1.0.0/16"]
    assert load_settings({"config": str(config)}, {}).nats_stream == "FILE"
    assert load_settings({}, {}).nats_stream == "JOURNEY_EVENTS"


def test_precedence_through_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "journey.toml"
    config.write_text(f'data_dir = "{tmp_path / "from-file"}"\n')
    monkeypatch.setenv(CONFIG_ENV, str(config))
    main(["doctor"])
    assert f"no data directory at {tmp_path / 'from-file'}" in capsys.readouterr().out
    monkeypatch.setenv("JOURNEY_DATA_DIR", str(tmp_path / "from-env"))
    main(["doctor"])
    assert f"no data directory at {tmp_path / 'from-env'}" in capsys.readouterr().out
    main(["--data-dir", str(tmp_path / "from-option"), "doctor"])
    assert f"no data directory at {tmp_path / 'from-option'}" in capsys.readouterr().out


def test_a_child_gets_every_setting_explicitly_and_no_file(tmp_path: Path) -> None:
    config = tmp_path / "journey.toml"
    config.write_text("nats_replicas = 3\ncheckpoint_seconds = 2.5\n")
    settings = load_settings({"config": str(config), "data_dir": str(tmp_path)}, {})
    monkeypatch = pytest.MonkeyPatch()
    with monkeypatch.context() as patch:
        patch.setenv(CONFIG_ENV, str(config))
        env = child_environment(settings)
    assert CONFIG_ENV not in env
    assert {field.env for field in FIELDS} <= set(env)
    assert load_settings({}, env) == settings


def test_a_malformed_value_is_a_config_error_before_anything_opens() -> None:
    with pytest.raises(ConfigError, match="JOURNEY_DATA_DIR"):
        load_settings({}, {"JOURNEY_DATA_DIR": str(Path(__file__))})
