"""The report's files: a CSV per table (and a cover), an XLSX workbook, an HTML summary.

Written into `out` (created 0700) through a temporary file each, readable by the owner
only (0600) and renamed over the name, as the HTCDS export writes its files.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from adapters.file_modes import FILE_MODE, private_dir
from adapters.reports.period.cover import cell_text, cover_lines, table_notes
from adapters.reports.period.engine import Report, ReportTable
from adapters.reports.period.html import summary_html
from domain.errors import InvalidInput

FORMATS = ("csv", "xlsx", "html")
COVER_FILE = "cover.csv"
SHEET_TITLE_MAX = 31


def formats_of(text: str) -> tuple[str, ...]:
    """`csv,xlsx,html` as a tuple, each checked."""
    asked = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in asked if part not in FORMATS]
    if not asked or unknown:
        raise InvalidInput("format", f"one or more of {', '.join(FORMATS)}, got {text!r}")
    return asked


def write_report(
    report: Report,
    out: Path,
    formats: Sequence[str],
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the report in `formats` to `out`; the paths written."""
    private_dir(out)
    written: list[Path] = []
    for kind in formats:
        if progress is not None:
            progress(kind)
        written += WRITERS[kind](report, out)
    return written


def _csv_files(report: Report, out: Path) -> list[Path]:
    paths = [out / COVER_FILE]
    cover_rows = [list(line) for line in cover_lines(report)]
    for table in report.tables:
        cover_rows += [[f"{table.id}.csv", note] for note in [table.title, *table_notes(table)]]
    _write(paths[0], _csv_text(cover_rows))
    for table in report.tables:
        paths.append(out / f"{table.id}.csv")
        _write(paths[-1], _csv_text(table_rows(table)))
    return paths


def table_rows(table: ReportTable) -> list[list[str]]:
    """The table as text rows: its header, then a label and the cells per row."""
    body = [
        [label, *(cell_text(value) for value in line)]
        for label, line in zip(table.labels, table.values, strict=True)
    ]
    return [list(table.header), *body]


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _xlsx_file(report: Report, out: Path) -> list[Path]:
    # openpyxl loads when a workbook is written, not in every `journey` process at start
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    for heading, text in cover_lines(report):
        cover.append([heading, text])
    cover.append([])
    cover.append(["Sheet", "Table"])
    for table in report.tables:
        cover.append([_sheet_name(table), table.title])
    for cell in cover["A"]:
        cell.font = Font(bold=True)
    for table in report.tables:
        sheet = book.create_sheet(_sheet_name(table))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(list(table.header))
        for label, line in zip(table.labels, table.values, strict=True):
            sheet.append([label, *(cell_text(v) if v is None else v for v in line)])
        sheet.append([])
        for note in table_notes(table):
            sheet.append([note])
    buffer = io.BytesIO()
    book.save(buffer)
    path = out / f"{report.template.name}.xlsx"
    _write(path, buffer.getvalue())
    return [path]


def _sheet_name(table: ReportTable) -> str:
    return table.id[:SHEET_TITLE_MAX]


def _html_file(report: Report, out: Path) -> list[Path]:
    path = out / f"{report.template.name}.html"
    _write(path, summary_html(report))
    return [path]


def _write(path: Path, content: str | bytes) -> None:
    """`content` to `path` through a 0600 temporary file renamed over it."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    temporary.replace(path)


WRITERS: dict[str, Callable[[Report, Path], list[Path]]] = {
    "csv": _csv_files,
    "xlsx": _xlsx_file,
    "html": _html_file,
}
