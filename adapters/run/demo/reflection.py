"""A journey's reflection and recovery period, where the law gives one: started soon
after screening-in (a foreign survivor's under the Law on Foreigners, a Kosovar's under
the SOP), and then, for some, extended with a case manager's approval or ended early
because the person decided to cooperate with the authorities or left. Nothing else
waits for it: the journey goes on to its assessment whatever the period says.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

from adapters.run.demo.people import ScriptBase
from domain.reflection import ReflectionBasis, ReflectionEndReason
from services.commands.reflection import (
    EndReflectionPeriod,
    ExtendReflectionPeriod,
    StartReflectionPeriod,
)

GIVEN = 0.7  # share of screened-in survivors given a period
ENDED_EARLY = 0.3  # of those: ended early (mostly: decided to cooperate)
EXTENDED = 0.25  # of those: extended


class ReflectionPeriods(ScriptBase):
    """The reflection period of a journey, between screening-in and the assessment."""

    case: UUID  # the journey's case (opened at intake)

    def _reflection_period(self) -> Iterator[float]:
        if self.rng.random() >= GIVEN:
            return
        basis = (
            ReflectionBasis.LAW_ON_FOREIGNERS if self.international else ReflectionBasis.KOSOVO_SOP
        )
        started_on = self._days_ago(2, self.referred_on)
        start = StartReflectionPeriod(legal_basis=basis, started_on=started_on)
        self.demo.do(self.case, start, self.worker)
        self.demo.summary.reached["reflection_period"] += 1
        chance = self.rng.random()
        if chance < ENDED_EARLY:
            yield from self._ended_early(started_on)
        elif chance < ENDED_EARLY + EXTENDED:
            yield from self._extended()
        else:
            yield self.rng.uniform(7, 30)

    def _ended_early(self, started_on: date) -> Iterator[float]:
        yield self.rng.uniform(3, 20)
        reason = (
            ReflectionEndReason.DECIDED_TO_COOPERATE
            if self.rng.random() < 0.75
            else ReflectionEndReason.LEFT_PROGRAMME
        )
        end = EndReflectionPeriod(reason=reason, ended_on=self._days_ago(2, started_on))
        self.demo.do(self.case, end, self.worker)
        self.demo.summary.reached[f"reflection_ended_{reason.value}"] += 1

    def _extended(self) -> Iterator[float]:
        yield self.rng.uniform(10, 25)  # within the shortest period (30 days)
        extension = ExtendReflectionPeriod(
            reason="Still in treatment; not ready to decide.", extra_days=30
        )
        self.demo.do(self.case, extension, self.manager)
        self.demo.summary.reached["reflection_extended"] += 1
        yield self.rng.uniform(5, 20)
