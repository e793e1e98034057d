"""`journey demo`: scripted, realistic journeys through the real command bus.

A small discrete-event simulation: each journey is a generator that issues
commands and yields how many days pass before its next step; the scheduler runs
the step that is due first and moves the scripted clock there, so every record's
events are stored in time order, as they would be in real use. The data is
fictitious (seeded random), and every command goes through the same validation
as a staff member's would. As staff do, many things are written up after they
happened: referrals, risk assessments, admissions, discharges, status decisions,
plan completions and follow-up visits state a day in the past (field dates,
docs/domain.md).

The world it plays in is `world`; a journey's script is `people` (the survivor and the
data), `early_stages` (intake to the case plan) and `later_stages` (services to closure);
the day rehabilitation centre's programme (enrolments, weekly sessions) is `day_centre`;
alongside each journey, `upkeep` keeps its case up while it is open (reassessments,
contact, reviews, consent renewals; some caseworkers late), so that on the last day what
is due (the `due` read model) looks like a real caseload's.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random
from typing import Any
from uuid import UUID

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import day_centre
from adapters.run.demo.documents import attach_demo_documents
from adapters.run.demo.later_stages import JourneyScript
from adapters.run.demo.world import (
    DEPTH,
    END,
    FACILITIES,
    MANAGERS,
    START,
    TARGETS,
    DemoSummary,
    Programme,
)
from domain.vocab import FacilityKind, Stage
from services.commands import Command
from services.commands.shelter import RegisterFacility

LATE_INTAKES = 0.3  # of journeys that stop by the case plan: referred in the last weeks


@dataclass(order=True)
class _Due:
    at: datetime
    order: int
    steps: Iterator[float] = field(compare=False)


class Demo:
    """Runs `count` journeys through `journey.bus`, whose clock is `clock`."""

    def __init__(self, journey: Journey, clock: ScriptedClock, seed: int = 2000) -> None:
        self.journey = journey
        self.clock = clock
        self.rng = Random(seed)
        self.summary = DemoSummary()
        self.facilities: dict[str, UUID] = {}
        self.programme = Programme()
        self._queue: list[_Due] = []
        self._order = itertools.count()

    def run(self, count: int) -> DemoSummary:
        self.clock.set(START)
        for name, kind, beds in FACILITIES:
            command = RegisterFacility(name=name, kind=kind, beds=beds, effective_from=START.date())
            self.facilities[name] = self.do(None, command, MANAGERS[0])
        queue = self._queue = [self._schedule(n) for n in range(count)]
        # the day centre's weeks of sessions, alongside the journeys
        queue.append(_Due(START + timedelta(days=7), count, day_centre.weeks(self)))
        heapq.heapify(queue)
        self._order = itertools.count(len(queue))
        self._drain(queue)
        # documents (issue 14, section 7): papers on some cases, once their journeys ran
        self.summary.reached["documents"] = attach_demo_documents(
            self.journey, self.summary.cases, MANAGERS[0]
        )
        return self.summary

    def do(self, record_id: UUID | None, command: Command, actor: str) -> UUID:
        self.summary.commands += 1
        return self.journey.bus.execute(record_id, command, actor=actor).id

    def record(self, record_id: UUID) -> Any:
        """A record as it is now (a script reads what is due on it)."""
        return self.journey.app.repository.get(record_id)

    def spawn(self, steps: Iterator[float], after_days: float) -> None:
        """Run `steps` alongside, from `after_days` on (a case's upkeep, upkeep.py)."""
        at = self.clock() + timedelta(days=after_days)
        if at < END:
            heapq.heappush(self._queue, _Due(at, next(self._order), steps))

    def _schedule(self, n: int) -> _Due:
        target = self.rng.choices(DEPTH, weights=[w for w, _ in TARGETS.values()])[0]
        latest = END - timedelta(days=TARGETS[target][1] + 30)
        first = START
        if TARGETS[target][1] <= 60 and self.rng.random() < LATE_INTAKES:
            # some referred in the last weeks: their reflection periods still run at the end
            first, latest = END - timedelta(days=60), END - timedelta(days=TARGETS[target][1] + 5)
        span = max((latest - first).total_seconds(), 0.0)
        begins = first + timedelta(seconds=self.rng.uniform(0, span))
        return _Due(begins, n, JourneyScript(self, target).steps())

    def _drain(self, queue: list[_Due]) -> None:
        order = self._order
        while queue:
            due = heapq.heappop(queue)
            self.clock.set(due.at)
            wait = next(due.steps, None)
            if wait is None:
                continue
            later = due.at + timedelta(days=wait, minutes=self.rng.uniform(5, 300))
            if later < END:
                heapq.heappush(queue, _Due(later, next(order), due.steps))


def describe(demo: Demo) -> list[str]:
    """A short report of what the demo stored, read back from the records."""
    queries, summary = demo.journey.queries, demo.summary
    stages = Counter(queries.case(case_id).stage for case_id in summary.cases)
    lines = ["cases by stage now:"]
    lines += [f"  {stage.value:<18} {stages[stage]:>5}" for stage in Stage if stages[stage]]
    lines.append("facilities:")
    for name, facility_id in demo.facilities.items():
        facility = queries.facility(facility_id)
        if facility.kind is FacilityKind.DAY_REHABILITATION_CENTRE:
            continue  # a programme, not beds: its line follows
        lines.append(f"  {name:<38} {facility.occupancy:>3} of {facility.beds:>3} places taken")
    programme = demo.programme
    lines.append(
        f"day centre: {programme.sessions} sessions, {programme.attendance} attendances "
        f"recorded, {len(programme.active)} enrolled now"
    )
    lines.append(f"admissions refused for want of a bed: {summary.waitlisted}")
    lines.append(f"reopened cases: {summary.reached['reopened']}")
    lines.append(f"documents attached: {summary.reached['documents']}")
    return lines


__all__ = ["START", "Demo", "DemoSummary", "describe"]
