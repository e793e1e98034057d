"""Small-cell suppression with secondary suppression, for a table and its totals.

A published table is a set of cells (its counts and its totals) and of lines: each line
says that some cells add up to another (a row's cells to the row total, …), written as
coefficients summing to zero. Primary suppression hides every cell counting 1 to
threshold - 1. A hidden cell is still disclosed if the published cells and the lines
determine it (a row with one hidden cell gives it away by subtraction); so, while some
hidden cell is determined, the smallest published cell on one of its lines that makes
fewer cells determined is hidden too (secondary suppression), preferring counts over
totals and non-zero counts over zeros (a hidden zero beside a small count narrows it).

"Determined" is exact linear algebra: a hidden cell is determined when its unit vector
lies in the row space of the lines restricted to the hidden cells (Gauss-Jordan over
fractions: some reduced row has it as its only non-zero entry).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

DEFAULT_MIN_CELL = 5  # the setting report_min_cell's default
Cell = tuple[int, int]  # (row, column); a total has the index just past the last one
Line = Sequence[tuple[Cell, int]]


class Kind(StrEnum):
    PRIMARY = "primary"  # a count below the threshold
    SECONDARY = "secondary"  # hidden so that the totals cannot give a primary one away


@dataclass(frozen=True)
class Shape:
    """A table of `rows` x `columns` counts, with a total row and/or a total column."""

    rows: int
    columns: int
    total_row: bool
    total_column: bool

    def cells(self) -> list[Cell]:
        rows = self.rows + (1 if self.total_row else 0)
        columns = self.columns + (1 if self.total_column else 0)
        return [(r, c) for r in range(rows) for c in range(columns)]

    def lines(self) -> list[Line]:
        """Every additive relation among the published cells."""
        lines: list[Line] = []
        rows = range(self.rows + (1 if self.total_row else 0))
        columns = range(self.columns + (1 if self.total_column else 0))
        if self.total_column:
            for r in rows:
                counts: list[tuple[Cell, int]] = [((r, c), 1) for c in range(self.columns)]
                lines.append([*counts, ((r, self.columns), -1)])
        if self.total_row:
            for c in columns:
                counts = [((r, c), 1) for r in range(self.rows)]
                lines.append([*counts, ((self.rows, c), -1)])
        return lines

    def is_total(self, cell: Cell) -> bool:
        return (self.total_row and cell[0] == self.rows) or (
            self.total_column and cell[1] == self.columns
        )


def suppress(values: Mapping[Cell, int], shape: Shape, threshold: int) -> dict[Cell, Kind]:
    """The cells to hide and why: primary ones (1 … threshold - 1), then secondary ones
    until no hidden cell can be recomputed from the published cells and the totals."""
    hidden = {cell: Kind.PRIMARY for cell, value in values.items() if 0 < value < threshold}
    lines = shape.lines()
    exposed = determined(hidden, lines)
    while exposed:
        candidates = _complements(exposed, hidden, lines, values, shape)
        if not candidates:
            break
        chosen = candidates[0]
        for candidate in candidates:
            if len(determined({**hidden, candidate: Kind.SECONDARY}, lines)) < len(exposed):
                chosen = candidate
                break
        hidden[chosen] = Kind.SECONDARY
        exposed = determined(hidden, lines)
    return hidden


def _complements(
    exposed: set[Cell],
    hidden: Mapping[Cell, Kind],
    lines: Sequence[Line],
    values: Mapping[Cell, int],
    shape: Shape,
) -> list[Cell]:
    """Published cells sharing a line with an exposed cell, the least costly first."""
    found = {
        cell
        for line in lines
        if any(cell in exposed for cell, _ in line)
        for cell, _ in line
        if cell not in hidden
    }
    return sorted(found, key=lambda c: (shape.is_total(c), values[c] == 0, values[c], c))


def determined(hidden: Iterable[Cell], lines: Sequence[Line]) -> set[Cell]:
    """The hidden cells the lines and the published cells give away."""
    unknowns = sorted(set(hidden))
    index = {cell: i for i, cell in enumerate(unknowns)}
    matrix = [[Fraction(0)] * len(unknowns) for _ in lines]
    for row, line in zip(matrix, lines, strict=True):
        for cell, coefficient in line:
            if cell in index:
                row[index[cell]] += coefficient
    reduced = _reduced(matrix, len(unknowns))
    return {
        unknowns[nonzero[0]]
        for nonzero in ([i for i, v in enumerate(row) if v != 0] for row in reduced)
        if len(nonzero) == 1
    }


def _reduced(matrix: list[list[Fraction]], width: int) -> list[list[Fraction]]:
    """The reduced row echelon form of `matrix` (its non-zero rows)."""
    rows = [row for row in matrix if any(row)]
    pivot_row = 0
    for column in range(width):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][column]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return rows[:pivot_row]
