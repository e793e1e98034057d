"""The console as shipped is the build of its sources, type-checked against the
committed API description: its calls' paths, parameters, bodies and answers are
compiled against the types generated from docs/openapi.json (tsconfig.console.json,
strict), and the bundle committed in adapters/http/console/static/ (what `pip
install` serves, with no build step) is exactly esbuild's output of those sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.places import MUNICIPALITIES
from tests.support import typescript

pytestmark = pytest.mark.slow

SHIPPED = Path(__file__).resolve().parents[2] / "adapters" / "http" / "console" / "static"
LOCALES = typescript.CLIENT / "src" / "console" / "locales"


def test_the_shipped_console_is_the_build_of_its_type_checked_sources(tmp_path: Path) -> None:
    tool = typescript.installed_and_generated()
    typescript.succeeds(tool, "exec", "--", "tsc", "-p", "tsconfig.console.json")
    built = tmp_path / "console.js"
    typescript.succeeds(
        tool,
        "exec",
        "--",
        "esbuild",
        "src/console/main.ts",
        *_esbuild_options(),
        f"--outfile={built}",
    )
    assert built.read_bytes() == (SHIPPED / "console.js").read_bytes(), (
        "adapters/http/console/static/console.js is not the build of clients/typescript/src/"
        "console: run `npm run build:console` in clients/typescript and commit it"
    )


def _esbuild_options() -> list[str]:
    """The options of `npm run build:console`, read from package.json (one source)."""
    script = json.loads((typescript.CLIENT / "package.json").read_text())["scripts"]
    command = script["build:console"].split("&&")[-1].split()
    return [word for word in command[2:] if not word.startswith("--outfile=")]


def test_every_language_has_every_message_and_no_other() -> None:
    english = json.loads((LOCALES / "en.json").read_text())
    for language in ("sq", "sr"):
        catalog = json.loads((LOCALES / f"{language}.json").read_text())
        assert catalog.keys() == english.keys(), language
        assert all(text.strip() for text in catalog.values()), language


def test_the_place_names_are_the_domains_in_each_language() -> None:
    """One source for the municipalities' names (domain/places.py): the catalogs hold
    them by code, as the API gives the code."""
    for index, language in enumerate(("sq", "sr", "en")):
        catalog = json.loads((LOCALES / f"{language}.json").read_text())
        places = {
            key.removeprefix("place."): v for key, v in catalog.items() if key.startswith("place.")
        }
        expected = {
            code: (m.albanian, m.serbian, m.english)[index] for code, m in MUNICIPALITIES.items()
        }
        assert places == expected, language
