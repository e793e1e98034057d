"""The clients of scripts.chaos: case managers sending commands over HTTP while
components die, each command with its own Idempotency-Key, retried with that key
until it has an answer.

Every command carries a token of its own (`T<client>n<number>`) in a free-text field
(identity number, referral details, note text, risk rationale), so that the checks
can count, in the store, how many times it was applied. Admissions and discharges
carry none; they are counted per case and per stay. Every answer is kept: the
record id, version and store position of each acknowledged command.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import msgspec

from adapters.http.problem_types import PROBLEM_TYPES
from adapters.http.routes.command_table import COMMAND_ROUTES
from domain.case_values import IncomingReferral
from domain.values import PersonalData
from domain.vocab import (
    DischargeReason,
    ExitDestination,
    Gender,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    RiskLevel,
    TraffickingScope,
)
from services.commands import Command
from services.commands.beneficiary import RegisterBeneficiary
from services.commands.case import AddNote, AssessRisk, OpenCase
from services.commands.shelter import AdmitToShelter, DischargeFromShelter

ROUTES = {route.command: route for route in COMMAND_ROUTES}
# Answers after which the same request is sent again (same key): the server was
# down, the database was, or the first request with the key is still running.
# (ConcurrentWrites is not among them: a refusal is the key's stored answer.)
TRANSIENT_TYPES = frozenset(
    PROBLEM_TYPES[code].uri
    for code in ("IdempotencyKeyInProgress", "StoreUnavailable", "DatabaseUnavailable")
)
EXPECTED_REFUSALS = frozenset({409, 422})
MIX = {"register": 12, "open": 12, "note": 35, "risk": 15, "admit": 14, "discharge": 12}


@dataclass
class Sent:
    """One command, under one Idempotency-Key, and what became of it."""

    key: str
    token: str  # "" for admissions and discharges
    kind: str
    subject: UUID | None  # the record it acts on (the case, for an admission)
    began: float
    attempts: int = 0
    outcome: str = ""  # "acknowledged" | "refused" | "failed"
    status: int | None = None
    title: str = ""
    answer: dict[str, Any] | None = None  # id, version, position when acknowledged
    replayed: bool = False  # the final answer was the stored answer of an earlier try
    transient: list[str] = field(default_factory=list)  # what the retries met
    ended: float = 0.0


@dataclass
class Budget:
    """What every client of one run shares: the end, the command count, stop."""

    until: float  # time.monotonic() at which no new command starts
    give_up: float  # ... and at which a command still retrying is given up
    commands: int
    started: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        with self.lock:
            if self.stop.is_set() or time.monotonic() >= self.until:
                return False
            if self.started >= self.commands:
                return False
            self.started += 1
            return True


@dataclass
class CaseState:
    id: UUID
    risk: RiskLevel | None = None
    stay: UUID | None = None
    frozen: bool = False  # an admission or discharge of unknown fate: left alone


class ChaosClient:
    """One case manager's thread: its own beneficiaries, cases and stays."""

    def __init__(  # noqa: PLR0917 - one call site
        self,
        index: int,
        base_url: str,
        token: str,
        facilities: list[UUID],
        run_id: str,
        seed: int,
    ) -> None:
        self.index = index
        self.http = httpx.Client(base_url=base_url, timeout=10.0)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.facilities = facilities
        self.run_id = run_id
        self.rng = random.Random(seed * 1000 + index)
        self.waiting: list[UUID] = []  # beneficiaries without a case
        self.cases: list[CaseState] = []
        self.sent: list[Sent] = []
        self.today = datetime.now(UTC).date()

    def run(self, budget: Budget) -> None:
        try:
            while budget.take():
                self.step(budget)
        finally:
            self.http.close()

    def step(self, budget: Budget) -> None:
        kind = self.rng.choices(list(MIX), list(MIX.values()))[0]
        {
            "register": self._register,
            "open": self._open,
            "note": self._note,
            "risk": self._risk,
            "admit": self._admit,
            "discharge": self._discharge,
        }[self._possible(kind)](budget)

    def _possible(self, kind: str) -> str:
        if kind == "open" and not self.waiting:
            return "register"
        if kind in ("note", "risk") and not self.cases:
            return "open" if self.waiting else "register"
        if kind == "admit" and not self._admissible():
            return "note" if self.cases else "register"
        if kind == "discharge" and not self._residents():
            return "note" if self.cases else "register"
        return kind

    def _admissible(self) -> list[CaseState]:
        return [c for c in self.cases if c.risk is not None and c.stay is None and not c.frozen]

    def _residents(self) -> list[CaseState]:
        return [c for c in self.cases if c.stay is not None and not c.frozen]

    # ------------------------------------------------------------ commands

    def _register(self, budget: Budget) -> None:
        token = self._token()
        personal = PersonalData(
            "Drita", "Chaos", date(1990, 5, 17), identity_number=token, address=None
        )
        command = RegisterBeneficiary(
            personal=personal,
            gender=Gender.FEMININE,
            age_at_identification=self.rng.randint(18, 45),
            citizenships=("XK",),
            languages=("sq",),
            scope=TraffickingScope.DOMESTIC,
        )
        sent = self.send(budget, "register", token, None, command)
        if sent.outcome == "acknowledged" and sent.answer is not None:
            self.waiting.append(UUID(sent.answer["id"]))

    def _open(self, budget: Budget) -> None:
        beneficiary = self.waiting.pop(self.rng.randrange(len(self.waiting)))
        token = self._token()
        referral = IncomingReferral(
            "Kosovo Police",
            OrganisationType.LAW_ENFORCEMENT,
            self.today - timedelta(days=2),
            IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
            f"chaos referral {token}",
        )
        command = OpenCase(beneficiary_id=beneficiary, referral=referral)
        sent = self.send(budget, "open", token, beneficiary, command)
        if sent.outcome == "acknowledged" and sent.answer is not None:
            self.cases.append(CaseState(UUID(sent.answer["id"])))

    def _note(self, budget: Budget) -> None:
        case = self.rng.choice(self.cases)
        token = self._token()
        command = AddNote(category=NoteCategory.GENERAL, text=f"Visit under chaos, {token}.")
        self.send(budget, "note", token, case.id, command)

    def _risk(self, budget: Budget) -> None:
        case = self.rng.choice(self.cases)
        token = self._token()
        level = self.rng.choice((RiskLevel.LOW, RiskLevel.MEDIUM))
        command = AssessRisk(level=level, rationale=f"reassessed, {token}")
        sent = self.send(budget, "risk", token, case.id, command)
        if sent.outcome == "acknowledged":
            case.risk = level

    def _admit(self, budget: Budget) -> None:
        case = self.rng.choice(self._admissible())
        command = AdmitToShelter(case_id=case.id, facility_id=self.rng.choice(self.facilities))
        sent = self.send(budget, "admit", "", case.id, command)
        if sent.outcome == "acknowledged" and sent.answer is not None:
            case.stay = UUID(sent.answer["id"])
        case.frozen = sent.outcome == "failed"

    def _discharge(self, budget: Budget) -> None:
        case = self.rng.choice(self._residents())
        command = DischargeFromShelter(
            reason=DischargeReason.COMPLETED_PROGRAMME, destination=ExitDestination.FAMILY
        )
        sent = self.send(budget, "discharge", "", case.stay, command)
        if sent.outcome == "acknowledged":
            case.stay = None
        case.frozen = sent.outcome == "failed"

    def _token(self) -> str:
        return f"T{self.index:02d}n{len(self.sent):05d}"

    # ------------------------------------------------------------ sending

    def send(
        self, budget: Budget, kind: str, token: str, subject: UUID | None, command: Command
    ) -> Sent:
        """POST with one key until an answer that is not transient, or give up."""
        route = ROUTES[type(command)]
        path = route.url(subject)
        key = f"chaos-{self.run_id}-{self.index}-{len(self.sent)}"
        sent = Sent(key, token, kind, subject, time.monotonic())
        self.sent.append(sent)
        body = msgspec.json.encode(command)
        headers = {**self.headers, "Idempotency-Key": key}
        pause = 0.1
        while True:
            sent.attempts += 1
            if self._answered(sent, path, body, headers):
                break
            if time.monotonic() + pause >= budget.give_up or budget.stop.is_set():
                sent.outcome = "failed"
                break
            time.sleep(pause)
            pause = min(pause * 2, 2.0)
        sent.ended = time.monotonic()
        return sent

    def _answered(self, sent: Sent, path: str, body: bytes, headers: dict[str, str]) -> bool:
        """One attempt; True when its answer is final (kept in `sent`)."""
        try:
            answer = self.http.post(path, content=body, headers=headers)
        except httpx.TransportError as error:
            sent.transient.append(type(error).__name__)
            return False
        sent.status = answer.status_code
        problem = _problem(answer)
        sent.title = str(problem.get("title") or problem.get("rule") or "")
        if answer.status_code >= 500 or problem.get("type") in TRANSIENT_TYPES:
            sent.transient.append(f"{answer.status_code} {sent.title}")
            return False
        sent.replayed = answer.headers.get("Idempotent-Replayed") == "true"
        if answer.is_success:
            sent.outcome, sent.answer = "acknowledged", answer.json()
        elif answer.status_code in EXPECTED_REFUSALS:
            sent.outcome = "refused"
            sent.title = str(problem.get("rule") or sent.title)
        else:
            sent.outcome = "failed"
            sent.transient.append(f"{answer.status_code} {sent.title}: {problem.get('detail')}")
        return True


def _problem(answer: httpx.Response) -> dict[str, Any]:
    if answer.is_success:
        return {}
    try:
        found = answer.json()
    except ValueError:
        return {"detail": answer.text[:200]}
    return found if isinstance(found, dict) else {}
