"""Run a template over a period: count, leave out, suppress (docs/reports.md).

For each table the engine reads the measure's rows (`sources.py`), keeps those of the
grant when the table is the grant's (`grants.py`), leaves out people without the
anonymised-reporting consent or erased (counting them, by reason), counts the rest into
the cells of its breakdowns with totals, and hides small cells (`suppression.py`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection

from adapters.reports.period.grants import INDICATOR_MEASURES, Grant, load_grant
from adapters.reports.period.sources import Period, nights, rows_of
from adapters.reports.period.suppression import Cell, Kind, Shape, suppress
from adapters.reports.period.templates import TableSpec, Template
from adapters.reports.period.vocabulary import (
    MEASURES,
    NOT_RECORDED,
    PERSON_SOURCES,
    Breakdown,
    Measure,
    Source,
    Unit,
)
from domain.errors import InvalidInput

EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)  # the days a period may name

TOTAL = "Total"
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ReportTable:
    id: str
    title: str
    measure: str
    unit: str
    breakdowns: tuple[str, ...]
    header: tuple[str, ...]  # the label column's heading, then one per value column
    labels: tuple[str, ...]  # one per row
    values: tuple[tuple[float | int | None, ...], ...]  # None: suppressed
    suppressed: dict[Cell, Kind]
    excluded: dict[str, int]  # people left out, by reason
    chart: str
    note: str
    period: Period

    @property
    def total(self) -> float | int | None:
        return self.values[-1][-1] if self.values else 0


@dataclass(frozen=True)
class Report:
    template: Template
    period: Period
    grant: Grant | None
    generated_at: datetime
    threshold: int
    tables: tuple[ReportTable, ...]
    excluded: dict[str, int]  # distinct people left out of any table, by reason

    @property
    def cells_suppressed(self) -> Counter[Kind]:
        return Counter(kind for t in self.tables for kind in t.suppressed.values())


@dataclass
class Counted:
    """One table's counts before suppression."""

    cells: defaultdict[tuple[str, ...], float] = field(default_factory=lambda: defaultdict(float))
    people: defaultdict[tuple[str, ...], set[str]] = field(default_factory=lambda: defaultdict(set))
    left_out: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def run(
    conn: Connection,
    template: Template,
    period: Period,
    *,
    grant_reference: str | None,
    threshold: int,
    now: datetime,
    progress: Progress | None = None,
) -> Report:
    """The report of `template` for `period`, read on `conn`."""
    check_period(period)
    if template.needs_grant and not grant_reference:
        raise InvalidInput("grant", f"template {template.name!r} reports on a grant: name one")
    grant = load_grant(conn, grant_reference) if grant_reference else None
    tables: list[ReportTable] = []
    left_out: defaultdict[str, set[str]] = defaultdict(set)
    for number, spec in enumerate(template.tables, start=1):
        if progress is not None:
            progress(number, len(template.tables), spec.title)
        table, table_left_out = _table(conn, spec, period, grant, threshold)
        tables.append(table)
        for reason, people in table_left_out.items():
            left_out[reason] |= people
    counts = {reason: len(people) for reason, people in sorted(left_out.items())}
    return Report(template, period, grant, now, threshold, tuple(tables), counts)


def _table(
    conn: Connection, spec: TableSpec, period: Period, grant: Grant | None, threshold: int
) -> tuple[ReportTable, dict[str, set[str]]]:
    if spec.measure.source is Source.INDICATORS:
        assert grant is not None
        left_out: defaultdict[str, set[str]] = defaultdict(set)
        return _indicators(conn, spec, period, grant, threshold, left_out), dict(left_out)
    scoped = grant if spec.for_grant else None
    counted = count(conn, spec.measure, spec.breakdowns, period, scoped)
    table = crosstab(spec, counted, threshold, scoped.period(period) if scoped else period)
    return table, dict(counted.left_out)


def check_period(period: Period) -> None:
    """A period a report can count: it starts by its end, within the years PVPT can have
    records for (a far-off day is a typing slip, not a question)."""
    for name, day in (("from", period.start), ("to", period.end)):
        if not EARLIEST <= day <= LATEST:
            raise InvalidInput(name, f"{day} is outside {EARLIEST} to {LATEST}")
    if period.empty:
        raise InvalidInput("from", f"{period.start} is after to={period.end}")


def count(
    conn: Connection,
    measure: Measure,
    breakdowns: Sequence[Breakdown],
    period: Period,
    grant: Grant | None,
) -> Counted:
    """The measure's counts per combination of breakdown values."""
    within = grant.period(period) if grant is not None else period
    counted = Counted()
    distinct = measure.unit is Unit.PEOPLE and measure.source in PERSON_SOURCES
    for row in rows_of(conn, measure, within, [b.name for b in breakdowns]):
        if grant is not None:
            spans = grant.covering(measure.source, row, within)
            if not spans:
                continue
            if measure.source is Source.STAYS:  # only the nights the grant paid for
                row["weight"] = sum(nights(row["started_on"], row["ended_on"], s) for s in spans)
        if row.get("excluded"):
            counted.left_out[row["excluded"]].add(str(row["person_id"]))
            continue
        key = tuple(b.value(row) for b in breakdowns)
        if distinct:
            counted.people[key].add(str(row["person_id"]))
        else:
            counted.cells[key] += row["weight"]
    for key, people in counted.people.items():
        counted.cells[key] = len(people)
    return counted


def total(
    conn: Connection,
    measure: Measure,
    period: Period,
    grant: Grant | None,
    left_out: defaultdict[str, set[str]],
) -> int:
    """The measure's count with no breakdown; the people left out added to `left_out`."""
    counted = count(conn, measure, (), period, grant)
    for reason, people in counted.left_out.items():
        left_out[reason] |= people
    return int(sum(counted.cells.values()))


def crosstab(spec: TableSpec, counted: Counted, threshold: int, period: Period) -> ReportTable:
    """The counts as a table with totals, small cells suppressed."""
    dims = spec.breakdowns
    rows = _categories(dims[0], counted, 0) if dims else []
    columns = _categories(dims[1], counted, 1) if len(dims) > 1 else []
    row_keys = rows if dims else [""]
    column_keys = columns if len(dims) > 1 else [""]
    grid = [
        [int(counted.cells.get(_key(r, c, len(dims)), 0)) for c in column_keys] for r in row_keys
    ]
    shape = Shape(len(row_keys), len(column_keys), bool(dims), len(dims) > 1)
    if shape.total_column:
        grid = [[*line, sum(line)] for line in grid]
    if shape.total_row:
        width = len(column_keys) + (1 if shape.total_column else 0)
        grid.append([sum(line[c] for line in grid) for c in range(width)])
    values = {(r, c): v for r, line in enumerate(grid) for c, v in enumerate(line)}
    hidden = suppress(values, shape, threshold) if spec.measure.counts_victims else {}
    published = tuple(
        tuple(None if (r, c) in hidden else v for c, v in enumerate(line))
        for r, line in enumerate(grid)
    )
    unit = spec.measure.unit.value
    header = (
        (dims[0].label if dims else spec.measure.label),
        *([*columns, TOTAL] if columns else [unit]),
    )
    labels = tuple([*rows, TOTAL] if dims else [TOTAL])
    excluded = {reason: len(people) for reason, people in sorted(counted.left_out.items())}
    return ReportTable(
        spec.id, spec.title, spec.measure.name, unit, tuple(b.name for b in dims), header,
        labels, published, hidden, excluded, spec.chart, spec.note, period,
    )  # fmt: skip


def _key(row: str, column: str, dims: int) -> tuple[str, ...]:
    return (row, column)[:dims]


def _categories(breakdown: Breakdown, counted: Counted, position: int) -> list[str]:
    seen = {key[position] for key, value in counted.cells.items() if value}
    first = [value for value in breakdown.order if value in seen]
    rest = sorted(seen - set(first) - {NOT_RECORDED})
    return first + rest + ([NOT_RECORDED] if NOT_RECORDED in seen else [])


def _indicators(  # noqa: PLR0917 - one table's inputs, each used once
    conn: Connection,
    spec: TableSpec,
    period: Period,
    grant: Grant,
    threshold: int,
    left_out: defaultdict[str, set[str]],
) -> ReportTable:
    """Each indicator of the grant: its target, achieved within the period, the share."""
    labels: list[str] = []
    values: list[tuple[float | int | None, ...]] = []
    hidden: dict[Cell, Kind] = {}
    notes: list[str] = []
    for row, indicator in enumerate(grant.indicators):
        labels.append(f"{indicator.code} {indicator.name}")
        name = INDICATOR_MEASURES.get(indicator.measure)
        if name is None:
            notes.append(f"{indicator.code}: measure {indicator.measure!r} is not computed")
            values.append((indicator.target, None, None))
            continue
        measure = MEASURES[name]
        achieved = total(conn, measure, period, grant, left_out)
        share = round(100 * achieved / indicator.target, 1) if indicator.target else None
        if measure.counts_victims and 0 < achieved < threshold:
            hidden[(row, 1)], hidden[(row, 2)] = Kind.PRIMARY, Kind.SECONDARY
            values.append((indicator.target, None, None))
        else:
            values.append((indicator.target, achieved, share))
    note = "; ".join(filter(None, [spec.note, *notes]))
    return ReportTable(
        spec.id, spec.title, spec.measure.name, "indicators", (),
        ("Indicator", "target", "achieved", "% of target"), tuple(labels), tuple(values),
        hidden, {r: len(p) for r, p in sorted(left_out.items())}, spec.chart, note,
        grant.period(period),
    )  # fmt: skip
