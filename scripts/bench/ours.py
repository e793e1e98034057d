"""OURS of `commands` (and of `crypto`, `api`): each operation of the workload as a
command through the real command bus (`journey.bus.execute`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from uuid import UUID, uuid4

from adapters.run.bootstrap import Journey, build
from adapters.run.demo.partners import registered
from domain.errors import DomainError
from domain.organisation import organisation_id
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    DischargeReason,
    ExitDestination,
    FacilityKind,
    Gender,
    NoteCategory,
    RiskLevel,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
)
from scripts.bench.harness import Stats, Store, measure, stored_events
from scripts.bench.workload import (
    MANAGER,
    PARTNERS,
    WORKER,
    Dates,
    Op,
    optional,
    personal_of,
    referral_of,
    scope_of,
)
from services.commands import Command
from services.commands.beneficiary import GiveConsent, RegisterBeneficiary, WithdrawConsent
from services.commands.case import AddNote, AssessRisk, AssignCaseworker, DeliverService, OpenCase
from services.commands.plan import AchieveGoal, AddGoal, DraftPlan, RecordGoalProgress
from services.commands.shelter import AdmitToShelter, DischargeFromShelter, RegisterFacility


class OursRunner:
    """Runs operations as commands through the journey's command bus."""

    def __init__(self, journey: Journey, dates: Dates) -> None:
        self.bus = journey.bus
        self.dates = dates
        for key in PARTNERS:  # sharing consent names a registered organisation by id
            registered(journey, key, MANAGER)
        self.ids: dict[str, list[UUID]] = {
            k: [] for k in ("beneficiary", "case", "stay", "plan", "facility")
        }
        self.handlers: dict[str, Callable[[Op], None]] = {
            "facility": self._facility,
            "register": self._register,
            "open": self._open,
            "note": lambda op: self._on(
                "case", op, AddNote(category=NoteCategory(op.value), text=op.text)
            ),
            "service": self._service,
            "risk": lambda op: self._on(
                "case", op, AssessRisk(level=RiskLevel(op.value), rationale=optional(op.text))
            ),
            "caseworker": lambda op: self._on(
                "case", op, AssignCaseworker(caseworker=op.value), MANAGER
            ),
            "admit": self._admit,
            "discharge": self._discharge,
            "draft_plan": lambda op: self._new(
                "plan", DraftPlan(case_id=self.ids["case"][op.target])
            ),
            "add_goal": self._add_goal,
            "progress": lambda op: self._on(
                "plan", op, RecordGoalProgress(number=op.number, note=op.text)
            ),
            "achieve": lambda op: self._on("plan", op, AchieveGoal(number=op.number)),
            "consent_give": self._give,
            "consent_withdraw": self._withdraw,
        }

    def run(self, op: Op) -> None:
        self.handlers[op.kind](op)

    def _new(self, kind: str, command: Command, actor: str = WORKER) -> None:
        try:
            record_id = self.bus.execute(None, command, actor=actor).id
        except DomainError:
            self.ids[kind].append(uuid4())  # keep later indices aligned
            raise
        self.ids[kind].append(record_id)

    def _on(self, kind: str, op: Op, command: Command, actor: str = WORKER) -> None:
        self.bus.execute(self.ids[kind][op.target], command, actor=actor)

    def _facility(self, op: Op) -> None:
        command = RegisterFacility(
            name=op.text, kind=FacilityKind.SHELTER, beds=op.number, effective_from=self.dates.today
        )
        self._new("facility", command, MANAGER)

    def _register(self, op: Op) -> None:
        command = RegisterBeneficiary(
            personal=personal_of(op, self.dates),
            gender=Gender(op.value),
            age_at_identification=op.number,
            citizenships=("XK",),
            languages=("sq",),
            scope=scope_of(op),
        )
        self._new("beneficiary", command)

    def _open(self, op: Op) -> None:
        beneficiary_id = self.ids["beneficiary"][op.target]
        command = OpenCase(beneficiary_id=beneficiary_id, referral=referral_of(op, self.dates))
        self._new("case", command)

    def _service(self, op: Op) -> None:
        command = DeliverService(
            service=ServiceType(op.value),
            provider=op.text,
            delivered_on=self.dates.delivered,
            outcome=ServiceOutcome(op.extra),
        )
        self._on("case", op, command)

    def _admit(self, op: Op) -> None:
        command = AdmitToShelter(
            case_id=self.ids["case"][op.target], facility_id=self.ids["facility"][op.facility]
        )
        self._new("stay", command)

    def _discharge(self, op: Op) -> None:
        command = DischargeFromShelter(
            reason=DischargeReason(op.value), destination=ExitDestination(op.extra)
        )
        self.bus.execute(self.ids["stay"][op.target], command, actor=WORKER)

    def _add_goal(self, op: Op) -> None:
        command = AddGoal(
            type=SupportPlanType(op.value), description=op.text, target_date=self.dates.target
        )
        self._on("plan", op, command)

    def _give(self, op: Op) -> None:
        command = GiveConsent(
            kind=ConsentKind(op.value),
            given_by=ConsentGiver.BENEFICIARY,
            organisation_id=_organisation(op.extra),
        )
        self._on("beneficiary", op, command)

    def _withdraw(self, op: Op) -> None:
        command = WithdrawConsent(
            kind=ConsentKind(op.value), organisation_id=_organisation(op.extra)
        )
        self._on("beneficiary", op, command)


def _organisation(key: str) -> UUID | None:
    return None if not key else organisation_id(key)


def run_ours(store: Store, setup: Sequence[Op], ops: Sequence[Op], dates: Dates) -> Stats:
    journey = build(store.ours_url)
    try:
        runner = OursRunner(journey, dates)
        for op in setup:
            runner.run(op)
        stats = measure(store.name, "ours", runner.run, ops)
        return dataclasses.replace(stats, events_stored=stored_events(journey.app))
    finally:
        journey.close()
