"""When a beneficiary's personal data may be erased: a pure function of non-identifying
facts (docs/retention.md).

- While any of their cases is open, or any of their criminal proceedings has no outcome
  at the stage it has reached, the data is held: nothing is counted.
- Otherwise the period counts from the anchor, the latest of: the day of the last event
  recorded on the beneficiary or one of their cases (a closure, a note after it, a reopen
  and closure again) and the day the last criminal proceedings were decided. The data is
  kept for `years_after_closure` whole calendar years after the anchor's year and may be
  erased from the 1 January after (rule `after_closure`).
- A person who was a minor when identified is kept, besides, for `years_after_majority`
  whole calendar years after the year they turned 18 (rule `after_majority`). The birth
  date is personal data and is not read: the year they turned 18 at the latest is the year
  of registration plus (18 - their age at identification), since the age stated then
  was already reached.
- The later of the two ends the period; the rule that gave it is the one applied.

Counting whole calendar years to a 1 January makes the day the same on every database
and for every birthday (no 29 February), and lets PVPT review once a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.children import ADULT_AGE

DEFAULT_YEARS_AFTER_CLOSURE = 5
DEFAULT_YEARS_AFTER_MAJORITY = 5
MAX_YEARS = 50


class RetentionRule(StrEnum):
    """Which rule ended (or will end) the retention period."""

    AFTER_CLOSURE = "after_closure"
    AFTER_MAJORITY = "after_majority"


@dataclass(frozen=True)
class RetentionRules:
    """The periods the installation keeps personal data for (settings
    `retention_years_after_closure`, `retention_years_after_majority`)."""

    years_after_closure: int = DEFAULT_YEARS_AFTER_CLOSURE
    years_after_majority: int = DEFAULT_YEARS_AFTER_MAJORITY

    def __post_init__(self) -> None:
        for name in ("years_after_closure", "years_after_majority"):
            years = getattr(self, name)
            if not 1 <= years <= MAX_YEARS:
                msg = f"{name} must be 1..{MAX_YEARS} years, got {years}"
                raise ValueError(msg)


@dataclass(frozen=True)
class RetentionFacts:
    """What the policy needs to know of a beneficiary: nothing that identifies them."""

    registered_on: date
    age_at_identification: int
    last_activity_on: date  # the last event recorded on the beneficiary or their cases
    last_closed_on: date | None = None  # the latest closure of one of their cases
    open_cases: tuple[str, ...] = ()  # numbers of their cases still open
    open_proceedings: tuple[str, ...] = ()  # case numbers of proceedings without outcome
    proceedings_decided_on: date | None = None  # the latest outcome of their proceedings
    erased_on: date | None = None

    @property
    def minor_at_identification(self) -> bool:
        return self.age_at_identification < ADULT_AGE


@dataclass(frozen=True)
class Retention:
    """The policy's answer: held (with why), or the day the period ends and the rule."""

    held_by: tuple[str, ...]  # why nothing is counted yet; empty when a day is known
    ends_on: date | None  # the first day the data may be erased
    rule: RetentionRule | None
    anchor_on: date | None  # the day the closure rule counts from
    erased_on: date | None = None

    def due(self, today: date) -> bool:
        """Retention ended: the data may be erased today (and is not erased yet)."""
        return self.erased_on is None and self.ends_on is not None and self.ends_on <= today

    def why_not_due(self, today: date) -> str:
        """In words, why the data may not be erased today ('' when it may)."""
        if self.erased_on is not None:
            return f"already erased on {self.erased_on.isoformat()}"
        if self.held_by:
            return "; ".join(self.held_by)
        if self.ends_on is not None and self.ends_on > today:
            return f"retention ends on {self.ends_on.isoformat()} ({self.rule})"
        return ""


def majority_year(registered_on: date, age_at_identification: int) -> int:
    """The latest year the person turned 18 (their age at identification was reached)."""
    return registered_on.year + max(ADULT_AGE - age_at_identification, 0)


def retention(facts: RetentionFacts, rules: RetentionRules) -> Retention:
    """When the retention of this beneficiary's personal data ends, and why."""
    if facts.erased_on is not None:
        return Retention((), None, None, None, erased_on=facts.erased_on)
    held = tuple(f"case {number} is open" for number in facts.open_cases) + tuple(
        f"criminal proceedings of case {number} have no outcome"
        for number in facts.open_proceedings
    )
    if held:
        return Retention(held, None, None, None)
    anchor = max(d for d in (facts.last_activity_on, facts.proceedings_decided_on) if d)
    ends_on, rule = (
        _new_year_after(anchor.year, rules.years_after_closure),
        (RetentionRule.AFTER_CLOSURE),
    )
    if facts.minor_at_identification:
        year = majority_year(facts.registered_on, facts.age_at_identification)
        after_majority = _new_year_after(year, rules.years_after_majority)
        if after_majority > ends_on:
            ends_on, rule = after_majority, RetentionRule.AFTER_MAJORITY
    return Retention((), ends_on, rule, anchor)


def _new_year_after(year: int, years: int) -> date:
    """1 January after `years` whole calendar years following `year`."""
    return date(year + years + 1, 1, 1)
