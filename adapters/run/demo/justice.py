"""The demo's criminal proceedings (issue 15, justice): for about a third of the
formally identified victims, proceedings the police opened ex officio — reported,
investigated, for most indicted and tried at a basic court, with hearings held and some
adjourned, protection measures granted, PVPT's lawyer (or a legal-aid office, the
victims' advocates, now and then a private lawyer) representing the person, outcomes for
the older ones, an appeal now and then, and a few compensation claims to the state
programme (filed, some decided and paid). Some people decline to cooperate: their
assistance goes on all the same, and so do the proceedings.

Hearings are recorded on their day, mostly; now and then a lawyer writes one up weeks
late, so on the demo's last day a few court dates are overdue.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from random import Random
from typing import Protocol
from uuid import UUID

from adapters.run.demo.world import END, Host
from domain.justice_vocab import (
    CompensationKind,
    Cooperation,
    ProceedingsOutcome,
    ProceedingsRole,
    ProceedingsStage,
    ProtectionMeasure,
    RepresentationKind,
)
from domain.local_time import local_date
from domain.organisation import organisation_id
from services.commands import Command
from services.commands.justice import (
    AdjournHearing,
    AdvanceStage,
    DecideCompensationClaim,
    FileCompensationClaim,
    GrantProtectionMeasure,
    HoldHearing,
    OpenProceedings,
    RecordCompensationPaid,
    RecordCooperation,
    RecordOutcome,
    RecordReferences,
    RecordRepresentation,
    ScheduleHearing,
)

SHARE = 0.35  # of formally identified victims: proceedings PVPT follows
LAWYER = "av.krasniqi"  # PVPT's lawyer
COURTS = ("prishtine", "prizren", "peje", "gjakove", "mitrovice", "ferizaj", "gjilan")
PRIVATE_LAWYERS = ("Av. Arben Morina", "Av. Vjosa Kelmendi", "Av. Driton Hasani")
MEASURES = (
    ProtectionMeasure.IDENTITY_DATA_PROTECTED,
    ProtectionMeasure.TESTIMONY_BY_VIDEO_LINK,
    ProtectionMeasure.TESTIMONY_WITHOUT_DEFENDANT,
    ProtectionMeasure.CLOSED_SESSION,
    ProtectionMeasure.SUPPORT_PERSON_PRESENT,
    ProtectionMeasure.POLICE_PROTECTION,
)
LAST_DAY = local_date(END)


class JusticeHost(Protocol):
    """What the proceedings' script needs of a journey script."""

    demo: Host
    rng: Random
    case: UUID


class Course:
    """One proceedings' course, a generator of waits in days (run alongside the journey)."""

    def __init__(self, demo: Host, proceedings: UUID, court: str) -> None:
        self.demo, self.rng, self.id = demo, demo.rng, proceedings
        self.court = organisation_id(f"basic-court-{court}")
        self.hearings = self.claims = 0
        self.property_claim: tuple[int, int] | None = None  # decided with the verdict

    def do(self, command: Command) -> None:
        self.demo.do(self.id, command, LAWYER)

    def today(self) -> date:
        return local_date(self.demo.clock())

    def steps(self) -> Iterator[float]:
        yield self.rng.uniform(20, 70)
        self.do(AdvanceStage(stage=ProceedingsStage.INVESTIGATION))
        yield self.rng.uniform(60, 160)
        if self.rng.random() < 0.2:  # the prosecutor drops the charges
            self.do(RecordOutcome(outcome=ProceedingsOutcome.CHARGES_DROPPED))
            return
        year = self.today().year
        refs = RecordReferences(
            police_reference=f"PK-{year - 1}/{self.rng.randint(100, 9999):04d}",
            prosecution_reference=f"PPS-TQ {self.rng.randint(10, 300)}/{year}",
            court_reference=f"PKR {self.rng.randint(10, 400)}/{year}",
        )
        self.do(refs)
        self.do(AdvanceStage(stage=ProceedingsStage.INDICTMENT))
        if self.rng.random() < 0.3:  # a property claim within the criminal proceedings
            claimed = self.rng.randint(4, 20) * 50_000
            kind = CompensationKind.PROPERTY_CLAIM
            self.do(FileCompensationClaim(kind=kind, claimed_cents=claimed))
            self.claims += 1
            self.property_claim = (self.claims, claimed)
        yield self.rng.uniform(20, 60)
        self.do(AdvanceStage(stage=ProceedingsStage.TRIAL))
        yield from self._hearings(self.rng.randint(2, 5))
        yield from self._verdict()

    def _hearings(self, held: int) -> Iterator[float]:
        day = self.today() + timedelta(days=self.rng.randint(14, 50))
        self.do(ScheduleHearing(scheduled_on=day, court_organisation_id=self.court))
        self.hearings += 1
        while held:
            yield (day - self.today()).days + self.rng.uniform(0.4, 0.9)
            if self.rng.random() < 0.05:  # written up late
                yield self.rng.uniform(15, 40)
            if self.rng.random() < 0.3:  # adjourned: the defendant or a witness absent
                day = self.today() + timedelta(days=self.rng.randint(21, 60))
                self.do(AdjournHearing(number=self.hearings, new_date=day, adjourned_on=None))
                self.hearings += 1
                continue
            self.do(HoldHearing(number=self.hearings))
            held -= 1
            if held:
                day = self.today() + timedelta(days=self.rng.randint(30, 90))
                self.do(ScheduleHearing(scheduled_on=day, court_organisation_id=self.court))
                self.hearings += 1

    def _verdict(self) -> Iterator[float]:
        yield self.rng.uniform(5, 20)
        self.do(AdvanceStage(stage=ProceedingsStage.VERDICT))
        outcome = self.rng.choices(
            (
                ProceedingsOutcome.CONVICTION,
                ProceedingsOutcome.PLEA_AGREEMENT,
                ProceedingsOutcome.ACQUITTAL,
            ),
            weights=(70, 15, 15),
        )[0]
        self.do(RecordOutcome(outcome=outcome))
        if self.property_claim is not None:  # the court decides it in the verdict
            number, claimed = self.property_claim
            convicted = outcome is not ProceedingsOutcome.ACQUITTAL
            awarded = claimed * self.rng.randint(4, 10) // 10 if convicted else 0
            self.do(DecideCompensationClaim(number=number, awarded_cents=awarded))
        if outcome is ProceedingsOutcome.ACQUITTAL:
            return
        if self.rng.random() < 0.25:  # the defence appeals
            yield self.rng.uniform(15, 30)
            self.do(AdvanceStage(stage=ProceedingsStage.APPEAL))
        if self.rng.random() < 0.6:
            yield from self._compensation()

    def _compensation(self) -> Iterator[float]:
        yield self.rng.uniform(5, 20)
        claimed = self.rng.randint(6, 30) * 50_000  # €3,000 to €15,000
        kind = CompensationKind.STATE_PROGRAMME
        self.do(FileCompensationClaim(kind=kind, claimed_cents=claimed))
        number = self.claims = self.claims + 1
        yield self.rng.uniform(30, 100)
        awarded = 0 if self.rng.random() < 0.2 else claimed * self.rng.randint(5, 10) // 10
        self.do(DecideCompensationClaim(number=number, awarded_cents=awarded))
        if awarded and self.rng.random() < 0.7:
            yield self.rng.uniform(20, 60)
            first = awarded // 2 if self.rng.random() < 0.3 else awarded  # or in instalments
            self.do(RecordCompensationPaid(number=number, paid_cents=first))
            if first < awarded:
                yield self.rng.uniform(30, 90)
                self.do(RecordCompensationPaid(number=number, paid_cents=awarded - first))


def maybe_open_proceedings(script: JusticeHost) -> None:
    """For about a third of the formally identified: proceedings, their course run
    alongside the journey from now on."""
    demo, rng = script.demo, script.rng
    if rng.random() >= SHARE:
        return
    today = local_date(demo.clock())
    role = rng.choices(
        (
            ProceedingsRole.INJURED_PARTY_AND_WITNESS,
            ProceedingsRole.INJURED_PARTY,
            ProceedingsRole.WITNESS,
        ),
        weights=(55, 30, 15),
    )[0]
    opened = OpenProceedings(
        case_id=script.case,
        role=role,
        stage=ProceedingsStage.REPORT_TO_POLICE,
        stage_on=today - timedelta(days=rng.randint(5, 40)),
        police_reference=f"PK-{today.year}/{rng.randint(100, 9999):04d}",
    )
    proceedings = demo.do(None, opened, LAWYER)
    demo.summary.reached["proceedings"] += 1
    _first_steps(demo, rng, proceedings, today)
    demo.spawn(Course(demo, proceedings, rng.choice(COURTS)).steps(), rng.uniform(1, 5))


def _first_steps(demo: Host, rng: Random, proceedings: UUID, today: date) -> None:
    """Who represents the person, their choice to cooperate, protection measures."""
    # one in six declines to cooperate (assistance goes on), a few are undecided
    count = demo.summary.reached["proceedings"]
    choice = Cooperation.DECLINES if count % 6 == 2 else Cooperation.COOPERATES
    choice = Cooperation.UNDECIDED if count % 9 == 5 else choice
    demo.do(proceedings, RecordCooperation(choice=choice, decided_on=today), LAWYER)
    demo.summary.reached[f"cooperation_{choice.value}"] += 1
    demo.do(proceedings, _representation(rng, today), LAWYER)
    for measure in rng.sample(MEASURES, rng.choice((0, 1, 1, 2))):
        demo.do(proceedings, GrantProtectionMeasure(measure=measure), LAWYER)


def _representation(rng: Random, today: date) -> RecordRepresentation:
    roll = rng.random()
    if roll < 0.7:
        return RecordRepresentation(kind=RepresentationKind.PVPT_LAWYER, lawyer=LAWYER)
    if roll < 0.9:
        key = rng.choice(("free-legal-aid-agency", "vaao"))
        kind = RepresentationKind.ORGANISATION
        return RecordRepresentation(kind=kind, organisation_id=organisation_id(key), since=today)
    name = rng.choice(PRIVATE_LAWYERS)
    return RecordRepresentation(kind=RepresentationKind.PRIVATE_LAWYER, private_lawyer=name)
