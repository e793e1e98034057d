"""Issue 11 item 7: the data directory 0700 and every file in it 0600, whatever the umask;
`journey doctor` names what is wider (exit 1) and says how to fix it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.audit.erasure_register import ErasureRegister, register_path
from adapters.audit.signing_key import load_or_create_signer
from adapters.cli.main import main
from adapters.file_modes import wide_paths
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from adapters.settings import Settings, chain_key_path
from adapters.store.read_database import read_engine
from adapters.stream.nats_server import EmbeddedNats
from services.access import Role


@pytest.fixture
def lax_umask() -> Iterator[None]:
    """The common default umask, under which files are created 0644 unless made private."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("JOURNEY_DATA_DIR", str(data))
    for name in ("JOURNEY_DATABASE_URL", "JOURNEY_READ_DATABASE_URL", "JOURNEY_MASTER_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    return data


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _everything_under(root: Path) -> list[Path]:
    return [Path(d) / n for d, subs, files in os.walk(root) for n in (*subs, *files)]


@pytest.mark.usefixtures("lax_umask")
def test_the_code_creates_the_data_directory_and_its_files_private_under_umask_022(
    data_dir: Path,
) -> None:
    settings = Settings.from_env()
    clock = ScriptedClock(START)
    journey = build(settings, clock)
    engine = read_engine(settings.read_url)
    try:
        Demo(journey, clock).run(2)
        Accounts(engine).add("besa.krasniqi", Role.CASEWORKER)
        load_or_create_signer(chain_key_path(settings))
        ErasureRegister(register_path(settings)).append([], START, "store")
        with EmbeddedNats(data_dir / "nats"):
            open_files = _everything_under(data_dir)  # -wal and -shm exist while open
            assert wide_paths(data_dir) == []
    finally:
        journey.close()
        engine.dispose()
    names = {path.name for path in open_files}
    assert {"journey.db", "journey.db-wal", "read.db", "keys.db", "master.key"} <= names
    assert {"chain-signing-key.pem", "erasures.log", "nats-server.log", "jetstream"} <= names
    assert _mode(data_dir) == 0o700
    assert {_mode(p) for p in open_files if p.is_file()} == {0o600}
    assert {_mode(p) for p in open_files if p.is_dir()} == {0o700}


def test_doctor_names_a_file_others_may_read_and_exits_1(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(Settings.from_env()).close()
    assert main(["doctor"]) == 0
    assert "file modes fine" in capsys.readouterr().out
    store = data_dir / "journey.db"
    store.chmod(0o644)
    (data_dir / "nats").mkdir(mode=0o755)
    (data_dir / "nats").chmod(0o755)
    assert main(["doctor"]) == 1
    report = capsys.readouterr().out
    assert f"{store}: file mode 0644" in report
    assert f"chmod 600 {store}" in report
    assert f"chmod 700 {data_dir / 'nats'}" in report
    assert str(data_dir / "keys.db") not in report


def test_doctor_checks_secrets_configured_outside_the_data_directory(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = tmp_path / "secrets" / "master.key"
    monkeypatch.setenv("JOURNEY_MASTER_KEY_FILE", str(key))
    build(Settings.from_env()).close()
    assert _mode(key.parent) == 0o700
    key.chmod(0o640)
    assert main(["doctor"]) == 1
    assert f"chmod 600 {key}" in capsys.readouterr().out


def test_doctor_without_a_data_directory_finds_nothing_to_fix(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor"]) == 0
    assert f"no data directory at {data_dir}" in capsys.readouterr().out
    assert not data_dir.exists()
