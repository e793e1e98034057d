"""A journey's later stages: services and referrals, reintegration with its plan,
goals and follow-ups, discharge, closure and reopening; and the whole path.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from adapters.run.demo import day_centre, partners, returns
from adapters.run.demo.care import care_plan
from adapters.run.demo.early_stages import EarlyStages
from adapters.run.demo.justice import maybe_open_proceedings
from adapters.run.demo.world import PARTNERS
from domain.checks.field_dates import add_months
from domain.local_time import local_date
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ConsentKind,
    DischargeReason,
    ExitDestination,
    FollowUpStatus,
    OutgoingReferralReason,
    SupportPlanType,
)
from services.commands import Command
from services.commands.beneficiary import GiveConsent
from services.commands.case import (
    Approve,
    Reopen,
    RequestApproval,
    StartFollowUp,
    StartReintegration,
)
from services.commands.plan import (
    AbandonGoal,
    AchieveGoal,
    AddGoal,
    CompletePlan,
    DiscontinuePlan,
    DraftPlan,
    RecordFollowUp,
    RecordGoalProgress,
)
from services.commands.referrals import ReferOut
from services.commands.shelter import DischargeFromShelter

MISSED_VISIT = 0.08  # follow-up visits not made (the item stays due)


class JourneyScript(EarlyStages):
    """One survivor's path, stopping at `target`, as a generator of waits in days."""

    def steps(self) -> Iterator[float]:
        yield from self._journey()
        self.finished = True

    def _journey(self) -> Iterator[float]:
        yield from self._intake()
        if self.target in ("intake", "screening", "screened_out") or not self.reaches("screening"):
            yield from self._early_exit()
            return
        yield from self._reflection_and_assessment()
        if self.reaches("service_provision"):
            yield from self._services()
            if self.closed:
                return  # returned home (adapters/run/demo/returns.py)
        if self.reaches("reintegration"):
            yield from self._reintegration()
        if self.reaches("closed"):
            yield from self._closure()

    def _services(self) -> Iterator[float]:
        if self.rng.random() < 0.7:  # a care plan (issue 14, careplan): adapters/run/demo/care.py
            yield from care_plan(self)
        for _ in range(self.rng.randint(2, 6)):
            yield self.rng.uniform(3, 20)
            self.demo.do(self.case, self._service(), self.worker)
            if self.rng.random() < 0.5:
                self.demo.do(self.case, self._note(), self.rng.choice(("dr.gashi", "psy.shala")))
        if self.rng.random() < 0.4:
            yield from self._refer()
        if self.rng.random() < 0.5:
            yield from self._discharge()
        yield from self._formal_identification()  # adapters/run/demo/identification.py
        maybe_open_proceedings(self)  # criminal proceedings (issue 15): demo/justice.py
        yield from returns.voluntary_return(self)  # foreign victims going home (returns.py)

    def _refer(self) -> Iterator[float]:
        key = partners.IOM if self.international else self.rng.choice(PARTNERS)
        partner = partners.partner(key)  # consent and referral name the same id
        giver = self._giver_on(local_date(self.demo.clock()))  # a child may have turned 18
        consent = GiveConsent(kind=ConsentKind.SHARING, given_by=giver, organisation_id=partner)
        self.demo.do(self.beneficiary, consent, self.worker)
        yield self.rng.uniform(0, 2)
        reason = (
            OutgoingReferralReason.MIGRATION_OR_CHANGE_OF_LOCATION
            if self.international
            else OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED
        )
        self.demo.do(self.case, ReferOut(organisation_id=partner, reason=reason), self.worker)

    def _reintegration(self) -> Iterator[float]:
        yield self.rng.uniform(10, 30)
        self.demo.do(self.case, StartReintegration(), self.worker)
        self._reached("reintegration")
        yield from day_centre.finish(self)
        yield from self._discharge()
        self.plan = self.demo.do(None, DraftPlan(case_id=self.case), self.worker)
        self.plan_active = True
        goals = self.rng.sample(list(SupportPlanType), self.rng.randint(2, 4))
        for goal in goals:
            target = self.demo.clock() + timedelta(days=self.rng.randint(60, 200))
            self.demo.do(
                self.plan,
                AddGoal(type=goal, description=f"{goal.value} goal", target_date=target.date()),
                self.worker,
            )
        yield from self._work_on_goals(len(goals))
        if self.reaches("follow_up"):
            yield from self._follow_up()

    def _discharge(self) -> Iterator[float]:
        if self.stay is None:
            return
        stay, self.stay = self.stay, None
        yield self.rng.uniform(0, 10)
        destination = self.rng.choice(
            (
                ExitDestination.FAMILY,
                ExitDestination.INDEPENDENT_LIVING,
                ExitDestination.FOSTER_OR_INSTITUTIONAL_CARE,
            )
        )
        command = DischargeFromShelter(
            reason=DischargeReason.COMPLETED_PROGRAMME,
            destination=destination,
            discharged_on=self._days_ago(3, self.admitted_on),
        )
        self.demo.do(stay, command, self.worker)
        yield from day_centre.after_shelter(self)

    def _work_on_goals(self, count: int) -> Iterator[float]:
        achieved = 0
        for number in range(1, count + 1):
            yield self.rng.uniform(15, 45)
            self.demo.do(self.plan, RecordGoalProgress(number=number, note="on track"), self.worker)
            if self.rng.random() < 0.75:
                achieved += 1
                self.demo.do(self.plan, AchieveGoal(number=number), self.worker)
            else:
                self.demo.do(
                    self.plan, AbandonGoal(number=number, reason="moved away"), self.worker
                )
        if self.target == "reintegration":
            return  # the plan still runs on the last day: reviewed (upkeep.py)
        self.plan_completed, self.plan_active = achieved > 0, False
        self.completed_on = self._days_ago(5)
        finish: Command = (
            CompletePlan(completed_on=self.completed_on)
            if achieved
            else DiscontinuePlan(reason="no goal could be achieved")
        )
        self.demo.do(self.plan, finish, self.worker)

    def _follow_up(self) -> Iterator[float]:
        self.demo.do(self.case, StartFollowUp(), self.worker)
        self._reached("follow_up")
        if not self.plan_completed:
            return
        for month in (3, 6) if self.reaches("closed") else (3, 6, 12):
            due = add_months(self.completed_on, month)
            visited_on = due + timedelta(days=self.rng.randint(-10, 10))
            written_up = visited_on + timedelta(days=self.rng.randint(0, 10))
            yield max((written_up - local_date(self.demo.clock())).days, 0)
            if self.rng.random() < MISSED_VISIT:
                continue  # not found at home; the visit is still owed
            status = self.rng.choices(list(FollowUpStatus), weights=(80, 12, 3, 5))[0]
            visit = RecordFollowUp(month=month, status=status, visited_on=visited_on)
            self.demo.do(self.plan, visit, self.worker)

    def _closure(self) -> Iterator[float]:
        reason = self.rng.choices(
            (
                ClosureReason.REINTEGRATED,
                ClosureReason.REPATRIATED,
                ClosureReason.LOST_CONTACT,
                ClosureReason.REFERRED_OR_TRANSFERRED,
            ),
            weights=(70, 10, 10, 10),
        )[0]
        reason = returns.closure_reason(self, reason)  # repatriated: after a hand-over only
        yield from day_centre.finish(self)
        yield self.rng.uniform(5, 20)
        self.demo.do(
            self.case,
            RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=reason),
            self.worker,
        )
        yield self.rng.uniform(0.5, 3)
        self.demo.do(self.case, Approve(subject=ApprovalSubject.CLOSURE), self.manager)
        self._reached("closed")
        self.closed = True
        if self.target == "reopened":
            yield self.rng.uniform(20, 60)
            self.demo.do(self.case, Reopen(reason="new risk reported by family"), self.worker)
            self.closed = False
            self.demo.do(self.case, self._service(), self.worker)
            self._reached("reopened")
