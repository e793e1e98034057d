"""Issue 11 item 7 as a user meets it: under umask 022, `journey demo`, `journey backup`
and `journey up` leave the data directory 0700 and every file in it 0600; a file made
wider before is named by `journey up` (a warning) and by `journey doctor` (exit 1)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest


def _journey(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JOURNEY_DATA_DIR": str(data_dir)}
    for name in ("JOURNEY_DATABASE_URL", "JOURNEY_READ_DATABASE_URL", "JOURNEY_NATS_URL"):
        env.pop(name, None)
    env.pop("JOURNEY_MASTER_KEY_FILE", None)
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        umask=0o022,
    )


def _modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for directory, subdirectories, files in os.walk(root):
        for name in (*subdirectories, *files):
            path = Path(directory) / name
            found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


@pytest.mark.slow
def test_demo_backup_and_up_create_only_private_files_and_report_wider_ones(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    demo = _journey(data, "demo", "--data-dir", str(data), "--beneficiaries", "3")
    assert demo.returncode == 0, demo.stderr[-3000:]
    backup = _journey(data, "backup", str(data / "before-up.backup"))
    assert backup.returncode == 0, backup.stderr[-3000:]
    store = data / "journey.db"
    store.chmod(0o644)  # as an older version left it

    up = _journey(data, "up", "--until-caught-up", "--http-port", "0")
    assert up.returncode == 0, up.stderr[-3000:]
    assert f"not private: {store}: file mode 0644" in up.stderr
    doctor = _journey(data, "doctor")
    assert doctor.returncode == 1
    assert f"chmod 600 {store}" in doctor.stdout
    # SQLite gives its -wal and -shm files the database's mode; they are left between
    # runs when a connection did not close last, and then reported as well
    siblings = [p for p in (data / "journey.db-wal", data / "journey.db-shm") if p.exists()]
    assert doctor.stdout.count("not private:") == 1 + len(siblings), doctor.stdout
    assert all(f"not private: {sibling}" in doctor.stdout for sibling in siblings)

    for path in (store, *siblings):
        path.chmod(0o600)
    assert _journey(data, "doctor").returncode == 0
    modes = _modes(data)
    for name in ("journey.db", "read.db", "keys.db", "master.key", "admin.token"):
        assert modes[name] == 0o600, name
    assert modes["before-up.backup"] == 0o600
    assert modes["keys/chain-signing-key.pem"] == 0o600
    assert modes["."] == modes["nats"] == modes["nats/jetstream"] == 0o700
    assert set(modes.values()) == {0o600, 0o700}
