"""The BASELINE of `commands`: a plain `eventsourcing.application.Application` with the
library's default JSON transcoder and minimal `@event` aggregates, doing the same
repository reads and saves as our commands for each operation of the workload.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
)

from domain.vocab import (
    FacilityKind,
)
from scripts.bench.harness import Stats, Store, measure, stored_events
from scripts.bench.workload import (
    MANAGER,
    WORKER,
    Dates,
    Op,
    optional,
    personal_of,
    plain_dict,
    referral_of,
    scope_of,
)

A = TypeVar("A", bound=Aggregate)


class PlainSequence(Aggregate):
    @event("Started")
    def __init__(self, prefix: str, year: int, actor: str) -> None:
        self.prefix = prefix
        self.year = year
        self.last = 0

    @event("Issued")
    def issue(self, number: int, actor: str) -> None:
        self.last = number


class PlainBeneficiary(Aggregate):
    @event("Registered")
    def __init__(  # noqa: PLR0917 -- mirrors Beneficiary.register
        self,
        code: str,
        personal: dict[str, str | None],
        gender: str,
        age_at_identification: int,
        citizenships: list[str],
        languages: list[str],
        scope: str,
        actor: str,
    ) -> None:
        self.code = code
        self.personal = personal
        self.gender = gender
        self.age_at_identification = age_at_identification
        self.citizenships = citizenships
        self.languages = languages
        self.scope = scope
        self.consents: dict[str, dict[str, str | None]] = {}

    @event("ConsentGiven")
    def give_consent(self, kind: str, partner: str | None, given_by: str, actor: str) -> None:
        self.consents[f"{kind}:{partner}"] = {"given_by": given_by, "recorded_by": actor}

    @event("ConsentWithdrawn")
    def withdraw_consent(self, kind: str, partner: str | None, actor: str) -> None:
        self.consents.pop(f"{kind}:{partner}", None)


class PlainCase(Aggregate):
    @event("Opened")
    def __init__(
        self,
        case_number: str,
        beneficiary_id: UUID,
        beneficiary_code: str,
        referral: dict[str, str | None],
        actor: str,
    ) -> None:
        self.case_number = case_number
        self.beneficiary_id = beneficiary_id
        self.beneficiary_code = beneficiary_code
        self.referral = referral
        self.caseworker: str | None = None
        self.risk_level: str | None = None
        self.notes: list[dict[str, str | int]] = []
        self.services: list[dict[str, str]] = []

    @event("NoteAdded")
    def add_note(self, number: int, category: str, text: str, actor: str) -> None:
        self.notes.append({"number": number, "category": category, "text": text, "by": actor})

    @event("ServiceDelivered")
    def deliver_service(
        self, service: str, provider: str, delivered_on: str, outcome: str, actor: str
    ) -> None:
        self.services.append(
            {"service": service, "provider": provider, "on": delivered_on, "outcome": outcome}
        )

    @event("RiskAssessed")
    def assess_risk(self, level: str, rationale: str | None, actor: str) -> None:
        self.risk_level = level

    @event("CaseworkerAssigned")
    def assign_caseworker(self, caseworker: str, previous: str | None, actor: str) -> None:
        self.caseworker = caseworker


class PlainFacility(Aggregate):
    @event("Registered")
    def __init__(self, name: str, kind: str, beds: int, effective_from: str, actor: str) -> None:
        self.name = name
        self.kind = kind
        self.beds = beds
        self.residents: list[UUID] = []

    @event("BedOccupied")
    def occupy(self, stay_id: UUID, actor: str) -> None:
        self.residents.append(stay_id)

    @event("BedReleased")
    def release(self, stay_id: UUID, actor: str) -> None:
        self.residents.remove(stay_id)


class PlainStay(Aggregate):
    @event("Admitted")
    def __init__(
        self, case_id: UUID, case_number: str, facility_id: UUID, admitted_on: str, actor: str
    ) -> None:
        self.case_id = case_id
        self.case_number = case_number
        self.facility_id = facility_id
        self.discharged_on: str | None = None

    @event("Discharged")
    def discharge(self, reason: str, destination: str, discharged_on: str, actor: str) -> None:
        self.discharged_on = discharged_on


class PlainPlan(Aggregate):
    @event("Drafted")
    def __init__(self, case_id: UUID, case_number: str, actor: str) -> None:
        self.case_id = case_id
        self.case_number = case_number
        self.goals: dict[str, str] = {}

    @event("GoalAdded")
    def add_goal(
        self, number: int, type: str, description: str, target_date: str, actor: str
    ) -> None:
        self.goals[str(number)] = "open"

    @event("GoalProgressRecorded")
    def record_progress(self, number: int, note: str, actor: str) -> None:
        pass

    @event("GoalAchieved")
    def achieve_goal(self, number: int, actor: str) -> None:
        self.goals[str(number)] = "achieved"


class PlainApp(Application[UUID]):
    """The library's defaults, with our snapshotting intervals for a like-for-like store."""

    snapshotting_intervals = {
        PlainBeneficiary: 50,
        PlainCase: 50,
        PlainFacility: 200,
        PlainStay: 50,
        PlainPlan: 50,
        PlainSequence: 100,
    }


class PlainRunner:
    """The same operations as get + decide + save on plain aggregates (no domain rules)."""

    def __init__(self, app: PlainApp, dates: Dates) -> None:
        self.app = app
        self.dates = dates
        self.ids: dict[str, list[UUID]] = {
            k: [] for k in ("beneficiary", "case", "stay", "plan", "facility")
        }
        year = datetime.now(UTC).year
        self.sequences = {p: PlainSequence(p, year, WORKER) for p in ("PVPT", "PVPT-C")}
        app.save(*self.sequences.values())
        self.handlers: dict[str, Callable[[Op], None]] = {
            "facility": self._facility,
            "register": self._register,
            "open": self._open,
            "note": self._note,
            "service": self._service,
            "risk": lambda op: self._on(
                PlainCase, op, lambda c: c.assess_risk(op.value, optional(op.text), WORKER)
            ),
            "caseworker": lambda op: self._on(
                PlainCase, op, lambda c: c.assign_caseworker(op.value, c.caseworker, MANAGER)
            ),
            "admit": self._admit,
            "discharge": self._discharge,
            "draft_plan": self._draft_plan,
            "add_goal": self._add_goal,
            "progress": lambda op: self._on(
                PlainPlan, op, lambda p: p.record_progress(op.number, op.text, WORKER)
            ),
            "achieve": lambda op: self._on(
                PlainPlan, op, lambda p: p.achieve_goal(op.number, WORKER)
            ),
            "consent_give": lambda op: self._on(
                PlainBeneficiary,
                op,
                lambda b: b.give_consent(op.value, optional(op.extra), "beneficiary", WORKER),
            ),
            "consent_withdraw": lambda op: self._on(
                PlainBeneficiary,
                op,
                lambda b: b.withdraw_consent(op.value, optional(op.extra), WORKER),
            ),
        }

    _KINDS: typing.ClassVar[dict[type[Aggregate], str]] = {
        PlainBeneficiary: "beneficiary",
        PlainCase: "case",
        PlainStay: "stay",
        PlainPlan: "plan",
    }

    def run(self, op: Op) -> None:
        self.handlers[op.kind](op)

    def _get(self, kind: type[A], record_id: UUID) -> A:
        record: object = self.app.repository.get(record_id)
        assert isinstance(record, kind)
        return record

    def _on(self, kind: type[A], op: Op, decide: Callable[[A], None]) -> None:
        record = self._get(kind, self.ids[self._KINDS[kind]][op.target])
        decide(record)
        self.app.save(record)

    def _issue(self, prefix: str) -> tuple[str, PlainSequence]:
        sequence = self._get(PlainSequence, self.sequences[prefix].id)
        sequence.issue(sequence.last + 1, WORKER)
        return f"{prefix}-{sequence.year}-{sequence.last:04d}", sequence

    def _facility(self, op: Op) -> None:
        today = self.dates.today.isoformat()
        facility = PlainFacility(op.text, FacilityKind.SHELTER.value, op.number, today, MANAGER)
        self.app.save(facility)
        self.ids["facility"].append(facility.id)

    def _register(self, op: Op) -> None:
        code, sequence = self._issue("PVPT")
        personal = plain_dict(personal_of(op, self.dates))
        scope = scope_of(op).value
        record = PlainBeneficiary(
            code, personal, op.value, op.number, ["XK"], ["sq"], scope, WORKER
        )
        self.app.save(record, sequence)
        self.ids["beneficiary"].append(record.id)

    def _open(self, op: Op) -> None:
        beneficiary = self._get(PlainBeneficiary, self.ids["beneficiary"][op.target])
        number, sequence = self._issue("PVPT-C")
        referral = plain_dict(referral_of(op, self.dates))
        case = PlainCase(number, beneficiary.id, beneficiary.code, referral, WORKER)
        self.app.save(case, sequence)
        self.ids["case"].append(case.id)

    def _note(self, op: Op) -> None:
        self._on(PlainCase, op, lambda c: c.add_note(len(c.notes) + 1, op.value, op.text, WORKER))

    def _service(self, op: Op) -> None:
        delivered = self.dates.delivered.isoformat()
        self._on(
            PlainCase,
            op,
            lambda c: c.deliver_service(op.value, op.text, delivered, op.extra, WORKER),
        )

    def _admit(self, op: Op) -> None:
        case = self._get(PlainCase, self.ids["case"][op.target])
        facility = self._get(PlainFacility, self.ids["facility"][op.facility])
        today = datetime.now(UTC).date().isoformat()
        stay = PlainStay(case.id, case.case_number, facility.id, today, WORKER)
        facility.occupy(stay.id, WORKER)
        self.app.save(stay, facility)
        self.ids["stay"].append(stay.id)

    def _discharge(self, op: Op) -> None:
        stay = self._get(PlainStay, self.ids["stay"][op.target])
        facility = self._get(PlainFacility, stay.facility_id)
        stay.discharge(op.value, op.extra, datetime.now(UTC).date().isoformat(), WORKER)
        facility.release(stay.id, WORKER)
        self.app.save(stay, facility)

    def _draft_plan(self, op: Op) -> None:
        case = self._get(PlainCase, self.ids["case"][op.target])
        plan = PlainPlan(case.id, case.case_number, WORKER)
        self.app.save(plan)
        self.ids["plan"].append(plan.id)

    def _add_goal(self, op: Op) -> None:
        target = self.dates.target.isoformat()
        self._on(
            PlainPlan,
            op,
            lambda p: p.add_goal(len(p.goals) + 1, op.value, op.text, target, WORKER),
        )


def run_plain(store: Store, setup: Sequence[Op], ops: Sequence[Op], dates: Dates) -> Stats:
    app = PlainApp(env=store.plain_env)
    try:
        assert type(app.mapper) is Mapper
        assert type(app.mapper.transcoder) is JSONTranscoder
        runner = PlainRunner(app, dates)
        for op in setup:
            runner.run(op)
        stats = measure(store.name, "baseline", runner.run, ops)
        return dataclasses.replace(stats, events_stored=stored_events(app))
    finally:
        app.close()
