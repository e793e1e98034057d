"""Report templates: TOML files, read and checked strictly (docs/reports.md).

A template names its title, audience and tables; each table a measure and at most two
breakdowns of the vocabulary (`vocabulary.py`). Anything else — an unknown key, measure
or breakdown, a breakdown the measure cannot carry, two tables with one id — is a
`TemplateError` naming the file, the table and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from adapters.reports.period.vocabulary import (
    BREAKDOWNS,
    MEASURES,
    TURNAWAY_SPLITS,
    Breakdown,
    Measure,
    Source,
    allowed_breakdowns,
)
from domain.errors import InvalidInput, RecordNotFound

PACKAGE = "adapters.reports.period"
FOLDER = "templates"
TOP_KEYS = frozenset({"title", "audience", "description", "table"})
TABLE_KEYS = frozenset({"id", "title", "measure", "breakdowns", "scope", "chart", "note"})
SCOPES = ("all", "grant")
CHARTS = ("bar", "none")
UNATTRIBUTED = frozenset({Source.TURNAWAYS})  # counted by month: no record to attribute
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]{0,40}")


class TemplateError(InvalidInput):
    """A template is not well formed; the message names the file, table and key."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(where, problem)


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    measure: Measure
    breakdowns: tuple[Breakdown, ...]
    scope: str = "all"
    chart: str = "bar"
    note: str = ""

    @property
    def for_grant(self) -> bool:
        return self.scope == "grant" or self.measure.source is Source.INDICATORS


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    audience: str
    description: str
    tables: tuple[TableSpec, ...]

    @property
    def needs_grant(self) -> bool:
        return any(table.for_grant for table in self.tables)


def shipped() -> list[str]:
    """The names of the templates shipped with the package, sorted."""
    folder = resources.files(PACKAGE).joinpath(FOLDER)
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load_shipped(name: str) -> Template:
    """A shipped template by its name only (never a file: for requests over HTTP)."""
    if name not in shipped():
        known = ", ".join(shipped())
        raise RecordNotFound(f"template {name!r}: no such template (known: {known})")
    return load(name)


def load(name_or_path: str) -> Template:
    """A shipped template by name, or a template file by its path (ending `.toml`)."""
    if name_or_path.endswith(".toml"):
        path = Path(name_or_path)
        if not path.is_file():
            raise RecordNotFound(f"template file {name_or_path}: no such file")
        return parse(path.stem, path.name, path.read_text(encoding="utf-8"))
    if name_or_path not in shipped():
        known = ", ".join(shipped())
        raise RecordNotFound(f"template {name_or_path!r}: no such template (known: {known})")
    source = resources.files(PACKAGE).joinpath(FOLDER, f"{name_or_path}.toml")
    return parse(name_or_path, f"{name_or_path}.toml", source.read_text(encoding="utf-8"))


def parse(name: str, file: str, text: str) -> Template:
    """The template of `text` (read from `file`), checked."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(file, f"not valid TOML ({error})") from None
    _only(data, TOP_KEYS, file)
    tables = data.get("table")
    if not isinstance(tables, list) or not tables:
        raise TemplateError(f"{file}: table", "at least one [[table]] is required")
    specs = tuple(_table(entry, file, n) for n, entry in enumerate(tables, start=1))
    seen: set[str] = set()
    for spec in specs:
        if spec.id in seen:
            raise TemplateError(f"{file}: table {spec.id!r}: id", "used by two tables")
        seen.add(spec.id)
    return Template(
        name,
        _text(data, "title", file, required=True),
        _text(data, "audience", file, required=True),
        _text(data, "description", file),
        specs,
    )


def _table(entry: Any, file: str, number: int) -> TableSpec:
    if not isinstance(entry, Mapping):
        raise TemplateError(f"{file}: table {number}", "must be a table of keys")
    raw_id = entry.get("id")
    where = f"{file}: table {raw_id if isinstance(raw_id, str) else number!r}"
    _only(entry, TABLE_KEYS, where)
    table_id = _text(entry, "id", where, required=True)
    if not IDENTIFIER.fullmatch(table_id):
        raise TemplateError(f"{where}: id", "lower-case letters, digits and _, up to 41")
    measure = _measure(entry, where)
    scope = _choice(entry, "scope", SCOPES, where)
    if scope == "grant" and measure.source in UNATTRIBUTED:
        raise TemplateError(f"{where}: scope", f"{measure.name!r} is never attributed to a grant")
    return TableSpec(
        table_id,
        _text(entry, "title", where, required=True),
        measure,
        _breakdowns(entry, measure, where),
        scope,
        _choice(entry, "chart", CHARTS, where),
        _text(entry, "note", where),
    )


def _measure(entry: Mapping[str, Any], where: str) -> Measure:
    name = _text(entry, "measure", where, required=True)
    if name not in MEASURES:
        raise TemplateError(
            f"{where}: measure", f"unknown measure {name!r} (known: {', '.join(MEASURES)})"
        )
    return MEASURES[name]


def _breakdowns(entry: Mapping[str, Any], measure: Measure, where: str) -> tuple[Breakdown, ...]:
    names = entry.get("breakdowns", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise TemplateError(f"{where}: breakdowns", "a list of breakdown names")
    if len(names) > 2:
        raise TemplateError(
            f"{where}: breakdowns", f"at most two (rows, columns), got {len(names)}"
        )
    if len(set(names)) != len(names):
        raise TemplateError(f"{where}: breakdowns", "the same breakdown twice")
    allowed = allowed_breakdowns(measure)
    for name in names:
        if name not in BREAKDOWNS:
            known = ", ".join(BREAKDOWNS)
            raise TemplateError(
                f"{where}: breakdowns", f"unknown breakdown {name!r} (known: {known})"
            )
        if name not in allowed:
            can = ", ".join(allowed) or "none"
            raise TemplateError(
                f"{where}: breakdowns",
                f"measure {measure.name!r} cannot be broken down by {name!r} (it can by: {can})",
            )
    if measure.name == "turn_aways" and set(names) >= TURNAWAY_SPLITS:
        raise TemplateError(
            f"{where}: breakdowns",
            "turn-aways are counted by sex and by child/adult separately, not crossed",
        )
    return tuple(BREAKDOWNS[name] for name in names)


def _only(data: Mapping[str, Any], keys: frozenset[str], where: str) -> None:
    for key in data:
        if key not in keys:
            allowed = ", ".join(sorted(keys))
            raise TemplateError(f"{where}: {key}", f"unknown key (allowed: {allowed})")


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise TemplateError(f"{where}: {key}", "required text" if required else "must be text")
    return value.strip()


def _choice(data: Mapping[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
    value = data.get(key, choices[0])
    if value not in choices:
        raise TemplateError(f"{where}: {key}", f"one of {', '.join(choices)}, got {value!r}")
    return str(value)
