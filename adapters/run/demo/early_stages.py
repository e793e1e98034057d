"""A journey's early stages: intake, consents, screening (or an early exit), a
reflection period where the law gives one (adapters/run/demo/reflection.py), the
assessment and its approvals, and a shelter admission.
"""

from __future__ import annotations

from collections.abc import Iterator

from adapters.run.demo import day_centre, returns, turnaways, upkeep
from adapters.run.demo.background import background
from adapters.run.demo.children import ChildJourney
from adapters.run.demo.episodes import record_episodes
from adapters.run.demo.identification import Identification
from adapters.run.demo.reflection import ReflectionPeriods
from adapters.run.demo.world import SHELTERS
from domain.errors import CapacityExceeded
from domain.facility_turnaway import TurnAwayReason
from domain.local_time import local_date
from domain.vocab import (
    ApprovalSubject,
    ConsentKind,
    RiskLevel,
)
from services.commands.beneficiary import GiveConsent
from services.commands.case import (
    Approve,
    AssessRisk,
    AssignCaseworker,
    OpenCase,
    RequestApproval,
    ScreenIn,
    StartScreening,
)
from services.commands.shelter import AdmitToShelter


class EarlyStages(ChildJourney, Identification, ReflectionPeriods):
    """Intake to the case plan's approval."""

    def _intake(self) -> Iterator[float]:
        self.beneficiary = self.demo.do(None, self._registration(), self.worker)
        self.demo.summary.beneficiaries += 1
        # where they live and come from, languages, schooling (adapters/run/demo/background.py)
        self.demo.do(self.beneficiary, background(self.person, self.rng), self.worker)
        yield from self._consents()
        referral = self._referral()
        self.case = self.demo.do(
            None, OpenCase(beneficiary_id=self.beneficiary, referral=referral), self.worker
        )
        self.demo.summary.cases.append(self.case)
        self._reached("intake")
        yield self.rng.uniform(0, 1)
        self.demo.do(self.case, AssignCaseworker(caseworker=self.worker), self.manager)
        assessed_on = self._days_ago(1, self.referred_on)
        self.demo.do(
            self.case, AssessRisk(level=self._risk(), assessed_on=assessed_on), self.worker
        )
        upkeep.start(self)  # reassessments, contact, reviews while the case is open
        yield from returns.received_from_abroad(self, referral)  # a Kosovar from abroad

    def _consents(self) -> Iterator[float]:
        if self.minor:  # children: adapters/run/demo/children.py
            yield from self._child_intake()
        giver = self._giver_on(local_date(self.demo.clock()))
        kinds = [ConsentKind.SERVICES]
        if self.rng.random() < 0.7:
            kinds.append(ConsentKind.ANONYMISED_REPORTING)
        for kind in kinds:
            self.demo.do(self.beneficiary, GiveConsent(kind=kind, given_by=giver), self.worker)

    def _early_exit(self) -> Iterator[float]:
        if self.target == "intake":
            return
        yield self.rng.uniform(1, 3)
        self.demo.do(self.case, StartScreening(), self.worker)
        self._reached("screening")
        if self.target != "screened_out":
            return
        yield self.rng.uniform(1, 4)
        yield from self._screen_out()  # identification (adapters/run/demo/identification.py)
        self._reached("screened_out")

    def _reflection_and_assessment(self) -> Iterator[float]:
        yield self.rng.uniform(1, 3)
        self.demo.do(self.case, StartScreening(), self.worker)
        yield self.rng.uniform(1, 5)
        self.demo.do(self.case, ScreenIn(), self.worker)  # on to the assessment
        self._preliminary_identification()
        profile = self._profile()
        self.demo.do(self.beneficiary, profile, self.worker)
        record_episodes(self, profile.types[0])  # trafficking episodes (episodes.py)
        self._reached("assessment")
        yield from self._maybe_admit()
        yield from day_centre.enrol(self)  # shelter residents too
        yield from self._reflection_period()
        yield from self._approval(ApprovalSubject.ASSESSMENT, "case_plan")
        yield from self._approval(ApprovalSubject.CASE_PLAN, "service_provision")

    def _approval(self, subject: ApprovalSubject, unlocks: str) -> Iterator[float]:
        if not self.reaches(unlocks):
            return
        yield self.rng.uniform(5, 15)
        self.demo.do(self.case, RequestApproval(subject=subject), self.worker)
        yield self.rng.uniform(0.5, 3)
        self.demo.do(self.case, Approve(subject=subject), self.manager)
        self._reached(unlocks)

    def _maybe_admit(self) -> Iterator[float]:
        if self.risk is RiskLevel.HIGH:
            self._turned_away(SHELTERS[0], TurnAwayReason.RISK_TOO_HIGH)  # to the ISF
            return
        if self.rng.random() < 0.45:
            return
        yield self.rng.uniform(0, 1)
        name = self.rng.choices(SHELTERS, weights=(60, 40))[0]
        self.admitted_on = self._days_ago(1, self.referred_on)
        self._before_placement(self.admitted_on)  # children: a best-interests assessment
        command = AdmitToShelter(
            case_id=self.case,
            facility_id=self.demo.facilities[name],
            admitted_on=self.admitted_on,
        )
        try:
            self.stay = self.demo.do(None, command, self.worker)
        except CapacityExceeded:
            self.demo.summary.waitlisted += 1
            self._turned_away(name, TurnAwayReason.NO_BED)

    def _turned_away(self, shelter: str, reason: TurnAwayReason) -> None:
        """Issue 15: the refusal recorded, with where the person was referred, by the case
        manager (a turn-away names a case only when a role that reads cases records it)."""
        gender = self.demo.record(self.beneficiary).gender
        turnaways.case_turned_away(
            self.demo, shelter, reason, self.case, gender, minor=self.minor, actor=self.manager
        )
