"""A case kept up while it is open (docs/read-models/due.md): alongside its journey, the
caseworker looks at the case every week or so and does what is due — reassesses the
risk (7, 30 or 90 days after, by level), keeps in contact (a note), reviews the care
plan and reassesses the needs, plans a further service now and then (and records its
sessions, attended or missed), reviews the reintegration plan, and has a guardian's
consent renewed (by the person, once 18). Most caseworkers act on time; on a few cases
(`SLACK`) each thing is done weeks late, so that on the demo's last day a realistic
minority of what is due is overdue.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Any, Protocol
from uuid import UUID

import msgspec

from adapters.run.demo import day_centre
from adapters.run.demo.care import ANSWERS, CLINICIANS, _needs, _planned
from adapters.run.demo.world import Host
from domain.checks.field_dates import add_months
from domain.errors import DomainError
from domain.local_time import local_date
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    NeedLevel,
    NoteCategory,
    RiskLevel,
    ServiceAchievement,
    ServiceBasis,
    ServiceType,
)
from projections.caseload import REVIEW_INTERVAL
from services.commands.beneficiary import GiveConsent, WithdrawConsent
from services.commands.care_plan import (
    AssessNeeds,
    RecordDelivery,
    RecordServiceOutcome,
    ReviewCarePlan,
)
from services.commands.case import AddNote, AssessRisk
from services.commands.plan import ReviewPlan

SLACK = 0.3  # share of cases whose caseworker is behind
LATE_DAYS = (10, 60)  # how late a thing is done on those
TICK_DAYS = (5, 9)  # how often the caseworker looks at a case
MISSED = 0.15  # share of further services whose sessions the person keeps missing
CONSENTS_EVERY = 4  # ticks between looks at a child's consents (about a month)


class Kept(Protocol):
    """What the upkeep needs of a journey script."""

    demo: Host
    rng: Random
    case: UUID
    beneficiary: UUID
    worker: str
    manager: str
    minor: bool
    risk: RiskLevel
    plan: UUID | None
    plan_active: bool
    care_plan: UUID | None
    care_dates: tuple[date, date, int] | None
    closed: bool
    finished: bool
    contacted_on: date | None  # the journey's own last service or note

    def _giver_on(self, day: date) -> ConsentGiver: ...


def start(script: Kept) -> None:
    """From the first risk assessment on, the case is kept up alongside its journey."""
    script.demo.spawn(Upkeep(script).steps(), script.rng.uniform(*TICK_DAYS))


@dataclass
class _Service:
    """A further service planned by the upkeep, owed until its first attended session."""

    service: ServiceType
    starts_on: date
    due_on: date
    basis: ServiceBasis
    missing: bool  # the person keeps missing its sessions


class Upkeep:
    """One case's upkeep: when each thing is due, and when this caseworker does it. It
    keeps what it needs to know itself (reading records back would slow the demo)."""

    def __init__(self, script: Kept) -> None:
        self.script, self.demo, self.rng = script, script.demo, script.rng
        self.slack = self.rng.random() < SLACK
        self.assessed_on = self.contact_on = self.today
        self.acting: dict[str, tuple[date, date]] = {}  # kind -> (due day, day acted on)
        self.care: list[date] | None = None  # next care-plan review, needs reassessment
        self.planned = 0  # services the care plan has planned
        self.plan_review_on: date | None = None
        self.services: dict[int, _Service] = {}
        self.ticks = 0

    @property
    def today(self) -> date:
        return local_date(self.demo.clock())

    def steps(self) -> Iterator[float]:
        while not (self.script.closed and self.script.finished):
            if not self.script.closed:
                self._look_at_the_case()
            self.ticks += 1
            yield self.rng.uniform(*TICK_DAYS)

    def _look_at_the_case(self) -> None:
        self._risk()
        self._care_plan()
        self._reintegration_plan()
        if self.script.minor and self.ticks % CONSENTS_EVERY == 0:
            self._consents()
        self._contact()

    def _due(self, kind: str, due_on: date, early: int = 7) -> bool:
        """Whether `kind`, due on `due_on`, is done today: a few days ahead, or late."""
        known = self.acting.get(kind)
        if known is None or known[0] != due_on:
            lag = self.rng.randint(*LATE_DAYS) if self.slack else -self.rng.randint(0, early)
            known = self.acting[kind] = (due_on, due_on + timedelta(days=lag))
        return self.today >= known[1]

    def _risk(self) -> None:
        level = self.script.risk
        if not self._due("risk", self.assessed_on + REVIEW_INTERVAL[level], early=3):
            return
        levels = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH)  # mostly easing
        weights = {RiskLevel.HIGH: (20, 60, 20), RiskLevel.MEDIUM: (40, 55, 5)}
        new = self.rng.choices(levels, weights=weights.get(level, (85, 13, 2)))[0]
        if self._do(self.script.case, AssessRisk(level=new)) is not None:
            self.script.risk = new
            self.assessed_on = self.contact_on = self.today

    def _contact(self) -> None:
        if self.script.contacted_on is not None:
            self.contact_on = max(self.contact_on, self.script.contacted_on)
        if not self._due("contact", self.contact_on + timedelta(days=30), early=12):
            return
        category = self.rng.choice((NoteCategory.PSYCHOLOGICAL, NoteCategory.MEDICAL))
        note = AddNote(category=category, text="called; she is well, next visit agreed")
        if self._do(self.script.case, note) is not None:
            self.contact_on = self.today

    def _care_plan(self) -> None:
        if self.care is None:
            if self.script.care_dates is None:
                return  # no care plan, or its own steps still run (care.py)
            review_on, needs_by, self.planned = self.script.care_dates
            self.care = [review_on, needs_by]
        if self._due("review", self.care[0]):
            self._review_care_plan()
        if self._due("needs", self.care[1]):
            self._reassess_needs(self.care)
        self._sessions()

    def _reassess_needs(self, care: list[date]) -> None:
        if self._do(self.script.care_plan, AssessNeeds(domains=_needs(self.rng))) is not None:
            care[1] = add_months(self.today, 3)  # AssessNeeds' reassess_by when left out
            self.contact_on = self.today

    def _review_care_plan(self) -> None:
        assert self.care is not None
        next_review = self.today + timedelta(days=self.rng.randint(60, 100))
        review = ReviewCarePlan(summary="Progress reviewed", next_review_on=next_review)
        if self._do(self.script.care_plan, review) is None:
            return
        self.care[0] = next_review
        if self.rng.random() < 0.6:
            self._plan_service()

    def _plan_service(self) -> None:
        starts_on = self.today + timedelta(days=self.rng.randint(0, 21))
        due_on = starts_on + timedelta(days=self.rng.randint(30, 75))
        needs = self._the_care_plan().assessments[-1].domains
        met = [n.domain for n in needs if n.domain in ANSWERS and n.level is not NeedLevel.NONE]
        if not met:
            return
        planned = _planned(self.script, self.rng.choice(met))  # for a need assessed
        later = msgspec.structs.replace(planned, starts_on=starts_on, due_on=due_on)
        if self._do(self.script.care_plan, later) is not None:
            self.planned += 1
            missing = self.rng.random() < MISSED
            self.services[self.planned] = _Service(
                planned.service, starts_on, due_on, planned.basis, missing
            )

    def _the_care_plan(self) -> Any:
        assert self.script.care_plan is not None
        return self.demo.record(self.script.care_plan)

    def _sessions(self) -> None:
        for number, service in list(self.services.items()):
            if self._due(f"service:{number}", service.due_on, early=0):
                self._give_up(number)  # its day passed with every session missed
                continue
            if self.today < service.starts_on or self.rng.random() < 0.5:
                continue
            attended = not service.missing and self.rng.random() < 0.8
            by = CLINICIANS.get(service.service, self.script.worker)
            delivery = RecordDelivery(
                number=number,
                attended=attended,
                duration_minutes=60 if attended else 0,
                delivered_by=by,
            )
            done = self._do(self.script.care_plan, delivery, by)
            if done is None or attended:
                del self.services[number]  # refused (its consent withdrawn), or met
            if attended:
                self.contact_on = self.today

    def _give_up(self, number: int) -> None:
        outcome = RecordServiceOutcome(number=number, outcome=ServiceAchievement.NOT_ACHIEVED)
        self._do(self.script.care_plan, outcome)
        del self.services[number]

    def _reintegration_plan(self) -> None:
        if not self.script.plan_active:
            return
        if self.plan_review_on is None:
            self.plan_review_on = self.today + timedelta(days=30)  # a month after drafting
        if self._due("plan_review", self.plan_review_on):
            next_review = self.today + timedelta(days=self.rng.randint(30, 60))
            review = ReviewPlan(summary="Goals reviewed", next_review_on=next_review)
            if self._do(self.script.plan, review) is not None:
                self.plan_review_on = next_review
                self.contact_on = self.today

    def _consents(self) -> None:
        person = self.demo.record(self.script.beneficiary)
        for consent in list(person.consents.values()):
            renew_by = consent.renew_by
            if renew_by is None or not self._due(f"consent:{consent.kind}", renew_by, early=25):
                continue
            minor = person.is_minor_on(self.today)
            if minor and renew_by >= person.adult_on.replace(day=1):
                continue  # the person consents themselves once 18
            if consent.kind is ConsentKind.SERVICES and self._on_consent():
                continue  # a withdrawal would stop the services planned on it
            giver = ConsentGiver.GUARDIAN if minor else ConsentGiver.BENEFICIARY
            self._renew(consent, giver)

    def _on_consent(self) -> bool:
        if self.script.care_plan is not None and self.script.care_dates is None:
            return True  # the care plan's own services run (care.py)
        if self.script.case in self.demo.programme.of_case:
            return True  # the day centre's enrolment rests on it too
        return any(s.basis is ServiceBasis.CONSENT for s in self.services.values())

    def _renew(self, consent: Any, giver: ConsentGiver) -> None:
        kind, partner = consent.kind, consent.organisation_id  # the registry's id (partners.py)
        withdrawal = WithdrawConsent(kind=kind, organisation_id=partner)
        if self._do(self.script.beneficiary, withdrawal) is None:
            return
        services = kind is ConsentKind.SERVICES
        if services:
            day_centre.consent_withdrawn(self.demo, self.script.case)
        again = GiveConsent(kind=kind, given_by=giver, organisation_id=partner)
        if self._do(self.script.beneficiary, again) is not None and services:
            day_centre.consent_given(self.demo, self.script.case)

    def _do(self, record_id: UUID | None, command: Any, actor: str | None = None) -> UUID | None:
        """A command the caseworker tries; refused ones (a rule of the day) are let be."""
        try:
            return self.demo.do(record_id, command, actor or self.script.worker)
        except DomainError:
            return None
