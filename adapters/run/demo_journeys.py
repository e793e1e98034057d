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
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from random import Random
from uuid import UUID

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.errors import CapacityExceeded
from domain.field_dates import add_months
from domain.local_time import local_date
from domain.values import Guardian, IncomingReferral, PersonalData
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DecidingBody,
    DischargeReason,
    ExitDestination,
    ExploitationType,
    FacilityKind,
    FollowUpStatus,
    Gender,
    GuardianKind,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    OutgoingReferralReason,
    RecruitmentMethod,
    RelationshipToTrafficker,
    RiskLevel,
    ServiceOutcome,
    ServiceType,
    Stage,
    SupportPlanType,
    TraffickingScope,
    TraffickingStatus,
    Vulnerability,
)
from services.commands import Command
from services.commands.beneficiary import (
    AppointGuardian,
    DecideTraffickingStatus,
    GiveConsent,
    RecordExploitationProfile,
    RegisterBeneficiary,
)
from services.commands.case import (
    AddNote,
    Approve,
    AssessRisk,
    AssignCaseworker,
    DeliverService,
    OpenCase,
    ReferOut,
    Reopen,
    RequestApproval,
    ScreenIn,
    ScreenOut,
    StartAssessment,
    StartFollowUp,
    StartReintegration,
    StartScreening,
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
from services.commands.shelter import AdmitToShelter, DischargeFromShelter, RegisterFacility

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
END = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
MANAGERS = ("arta.berisha", "luan.morina")
WORKERS = tuple(f"{n}.pvpt" for n in ("besa", "dren", "era", "fatos", "gent", "hana", "ilir"))
FACILITIES = (
    ("Shelter Prishtina", FacilityKind.SHELTER, 16),
    ("Shelter Prizren", FacilityKind.SHELTER, 10),
    ("Day Rehabilitation Centre Prishtina", FacilityKind.DAY_REHABILITATION_CENTRE, 20),
)
# Where each journey stops, with weights (and how many days it needs at least).
TARGETS: dict[str, tuple[int, int]] = {
    "intake": (4, 0),
    "screening": (4, 2),
    "screened_out": (5, 5),
    "reflection_period": (7, 10),
    "assessment": (7, 40),
    "case_plan": (7, 60),
    "service_provision": (18, 90),
    "reintegration": (12, 150),
    "follow_up": (14, 250),
    "closed": (16, 330),
    "reopened": (6, 380),
}
_DEPTH = list(TARGETS)
GIVEN_NAMES = ("Drita", "Arbnora", "Vjosa", "Blerta", "Mimoza", "Liridona", "Agon", "Besnik")
FAMILY_NAMES = ("Krasniqi", "Gashi", "Berisha", "Morina", "Hoxha", "Shala", "Bytyqi")
PARTNERS = ("IOM", "Centre for Social Work Prishtina", "Victim Advocacy Office")


@dataclass(order=True)
class _Due:
    at: datetime
    order: int
    steps: Iterator[float] = field(compare=False)


@dataclass
class DemoSummary:
    beneficiaries: int = 0
    commands: int = 0
    waitlisted: int = 0
    reached: Counter[str] = field(default_factory=Counter)
    cases: list[UUID] = field(default_factory=list)


class Demo:
    """Runs `count` journeys through `journey.bus`, whose clock is `clock`."""

    def __init__(self, journey: Journey, clock: ScriptedClock, seed: int = 2000) -> None:
        self.journey = journey
        self.clock = clock
        self.rng = Random(seed)
        self.summary = DemoSummary()
        self.facilities: dict[str, UUID] = {}

    def run(self, count: int) -> DemoSummary:
        self.clock.set(START)
        for name, kind, beds in FACILITIES:
            command = RegisterFacility(name=name, kind=kind, beds=beds, effective_from=START.date())
            self.facilities[name] = self.do(None, command, MANAGERS[0])
        queue = [self._schedule(n) for n in range(count)]
        heapq.heapify(queue)
        self._drain(queue)
        return self.summary

    def do(self, record_id: UUID | None, command: Command, actor: str) -> UUID:
        self.summary.commands += 1
        return self.journey.bus.execute(record_id, command, actor=actor).id

    def _schedule(self, n: int) -> _Due:
        target = self.rng.choices(_DEPTH, weights=[w for w, _ in TARGETS.values()])[0]
        latest = END - timedelta(days=TARGETS[target][1] + 30)
        span = max((latest - START).total_seconds(), 0.0)
        begins = START + timedelta(seconds=self.rng.uniform(0, span))
        return _Due(begins, n, _JourneyScript(self, target).steps())

    def _drain(self, queue: list[_Due]) -> None:
        order = itertools.count(len(queue))
        while queue:
            due = heapq.heappop(queue)
            self.clock.set(due.at)
            wait = next(due.steps, None)
            if wait is None:
                continue
            later = due.at + timedelta(days=wait, minutes=self.rng.uniform(5, 300))
            if later < END:
                heapq.heappush(queue, _Due(later, next(order), due.steps))


class _JourneyScript:
    """One survivor's path, stopping at `target`."""

    def __init__(self, demo: Demo, target: str) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.target = target
        self.worker = self.rng.choice(WORKERS)
        self.manager = self.rng.choice(MANAGERS)
        self.minor = self.rng.random() < 0.2
        self.international = self.rng.random() < 0.3
        self.stay: UUID | None = None

    def _days_ago(self, most: int, not_before: date | None = None) -> date:
        """A day up to `most` days before today (Kosovo's): a thing written up later."""
        day = local_date(self.demo.clock()) - timedelta(days=self.rng.randint(0, most))
        return day if not_before is None else max(day, not_before)

    def reaches(self, stage: str) -> bool:
        return _DEPTH.index(self.target) >= _DEPTH.index(stage)

    def steps(self) -> Iterator[float]:
        yield from self._intake()
        if self.target in ("intake", "screening", "screened_out") or not self.reaches("screening"):
            yield from self._early_exit()
            return
        yield from self._reflection_and_assessment()
        if self.reaches("service_provision"):
            yield from self._services()
        if self.reaches("reintegration"):
            yield from self._reintegration()
        if self.reaches("closed"):
            yield from self._closure()

    def _intake(self) -> Iterator[float]:
        self.beneficiary = self.demo.do(None, self._registration(), self.worker)
        self.demo.summary.beneficiaries += 1
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

    def _consents(self) -> Iterator[float]:
        giver = ConsentGiver.BENEFICIARY
        if self.minor:
            guardian = Guardian(GuardianKind.APPOINTED_LEGAL_GUARDIAN, "CSW Prishtina officer")
            yield self.rng.uniform(0, 2)
            self.demo.do(self.beneficiary, AppointGuardian(guardian=guardian), self.worker)
            giver = ConsentGiver.GUARDIAN
        kinds = [ConsentKind.SERVICES]
        if self.rng.random() < 0.7:
            kinds.append(ConsentKind.ANONYMISED_REPORTING)
        for kind in kinds:
            self.demo.do(self.beneficiary, GiveConsent(kind=kind, given_by=giver), self.worker)
        self.giver = giver

    def _early_exit(self) -> Iterator[float]:
        if self.target == "intake":
            return
        yield self.rng.uniform(1, 3)
        self.demo.do(self.case, StartScreening(), self.worker)
        self._reached("screening")
        if self.target != "screened_out":
            return
        yield self.rng.uniform(1, 4)
        self.demo.do(self.case, ScreenOut(rationale="no indicators of trafficking"), self.worker)
        self.demo.do(
            self.beneficiary,
            DecideTraffickingStatus(
                status=TraffickingStatus.NOT_A_VICTIM,
                deciding_body=DecidingBody.NGO,
                decided_on=self._days_ago(2),
            ),
            self.worker,
        )
        self._reached("screened_out")

    def _reflection_and_assessment(self) -> Iterator[float]:
        yield self.rng.uniform(1, 3)
        self.demo.do(self.case, StartScreening(), self.worker)
        yield self.rng.uniform(1, 5)
        self.demo.do(self.case, ScreenIn(), self.worker)
        self.demo.do(self.beneficiary, self._profile(), self.worker)
        self._reached("reflection_period")
        yield from self._maybe_admit()
        if not self.reaches("assessment"):
            return
        yield self.rng.uniform(7, 30)
        self.demo.do(self.case, StartAssessment(), self.worker)
        self._reached("assessment")
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
        if self.risk is RiskLevel.HIGH or self.rng.random() < 0.45:
            return
        yield self.rng.uniform(0, 1)
        name = self.rng.choices([n for n, _, _ in FACILITIES], weights=(45, 30, 25))[0]
        self.admitted_on = self._days_ago(1, self.referred_on)
        command = AdmitToShelter(
            case_id=self.case,
            facility_id=self.demo.facilities[name],
            admitted_on=self.admitted_on,
        )
        try:
            self.stay = self.demo.do(None, command, self.worker)
        except CapacityExceeded:
            self.demo.summary.waitlisted += 1

    def _services(self) -> Iterator[float]:
        for _ in range(self.rng.randint(2, 6)):
            yield self.rng.uniform(3, 20)
            self.demo.do(self.case, self._service(), self.worker)
            if self.rng.random() < 0.5:
                self.demo.do(self.case, self._note(), self.rng.choice(("dr.gashi", "psy.shala")))
        if self.rng.random() < 0.4:
            yield from self._refer()
        if self.rng.random() < 0.5:
            yield from self._discharge()
        status = DecideTraffickingStatus(
            status=TraffickingStatus.ACTUAL,
            deciding_body=DecidingBody.COURT_OR_PROSECUTION,
            decided_on=self._days_ago(14),
        )
        self.demo.do(self.beneficiary, status, self.worker)

    def _refer(self) -> Iterator[float]:
        partner = "IOM" if self.international else self.rng.choice(PARTNERS)
        consent = GiveConsent(kind=ConsentKind.SHARING, given_by=self.giver, partner=partner)
        self.demo.do(self.beneficiary, consent, self.worker)
        yield self.rng.uniform(0, 2)
        reason = (
            OutgoingReferralReason.MIGRATION_OR_CHANGE_OF_LOCATION
            if self.international
            else OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED
        )
        partner_type = (
            OrganisationType.NGO
            if partner == "IOM"
            else (OrganisationType.LOCAL_GOVERNMENT_ORGANISATION)
        )
        self.demo.do(
            self.case,
            ReferOut(partner=partner, partner_type=partner_type, reason=reason),
            self.worker,
        )

    def _reintegration(self) -> Iterator[float]:
        yield self.rng.uniform(10, 30)
        self.demo.do(self.case, StartReintegration(), self.worker)
        self._reached("reintegration")
        yield from self._discharge()
        self.plan = self.demo.do(None, DraftPlan(case_id=self.case), self.worker)
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
        self.plan_completed = achieved > 0
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
        yield self.rng.uniform(5, 20)
        self.demo.do(
            self.case,
            RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=reason),
            self.worker,
        )
        yield self.rng.uniform(0.5, 3)
        self.demo.do(self.case, Approve(subject=ApprovalSubject.CLOSURE), self.manager)
        self._reached("closed")
        if self.target == "reopened":
            yield self.rng.uniform(20, 60)
            self.demo.do(self.case, Reopen(reason="new risk reported by family"), self.worker)
            self.demo.do(self.case, self._service(), self.worker)
            self._reached("reopened")

    # ------------------------------------------------------------- the data

    def _reached(self, stage: str) -> None:
        self.demo.summary.reached[stage] += 1

    def _registration(self) -> RegisterBeneficiary:
        age = self.rng.randint(13, 17) if self.minor else self.rng.randint(18, 45)
        born = date(2026 - age, self.rng.randint(1, 12), self.rng.randint(1, 28))
        personal = PersonalData(
            self.rng.choice(GIVEN_NAMES),
            self.rng.choice(FAMILY_NAMES),
            born,
            phone=f"+3834{self.rng.randint(1000000, 9999999)}",
        )
        gender = self.rng.choices((Gender.FEMININE, Gender.MASCULINE), weights=(85, 15))[0]
        citizenships = (
            (self.rng.choice(("AL", "MD", "UA", "RS")),) if self.international else ("XK",)
        )
        return RegisterBeneficiary(
            personal=personal,
            gender=gender,
            age_at_identification=age,
            citizenships=citizenships,
            languages=("sq",) if not self.international else ("en",),
            scope=TraffickingScope.INTERNATIONAL
            if self.international
            else TraffickingScope.DOMESTIC,
        )

    def _referral(self) -> IncomingReferral:
        organisation, kind = self.rng.choice(
            (
                ("Kosovo Police", OrganisationType.LAW_ENFORCEMENT),
                ("Victim Advocacy Office", OrganisationType.CENTRAL_GOVERNMENT_ORGANISATION),
                ("Centre for Social Work", OrganisationType.LOCAL_GOVERNMENT_ORGANISATION),
                ("IOM Kosovo", OrganisationType.NGO),
            )
        )
        self.referred_on = self._days_ago(3)
        return IncomingReferral(
            organisation,
            kind,
            self.referred_on,
            IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        )

    def _risk(self) -> RiskLevel:
        self.risk = self.rng.choices(list(RiskLevel), weights=(50, 42, 8))[0]
        return self.risk

    def _profile(self) -> RecordExploitationProfile:
        main = self.rng.choices(
            (
                ExploitationType.SEXUAL_EXPLOITATION,
                ExploitationType.FORCED_LABOUR,
                ExploitationType.FORCED_BEGGING,
                ExploitationType.FORCED_MARRIAGE,
            ),
            weights=(60, 20, 12, 8),
        )[0]
        return RecordExploitationProfile(
            types=(main,),
            control_methods=tuple(self.rng.sample(list(ControlMethod)[:15], 2)),
            recruitment_methods=(self.rng.choice(list(RecruitmentMethod)),),
            relationship=self.rng.choice(list(RelationshipToTrafficker)),
            vulnerabilities=tuple(self.rng.sample(list(Vulnerability), 2)),
        )

    def _service(self) -> DeliverService:
        service = self.rng.choice(list(ServiceType))
        return DeliverService(
            service=service,
            provider="PVPT",
            outcome=ServiceOutcome.COMPLETED,
            delivered_on=self.demo.clock().date(),
        )

    def _note(self) -> AddNote:
        category = self.rng.choice((NoteCategory.MEDICAL, NoteCategory.PSYCHOLOGICAL))
        return AddNote(category=category, text="session held; progress noted")


def describe(demo: Demo) -> list[str]:
    """A short report of what the demo stored, read back from the records."""
    queries, summary = demo.journey.queries, demo.summary
    stages = Counter(queries.case(case_id).stage for case_id in summary.cases)
    lines = ["cases by stage now:"]
    lines += [f"  {stage.value:<18} {stages[stage]:>5}" for stage in Stage if stages[stage]]
    lines.append("facilities:")
    for name, facility_id in demo.facilities.items():
        facility = queries.facility(facility_id)
        lines.append(f"  {name:<38} {facility.occupancy:>3} of {facility.beds:>3} places taken")
    lines.append(f"admissions refused for want of a bed: {summary.waitlisted}")
    lines.append(f"reopened cases: {summary.reached['reopened']}")
    return lines
