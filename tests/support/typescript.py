"""The TypeScript sources (clients/typescript/: the client and the console) as CI checks
them: installed from the lockfile, types generated from the committed description
(docs/openapi.json), compiled strictly.

Without node and npm the tests skip, visibly; with JOURNEY_REQUIRE_NODE=1 (set by
.ci/run) their absence fails the run instead. Test files that need the sources run in
parallel (pytest-xdist), so installing and generating hold a lock on the directory.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CLIENT = Path(__file__).resolve().parents[2] / "clients" / "typescript"
REQUIRE_NODE = os.environ.get("JOURNEY_REQUIRE_NODE") == "1"


def npm() -> str:
    found = shutil.which("npm")
    if found is None or shutil.which("node") is None:
        if REQUIRE_NODE:
            pytest.fail("JOURNEY_REQUIRE_NODE=1 but node or npm is not on PATH")
        pytest.skip("node and npm are not on PATH: the TypeScript sources are not checked")
    return found


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=CLIENT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def succeeds(*command: str) -> str:
    done = run(*command)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done.stdout


@contextmanager
def _locked() -> Iterator[None]:
    with (CLIENT / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def installed_and_generated() -> str:
    """`npm ci` unless node_modules is as new as the lockfile, then the types generated
    from docs/openapi.json; npm's path."""
    tool = npm()
    with _locked():
        modules = CLIENT / "node_modules" / ".package-lock.json"
        lock = CLIENT / "package-lock.json"
        if not modules.exists() or modules.stat().st_mtime < lock.stat().st_mtime:
            succeeds(tool, "ci", "--no-audit", "--no-fund")
        succeeds(tool, "run", "generate")
    return tool
