"""k-anonymity by global generalisation and row suppression, and small-count suppression.

Pure functions over plain records: no store, no files, no clock, no randomness, so
the guarantee ("every combination of quasi-identifier values in the output is shared
by at least k rows") can be tested on its own.

Each quasi-identifier has a hierarchy of levels, from the exact value (level 0) to
fully suppressed (the last level, blank). Every row of an output uses the same level
for a given quasi-identifier (global recoding), so a column means one thing in the
whole file. Every combination of levels is tried (a few hundred at most): among those
that drop at most the suppression budget of rows, the one with the least information
loss wins (the sum over quasi-identifiers of level / top level; ties: fewer rows
dropped, then the quasi-identifiers listed last kept finer). Then rows whose
equivalence class is still smaller than k are dropped.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

SUPPRESSED = ""


@dataclass(frozen=True)
class Level:
    """One step of a hierarchy: its name, the output column it fills, the mapping."""

    label: str
    column: str
    generalise: Callable[[str], str]


def suppressed_level(column: str) -> Level:
    """The top of every hierarchy: the value is blanked for every row."""
    return Level("suppressed", column, lambda _value: SUPPRESSED)


@dataclass(frozen=True)
class Hierarchy:
    """A quasi-identifier: `name` is its key in `Record.quasi`; the last level suppresses."""

    name: str
    levels: tuple[Level, ...]

    def __post_init__(self) -> None:
        if len(self.levels) < 2 or self.levels[-1].label != "suppressed":
            raise ValueError(f"hierarchy {self.name}: needs levels ending in suppressed_level")

    @property
    def top(self) -> int:
        return len(self.levels) - 1

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column any of its levels fills (blank in the others), in first-use order."""
        return tuple(dict.fromkeys(level.column for level in self.levels))


@dataclass(frozen=True)
class Record:
    """One row before anonymisation: quasi-identifiers (raw) and the other columns."""

    quasi: Mapping[str, str]
    attributes: Mapping[str, str]


@dataclass(frozen=True)
class Anonymised:
    """The rows kept (columns filled at the chosen levels) and what it took."""

    rows: list[dict[str, str]]
    levels: dict[str, int]
    level_labels: dict[str, str]
    rows_in: int
    rows_suppressed: int
    k: int
    information_loss: float


def anonymise(
    records: Sequence[Record],
    hierarchies: Sequence[Hierarchy],
    k: int,
    max_suppressed: float,
) -> Anonymised:
    """The output with least information loss that drops at most `max_suppressed` of
    the rows (every class under k dropped); input order is kept."""
    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
    if not 0 <= max_suppressed <= 1:
        raise ValueError(f"max_suppressed must be a fraction 0..1, got {max_suppressed}")
    budget = math.floor(max_suppressed * len(records))
    lattice = _Lattice(records, hierarchies, k)
    levels = min(lattice.combinations(), key=lambda lv: lattice.rank(lv, budget))
    keys = lattice.keys(levels)
    sizes = Counter(keys)
    rows = [
        _row(record, hierarchies, levels)
        for record, key in zip(records, keys, strict=True)
        if sizes[key] >= k
    ]
    return Anonymised(
        rows=rows,
        levels=dict(zip((h.name for h in hierarchies), levels, strict=True)),
        level_labels={h.name: h.levels[n].label for h, n in zip(hierarchies, levels, strict=True)},
        rows_in=len(records),
        rows_suppressed=len(records) - len(rows),
        k=k,
        information_loss=float(lattice.loss(levels)),
    )


def equivalence_classes(
    rows: Iterable[Mapping[str, str]], columns: Sequence[str]
) -> Counter[tuple[str, ...]]:
    """How many rows share each combination of values in `columns` (for checks)."""
    return Counter(tuple(row[column] for column in columns) for row in rows)


def count_table(
    rows: Iterable[Mapping[str, str]], dimensions: Sequence[str], min_count: int
) -> list[dict[str, str]]:
    """Rows counted by the combination of `dimensions`; a count under `min_count` is
    shown as `<min_count` (e.g. `<11`). Combinations that never occur are not listed."""
    counts = Counter(tuple(row[d] for d in dimensions) for row in rows)
    return [
        {**dict(zip(dimensions, combination, strict=True)), "count": _shown(n, min_count)}
        for combination, n in sorted(counts.items())
    ]


def _shown(count: int, min_count: int) -> str:
    return str(count) if count >= min_count else f"<{min_count}"


class _Lattice:
    """Every combination of levels, with each record's value at each level computed once."""

    def __init__(self, records: Sequence[Record], hierarchies: Sequence[Hierarchy], k: int):
        self.hierarchies = hierarchies
        self.k = k
        self.size = len(records)
        self.values = [
            [[level.generalise(r.quasi[h.name]) for r in records] for level in h.levels]
            for h in hierarchies
        ]

    def combinations(self) -> Iterator[tuple[int, ...]]:
        return itertools.product(*(range(h.top + 1) for h in self.hierarchies))

    def keys(self, levels: tuple[int, ...]) -> list[tuple[str, ...]]:
        columns = [self.values[i][level] for i, level in enumerate(levels)]
        return list(zip(*columns, strict=True)) if columns else [()] * self.size

    def loss(self, levels: tuple[int, ...]) -> Fraction:
        """Sum of level / top level: 0 exact, 1 per fully suppressed quasi-identifier."""
        return sum(
            (Fraction(n, h.top) for n, h in zip(levels, self.hierarchies, strict=True)),
            Fraction(0),
        )

    def rank(
        self, levels: tuple[int, ...], budget: int
    ) -> tuple[bool, int, Fraction, int, tuple[int, ...]]:
        """Within the budget first, then least loss, fewest dropped, last-listed finer."""
        sizes = Counter(self.keys(levels))
        dropped = sum(size for size in sizes.values() if size < self.k)
        loss = self.loss(levels)
        over = dropped > budget
        return (over, dropped if over else 0, loss, dropped, tuple(reversed(levels)))


def _row(
    record: Record, hierarchies: Sequence[Hierarchy], levels: tuple[int, ...]
) -> dict[str, str]:
    row = dict(record.attributes)
    for h, n in zip(hierarchies, levels, strict=True):
        level = h.levels[n]
        row.update(dict.fromkeys(h.columns, SUPPRESSED))
        row[level.column] = level.generalise(record.quasi[h.name])
    return row
