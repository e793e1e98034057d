"""The workload every command benchmark runs: a seeded, valid mix of operations
(registrations, cases, notes, services, risk, caseworkers, shelter, plans, consents)
planned over the records it creates, and their payloads.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from domain.case_values import IncomingReferral
from domain.local_time import local_date
from domain.values import PersonalData
from domain.vocab import (
    DischargeReason,
    ExitDestination,
    Gender,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
    TraffickingScope,
)

T = TypeVar("T")
SEED = 20260517
WORKER = "besa.krasniqi"
MANAGER = "arta.manager"
# Share of the measured commands, in percent.
MIX: dict[str, int] = {
    "register": 10,
    "open": 10,
    "note": 25,
    "service": 15,
    "risk": 10,
    "caseworker": 10,
    "shelter": 5,
    "plan": 5,
    "consent": 10,
}
FACILITIES = (("Shelter Prishtina", 40), ("Shelter Prizren", 30), ("Shelter Peja", 30))
SEED_RECORDS = 20
GIVEN_NAMES = ("Drita", "Arta", "Blerta", "Valbona", "Mimoza", "Fatmir", "Liridona", "Teuta")
FAMILY_NAMES = ("Hoxha", "Krasniqi", "Berisha", "Gashi", "Morina", "Shala", "Bytyqi")
CASEWORKERS = ("besa.krasniqi", "arben.gashi", "vjosa.berisha", "dardan.morina", "lule.shala")
# registry keys (the journey's runner registers them: scripts/bench/ours.py)
PARTNERS = ("iom-kosovo", "csw-prizren", "kosovo-police", "csw-prishtine")
CONSENTS = ("services", "anonymised_reporting", *(f"sharing:{p}" for p in PARTNERS))
PROVIDERS = ("Prishtina University Clinical Centre", "PVPT psychologist", "Legal aid office")
REFERRERS = ("Kosovo Police", "Border Police", "Centre for Social Work", "IOM Kosovo")
SENTENCES = (
    "Met the beneficiary at the shelter with the interpreter present.",
    "She reports sleeping better since the last session and asked about school enrolment.",
    "Discussed the safety plan again; the trafficker's family still lives in the village.",
    "Accompanied her to the hospital for the follow-up examination; results next week.",
    "Called the Centre for Social Work about the guardian's visit; they confirmed Tuesday.",
    "The vocational training place in tailoring is available from next month.",
    "She declined to give a statement to the police for now; we respect her decision.",
    "Family mediation session postponed at the mother's request.",
)


@dataclasses.dataclass(frozen=True, slots=True)
class Op:
    """One command of the mix, in terms both systems understand (records by index)."""

    kind: str
    target: int = -1
    facility: int = -1
    number: int = 0
    value: str = ""
    extra: str = ""
    text: str = ""


@dataclasses.dataclass
class CaseState:
    beneficiary: int
    risk: str | None = None
    caseworker: str | None = None
    stay: int | None = None
    plan: int | None = None


@dataclasses.dataclass
class Planner:
    """Draws the command mix, tracking state so that every command is valid."""

    rng: random.Random
    free_beds: list[int]
    consents: list[set[str]] = dataclasses.field(default_factory=list)
    given: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    waiting: list[int] = dataclasses.field(default_factory=list)
    cases: list[CaseState] = dataclasses.field(default_factory=list)
    stays: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    active: list[int] = dataclasses.field(default_factory=list)
    plans: list[list[bool]] = dataclasses.field(default_factory=list)

    def setup(self) -> list[Op]:
        ops = [Op("facility", number=beds, text=name) for name, beds in FACILITIES]
        ops += [self._register() for _ in range(SEED_RECORDS)]
        # a service rests on the services consent (docs/domain.md): the seeded people give it
        ops += [self._give(beneficiary, "services") for beneficiary in range(SEED_RECORDS)]
        return ops + [self._open() for _ in range(SEED_RECORDS)]

    def measured(self, count: int) -> list[Op]:
        kinds, weights = list(MIX), list(MIX.values())
        return [self._draw(self.rng.choices(kinds, weights)[0]) for _ in range(count)]

    def _draw(self, kind: str) -> Op:
        makers: dict[str, Callable[[], Op | None]] = {
            "register": self._register,
            "open": self._open,
            "note": self._note,
            "service": self._service,
            "risk": self._risk,
            "caseworker": self._caseworker,
            "shelter": self._shelter,
            "plan": self._plan,
            "consent": self._consent,
        }
        return makers[kind]() or self._note()

    def _pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def _text(self, low: int, high: int) -> str:
        length = self.rng.randint(low, high)
        text = self._pick(SENTENCES)
        while len(text) < length:
            text += " " + self._pick(SENTENCES)
        return text[:length].strip()

    def _register(self) -> Op:
        self.consents.append(set())
        self.waiting.append(len(self.consents) - 1)
        return Op(
            "register",
            number=self.rng.randint(18, 45),
            value=self._pick(list(Gender)).value,
            extra=self._pick(FAMILY_NAMES),
            text=self._pick(GIVEN_NAMES),
        )

    def _open(self) -> Op:
        if self.waiting:
            beneficiary = self.waiting.pop(self.rng.randrange(len(self.waiting)))
        else:
            beneficiary = self.rng.randrange(len(self.consents))
        self.cases.append(CaseState(beneficiary))
        return Op("open", target=beneficiary, text=self._pick(REFERRERS))

    def _case(self) -> int:
        return self.rng.randrange(len(self.cases))

    def _note(self) -> Op:
        category = self._pick(list(NoteCategory)).value
        return Op("note", target=self._case(), value=category, text=self._text(120, 600))

    def _service(self) -> Op | None:
        consenting = [
            i for i, c in enumerate(self.cases) if "services" in self.consents[c.beneficiary]
        ]
        if not consenting:
            return None
        return Op(
            "service",
            target=self._pick(consenting),
            value=self._pick(list(ServiceType)).value,
            extra=self._pick(list(ServiceOutcome)).value,
            text=self._pick(PROVIDERS),
        )

    def _risk(self) -> Op:
        case = self._case()
        level = self.rng.choices(("low", "medium", "high"), (45, 45, 10))[0]
        self.cases[case].risk = level
        rationale = self._text(40, 200) if self.rng.random() < 0.5 else ""
        return Op("risk", target=case, value=level, text=rationale)

    def _caseworker(self) -> Op:
        case = self._case()
        current = self.cases[case].caseworker
        worker = self._pick([w for w in CASEWORKERS if w != current])
        self.cases[case].caseworker = worker
        return Op("caseworker", target=case, value=worker)

    def _shelter(self) -> Op | None:
        admissible = [
            i for i, c in enumerate(self.cases) if c.stay is None and c.risk in ("low", "medium")
        ]
        open_facilities = [f for f, beds in enumerate(self.free_beds) if beds > 0]
        can_admit = bool(admissible and open_facilities)
        if self.active and (not can_admit or self.rng.random() < 0.5):
            return self._discharge()
        if can_admit:
            return self._admit(self._pick(admissible), self._pick(open_facilities))
        return None

    def _admit(self, case: int, facility: int) -> Op:
        self.stays.append((case, facility))
        stay = len(self.stays) - 1
        self.active.append(stay)
        self.cases[case].stay = stay
        self.free_beds[facility] -= 1
        return Op("admit", target=case, facility=facility)

    def _discharge(self) -> Op:
        stay = self.active.pop(self.rng.randrange(len(self.active)))
        case, facility = self.stays[stay]
        self.cases[case].stay = None
        self.free_beds[facility] += 1
        reason = self._pick(list(DischargeReason)).value
        destination = self._pick(list(ExitDestination)).value
        return Op("discharge", target=stay, value=reason, extra=destination)

    def _plan(self) -> Op:
        if self.plans and self.rng.random() < 0.75:
            return self._goal(self.rng.randrange(len(self.plans)))
        case = self._case()
        plan = self.cases[case].plan
        if plan is not None:
            return self._goal(plan)
        self.plans.append([])
        self.cases[case].plan = len(self.plans) - 1
        return Op("draft_plan", target=case)

    def _goal(self, plan: int) -> Op:
        goals = self.plans[plan]
        open_goals = [n for n, is_open in enumerate(goals, start=1) if is_open]
        roll = self.rng.random()
        if open_goals and roll < 0.45:
            return Op("progress", plan, number=self._pick(open_goals), text=self._text(60, 300))
        if open_goals and roll < 0.65:
            number = self._pick(open_goals)
            goals[number - 1] = False
            return Op("achieve", plan, number=number)
        goals.append(True)
        kind = self._pick(list(SupportPlanType)).value
        return Op("add_goal", plan, value=kind, text=self._text(40, 200))

    def _consent(self) -> Op | None:
        if self.given and self.rng.random() < 0.35:
            beneficiary, key = self.given.pop(self.rng.randrange(len(self.given)))
            self.consents[beneficiary].remove(key)
            return _consent_op("consent_withdraw", beneficiary, key)
        beneficiary = self.rng.randrange(len(self.consents))
        free = [k for k in CONSENTS if k not in self.consents[beneficiary]]
        if not free:
            return None
        return self._give(beneficiary, self._pick(free))

    def _give(self, beneficiary: int, key: str) -> Op:
        self.consents[beneficiary].add(key)
        self.given.append((beneficiary, key))
        return _consent_op("consent_give", beneficiary, key)


def _consent_op(kind: str, beneficiary: int, key: str) -> Op:
    consent, _, partner = key.partition(":")
    return Op(kind, beneficiary, value=consent, extra=partner)


@dataclasses.dataclass(frozen=True)
class Dates:
    """Dates relative to today in Kosovo — the domain's calendar, by which a command's
    default day and its 'not in the future' checks go (domain/local_time.py) — so that
    between midnight in Kosovo and midnight UTC a delivery is not dated the day before
    the consent it rests on."""

    today: date

    @classmethod
    def now(cls) -> Dates:
        return cls(local_date(datetime.now(UTC)))

    @property
    def delivered(self) -> date:
        """Today: the services consent the delivery rests on is given today."""
        return self.today

    @property
    def referred(self) -> date:
        return self.today - timedelta(days=2)

    @property
    def target(self) -> date:
        return self.today + timedelta(days=180)


def personal_of(op: Op, dates: Dates) -> PersonalData:
    return PersonalData(
        op.text,
        op.extra,
        date(dates.today.year - op.number - 1, 5, 17),
        phone="+38344123456",
        email=f"{op.text.lower()}.{op.extra.lower()}@example.org",
    )


def referral_of(op: Op, dates: Dates) -> IncomingReferral:
    return IncomingReferral(
        op.text,
        OrganisationType.LAW_ENFORCEMENT,
        dates.referred,
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
        "identified during a labour inspection",
    )


def scope_of(op: Op) -> TraffickingScope:
    return TraffickingScope.DOMESTIC if op.number % 2 else TraffickingScope.INTERNATIONAL


def plain_dict(value: PersonalData | IncomingReferral) -> dict[str, str | None]:
    """A value object as the baseline stores it: JSON-native strings."""
    return {
        name: item.isoformat() if isinstance(item, date) else None if item is None else str(item)
        for name, item in dataclasses.asdict(value).items()
    }


def optional(text: str) -> str | None:
    return text or None


def plan_ops(count: int) -> tuple[list[Op], list[Op], dict[str, int]]:
    planner = Planner(random.Random(SEED), [beds for _, beds in FACILITIES])
    setup = planner.setup()
    ops = planner.measured(count)
    return setup, ops, dict(Counter(op.kind for op in ops).most_common())
