"""`journey`'s exit codes, as `journey --help` documents them, from real processes: 0 done;
1 a failure (a check that found a problem, a file that cannot be read); 2 a usage or
configuration error, or a refusal. And what a script reads stays clean: no progress bar
and no colour when stdout and stderr are pipes, the bar on stderr when it is a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.journey_up import up_environment
from tests.support.tamper import raw_store

OK, FAILURE, USAGE = 0, 1, 2
ESCAPE = "\x1b"  # how every terminal control sequence starts


def journey(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("exit-codes")


@pytest.fixture(scope="module")
def env(data_dir: Path) -> dict[str, str]:
    """A demo store in its own data directory, its history chained and signed."""
    environment = up_environment(data_dir)
    environment.pop("JOURNEY_CHECKPOINT_EVERY", None)
    loaded = journey(environment, "demo", "--data-dir", str(data_dir), "--beneficiaries", "1")
    assert loaded.returncode == OK, loaded.stderr
    assert ESCAPE not in loaded.stdout + loaded.stderr, "a pipe never gets a bar or colour"
    assert journey(environment, "audit", "checkpoint").returncode == OK
    return environment


def test_usage_errors_exit_2(env: dict[str, str]) -> None:
    for args in (("users", "list", "--no-such-option"), ("projections", "rebuild", "no-model")):
        assert journey(env, *args).returncode == USAGE, args


def test_a_bad_setting_or_a_refusal_exits_2(env: dict[str, str]) -> None:
    bad = journey({**env, "JOURNEY_CHECKPOINT_EVERY": "often"}, "audit", "checkpoint")
    assert bad.returncode == USAGE
    assert "JOURNEY_CHECKPOINT_EVERY" in bad.stderr
    assert journey(env, "users", "revoke", "nobody.here").returncode == USAGE


def test_the_version_exits_0(env: dict[str, str]) -> None:
    assert journey(env, "--version").returncode == OK


def test_a_file_that_cannot_be_read_exits_1(env: dict[str, str], data_dir: Path) -> None:
    missing = str(data_dir / "no-such-grant.toml")
    assert journey(env, "grants", "open", missing).returncode == FAILURE


def test_verify_exits_0_on_an_intact_history_and_1_once_it_is_changed(
    env: dict[str, str], data_dir: Path
) -> None:
    intact = journey(env, "audit", "verify")
    assert intact.returncode == OK, intact.stdout + intact.stderr
    assert ESCAPE not in intact.stdout + intact.stderr
    with raw_store(f"sqlite:///{data_dir / 'journey.db'}") as raw:
        raw.flip_byte(7)
    try:
        changed = journey(env, "audit", "verify")
        assert changed.returncode == FAILURE
        assert "position 7" in changed.stdout
    finally:
        with raw_store(f"sqlite:///{data_dir / 'journey.db'}") as raw:
            raw.flip_byte(7)  # flipped back: the history as it was
    assert journey(env, "audit", "verify").returncode == OK


def test_on_a_terminal_the_bar_goes_to_stderr_and_stdout_stays_data(env: dict[str, str]) -> None:
    screen, terminal = pty.openpty()  # the child's stderr is a terminal; stdout a pipe
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", "audit", "verify", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=terminal,
        )
        os.close(terminal)  # the child holds its own copy; reading ends when it exits
        drawn = _read_until_closed(screen)
        data, _ = child.communicate(timeout=120)
    finally:
        os.close(screen)
    assert child.returncode == OK
    assert ESCAPE not in data.decode()
    assert b"verify the chain" in drawn
    assert b"100%" in drawn


def _read_until_closed(screen: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(screen, 65536)
        except OSError:  # EIO: every writer closed the terminal
            return b"".join(chunks)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    """`journey … | head`: the pipe closed before journey wrote is exit 1, quietly."""
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "db", "dictionary"],  # 100 KB of JSON
        env=up_environment(tmp_path / "data"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # before journey writes a byte
    _, errors = process.communicate(timeout=60)
    assert b"Traceback" not in errors
    assert process.returncode == 1
