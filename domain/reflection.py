"""The reflection and recovery period: its legal bases, their statutory lengths, and
the period itself as a value on the case.

A period is a clock, not a stage: it starts on a stated day, runs for the days its
legal basis gives (an installation may set other lengths, `ReflectionLengths`), can be
extended with a reason and a case manager's approval, and can end early (the person
decides to cooperate, leaves, or declines assistance). Nothing PVPT gives depends on
it: services, stays and plans are never refused because a period runs or has ended,
nor because the person does not cooperate with the prosecution.

The lengths, and where each comes from (docs/domain.md, "Reflection and recovery
period", says what was confirmed and what was not):
- `kosovo_sop`, 90 days: the Standard Operating Procedures for Trafficked Persons in
  Kosovo, as updated in 2023 (raised from 30 to 90 days; US TIP Report 2024, Kosovo);
- `law_04_l_218`, 30 days: Law No. 04/L-218 on Preventing and Combating Trafficking in
  Human Beings and Protecting Victims of Trafficking (2013); the article and the figure
  could not be confirmed from a primary text; 30 is the earlier SOP's figure;
- `law_on_foreigners`, 30 days: Law No. 04/L-219 on Foreigners (2013), the period a
  foreign victim is given before a temporary residence permit; figure not confirmed;
- `coe_convention_art_13`, 30 days: Council of Europe Convention on Action against
  Trafficking in Human Beings (CETS 197), Art. 13(1): at least 30 days;
- `legacy_screening`, 90 days: the period this system started at every screening-in
  before periods were recorded on their own; stored cases keep it, none starts anew.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated

from domain.described import Described


class ReflectionBasis(StrEnum):
    """The legal basis a reflection and recovery period is given under."""

    KOSOVO_SOP = "kosovo_sop"
    LAW_04_L_218 = "law_04_l_218"
    LAW_ON_FOREIGNERS = "law_on_foreigners"
    COE_CONVENTION_ART_13 = "coe_convention_art_13"
    LEGACY_SCREENING = "legacy_screening"


class ReflectionEndReason(StrEnum):
    """Why a period ended before its end date."""

    DECIDED_TO_COOPERATE = "decided_to_cooperate"
    LEFT_PROGRAMME = "left_programme"
    DECLINED_ASSISTANCE = "declined_assistance"
    OTHER = "other"
    # recorded by closing the case (screened out, or an approved closure), never asked for
    CASE_CLOSED = "case_closed"


@dataclass(frozen=True)
class Statute:
    """A basis's default length and the instrument it comes from; `confirmed` is False
    where the figure could not be checked against the text in force."""

    days: int
    source: str
    confirmed: bool


STATUTES: dict[ReflectionBasis, Statute] = {
    ReflectionBasis.KOSOVO_SOP: Statute(
        90, "SOP for Trafficked Persons in Kosovo, as updated in 2023 (30 -> 90 days)", True
    ),
    ReflectionBasis.LAW_04_L_218: Statute(
        30, "Law No. 04/L-218 on Preventing and Combating THB (2013)", False
    ),
    ReflectionBasis.LAW_ON_FOREIGNERS: Statute(
        30, "Law No. 04/L-219 on Foreigners (2013), foreign victims", False
    ),
    ReflectionBasis.COE_CONVENTION_ART_13: Statute(
        30, "Council of Europe Convention CETS 197, Art. 13(1): at least 30 days", True
    ),
    ReflectionBasis.LEGACY_SCREENING: Statute(
        90, "started by screening-in before periods were recorded on their own", True
    ),
}
LEGACY_DAYS = STATUTES[ReflectionBasis.LEGACY_SCREENING].days
STARTABLE = tuple(b for b in ReflectionBasis if b is not ReflectionBasis.LEGACY_SCREENING)


@dataclass(frozen=True)
class ReflectionLengths:
    """Days per legal basis: the statutory defaults, or an installation's (settings)."""

    days: Mapping[ReflectionBasis, int] = field(
        default_factory=lambda: {basis: statute.days for basis, statute in STATUTES.items()}
    )

    @classmethod
    def statutory(cls) -> ReflectionLengths:
        return cls()

    def overridden(self, overrides: Mapping[ReflectionBasis, int]) -> ReflectionLengths:
        """These lengths with some bases' days replaced."""
        return ReflectionLengths({**self.days, **overrides})

    def days_for(self, basis: ReflectionBasis) -> int:
        return self.days[basis]


@dataclass(frozen=True)
class ReflectionPeriod:
    """A case's reflection and recovery period: when it started and ends, under which
    legal basis, how far it was extended, and whether it ended early."""

    legal_basis: Annotated[
        ReflectionBasis,
        Described("The legal basis the period is given under.", "kosovo_sop"),
    ]
    started_on: Annotated[date, Described("The day the period started.", "2026-03-02")]
    length_days: Annotated[
        int, Described("Its length in days when it started, as its basis gives it.", 90)
    ]
    ends_on: Annotated[date, Described("The day it ends, extensions included.", "2026-05-31")]
    extended_by_days: Annotated[
        int, Described("Days added by extensions, in all (0 when never extended).", 0)
    ] = 0
    extensions: Annotated[int, Described("How many times it was extended.", 0)] = 0
    ended_on: Annotated[
        date | None,
        Described("The day it ended early; null unless it did.", "2026-04-15"),
    ] = None
    end_reason: Annotated[
        ReflectionEndReason | None,
        Described("Why it ended early; null unless it did.", "decided_to_cooperate"),
    ] = None

    @classmethod
    def legacy(cls, screened_on: date, ends_on: date) -> ReflectionPeriod:
        """The period a stored screening-in started (before periods were recorded)."""
        days = (ends_on - screened_on).days
        return cls(ReflectionBasis.LEGACY_SCREENING, screened_on, days, ends_on)

    @property
    def ended_early(self) -> bool:
        return self.ended_on is not None

    @property
    def last_day(self) -> date:
        """The day the clock stops: the early end, else the end date."""
        return self.ended_on if self.ended_on is not None else self.ends_on

    def running_on(self, day: date) -> bool:
        """Runs from its start day through its last day (`ends_on`), both included,
        unless it ended early."""
        return not self.ended_early and self.started_on <= day <= self.ends_on

    def days_left_on(self, day: date) -> int | None:
        """Whole days after `day` until the end while it runs: its length on its start
        day, 0 on its last day (it ends tonight); None once over, ended or not begun."""
        return (self.ends_on - day).days if self.running_on(day) else None

    def extended_to(self, ends_on: date, by_days: int) -> ReflectionPeriod:
        return replace(
            self,
            ends_on=ends_on,
            extended_by_days=self.extended_by_days + by_days,
            extensions=self.extensions + 1,
        )

    def ended(self, on: date, reason: ReflectionEndReason) -> ReflectionPeriod:
        return replace(self, ended_on=on, end_reason=reason)


def end_of(started_on: date, days: int) -> date:
    """The last day of a period of `days` started on `started_on`: the days are counted
    from the day after the start (the start's day is not one of them) and the period
    ends at the end of its last day, so N days from S end on S + N (docs/domain.md,
    "Counting the days"). At least N whole days, as CETS 197 Art. 13(1) asks."""
    return started_on + timedelta(days=days)
