"""The attendance sheet of prevention work (issue 16; docs/prevention.md#the-csv-sheet):
its columns, and one row read into the activity it records.

One row is one activity. The header names the columns; only the activity's details are
required (`REQUIRED`), every other column may be left out of the sheet, and an empty cell
is a zero or "not recorded". Columns:

- details: `type, held_on, duration_minutes, setting, language, municipality, title,
  facilitators, partners, campaign` (facilitators and partners separated by `;`;
  municipality a KAS code or a name in Albanian, Serbian or English; partners registry
  keys; campaign its id);
- people met: `<group>.<sex>.<age_band>` (`students_grades_6_9.female.11-14`) and, for
  professionals, `professionals.<sector>.<sex>.<age_band>` (`professionals.police.male.25-64`);
- "of whom": `inclusion.roma_ashkali_egyptian`, `inclusion.other_communities`,
  `inclusion.with_disability`;
- audience: `audience.<source>` (`audience.views`) and `audience.outlet`;
- materials: `materials.<type>.<language>` (`materials.leaflet.sq`);
- knowledge scores: `learning.max_score, learning.pass_mark, learning.pre_count,
  learning.pre_mean, learning.pre_passed, learning.post_count, learning.post_mean,
  learning.post_passed` (all or none).

A cell that cannot be read is a `RowError` naming its line and column; a row read without
one is a `SheetRow`: the command it records, and which column each of its participant,
audience and material entries came from (so the domain's refusals name the column too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from domain import places
from domain.errors import InvalidInput
from domain.organisation import organisation_id
from domain.prevention.values import (
    ActivityDetails,
    AudienceFigure,
    Inclusion,
    KnowledgeScores,
    MaterialDistributed,
    ParticipantCount,
    Reach,
    ScoreSummary,
)
from domain.prevention.vocab import (
    ActivityLanguage,
    ActivityType,
    AgeBand,
    AudienceSource,
    MaterialType,
    ParticipantGroup,
    Sector,
    Setting,
    Sex,
)
from services.commands.prevention import RecordActivity

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

DETAILS = (
    "type",
    "held_on",
    "duration_minutes",
    "setting",
    "language",
    "municipality",
    "title",
    "facilitators",
    "partners",
    "campaign",
)
REQUIRED = ("type", "held_on", "duration_minutes", "setting", "language", "facilitators")
INCLUSION = tuple(f"inclusion.{name}" for name in Inclusion.__dataclass_fields__)
OUTLET = "audience.outlet"
SCORES = ("count", "mean", "passed")
LEARNING = (
    "learning.max_score",
    "learning.pass_mark",
    *(f"learning.{when}_{what}" for when in ("pre", "post") for what in SCORES),
)
SEPARATOR = ";"
_PERSONS = tuple(g for g in ParticipantGroup if g is not ParticipantGroup.PROFESSIONALS)


@dataclass(frozen=True)
class RowError:
    """What is wrong with a line of the sheet, and in which column."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


@dataclass(frozen=True)
class SheetRow:
    """A row read: its line, the command, and the column of each entry of its reach."""

    line: int
    command: RecordActivity
    participant_columns: tuple[str, ...] = ()
    audience_columns: tuple[str, ...] = ()
    material_columns: tuple[str, ...] = ()
    partner_keys: tuple[str, ...] = ()  # as the sheet names them (ids in the command)


# ------------------------------------------------------------------------ columns


def participant_columns() -> list[str]:
    """Every people-met column, groups first, then professionals by sector."""
    cells = [f"{s}.{b}" for s in Sex for b in AgeBand]
    persons = [f"{g}.{cell}" for g in _PERSONS for cell in cells]
    professionals = [
        f"{ParticipantGroup.PROFESSIONALS}.{s}.{cell}" for s in Sector for cell in cells
    ]
    return persons + professionals


def template_columns() -> list[str]:
    """The sheet's full header: every column, in the documented order (materials in the
    languages activities are held in; any ISO 639 code is taken)."""
    audience = [f"audience.{source}" for source in AudienceSource]
    materials = [f"materials.{m}.{lang}" for m in MaterialType for lang in ActivityLanguage]
    return [
        *DETAILS,
        *participant_columns(),
        *INCLUSION,
        *audience,
        OUTLET,
        *materials,
        *LEARNING,
    ]


_KNOWN = frozenset([*DETAILS, *participant_columns(), *INCLUSION, OUTLET, *LEARNING])
_AUDIENCE = {f"audience.{source}": source for source in AudienceSource}
_MATERIAL = re.compile(r"^materials\.([a-z_]+)\.([a-z]{2,3})$")


def unknown_column(name: str) -> str | None:
    """Why `name` is no column of the sheet, or None when it is one."""
    if name in _KNOWN or name in _AUDIENCE:
        return None
    material = _MATERIAL.match(name)
    if material is None:
        return "is not a column of the sheet (docs/prevention.md lists them)"
    if material[1] not in MaterialType.__members__.values():
        return f"{material[1]!r} is not a material: {_choices(MaterialType)}"
    return None


# ------------------------------------------------------------------------- a row


@dataclass
class _Cells:
    """A row's cells by column, and what could not be read in them."""

    line: int
    cells: Mapping[str, str]
    errors: list[RowError] = field(default_factory=list)

    def text(self, column: str) -> str | None:
        value = self.cells.get(column, "").strip()
        return value or None

    def read(self, column: str, parse: Callable[[str], T], *, required: bool = False) -> T | None:
        value = self.text(column)
        if value is None:
            if required:
                self.errors.append(RowError(self.line, column, "is required"))
            return None
        try:
            return parse(value)
        except (ValueError, InvalidInput) as error:
            reason = error.message.split(": ", 1)[-1] if isinstance(error, InvalidInput) else error
            self.errors.append(RowError(self.line, column, str(reason)))
            return None

    def count(self, column: str) -> int:
        return self.read(column, whole) or 0


def read_row(line: int, cells: Mapping[str, str]) -> SheetRow | list[RowError]:
    """The row at `line` (its cells by column) as a command, or what is wrong with it."""
    row = _Cells(line, cells)
    details = _details(row)
    participants, participant_columns = _participants(row)
    audience, audience_columns = _audience(row)
    materials, material_columns = _materials(row)
    inclusion = Inclusion(*(row.count(column) for column in INCLUSION))
    learning = _learning(row)
    if row.errors or details is None:
        return row.errors
    reach = Reach(tuple(participants), inclusion, tuple(audience), tuple(materials), learning)
    return SheetRow(
        line,
        RecordActivity(details=details, reach=reach),
        tuple(participant_columns),
        tuple(audience_columns),
        tuple(material_columns),
        listed(row.text("partners") or ""),
    )


def _details(row: _Cells) -> ActivityDetails | None:
    kind = row.read("type", choice(ActivityType), required=True)
    held_on = row.read("held_on", day, required=True)
    minutes = row.read("duration_minutes", whole, required=True)
    setting = row.read("setting", choice(Setting), required=True)
    language = row.read("language", choice(ActivityLanguage), required=True)
    municipality = row.read("municipality", _municipality)
    facilitators = row.read("facilitators", listed, required=True)
    partners = row.read("partners", lambda v: tuple(organisation_id(k) for k in listed(v)))
    campaign = row.read("campaign", uuid)
    if kind is None or held_on is None or minutes is None or setting is None:
        return None
    if language is None or facilitators is None:
        return None
    return ActivityDetails(
        kind,
        held_on,
        minutes,
        setting,
        language,
        municipality,
        row.text("title"),
        facilitators,
        partners or (),
        campaign,
    )


def _municipality(value: str) -> str:
    return places.municipality_named("municipality", value).code


def _participants(row: _Cells) -> tuple[list[ParticipantCount], list[str]]:
    counts, columns = [], []
    for column in row.cells:
        parts = column.split(".")
        if column not in _KNOWN or len(parts) < 3:  # people-met columns have 3 or 4 parts
            continue
        number = row.count(column)
        if not number:
            continue
        *who, sex, band = parts
        sector = Sector(who[1]) if len(who) == 2 else None
        group = ParticipantGroup(who[0])
        counts.append(ParticipantCount(group, Sex(sex), AgeBand(band), number, sector))
        columns.append(column)
    return counts, columns


def _audience(row: _Cells) -> tuple[list[AudienceFigure], list[str]]:
    outlet = row.text(OUTLET)
    figures, columns = [], []
    for column, source in _AUDIENCE.items():
        number = row.count(column)
        if number:
            figures.append(AudienceFigure(source, number, outlet))
            columns.append(column)
    if outlet is not None and not any(row.text(column) for column in _AUDIENCE):
        row.errors.append(RowError(row.line, OUTLET, "is given without an audience figure"))
    return figures, columns


def _materials(row: _Cells) -> tuple[list[MaterialDistributed], list[str]]:
    items, columns = [], []
    for column in row.cells:
        found = _MATERIAL.match(column)
        if found is None:
            continue
        number = row.count(column)
        if number:
            items.append(MaterialDistributed(MaterialType(found[1]), found[2], number))
            columns.append(column)
    return items, columns


def _learning(row: _Cells) -> KnowledgeScores | None:
    given = [column for column in LEARNING if row.text(column) is not None]
    if not given:
        return None
    for column in LEARNING:
        if column not in given:
            row.errors.append(RowError(row.line, column, "is required with the other scores"))
    marks = [row.read(column, decimal) for column in LEARNING[:2]]
    pre, post = (_summary(row, when) for when in ("pre", "post"))
    if None in marks or pre is None or post is None:
        return None
    max_score, pass_mark = (float(mark or 0) for mark in marks)
    return KnowledgeScores(max_score, pass_mark, pre, post)


def _summary(row: _Cells, when: str) -> ScoreSummary | None:
    count = row.read(f"learning.{when}_count", whole)
    mean = row.read(f"learning.{when}_mean", decimal)
    passed = row.read(f"learning.{when}_passed", whole)
    if count is None or mean is None or passed is None:
        return None
    return ScoreSummary(count, mean, passed)


# ----------------------------------------------------------------------- a cell


def choice(vocabulary: type[E]) -> Callable[[str], E]:
    def parse(value: str) -> E:
        try:
            return vocabulary(value.strip().lower())
        except ValueError:
            raise ValueError(f"{value!r} is not one of: {_choices(vocabulary)}") from None

    return parse


def _choices(vocabulary: type[StrEnum]) -> str:
    return ", ".join(member.value for member in vocabulary)


def whole(value: str) -> int:
    """A count: a whole number, 0 or more ("12", or "12.0" as spreadsheets write it)."""
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a whole number") from None
    if not number.is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    if number < 0:
        raise ValueError(f"{value} is negative")
    return int(number)


def decimal(value: str) -> float:
    """A score: a number, with a decimal point or comma ("6.5", "6,5")."""
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None


def day(value: str) -> date:
    """A day as YYYY-MM-DD, or DD.MM.YYYY as it is written in Kosovo."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 -- a day, no time
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a day: YYYY-MM-DD (or DD.MM.YYYY)")


def listed(value: str) -> tuple[str, ...]:
    """Entries separated by ';', each trimmed, empty ones left out."""
    return tuple(item.strip() for item in value.split(SEPARATOR) if item.strip())


def uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an id (a UUID)") from None
