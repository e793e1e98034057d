"""The lock: constraints.txt pins every package pyproject.toml asks for, within its
range; the README's install command and .ci/run both install through it; and this
environment has the pinned versions (docs/dependencies.md)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "constraints.txt"
INSTALL = "pip install -c constraints.txt -e"
REGENERATE = "run scripts/lock.sh (docs/dependencies.md)"


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in LOCK.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pinned = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", line.strip())
        assert pinned is not None, f"not NAME==VERSION: {line!r}"
        pins[canonicalize_name(pinned[1])] = Version(pinned[2])
    return pins


def _required() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project.get("optional-dependencies", {})
    texts = [*project["dependencies"], *(t for group in extras.values() for t in group)]
    return [Requirement(text) for text in texts]


def test_every_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    unpinned = [str(r) for r in _required() if canonicalize_name(r.name) not in pins]
    assert unpinned == [], f"not in constraints.txt: {unpinned}; {REGENERATE}"
    outside = [
        f"{r} (pinned {pins[canonicalize_name(r.name)]})"
        for r in _required()
        if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert outside == [], f"pinned outside pyproject.toml's range: {outside}; {REGENERATE}"


def test_the_readme_and_ci_install_through_the_lock() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"python3 -m venv .venv && .venv/bin/{INSTALL} '.[dev]'" in readme
    assert re.search(r'-m pip install --quiet -c constraints\.txt -e "\.\[dev\]"', ci)
    assert "docs/dependencies.md" in readme


def test_this_environment_has_the_pinned_versions() -> None:
    drifted = []
    for name, pinned in _pins().items():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            continue  # a package only some Python versions need
        if installed != pinned:
            drifted.append(f"{name} {installed} (pinned {pinned})")
    assert drifted == [], f"reinstall with .venv/bin/{INSTALL} '.[dev]': {drifted}"
