"""The data dictionary of the read models, from docs/read-models/*.md (ADR 35).

The pages are the one source of what each view and column means: this reads their
tables and writes a Frictionless data package (one resource per view, one field per
column, with its meaning), into docs/read-models/datapackage.json and, shipped with the
package, projections/catalog/datapackage.json, which the workers turn into PostgreSQL's
`COMMENT ON` and `journey db dictionary` prints.

    .venv/bin/python -m scripts.data_dictionary          # write both files
    .venv/bin/python -m scripts.data_dictionary --check  # exit 1 if either is stale

How a page is read:
- a heading below the page's title (or a line that starts "`name` —") whose first code
  span is a plain name starts that view's section; its summary is the text after " — ",
  or else the first paragraph under the heading; a heading's `reporting.name` is the
  view a model publishes with a SELECT of its own (`ReadModel.reporting_sql`), whose
  columns are not those of its view `name`;
- a table whose header starts with `column` and has a `meaning` column documents the
  section's columns: each row's first cell names one or more columns (code spans), which
  share the row's meaning and type;
- a meaning "as in `other_view`" is that view's meaning of the same column.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from projections.catalog.dictionary import PACKAGE_DATA
from projections.catalog.reporting import doc_name
from projections.registry import read_models

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "docs" / "read-models"
DOC_COPY = PAGES / "datapackage.json"
_NAME = re.compile(r"`([a-z_][a-z0-9_]*)`")
_VIEW_NAME = re.compile(r"`((?:reporting\.)?[a-z_][a-z0-9_]*)`")
_AS_IN = re.compile(r"^as in `([a-z_][a-z0-9_]*)`\.?$")
_TYPE_LIST = re.compile(r",\s*(?![^()]*\))")  # commas outside parentheses
_SECTION_LINE = re.compile(r"^`([a-z_][a-z0-9_]*)` — (.+?):?$")


@dataclass
class Column:
    meaning: str
    type_text: str


@dataclass
class View:
    name: str
    page: str
    summary: str
    columns: dict[str, Column] = field(default_factory=dict)


@dataclass
class _Reader:
    page: str
    views: dict[str, View]
    current: View | None = None
    awaiting_summary: bool = False
    header: list[str] | None = None

    def line(self, line: str) -> None:
        stripped = line.strip()
        if stripped.startswith("##"):
            self._heading(stripped.lstrip("#").strip())
        elif stripped.startswith("# "):  # the page's title names the model, not a view
            self.current, self.header = None, None
        elif (match := _SECTION_LINE.match(stripped)) is not None:
            self._start(match.group(1), match.group(2))
        elif stripped.startswith("|"):
            self._table_row(stripped)
        else:
            self.header = None
            self._prose(stripped)

    def _heading(self, heading: str) -> None:
        self.header = None
        match = _VIEW_NAME.search(heading)
        if match is None:
            self.current = None
            return
        summary = heading.split(" — ", 1)[1] if " — " in heading else ""
        self._start(match.group(1), summary)

    def _start(self, name: str, summary: str) -> None:
        self.current = self.views.setdefault(name, View(name, self.page, summary.strip()))
        self.awaiting_summary = not self.current.summary

    def _prose(self, text: str) -> None:
        if self.current is None or not self.awaiting_summary:
            return
        if text:
            self.current.summary = f"{self.current.summary} {text}".strip()
        elif self.current.summary:
            self.awaiting_summary = False

    def _table_row(self, row: str) -> None:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if self.header is None:
            self.header = cells
            return
        if set("".join(cells)) <= set("-: ") or self.current is None:
            return
        if not self.header or self.header[0] != "column" or "meaning" not in self.header:
            return
        self.awaiting_summary = False
        meaning = cells[self.header.index("meaning")]
        kind = cells[self.header.index("type")] if "type" in self.header else ""
        names = _NAME.findall(cells[0])
        for name, type_text in zip(names, _types_of(kind, len(names)), strict=True):
            self.current.columns[name] = Column(meaning, type_text)


def _types_of(type_text: str, count: int) -> list[str]:
    """A row of several columns gives one type for all, or one each in order
    ("integer, real, integer; null")."""
    parts = _TYPE_LIST.split(type_text.split(";", maxsplit=1)[0])
    if count > 1 and len(parts) == count and all(field_type(p) != "any" for p in parts):
        return parts
    return [type_text] * count


def read_pages(pages: Path = PAGES) -> dict[str, View]:
    """Every documented view of every page, with its columns' meanings resolved."""
    views: dict[str, View] = {}
    for path in sorted(pages.glob("*.md")):
        if path.name == "README.md":
            continue
        reader = _Reader(path.name, views)
        for line in _without_code_blocks(path.read_text().splitlines()):
            reader.line(line)
    for view in views.values():
        for name, column in view.columns.items():
            view.columns[name] = _resolve(views, name, column, set())
    return views


def _without_code_blocks(lines: list[str]) -> list[str]:
    kept, inside = [], False
    for line in lines:
        if line.strip().startswith("```"):
            inside = not inside
            kept.append("")
        else:
            kept.append("" if inside else line)
    return kept


def _resolve(views: dict[str, View], name: str, column: Column, seen: set[str]) -> Column:
    match = _AS_IN.match(column.meaning)
    if match is None:
        return column
    other = views.get(match.group(1))
    if other is None or name not in other.columns or other.name in seen:
        msg = f"{name}: {column.meaning!r} names no documented column {name} there"
        raise ValueError(msg)
    resolved = _resolve(views, name, other.columns[name], {*seen, other.name})
    return Column(resolved.meaning, column.type_text or resolved.type_text)


# ------------------------------------------------------------------ the data package

_TYPES = (
    ("timestamp", "datetime"),
    ("date", "date"),
    ("integer", "integer"),
    ("0/1", "integer"),
    ("float", "number"),
    ("real", "number"),
    ("numeric", "number"),
    ("text (json)", "string"),
    ("string", "string"),
    ("text", "string"),
)


def field_type(type_text: str) -> str:
    """The Table Schema type of a documented type ("string (36, UUID)" → string); `any`
    when the page gives none, or several (a row of columns of different types)."""
    lowered = type_text.lower()
    if ";" in lowered or ", real" in lowered or ", integer" in lowered:
        return "any"
    for word, kind in _TYPES:
        if lowered.startswith(word):
            return kind
    return "any"


def package(views: dict[str, View]) -> dict[str, object]:
    """The Frictionless data package: a resource per view the read models create."""
    resources = []
    for model in read_models().values():
        published = {doc_name(model, v): cols for v, cols in model.reporting_views.items()}
        own = [name for name in published if name not in model.view_names()]
        for name in [*model.view_names(), *own]:
            view = views.get(name)
            if view is None:
                msg = f"view {name} of read model {model.name} is documented on no page"
                raise LookupError(msg)
            resources.append(_resource(model.name, view, published.get(name)))
    return {
        "name": "pvpt-journey-read-models",
        "title": "PVPT Journey: the read models analysts query",
        "description": "Views of the read database (docs/read-models); those with a "
        "`reporting` list are also in the reporting schema, with those columns only. "
        "A resource named `reporting.<view>` is a view of the reporting schema whose "
        "SELECT its model writes (rows filtered, values generalised).",
        "profile": "data-package",
        "resources": resources,
    }


def _resource(model: str, view: View, published: tuple[str, ...] | None) -> dict[str, object]:
    fields = [
        {"name": name, "type": field_type(column.type_text), "description": column.meaning}
        for name, column in view.columns.items()
    ]
    resource: dict[str, object] = {
        "name": view.name,
        # the header only: the rows are in the read database, not in the package
        "data": [list(view.columns)],
        "profile": "tabular-data-resource",
        "description": view.summary,
        "model": model,
        "page": f"docs/read-models/{view.page}",
        "schema": {"fields": fields},
    }
    if published is not None:
        resource["reporting"] = list(published)
    return resource


def render() -> str:
    return json.dumps(package(read_pages()), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    args = parser.parse_args(argv)
    text = render()
    stale = [path for path in (DOC_COPY, PACKAGE_DATA) if _read(path) != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale: run python -m scripts.data_dictionary")
        return 1 if stale else 0
    for path in stale:
        path.write_text(text)
    return 0


def _read(path: Path) -> str | None:
    return path.read_text() if path.exists() else None


if __name__ == "__main__":
    sys.exit(main())
