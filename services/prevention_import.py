"""Importing an attendance sheet of prevention work (issue 16; docs/prevention.md): a CSV
file, one activity a row (its columns: services/prevention_sheet.py).

All or nothing. Every row is read and then decided as recording it alone would be (its
campaign exists and covers the day, its partners are registered and active that day, the
domain's checks of its details and figures: `services.prevention_workflows.new_activity`);
every bad row is reported (`line N: <column>: <reason>`, the header being line 1) and,
when there is one, nothing is saved. When every row passes, all the activities are saved
in one transaction.

A file is imported once. Each activity's id is derived from the file's content (its
SHA-256) and its line, so importing the same file again finds its first activity and is
refused (rule already_imported) — even when two imports of it race, since the store
refuses a record created twice.

The file is read with the standard library's `csv` module: a sheet is a header and rows
of text cells, which it reads as spreadsheets write them (quoted cells, a `;` or `,`
delimiter, Excel's byte-order mark removed by the `utf-8-sig` codec); no library is needed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.errors import InvalidInput, RecordNotFound, RuleViolated
from domain.organisation import organisation_id
from domain.prevention.activity import PreventionActivity
from domain.sequence import derived_id
from services.app import JourneyApp
from services.prevention_sheet import REQUIRED, RowError, SheetRow, read_row, unknown_column
from services.prevention_workflows import new_activity

MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024
HEADER_LINE = 1
_RULE_FIELD = re.compile(r"^([a-z_.]+(?:\[\d+\])?(?:\.[a-z_]+)*): (.*)$", re.DOTALL)
_ENTRY = re.compile(r"^reach\.(participants|audience|materials)\[(\d+)\]")


class SheetRejected(Exception):
    """The sheet has bad lines: every one of them (`errors`), and nothing was saved.

    Not a DomainError: it carries many refusals, one a line, where a DomainError is one
    (and has its HTTP problem type); the CLI prints each line."""

    def __init__(self, name: str, errors: list[RowError]) -> None:
        lines = "\n".join(str(error) for error in errors)
        super().__init__(f"{name}: {len(errors)} error(s); nothing was recorded\n{lines}")
        self.name = name
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    """What an import saved: how many activities, people met, and the log position."""

    activities: int
    people: int
    position: int
    sha256: str


def import_sheet(
    app: JourneyApp, data: bytes, *, name: str, actor: str, at: datetime
) -> ImportResult:
    """Record every activity of the sheet `data` (named `name` in messages), or none."""
    digest = hashlib.sha256(data).hexdigest()
    rows = read_sheet(data, name)
    ids = [derived_id(f"prevention-import:{digest}:{row.line}") for row in rows]
    _require_new(app, ids[0], name)
    activities, errors = [], []
    for row, activity_id in zip(rows, ids, strict=True):
        decided = _decide(app, row, actor=actor, at=at, activity_id=activity_id)
        if isinstance(decided, RowError):
            errors.append(decided)
        else:
            activities.append(decided)
    if errors:
        raise SheetRejected(name, errors)
    try:
        result = app.commit(activities[0], *activities[1:])
    except IntegrityError:
        raise _already_imported(name) from None
    people = sum(activity.reach.people for activity in activities)
    return ImportResult(len(activities), people, result.position, digest)


def read_sheet(data: bytes, name: str) -> list[SheetRow]:
    """The sheet's rows read into commands; SheetRejected with every bad line otherwise."""
    if not data.strip():
        raise SheetRejected(name, [RowError(HEADER_LINE, "file", "is empty")])
    if len(data) > MAX_BYTES:
        reason = f"is {len(data):,} bytes; at most {MAX_BYTES:,}: split the sheet"
        raise SheetRejected(name, [RowError(HEADER_LINE, "file", reason)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reason = f"is not UTF-8 text (byte {error.start}): save the sheet as CSV UTF-8"
        raise SheetRejected(name, [RowError(HEADER_LINE, "file", reason)]) from None
    rows, errors = _rows(text)
    if errors:
        raise SheetRejected(name, errors)
    return rows


def _rows(text: str) -> tuple[list[SheetRow], list[RowError]]:
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    header = [cell.strip() for cell in next(reader, [])]
    errors = _header_errors(header)
    if errors:
        return [], errors
    rows: list[SheetRow] = []
    for count, (line, cells) in enumerate(_lines(reader), start=1):
        if count > MAX_ROWS:
            reason = f"the sheet has more than {MAX_ROWS:,} activities: split it"
            return rows, [*errors, RowError(line, "file", reason)]
        read = _row(line, header, cells)
        if isinstance(read, SheetRow):
            rows.append(read)
        else:
            errors.extend(read)
    if not rows and not errors:
        errors.append(RowError(HEADER_LINE, "file", "has a header and no activity"))
    return rows, errors


def _dialect(text: str) -> type[csv.Dialect]:
    """A comma-separated sheet, or a semicolon-separated one (as spreadsheets in Kosovo's
    locales save CSV): whichever the header line has more of."""
    first = text.split("\n", 1)[0]
    return SemicolonSheet if first.count(";") > first.count(",") else csv.excel


class SemicolonSheet(csv.excel):
    delimiter = ";"


def _lines(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank row with the line it starts on (a quoted cell may span lines)."""
    line = getattr(reader, "line_num", HEADER_LINE)
    for cells in reader:
        starts, line = line + 1, getattr(reader, "line_num", line + 1)
        if any(cell.strip() for cell in cells):
            yield starts, cells


def _header_errors(header: list[str]) -> list[RowError]:
    errors = []
    for index, column in enumerate(header):
        why = unknown_column(column) if column else "a column has no name"
        if column in header[:index]:
            why = "is a column twice"
        if why is not None:
            errors.append(RowError(HEADER_LINE, column or f"column {index + 1}", why))
    for column in REQUIRED:
        if column not in header:
            errors.append(RowError(HEADER_LINE, column, "the sheet has no such column"))
    return errors


def _row(line: int, header: list[str], cells: list[str]) -> SheetRow | list[RowError]:
    if len(cells) > len(header):
        reason = f"has {len(cells)} cells; the header names {len(header)} columns"
        return [RowError(line, "row", reason)]
    return read_row(line, dict(zip(header, cells, strict=False)))


def _decide(
    app: JourneyApp, row: SheetRow, *, actor: str, at: datetime, activity_id: UUID
) -> PreventionActivity | RowError:
    try:
        return new_activity(app, row.command, actor=actor, at=at, id=activity_id)
    except InvalidInput as error:
        reason = error.message.removeprefix(f"{error.field}: ")
        return _error(row, error.field, reason)
    except RuleViolated as error:
        found = _RULE_FIELD.match(error.message)
        if found is None:
            return RowError(row.line, error.rule, error.message)
        return _error(row, found[1], found[2])


def _error(row: SheetRow, path: str, reason: str) -> RowError:
    """The domain's refusal of `path`, named as the sheet names it (a partner by its key)."""
    for key in row.partner_keys:
        reason = reason.replace(str(organisation_id(key)), repr(key))
    return RowError(row.line, column_of(path, row), reason)


def column_of(path: str, row: SheetRow) -> str:
    """The sheet's column a domain field path names (`reach.participants[1].count` is the
    column of the row's second people-met entry; `details.held_on` is `held_on`)."""
    entry = _ENTRY.match(path)
    if entry is not None:
        columns = {
            "participants": row.participant_columns,
            "audience": row.audience_columns,
            "materials": row.material_columns,
        }[entry[1]]
        index = int(entry[2])
        return columns[index] if index < len(columns) else entry[1]
    if path.startswith("reach.learning."):
        parts = path.removeprefix("reach.learning.").split(".")
        return "learning." + "_".join(parts)
    renamed = {"details.partner_ids": "partners", "details.campaign_id": "campaign"}
    base = path.split("[", 1)[0]
    if base in renamed:
        return renamed[base]
    return base.removeprefix("details.").removeprefix("reach.")


def _require_new(app: JourneyApp, first: UUID, name: str) -> None:
    try:
        app.load(PreventionActivity, first)
    except RecordNotFound:
        return
    raise _already_imported(name)


def _already_imported(name: str) -> RuleViolated:
    return RuleViolated(
        f"{name} was imported already: its activities are recorded (correct them one by "
        "one, or import a sheet of the activities not yet recorded)",
        rule="already_imported",
    )
