"""Local (cell) suppression for one choice of generalisation levels.

Given every row's quasi-identifier values at the chosen levels, decide which cells of
which rows to suppress so that every combination of values in the output, a suppressed
cell counting as a value of its own ("suppressed", never merged with "not recorded"), is
shared by at least k rows. A row is dropped only when, with every cell suppressed, no
class can take it.

A row's suppressed cells form its *pattern*. Patterns are tried from the cheapest (none)
to the dearest (every quasi-identifier that is not already suppressed for everyone):

1. the rows not yet placed are grouped by their values with the pattern's cells
   suppressed; every group of at least k rows becomes a class;
2. a smaller group is topped up to k with rows of classes already formed that have rows
   to spare (more than k) and become the same once the pattern is applied to them too,
   if that costs no more than suppressing every cell of the group's rows;
3. whatever is left after the dearest pattern is topped up the same way, or dropped.

Greedy, so not always the least loss there is, but never a class under k: that is what
`tests/unit/test_kanon.py` checks over random caseloads. The costs of suppressing a
cell (integers, one per quasi-identifier) come from `projections/kanon.py`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import cast

Key = tuple[str, ...]
Pattern = frozenset[int]
MARK = "\x00suppressed"  # a locally suppressed cell inside this module: its own value


@dataclass
class Plan:
    """Each kept row's pattern (indexes of its suppressed quasi-identifiers); dropped rows."""

    patterns: dict[int, Pattern] = field(default_factory=dict)
    dropped: list[int] = field(default_factory=list)
    suppression_cost: int = 0


@dataclass
class _Class:
    pattern: Pattern
    key: Key  # the values left when the pattern is applied (suppressed cells omitted)
    members: list[int]
    sample: Key  # one member's values, nothing suppressed


def _kept(pattern: Pattern, width: int) -> Callable[[Key], Key]:
    """A function giving the values a pattern leaves of a row's, fast."""
    kept = [i for i in range(width) if i not in pattern]
    if not kept:
        return lambda _key: ()
    if len(kept) == 1:
        only = kept[0]
        return lambda key: (key[only],)
    return cast(Callable[[Key], Key], itemgetter(*kept))


def suppress_locally(keys: Sequence[Key], costs: Sequence[int | None], k: int) -> Plan:
    """The plan for rows with these `keys`; `costs[i]` is what suppressing quasi-identifier
    i costs in one row (None: suppressed for everyone already, nothing to suppress)."""
    return _Suppressor(costs, k).plan(keys)


def project(key: Key, pattern: Pattern) -> Key:
    return tuple(MARK if i in pattern else value for i, value in enumerate(key))


class _Suppressor:
    def __init__(self, costs: Sequence[int | None], k: int):
        self.costs = costs
        self.k = k
        self.classes: list[_Class] = []
        self.spare = 0  # rows the classes have beyond k, in all
        suppressible = [i for i, cost in enumerate(costs) if cost is not None]
        subsets = (
            frozenset(chosen)
            for size in range(len(suppressible) + 1)
            for chosen in itertools.combinations(suppressible, size)
        )
        # cheapest first (ties: fewer cells, then the ones listed first): none first,
        # all of them last
        self.patterns = sorted(subsets, key=lambda p: (self.cost(p), len(p), sorted(p)))

    def cost(self, pattern: Pattern) -> int:
        return sum(self.costs[i] or 0 for i in pattern)

    def plan(self, keys: Sequence[Key]) -> Plan:
        plan = Plan()
        waiting = list(range(len(keys)))
        full = self.patterns[-1]
        width = len(self.costs)
        for pattern in self.patterns:
            kept = _kept(pattern, width)
            groups: defaultdict[Key, list[int]] = defaultdict(list)
            for row in waiting:
                groups[kept(keys[row])].append(row)
            waiting = []
            for key, members in groups.items():
                group = _Class(pattern, key, members, keys[members[0]])
                if len(members) >= self.k or self.top_up(group, kept, dearest=pattern is full):
                    self.classes.append(group)
                    self.spare += len(members) - self.k
                elif pattern is full:
                    plan.dropped.extend(members)
                else:
                    waiting.extend(members)
            if not waiting:
                break
        for group in self.classes:
            for row in group.members:
                plan.patterns[row] = group.pattern
                plan.suppression_cost += self.cost(group.pattern)
        return plan

    def top_up(self, group: _Class, kept: Callable[[Key], Key], dearest: bool) -> bool:
        """Move rows that classes can spare into `group` (which then has k rows) if there
        are enough and, short of the dearest pattern, it costs no more than suppressing
        every cell of the group's rows; False (nothing moved) otherwise."""
        needed = self.k - len(group.members)
        if self.spare < needed:
            return False
        cost = self.cost(group.pattern)
        donors = sorted(
            (cost - self.cost(c.pattern), n, c)
            for n, c in enumerate(self.classes)
            if c.pattern <= group.pattern
            and len(c.members) > self.k
            and kept(c.sample) == group.key
        )
        if sum(len(c.members) - self.k for _, _, c in donors) < needed:
            return False
        moves: list[tuple[_Class, int]] = []
        price = len(group.members) * cost
        for extra, _, donor in donors:
            take = min(needed, len(donor.members) - self.k)
            moves.append((donor, take))
            price += take * extra
            needed -= take
            if needed == 0:
                break
        if not dearest and price > len(group.members) * self.cost(self.patterns[-1]):
            return False
        for donor, take in moves:
            group.members.extend(donor.members[-take:])
            del donor.members[-take:]
            self.spare -= take
        return True
