"""The committed OpenAPI description, docs/openapi.json: write it, check it, and check
that its breaking changes are in docs/api-changelog.md.

    .venv/bin/python -m scripts.openapi                   # write docs/openapi.json
    .venv/bin/python -m scripts.openapi --check           # exit 1 if it is stale
    .venv/bin/python -m scripts.openapi --breaking-since origin/main
        # exit 1 if a breaking change since that git revision is not in the changelog

The description is what the app serves at /schema/openapi.json, pretty-printed with
sorted keys so that every contract change is a readable diff in review.
tests/integration/test_openapi_contract.py fails when the file differs from what the
app serves; scripts/api_changes.py says what counts as breaking.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from adapters.http.app import create_app
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import build
from adapters.store.read_database import read_engine
from scripts.api_changes import breaking_changes, unannounced

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "docs" / "openapi.json"
CHANGELOG = ROOT / "docs" / "api-changelog.md"
SERVED = "/schema/openapi.json"
REGENERATE = "python -m scripts.openapi"


def render(document: dict[str, Any]) -> str:
    """The description as committed: two-space indents, sorted keys, a final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def served() -> dict[str, Any]:
    """What an app serves at /schema/openapi.json (on a scratch store: it depends on none)."""
    with tempfile.TemporaryDirectory() as scratch:
        journey = build(f"sqlite:///{scratch}/store.db")
        engine = read_engine(f"sqlite:///{scratch}/read.db")
        try:
            with TestClient(create_app(journey, engine, Accounts(engine))) as client:
                document: dict[str, Any] = client.get(SERVED).json()
        finally:
            journey.close()
            engine.dispose()
    return document


def committed_at(revision: str) -> dict[str, Any] | None:
    """docs/openapi.json as of a git revision; None when it had none."""
    path = SPEC.relative_to(ROOT).as_posix()
    git = shutil.which("git") or "git"
    shown = subprocess.run(  # noqa: S603 - git show, of the revision the caller names
        [git, "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        return None
    document: dict[str, Any] = json.loads(shown.stdout)
    return document


def check_breaking(revision: str) -> list[str]:
    """The breaking changes since `revision` the changelog does not name."""
    before = committed_at(revision)
    if before is None:
        print(f"no {SPEC.name} at {revision}: nothing to compare", file=sys.stderr)
        return []
    changes = breaking_changes(before, json.loads(SPEC.read_text()))
    return unannounced(changes, CHANGELOG.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("--breaking-since", metavar="REVISION", help="a git revision")
    args = parser.parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not each request to the app
    if args.breaking_since:
        if missing := check_breaking(args.breaking_since):
            print(
                f"breaking changes not in {CHANGELOG.name}:", *missing, sep="\n  ", file=sys.stderr
            )
            return 1
        if not args.check:
            return 0
    text = render(served())
    if not args.check:
        SPEC.write_text(text)
    elif SPEC.read_text() != text:
        print(f"{SPEC} differs from what the app serves; run: {REGENERATE}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
