#!/usr/bin/env bash
# Regenerate constraints.txt: resolve pyproject.toml's dependencies, with [dev], afresh
# in a throwaway virtualenv and pin every installed package with ==.
# Usage: scripts/lock.sh            (PYTHON=python3.11 scripts/lock.sh to choose the interpreter)
# Then run the tests, and commit constraints.txt with the pyproject.toml change that needed it.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
OUT=constraints.txt
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
# No -c here: the point is to resolve the newest versions pyproject.toml allows.
"$work/venv/bin/python" -m pip install --quiet -e ".[dev]"
version="$("$work/venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
{
    echo "# Every package that 'pip install -e .[dev]' installs, pinned (Python $version)."
    echo "# Used by the README's install command and .ci/run: pip install -c constraints.txt -e '.[dev]'"
    echo "# Do not edit by hand: regenerate with scripts/lock.sh (docs/dependencies.md)."
    "$work/venv/bin/python" -m pip freeze --exclude-editable
} >"$OUT.new"
mv "$OUT.new" "$OUT"
echo "wrote $OUT: $(grep -cv '^#' "$OUT") packages pinned (Python $version)"
