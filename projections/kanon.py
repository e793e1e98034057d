"""k-anonymity by global generalisation then local suppression, and small-count tables.

Pure functions over plain records: no store, no files, no clock, no randomness, so
the guarantee ("every combination of quasi-identifier values in the output, a
suppressed cell counting as a value of its own, is shared by at least k rows") can be
tested on its own.

Each quasi-identifier has a hierarchy of levels, from the exact value (level 0) to
fully suppressed (the last level, blank). Every row of an output uses the same level
for a given quasi-identifier (global recoding), so a column means one thing in the
whole file. What that generalisation leaves in classes smaller than k is fixed by
suppressing single cells of those rows (`projections/kanon_local.py`), and only as a
last resort by dropping rows. Every combination of levels is weighed with the
suppression it then needs; the least information loss wins. The loss is the share of
quasi-identifier cells lost: a cell at level n of a hierarchy with top level t loses
n / t, a suppressed cell or a cell of a dropped row loses 1.

A column that tells a quasi-identifier's value (an exploitation sub-type tells the
type) is declared on its hierarchy as a `Dependent`: it goes out only where that
quasi-identifier goes out exact, so it cannot give back what was generalised or
suppressed.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from projections.kanon_local import Pattern, Plan, project, suppress_locally

SUPPRESSED = ""
MULTI = ";"


@dataclass(frozen=True)
class Level:
    """One step of a hierarchy: its name, the output column it fills, the mapping."""

    label: str
    column: str
    generalise: Callable[[str], str]


def suppressed_level(column: str) -> Level:
    """The top of every hierarchy: the value is blanked for every row."""
    return Level("suppressed", column, lambda _value: SUPPRESSED)


def _blank(_value: str) -> str:
    return SUPPRESSED


@dataclass(frozen=True)
class Dependent:
    """A column outside the quasi-identifiers that tells its quasi-identifier's value, or
    more (a sub-type of an exploitation type): exported as it is only in a row where the
    quasi-identifier is exported at its exact level (0) and not suppressed; elsewhere
    `withheld` of it (blank, unless only some of its values tell)."""

    column: str
    withheld: Callable[[str], str] = _blank


@dataclass(frozen=True)
class Hierarchy:
    """A quasi-identifier: `name` is its key in `Record.quasi`; the last level suppresses."""

    name: str
    levels: tuple[Level, ...]
    weight: int = 1  # how much a lost cell of it counts, against the others'
    dependents: tuple[Dependent, ...] = ()  # the one place a column's dependency is declared

    def __post_init__(self) -> None:
        if len(self.levels) < 2 or self.levels[-1].label != "suppressed":
            raise ValueError(f"hierarchy {self.name}: needs levels ending in suppressed_level")
        overlap = set(self.columns) & set(self.dependent_columns)
        if overlap:
            raise ValueError(f"hierarchy {self.name}: {sorted(overlap)} both level and dependent")

    @property
    def top(self) -> int:
        return len(self.levels) - 1

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column any of its levels fills (blank in the others), in first-use order."""
        return tuple(dict.fromkeys(level.column for level in self.levels))

    @property
    def dependent_columns(self) -> tuple[str, ...]:
        return tuple(d.column for d in self.dependents)


@dataclass(frozen=True)
class Record:
    """One row before anonymisation: quasi-identifiers (raw) and the other columns."""

    quasi: Mapping[str, str]
    attributes: Mapping[str, str]


@dataclass(frozen=True)
class Anonymised:
    """The rows kept (columns filled at the chosen levels, some cells suppressed) and
    what it took."""

    rows: list[dict[str, str]]
    levels: dict[str, int]
    level_labels: dict[str, str]
    rows_in: int
    rows_suppressed: int  # dropped whole
    cells_suppressed: dict[str, int]  # per quasi-identifier, in the rows kept
    k: int
    achieved_k: int  # the smallest class in `rows` (0 when there are none)
    information_loss: float  # 0 (every value exact) .. 1 (nothing left)


def anonymise(
    records: Sequence[Record],
    hierarchies: Sequence[Hierarchy],
    k: int,
    max_suppressed: float,
    suppressed_column: str,
) -> Anonymised:
    """The output with least information loss that drops at most `max_suppressed` of
    the rows; input order is kept. `suppressed_column` lists, in each row, the columns
    whose cell was suppressed locally (so that a blank "suppressed" differs from a
    blank "not recorded"). A hierarchy's dependent columns are withheld wherever it is
    not exact (`Dependent`) and never named there: naming them only where they held a
    value would tell that they did."""
    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
    if not 0 <= max_suppressed <= 1:
        raise ValueError(f"max_suppressed must be a fraction 0..1, got {max_suppressed}")
    budget = math.floor(max_suppressed * len(records))
    lattice = _Lattice(records, hierarchies, k)
    levels, plan = lattice.best(budget)
    rows = [
        _row(record, hierarchies, levels, plan.patterns[n], suppressed_column)
        for n, record in enumerate(records)
        if n in plan.patterns
    ]
    cells = Counter(i for pattern in plan.patterns.values() for i in pattern)
    sizes = Counter(lattice.output_keys(levels, plan))
    return Anonymised(
        rows=rows,
        levels=dict(zip((h.name for h in hierarchies), levels, strict=True)),
        level_labels={h.name: h.levels[n].label for h, n in zip(hierarchies, levels, strict=True)},
        rows_in=len(records),
        rows_suppressed=len(plan.dropped),
        cells_suppressed={h.name: cells[i] for i, h in enumerate(hierarchies)},
        k=k,
        achieved_k=min(sizes.values(), default=0),
        information_loss=lattice.loss(levels, plan) / lattice.most_loss,
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
    """Every combination of levels, with each record's value at each level computed once.
    Losses are integers in units of 1 / `scale` of a cell."""

    def __init__(self, records: Sequence[Record], hierarchies: Sequence[Hierarchy], k: int):
        self.hierarchies = hierarchies
        self.k = k
        self.size = len(records)
        self.scale = math.lcm(*(h.top for h in hierarchies)) if hierarchies else 1
        self.row_most = sum(h.weight for h in hierarchies) * self.scale
        self.most_loss = max(1, self.size * self.row_most)
        self.values = [
            [[level.generalise(r.quasi[h.name]) for r in records] for level in h.levels]
            for h in hierarchies
        ]

    def best(self, budget: int) -> tuple[tuple[int, ...], Plan]:
        """Least loss within the budget (ties: fewer rows dropped, fewer cells suppressed,
        the quasi-identifiers listed last finer). Combinations are tried by their
        generalisation loss, a lower bound of their loss: once it exceeds the best loss
        found within the budget, no later one can do better."""
        best: tuple[tuple[bool, int, int, int, int, tuple[int, ...]], tuple[int, ...], Plan]
        best = ((True, self.size + 1, 0, 0, 0, ()), (), Plan())
        for levels in sorted(self.combinations(), key=self.generalisation_loss):
            rank = best[0]
            if not rank[0] and self.generalisation_loss(levels) > rank[2]:
                break
            if not rank[0] and self.least_loss(levels) > rank[2]:
                continue
            plan = suppress_locally(self.keys(levels), self.costs(levels), self.k)
            dropped = len(plan.dropped)
            over = dropped > budget
            candidate = (
                over,
                dropped if over else 0,
                self.loss(levels, plan),
                dropped,
                sum(len(p) for p in plan.patterns.values()),
                tuple(reversed(levels)),
            )
            if candidate < rank:
                best = (candidate, levels, plan)
        return best[1], best[2]

    def combinations(self) -> Iterator[tuple[int, ...]]:
        return itertools.product(*(range(h.top + 1) for h in self.hierarchies))

    def keys(self, levels: tuple[int, ...]) -> list[tuple[str, ...]]:
        columns = [self.values[i][level] for i, level in enumerate(levels)]
        return list(zip(*columns, strict=True)) if columns else [()] * self.size

    def output_keys(self, levels: tuple[int, ...], plan: Plan) -> list[tuple[str, ...]]:
        """The kept rows' values, a suppressed cell as its own value (to measure k)."""
        keys = self.keys(levels)
        return [project(keys[n], pattern) for n, pattern in plan.patterns.items()]

    def cell_loss(self, hierarchy: int, level: int) -> int:
        h = self.hierarchies[hierarchy]
        return h.weight * level * self.scale // h.top

    def costs(self, levels: tuple[int, ...]) -> list[int | None]:
        """What suppressing each quasi-identifier costs in a row at these levels (None
        where the level already suppresses it for everyone)."""
        return [
            None if n == h.top else h.weight * self.scale - self.cell_loss(i, n)
            for i, (h, n) in enumerate(zip(self.hierarchies, levels, strict=True))
        ]

    def least_loss(self, levels: tuple[int, ...]) -> int:
        """A lower bound of the loss: the generalisation, and one cell (the cheapest)
        more in every row of a class under k."""
        sizes = Counter(self.keys(levels))
        under = sum(size for size in sizes.values() if size < self.k)
        cheapest = min((c for c in self.costs(levels) if c is not None), default=0)
        return self.generalisation_loss(levels) + under * cheapest

    def generalisation_loss(self, levels: tuple[int, ...]) -> int:
        return self.size * sum(self.cell_loss(i, n) for i, n in enumerate(levels))

    def loss(self, levels: tuple[int, ...], plan: Plan) -> int:
        """Generalisation of every row, plus the cells suppressed, plus every cell of a
        dropped row (which then counts as fully suppressed)."""
        row_loss = sum(self.cell_loss(i, n) for i, n in enumerate(levels))
        dropped = len(plan.dropped) * (self.row_most - row_loss)
        return self.generalisation_loss(levels) + plan.suppression_cost + dropped


def _row(
    record: Record,
    hierarchies: Sequence[Hierarchy],
    levels: tuple[int, ...],
    pattern: Pattern,
    suppressed_column: str,
) -> dict[str, str]:
    row = dict(record.attributes)
    suppressed = []
    for i, (h, n) in enumerate(zip(hierarchies, levels, strict=True)):
        level = h.levels[n]
        row.update(dict.fromkeys(h.columns, SUPPRESSED))
        if i in pattern:
            suppressed.append(level.column)
        else:
            row[level.column] = level.generalise(record.quasi[h.name])
        exact = n == 0 and i not in pattern
        for dependent in h.dependents:
            value = record.attributes.get(dependent.column, SUPPRESSED)
            row[dependent.column] = value if exact else dependent.withheld(value)
    row[suppressed_column] = MULTI.join(suppressed)
    return row
