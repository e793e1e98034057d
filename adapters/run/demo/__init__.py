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
is due (the `due` read model) looks like a real caseload's. For about a third of the
formally identified, criminal proceedings run alongside too (`justice`: hearings, some
adjourned, protection, representation, outcomes, compensation; court dates in `due`).
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from random import Random
from typing import Any
from uuid import UUID

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from adapters.run.demo import day_centre, returns, turnaways
from adapters.run.demo.archive import record_archive, review_retention
from adapters.run.demo.documents import attach_demo_documents
from adapters.run.demo.funding import fund
from adapters.run.demo.later_stages import JourneyScript
from adapters.run.demo.organisations import register_partners
from adapters.run.demo.prevention import SEED as PREVENTION_SEED
from adapters.run.demo.prevention import prevention_year
from adapters.run.demo.prevention_plan import YEAR_STARTS
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
from domain.disclosure_ref import DisclosureRef
from domain.retention.policy import RetentionRules
from domain.vocab import FacilityKind, Stage
from services.commands import Command
from services.commands.shelter import RegisterFacility

LATE_INTAKES = 0.3  # of journeys that stop by the case plan: referred in the last weeks
DAYS = (END - START).days  # the simulated period, for a progress bar


@dataclass(order=True)
class _Due:
    at: datetime
    order: int
    steps: Iterator[float] = field(compare=False)
    jitter: Random | None = field(default=None, compare=False)  # the demo's own when None


class Demo:
    """Runs `count` journeys through `journey.bus`, whose clock is `clock`."""

    def __init__(
        self,
        journey: Journey,
        clock: ScriptedClock,
        seed: int = 2000,
        *,
        archive: bool = False,
        retention: RetentionRules | None = None,
    ) -> None:
        self.journey = journey
        self.clock = clock
        self.rng = Random(seed)
        self.summary = DemoSummary()
        self.facilities: dict[str, UUID] = {}
        self.organisations: dict[str, UUID] = {}  # the partner registry's ids, by key
        self.programme = Programme()
        self.prevention_referrals: list[DisclosureRef] = []  # prevention.py
        self._queue: list[_Due] = []
        self._order = itertools.count()
        # told the simulated days done (of DAYS, START to END) as the journeys run
        self.on_day: Callable[[int], None] = lambda _day: None
        # the archive of cases closed in 2019-2020 and its retention review (issue 17;
        # `journey demo` and `journey up --demo` record it; archive.py), with these periods
        self.archive = archive
        self.retention_rules = retention or RetentionRules()

    def run(self, count: int) -> DemoSummary:
        # cases closed in 2019-2020, recorded first into an empty store (issue 17, retention)
        archived = record_archive(self) if self.archive and self._store_is_empty() else []
        self.clock.set(START)
        self.organisations = register_partners(self)  # issue 15: the partner registry
        for name, kind, beds, place in FACILITIES:
            command = RegisterFacility(
                name=name, kind=kind, beds=beds, effective_from=START.date(), municipality=place
            )
            self.facilities[name] = self.do(None, command, MANAGERS[0])
        # returns across a border (issue 15): the organisations they name
        returns.register_organisations(self.journey.app, self, MANAGERS[0], date(2020, 1, 1))
        queue = self._queue = [self._schedule(n) for n in range(count)]
        # the day centre's weeks of sessions, alongside the journeys
        queue.append(_Due(START + timedelta(days=7), count, day_centre.weeks(self)))
        # calls at night the shelters turn away (issue 15): adapters/run/demo/turnaways.py
        queue.append(_Due(START + timedelta(days=10), count + 1, turnaways.night_calls(self)))
        # a year of the prevention team's work (issue 16): adapters/run/demo/prevention.py
        year = datetime.combine(YEAR_STARTS, START.timetz()) - timedelta(days=14)
        queue.append(
            _Due(year, count + 2, prevention_year(self), Random(f"{PREVENTION_SEED}:jitter"))
        )
        heapq.heapify(queue)
        self._order = itertools.count(len(queue))
        self._drain(queue)
        # grants (issue 17): opened and the period's work attributed, adapters/run/demo/funding.py
        fund(self)
        # documents (issue 14, section 7): papers on some cases, once their journeys ran
        self.summary.reached["documents"] = attach_demo_documents(
            self.journey, self.summary.cases, MANAGERS[0]
        )
        # the retention review of the archive, on the last days (issue 17)
        if archived:
            review_retention(self, archived)
        return self.summary

    def _store_is_empty(self) -> bool:
        return self.journey.app.recorder.max_notification_id() in (None, 0)

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
            self.on_day((due.at - START).days)
            wait = next(due.steps, None)
            if wait is None:
                continue
            jitter = self.rng if due.jitter is None else due.jitter
            later = due.at + timedelta(days=wait, minutes=jitter.uniform(5, 300))
            if later < END:
                heapq.heappush(queue, _Due(later, next(order), due.steps, due.jitter))


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
    lines.append(prevention_line(summary))
    lines.append(
        f"criminal proceedings: {summary.reached['proceedings']} "
        f"({summary.reached['cooperation_declines']} declined to cooperate)"
    )
    lines.append(
        f"grants: 3 opened, {summary.reached['grant_attributions']} records attributed "
        f"({summary.reached['grant_attributions_outside']} left out: outside a grant's period)"
    )
    if summary.reached["archived"]:  # issue 17: the archive and its retention review
        lines.append(
            f"retention: {summary.reached['archived']} archived cases of 2019-2020; "
            f"{summary.reached['retention_erased']} erased by a batch, "
            f"{summary.reached['retention_left_out']} left out (came back)"
        )
    return lines


def prevention_line(summary: DemoSummary) -> str:
    """The prevention year in one line: activities, people, places, disclosures, cases."""
    reached = summary.reached
    return (
        f"prevention: {reached['prevention_campaigns']} campaigns, "
        f"{reached['prevention_activities']} activities ({reached['prevention_withdrawn']} more "
        f"withdrawn, {reached['prevention_corrections']} corrected), "
        f"{reached['prevention_people']} people met in "
        f"{reached['prevention_municipalities']} municipalities, "
        f"{reached['prevention_disclosures']} disclosures "
        f"({reached['prevention_to_assistance']} to direct assistance, "
        f"{reached['prevention_cases']} cases opened from them)"
    )


__all__ = ["START", "Demo", "DemoSummary", "describe"]
