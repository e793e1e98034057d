"""Benchmarks of the journey backend against plain `eventsourcing`.

    .venv/bin/python scripts/bench.py commands [--commands N] [--database sqlite|postgres|both]
    .venv/bin/python scripts/bench.py pipeline [--events N] [--database sqlite|postgres]
    .venv/bin/python scripts/bench.py api [--commands N] [--clients N] [--database sqlite|postgres]
    .venv/bin/python scripts/bench.py audit [--events N] [--commands N] [--database ...]

Each also takes --postgres-url URL, --json PATH (the figures as JSON) and --smoke: tiny
sizes (e.g. pipeline: 1,000 events, 2 s of freshness), so that every stage runs and
reports in seconds; CI runs every sub-command so (tests/e2e/test_bench_smoke.py). Smoke
figures mean nothing.

`commands`
  1. On SQLite (a temp file) and PostgreSQL (fresh schemas, dropped afterwards):
     OURS runs a realistic command mix through `journey.bus.execute`; the BASELINE
     is a plain `eventsourcing.application.Application` with the library's default
     JSON transcoder and minimal `@event` aggregates, doing the same repository
     reads and the same saves (same aggregates per save, same payloads) for the
     same sequence of operations.
  2. Serialisation alone: our `MsgspecMapper` versus the library's default
     `Mapper(JSONTranscoder())`, on ~10k events of busy journeys built in memory.

`pipeline` (PostgreSQL: one fresh schema `bench_<random>`, dropped afterwards; or
SQLite with --database sqlite: a temporary store and its read.db)
  1. Load: `journey demo` journeys through the command bus on the in-memory store,
     their first N stored events (default 100,000) copied in order into the store,
     with their records' data keys (adapters/store/transfer.py).
  2. Relay: an embedded nats-server; `Relay` publishes the log from position 0.
  3. Rebuild: `projections.rebuild` of every registered read model from the stream.
  4. Baseline: the library's own `ProjectionRunner` keeping an equivalent caseload
     (Projection + PostgresTrackingRecorder subclass) over the same store.
  5. Freshness: relay and caseload worker as subprocesses; 100 commands/s for 20 s,
     accepted -> visible in the `caseload` view, p50/p99/max.

`api`: `journey serve` on PostgreSQL (or SQLite: --database sqlite) over HTTP, max
throughput and a steady 100 commands/s, against the in-process baseline of `commands`.
`audit`: scripts/bench_audit.py (hash chain, as-of replay, encryption cost).

PostgreSQL: --postgres-url, else $JOURNEY_TEST_POSTGRES_URL, else
postgresql://postgres@127.0.0.1:5432/test; unreachable -> `commands` runs SQLite only.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import asyncio
import dataclasses
import json
import math
import os
import platform
import random
import secrets
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from importlib.metadata import version as package_version
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit
from uuid import UUID, uuid4

import httpx
import msgspec
import psycopg
from eventsourcing.application import Application
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import (
    ApplicationRecorder,
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    Tracking,
    Transcoding,
    UUIDAsHex,
)
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic
from psycopg import sql
from sqlalchemy import Engine, MetaData, func, select, text

from adapters.http.routes.commands import COMMAND_ROUTES, CommandRoute
from adapters.privacy.accounts import Accounts
from adapters.privacy.keyring import Keyring
from adapters.privacy.master_key import KEY_BYTES, MasterKeys
from adapters.run.bootstrap import Journey, build, ensure_postgres_schema, postgres_dsn
from adapters.run.clock import ScriptedClock
from adapters.run.demo_journeys import START as DEMO_START
from adapters.run.demo_journeys import Demo, DemoSummary
from adapters.settings import Settings, store_env
from adapters.store.codec import MsgspecMapper
from adapters.store.read_database import keys_engine, read_engine
from adapters.store.transfer import copy_log
from adapters.stream.consumer import NatsSource
from adapters.stream.jetstream import StreamSettings, connect
from adapters.stream.nats_server import EmbeddedNats, nats_server_binary
from adapters.stream.relay import Relay, RelayStatus
from domain.base import JourneyAggregate
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import DomainError
from domain.facility import Facility
from domain.local_time import local_date
from domain.plan import ReintegrationPlan
from domain.sequence import BENEFICIARY_PREFIX, CASE_PREFIX, CodeSequence
from domain.stay import ShelterStay
from domain.values import Guardian, IncomingReferral, PersonalData
from domain.vocab import (
    ApprovalSubject,
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DecidingBody,
    DischargeReason,
    ExitDestination,
    ExploitationType,
    FacilityKind,
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
from projections import catalog
from projections.caseload import FIRST_ASSESSMENT_DUE, REVIEW_INTERVAL
from projections.model import ReadModel, physical_name
from projections.rebuild import REBUILD_SETTINGS, RebuildFailed, rebuild, wait_for_position
from projections.registry import read_models
from services.access import FACILITY_COMMANDS, Role
from services.app import CommandResult, JourneyApp
from services.commands.beneficiary import GiveConsent, RegisterBeneficiary, WithdrawConsent
from services.bus import CommandBus
from services.commands.case import AddNote, AssessRisk, AssignCaseworker, DeliverService, OpenCase
from services.commands import Command
from services.commands.plan import AchieveGoal, AddGoal, DraftPlan, RecordGoalProgress
from services.commands.shelter import AdmitToShelter, DischargeFromShelter, RegisterFacility

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_COMMANDS = 3000
CODEC_EVENTS = 10_000
SMOKE_COMMANDS = 40  # --smoke: every stage runs, on sizes that only show it still works
SMOKE_CODEC_EVENTS = 400
SEED = 20260517
WORKER = "besa.krasniqi"
MANAGER = "arta.manager"
CODEC_KEYS = ("MAPPER_TOPIC", "TRANSCODER_TOPIC")
LEAKY_ENV = (*CODEC_KEYS, "CIPHER_TOPIC", "COMPRESSOR_TOPIC", "PERSISTENCE_MODULE")

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
PARTNERS = ("IOM", "Caritas Kosova", "Kosovo Police", "Centre for Social Work Prishtina")
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


# --------------------------------------------------------------------------- operations


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

    def _service(self) -> Op:
        return Op(
            "service",
            target=self._case(),
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
        key = self._pick(free)
        self.consents[beneficiary].add(key)
        self.given.append((beneficiary, key))
        return _consent_op("consent_give", beneficiary, key)


def _consent_op(kind: str, beneficiary: int, key: str) -> Op:
    consent, _, partner = key.partition(":")
    return Op(kind, beneficiary, value=consent, extra=partner)


# --------------------------------------------------------------------------- payloads


@dataclasses.dataclass(frozen=True)
class Dates:
    """Dates relative to today (UTC), valid for the domain's 'not in the future' checks."""

    today: date

    @property
    def delivered(self) -> date:
        return self.today - timedelta(days=1)

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


# --------------------------------------------------------------------------- ours


class OursRunner:
    """Runs operations as commands through the journey's command bus."""

    def __init__(self, journey: Journey, dates: Dates) -> None:
        self.bus = journey.bus
        self.dates = dates
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
            partner=optional(op.extra),
        )
        self._on("beneficiary", op, command)

    def _withdraw(self, op: Op) -> None:
        command = WithdrawConsent(kind=ConsentKind(op.value), partner=optional(op.extra))
        self._on("beneficiary", op, command)


# --------------------------------------------------------------------------- baseline


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


# --------------------------------------------------------------------------- measuring


@dataclasses.dataclass(frozen=True)
class Stats:
    store: str
    system: str
    commands: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    refusals: dict[str, int]
    events_stored: int = 0


def measure(store: str, system: str, run: Callable[[Op], None], ops: Sequence[Op]) -> Stats:
    latencies: list[float] = []
    refusals: Counter[str] = Counter()
    for op in ops:
        start = time.perf_counter()
        try:
            run(op)
        except DomainError as error:
            refusals[f"{op.kind}: {error.rule}: {error}"] += 1
        latencies.append(time.perf_counter() - start)
    total = sum(latencies)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Stats(
        store, system, len(ops), total, len(ops) / total, cuts[49] * 1e3, cuts[98] * 1e3,
        dict(refusals),
    )  # fmt: skip


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


def stored_events(app: Application[UUID]) -> int:
    return app.recorder.max_notification_id() or 0


# --------------------------------------------------------------------------- stores


@dataclasses.dataclass(frozen=True)
class Store:
    name: str
    ours_url: str
    plain_env: dict[str, str]


def plain_env(url: str) -> dict[str, str]:
    """The same store settings as ours, without our codec: the library's defaults."""
    return {k: v for k, v in store_env(url).items() if k not in CODEC_KEYS}


@contextmanager
def sqlite_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory(prefix="journey-bench-") as tmp:
        yield Store("sqlite", f"sqlite:///{tmp}/ours.db", plain_env(f"sqlite:///{tmp}/plain.db"))


@contextmanager
def postgres_store(url: str) -> Iterator[Store]:
    base = postgres_dsn(url)
    tag = uuid4().hex[:10]
    schemas = (f"bench_{tag}", f"bench_{tag}_plain")
    ours_url, plain_url = (f"{base}?schema={s}" for s in schemas)
    try:
        ensure_postgres_schema(ours_url)
        ensure_postgres_schema(plain_url)
        yield Store("postgresql", ours_url, plain_env(plain_url))
    finally:
        drop_schemas(base, schemas)


def postgres_version(url: str) -> tuple[str | None, str | None]:
    """(server version, None) if reachable, else (None, why not)."""
    try:
        with psycopg.connect(postgres_dsn(url), connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
    except psycopg.Error as error:
        return None, " ".join(str(error).split())
    return (str(row[0]) if row else "?"), None


def masked(url: str) -> str:
    parts = urlsplit(url)
    if not parts.password:
        return url
    return url.replace(f":{parts.password}@", ":***@")


# --------------------------------------------------------------------------- codec corpus


class Corpus:
    """Busy journeys built in memory through the domain methods; their events."""

    def __init__(self) -> None:
        self.clock = ScriptedClock(datetime(2026, 1, 5, 8, tzinfo=UTC))
        at = self.clock()
        self.facility = Facility.register(
            "Shelter Prishtina",
            FacilityKind.SHELTER,
            100_000,
            date(2026, 1, 1),
            actor=MANAGER,
            at=at,
        )
        self.codes = CodeSequence.start(BENEFICIARY_PREFIX, 2026, actor=WORKER, at=at)
        self.numbers = CodeSequence.start(CASE_PREFIX, 2026, actor=WORKER, at=at)

    def events(self, count: int) -> list[Any]:
        collected: list[Any] = []
        index = 0
        while len(collected) < count:
            index += 1
            collected += self._journey(index)
        for shared in (self.facility, self.codes, self.numbers):
            collected += shared.collect_events()
        return collected[:count]

    def _journey(self, index: int) -> list[Any]:
        beneficiary = self._beneficiary(index)
        case = self._case(beneficiary)
        stay = self._stay(case)
        plan = self._plan(case)
        return [
            *beneficiary.collect_events(),
            *case.collect_events(),
            *stay.collect_events(),
            *plan.collect_events(),
        ]

    def _beneficiary(self, index: int) -> Beneficiary:
        now, minor = self.clock, index % 5 == 0
        code = self.codes.issue(actor=WORKER, at=now())
        personal = PersonalData(
            GIVEN_NAMES[index % 8], FAMILY_NAMES[index % 7], date(2001, 3, 9), "+38344123456"
        )
        b = Beneficiary.register(
            code, personal, Gender.FEMININE, 16 if minor else 24, ("XK", "AL"), ("sq", "en"),
            TraffickingScope.INTERNATIONAL, actor=WORKER, at=now(),
        )  # fmt: skip
        giver = ConsentGiver.BENEFICIARY
        if minor:
            guardian = Guardian(GuardianKind.APPOINTED_LEGAL_GUARDIAN, "Agim Hoxha", "+38349111222")
            b.appoint_guardian(guardian, actor=WORKER, at=now())
            giver = ConsentGiver.GUARDIAN
        b.give_consent(ConsentKind.SERVICES, giver, actor=WORKER, at=now())
        b.give_consent(ConsentKind.SHARING, giver, "IOM", actor=WORKER, at=now())
        b.record_exploitation_profile(
            (ExploitationType.FORCED_LABOUR, ExploitationType.SEXUAL_EXPLOITATION),
            (ControlMethod.DEBT_BONDAGE, ControlMethod.WITHHOLDS_DOCUMENTS),
            (RecruitmentMethod.THROUGH_ONLINE_SOCIAL_NETWORKS,),
            RelationshipToTrafficker.ACQUAINTED,
            (Vulnerability.POVERTY, Vulnerability.MIGRATION),
            actor=WORKER,
            at=now(),
        )
        b.decide_trafficking_status(
            TraffickingStatus.ACTUAL, DecidingBody.POLICE, actor=WORKER, at=now()
        )
        moved = dataclasses.replace(personal, address="Rr. Nena Tereze 12, Prishtina")
        b.update_personal_data(moved, actor=WORKER, at=now())
        return b

    def _case(self, b: Beneficiary) -> Case:
        now = self.clock
        number = self.numbers.issue(actor=WORKER, at=now())
        referral = IncomingReferral(
            "Kosovo Police", OrganisationType.LAW_ENFORCEMENT, date(2026, 1, 2),
            IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED, "labour inspection",
        )  # fmt: skip
        case = Case.open(number, b.id, b.code, referral, actor=WORKER, at=now())
        case.assign_caseworker(WORKER, actor=MANAGER, at=now())
        case.assess_risk(RiskLevel.MEDIUM, SENTENCES[2], actor=WORKER, at=now())
        case.start_screening(actor=WORKER, at=now())
        case.screen_in(actor=WORKER, at=now())
        case.start_assessment(actor=WORKER, at=now())
        for subject in (ApprovalSubject.ASSESSMENT, ApprovalSubject.CASE_PLAN):
            case.request_approval(subject, actor=WORKER, at=now())
            case.approve(subject, "agreed", actor=MANAGER, at=now())
        self._case_work(case)
        return case

    def _case_work(self, case: Case) -> None:
        now = self.clock
        for i in range(12):
            text = " ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(1 + i % 5))
            case.add_note(list(NoteCategory)[i % 4], text, actor=WORKER, at=now())
        for i in range(6):
            case.deliver_service(
                list(ServiceType)[i], PROVIDERS[i % 3], date(2026, 1, 3),
                ServiceOutcome.COMPLETED, actor=WORKER, at=now(),
            )  # fmt: skip
        case.refer_out(
            "IOM", OrganisationType.NGO, OutgoingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
            "return assistance", sharing_consented=True, actor=WORKER, at=now(),
        )  # fmt: skip
        case.accept_referral(1, actor=WORKER, at=now())
        case.assess_risk(RiskLevel.LOW, None, actor=WORKER, at=now())
        case.assign_caseworker(CASEWORKERS[1], actor=MANAGER, at=now())

    def _stay(self, case: Case) -> ShelterStay:
        now, facility = self.clock, self.facility
        stay = ShelterStay.admit(
            case.id, case.case_number, facility, case.risk_level, False, actor=WORKER, at=now()
        )
        stay.start_leave(date(2026, 1, 10), "visit to family", actor=WORKER, at=now())
        stay.return_from_leave(actor=WORKER, at=now())
        stay.discharge(
            facility, DischargeReason.COMPLETED_PROGRAMME, ExitDestination.FAMILY,
            actor=WORKER, at=now(),
        )  # fmt: skip
        return stay

    def _plan(self, case: Case) -> ReintegrationPlan:
        now = self.clock
        plan = ReintegrationPlan.draft(case.id, case.case_number, actor=WORKER, at=now())
        for kind in (SupportPlanType.EDUCATION, SupportPlanType.LIVELIHOOD, SupportPlanType.LEGAL):
            plan.add_goal(kind, SENTENCES[5], date(2026, 6, 30), actor=WORKER, at=now())
        for number in (1, 2, 3):
            plan.record_progress(number, SENTENCES[number], actor=WORKER, at=now())
        plan.achieve_goal(1, actor=WORKER, at=now())
        plan.achieve_goal(2, actor=WORKER, at=now())
        plan.abandon_goal(3, "moved abroad", actor=WORKER, at=now())
        plan.review("two goals achieved", date(2026, 3, 1), actor=WORKER, at=now())
        plan.complete(actor=WORKER, at=now())
        return plan


# --------------------------------------------------------------------------- default codec


class DateAsISO(Transcoding):
    """Added: `date` (the library registers only `datetime`)."""

    type = date
    name = "date_iso"

    def encode(self, obj: Any) -> str:
        assert type(obj) is date
        return obj.isoformat()

    def decode(self, data: Any) -> date:
        assert isinstance(data, str)
        return date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """Added: one per value object in events. Rebuilds the enums and tuples of its
    fields from the type hints: the JSON module turns them into str and list."""

    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = f"dataclass_{cls.__name__}"
        self.hints = typing.get_type_hints(cls)

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: Any) -> Any:
        assert isinstance(data, dict)
        return self.type(**{k: coerce(self.hints[k], v) for k, v in data.items()})


def coerce(hint: Any, value: Any) -> Any:
    """A decoded JSON value back to the type its hint names (enums, tuples)."""
    origin = typing.get_origin(hint)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return coerce(inner[0], value)
    if origin is tuple:
        return tuple(coerce(typing.get_args(hint)[0], item) for item in value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    return value


def foreign_types(value: Any, found: set[type[Any]]) -> None:
    """Types in an event's state that JSON has no native form for (recursively)."""
    if value is None or isinstance(value, str | int | float):
        return
    if isinstance(value, list | tuple):
        for item in value:
            foreign_types(item, found)
        return
    if isinstance(value, dict):
        for item in value.values():
            foreign_types(item, found)
        return
    found.add(type(value))
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            foreign_types(getattr(value, f.name), found)


def default_mapper(events: Sequence[Any]) -> tuple[Mapper[UUID], list[str]]:
    """The library's default mapper and transcodings, plus what our events need."""
    transcoder = JSONTranscoder()
    for builtin in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(builtin)
    found: set[type[Any]] = set()
    for domain_event in events:
        foreign_types(vars(domain_event), found)
    added: list[str] = []
    for cls in sorted(found - set(transcoder.types), key=lambda c: c.__name__):
        transcoding = added_transcoding(cls)
        transcoder.register(transcoding)
        added.append(f"{type(transcoding).__name__}({cls.__name__})")
    return Mapper(transcoder=transcoder), added


def added_transcoding(cls: type[Any]) -> Transcoding:
    if cls is date:
        return DateAsISO()
    if dataclasses.is_dataclass(cls):
        return DataclassAsDict(cls)
    msg = f"no transcoding for {cls!r}: add one to scripts/bench.py"
    raise SystemExit(msg)


def enum_probe() -> str:
    """Shows that a Transcoding registered for a StrEnum is never called."""
    calls: list[object] = []

    class RiskLevelAsValue(Transcoding):
        type = RiskLevel
        name = "risk_level"

        def encode(self, obj: Any) -> str:
            calls.append(obj)
            return str(obj.value)

        def decode(self, data: Any) -> RiskLevel:
            return RiskLevel(data)

    transcoder = JSONTranscoder()
    transcoder.register(RiskLevelAsValue())
    encoded = transcoder.encode({"level": RiskLevel.LOW, "pair": ("a", "b")})
    decoded = transcoder.decode(encoded)
    return (
        f"probe: with a Transcoding registered for RiskLevel, JSONTranscoder encoded "
        f"{{level: RiskLevel.LOW, pair: ('a','b')}} as {encoded.decode()} (transcoding called "
        f"{len(calls)} times) and decoded level as {type(decoded['level']).__name__}, "
        f"pair as {type(decoded['pair']).__name__}"
    )


# --------------------------------------------------------------------------- codec checks


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down."""
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a):
        return same(vars(a), vars(b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def normal(value: Any) -> Any:
    """What survives JSON: enums as their value, tuples as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [normal(item) for item in value]
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, normal(vars(value)))
    return value


def type_losses(original: Any, decoded: Any) -> set[str]:
    """'Class.field: Type -> type' for each field whose type did not survive."""
    name = type(original).__qualname__
    after = vars(decoded)
    return {
        f"{name}.{field}: {_type_name(value)} -> {_type_name(after.get(field))}"
        for field, value in vars(original).items()
        if not same(value, after.get(field))
    }


def _type_name(value: Any) -> str:
    if isinstance(value, list | tuple) and value:
        return f"{type(value).__name__}[{type(value[0]).__name__}]"
    return type(value).__name__


@dataclasses.dataclass(frozen=True)
class RoundTrip:
    strict: int
    loose: int
    losses: list[str]


def round_trip(mapper: Mapper[UUID], events: Sequence[Any]) -> RoundTrip:
    strict = loose = 0
    losses: set[str] = set()
    for original in events:
        decoded = mapper.to_domain_event(mapper.to_stored_event(original))
        if same(original, decoded):
            strict += 1
        else:
            losses |= type_losses(original, decoded)
        loose += normal(vars(original)) == normal(vars(decoded))
    return RoundTrip(strict, loose, sorted(losses))


def best_seconds(work: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def codec_figures(mapper: Mapper[UUID], events: Sequence[Any]) -> dict[str, float]:
    stored: list[StoredEvent] = [mapper.to_stored_event(e) for e in events]
    encode = best_seconds(lambda: [mapper.to_stored_event(e) for e in events])
    decode = best_seconds(lambda: [mapper.to_domain_event(s) for s in stored])
    return {
        "encode_per_s": len(events) / encode,
        "decode_per_s": len(events) / decode,
        "bytes_per_event": sum(len(s.state) for s in stored) / len(stored),
    }


def bench_codec(count: int = CODEC_EVENTS) -> dict[str, Any]:
    events = Corpus().events(count)
    ours = MsgspecMapper()
    ours.keyring = Keyring(  # sealing included: ours encrypts identifying fields too
        keys_engine("sqlite://"), MasterKeys((secrets.token_bytes(KEY_BYTES),))
    )
    default, added = default_mapper(events)
    checks = {"ours": round_trip(ours, events), "default_json": round_trip(default, events)}
    if checks["ours"].strict != len(events):
        raise SystemExit(f"our mapper lost types: {checks['ours'].losses}")
    if checks["default_json"].loose != len(events):
        raise SystemExit("the default mapper does not round-trip even loosely")
    figures = {"ours": codec_figures(ours, events), "default_json": codec_figures(default, events)}
    return {
        "events": len(events),
        "event_classes": len({type(e) for e in events}),
        **figures,
        "ratios_ours_vs_default": {
            k: figures["ours"][k] / figures["default_json"][k] for k in figures["ours"]
        },
        "transcodings_added_for_default": added,
        "round_trip": {k: dataclasses.asdict(v) for k, v in checks.items()},
        "enum_probe": enum_probe(),
    }


# --------------------------------------------------------------------------- reporting


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return " | ".join(
            c.rjust(w) if i else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def commands_table(results: dict[str, dict[str, Any]]) -> str:
    rows: list[list[str]] = []
    for store, result in results.items():
        if "skipped" in result:
            rows.append([store, "skipped", "-", "-", "-", "-", "-"])
            continue
        for system in ("ours", "baseline"):
            s = result[system]
            ratio = s["per_second"] / result["baseline"]["per_second"]
            rows.append([
                store, system, str(s["commands"]), f"{s['per_second']:,.0f}",
                f"{s['p50_ms']:.2f}", f"{s['p99_ms']:.2f}", f"{ratio:.2f}x",
            ])  # fmt: skip
    headers = ("store", "system", "commands", "commands/s", "p50 ms", "p99 ms", "vs baseline")
    return table(headers, rows)


def codec_table(codec: dict[str, Any]) -> str:
    rows = [
        [
            name,
            f"{f['encode_per_s']:,.0f}",
            f"{f['decode_per_s']:,.0f}",
            f"{f['bytes_per_event']:.0f}",
        ]
        for name, f in (("ours (msgspec)", codec["ours"]), ("default JSON", codec["default_json"]))
    ]
    r = codec["ratios_ours_vs_default"]
    rows.append([
        "ratio ours/default", f"{r['encode_per_s']:.2f}x", f"{r['decode_per_s']:.2f}x",
        f"{r['bytes_per_event']:.2f}x",
    ])  # fmt: skip
    return table(("codec", "encode ev/s", "decode ev/s", "bytes/event"), rows)


def print_codec_notes(codec: dict[str, Any]) -> None:
    trips, n = codec["round_trip"], codec["events"]
    print(f"{n} events of {codec['event_classes']} classes from busy journeys built in memory")
    print("transcodings added so the default mapper can encode them at all:")
    for name in codec["transcodings_added_for_default"]:
        print(f"  + {name}")
    print(f"round trip, types preserved:  ours {trips['ours']['strict']}/{n}, "
          f"default {trips['default_json']['strict']}/{n}")  # fmt: skip
    print(f"round trip, equal as JSON (enum=str, tuple=list): ours {trips['ours']['loose']}/{n}, "
          f"default {trips['default_json']['loose']}/{n}")  # fmt: skip
    print("types the default mapper cannot restore (no Transcoding hook: json encodes")
    print("str and tuple subclasses natively, so `default` is never called):")
    for loss in trips["default_json"]["losses"]:
        print(f"  - {loss}")
    print(codec["enum_probe"])


def machine(postgres: str | None) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "eventsourcing": package_version("eventsourcing"),
        "msgspec": package_version("msgspec"),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres,
    }


# --------------------------------------------------------------------------- commands


def store_result(store: Store, setup: list[Op], ops: list[Op], dates: Dates) -> dict[str, Any]:
    print(f"[{store.name}] ours: {len(setup)} setup + {len(ops)} measured commands ...", flush=True)
    ours = run_ours(store, setup, ops, dates)
    print(f"[{store.name}] baseline ...", flush=True)
    plain = run_plain(store, setup, ops, dates)
    print(f"[{store.name}] refusals: ours {sum(ours.refusals.values())}, "
          f"baseline {sum(plain.refusals.values())}; events stored (setup included): "
          f"ours {ours.events_stored}, baseline {plain.events_stored}")  # fmt: skip
    for refusal, count in ours.refusals.items():
        print(f"[{store.name}] REFUSED x{count}: {refusal}")
    return {
        "ours": dataclasses.asdict(ours),
        "baseline": dataclasses.asdict(plain),
        "ratios_ours_vs_baseline": {
            "commands_per_s": ours.per_second / plain.per_second,
            "p50": ours.p50_ms / plain.p50_ms,
            "p99": ours.p99_ms / plain.p99_ms,
        },
    }


def plan_ops(count: int) -> tuple[list[Op], list[Op], dict[str, int]]:
    planner = Planner(random.Random(SEED), [beds for _, beds in FACILITIES])
    setup = planner.setup()
    ops = planner.measured(count)
    return setup, ops, dict(Counter(op.kind for op in ops).most_common())


def warn_leaky_env() -> None:
    for key in LEAKY_ENV:
        if key in os.environ:
            print(f"WARNING: ${key} is set; eventsourcing reads it, so the baseline may "
                  "not use the library defaults")  # fmt: skip


def cmd_commands(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    warn_leaky_env()
    pg_url = postgres_url_of(args)
    pg_version, pg_error = wanted_postgres(args.database, pg_url)
    dates = Dates(datetime.now(UTC).date())
    count = SMOKE_COMMANDS if args.smoke else args.commands
    setup, ops, mix = plan_ops(count)
    print(f"command mix ({len(ops)} measured, seed {SEED}): {mix}")
    results: dict[str, dict[str, Any]] = {}
    if args.database != "postgres":
        with sqlite_store() as store:
            results["sqlite"] = store_result(store, setup, ops, dates)
    if pg_error:
        results["postgresql"] = {"skipped": pg_error}
    else:
        with postgres_store(pg_url) as store:
            results["postgresql"] = store_result(store, setup, ops, dates)
    print("[codec] serialisation ...", flush=True)
    codec = bench_codec(SMOKE_CODEC_EVENTS if args.smoke else CODEC_EVENTS)
    report = {
        "benchmark": "commands",
        "smoke": args.smoke,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(pg_version),
        "postgres_url": masked(pg_url),
        "mix": mix,
        "stores": results,
        "codec": codec,
        "seconds": time.perf_counter() - started,
    }
    print_commands_report(report)
    return report


def postgres_url_of(args: argparse.Namespace) -> str:
    """--postgres-url, else $JOURNEY_TEST_POSTGRES_URL, else the local default."""
    url: str = (
        args.postgres_url or os.environ.get("JOURNEY_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    )
    return url


def wanted_postgres(database: str, url: str) -> tuple[str | None, str | None]:
    """(server version, None), or (None, why PostgreSQL is left out); with `--database
    postgres` an unreachable server stops the run instead."""
    if database == "sqlite":
        return None, "not measured (--database sqlite)"
    version, error = postgres_version(url)
    if error and database == "postgres":
        raise SystemExit(f"PostgreSQL at {masked(url)} is unreachable: {error}")
    if error:
        print(f"PostgreSQL at {masked(url)} is UNREACHABLE ({error}); benchmarking SQLite only")
        return None, f"unreachable: {error}"
    return version, None


def print_commands_report(report: dict[str, Any]) -> None:
    print("\n== commands: ours (bus + msgspec + domain rules) vs plain eventsourcing ==")
    print(commands_table(report["stores"]))
    print("baseline: eventsourcing Application, default JSON transcoder, @event aggregates,")
    print("the same reads and saves per command; 'vs baseline' = commands/s ratio.")
    print("\n== serialisation alone ==")
    print(codec_table(report["codec"]))
    print_codec_notes(report["codec"])


# --------------------------------------------------------------------------- pipeline: load

DEFAULT_EVENTS = 100_000
EVENTS_PER_JOURNEY = 24  # the demo's journeys average ~27 stored events: a margin
COPY_CHUNK = 5_000
RELAY_TARGET = 10_000.0
RATIO_TARGET = 10.0
P99_TARGET_MS = 250.0
TOTAL_TARGET_SECONDS = 480.0
FRESHNESS_RATE = 100.0
FRESHNESS_SECONDS = 20.0
FRESHNESS_CASES = 400
SMOKE_EVENTS = 1_000
VISIBLE_POLL_SECONDS = 0.002
BASELINE_NAME = "caseload_baseline"
CASELOAD_COLUMNS = (
    "case_id, case_number, beneficiary_code, caseworker, stage, risk_level, opened_on, "
    "last_activity_at, risk_assessed_on, next_review_due, position"
)


def case_event_classes() -> list[type[Any]]:
    return [
        cls
        for cls in vars(Case).values()
        if isinstance(cls, type) and issubclass(cls, JourneyAggregate.Event)
    ]


CASE_TOPICS = tuple(sorted(get_topic(cls) for cls in case_event_classes()))


@dataclasses.dataclass(frozen=True)
class Loaded:
    events: int
    journeys: int
    commands: int
    case_events: int
    last_case_position: int
    simulate_seconds: float
    copy_seconds: float


def simulate(count: int) -> tuple[Journey, DemoSummary]:
    """`journey demo`'s journeys through the real command bus, on the in-memory store."""
    clock = ScriptedClock(DEMO_START)
    journey = build("memory://", clock)
    summary = Demo(journey, clock, SEED).run(-(-count // EVENTS_PER_JOURNEY))
    stored = journey.app.recorder.max_notification_id() or 0
    if stored < count:
        journey.close()
        raise SystemExit(f"the demo stored {stored} < {count} events: lower EVENTS_PER_JOURNEY")
    return journey, summary


def copy_into(source: JourneyApp, target: JourneyApp, count: int) -> list[int]:
    """The first `count` stored events, same bytes and order, with their data keys;
    the Case events' positions."""
    copied = copy_log(source, target, count, COPY_CHUNK)
    stored = target.recorder.max_notification_id()
    if stored != count:
        raise SystemExit(f"copied {count} events but the store's log ends at {stored}")
    return [position for position, topic in copied.positions if topic in CASE_TOPICS]


def load_store(url: str, count: int) -> Loaded:
    started = time.perf_counter()
    memory, summary = simulate(count)
    simulated = time.perf_counter() - started
    journey = build(url)
    try:
        positions = copy_into(memory.app, journey.app, count)
    finally:
        journey.close()
        memory.close()
    copied = time.perf_counter() - started - simulated
    return Loaded(
        count,
        summary.beneficiaries,
        summary.commands,
        len(positions),
        max(positions),
        simulated,
        copied,
    )


# --------------------------------------------------------------------------- pipeline: relay


async def publish_all(
    recorder: ApplicationRecorder, nats_url: str, stream: StreamSettings, count: int
) -> dict[str, Any]:
    """Run the relay from an empty stream until it has published `count` events."""
    stop = asyncio.Event()
    errors: set[str] = set()

    def on_status(status: RelayStatus) -> None:
        if status.last_error:
            errors.add(status.last_error)
        if status.position >= count:
            stop.set()

    relay = Relay(recorder, nats_url, stream, on_status=on_status)
    started = time.perf_counter()
    await relay.run(stop)
    seconds = time.perf_counter() - started
    last_seq = await stream_last_seq(nats_url, stream)
    return {
        "events": count,
        "seconds": seconds,
        "events_per_s": count / seconds,
        "batch": relay.settings.batch,
        "stream_last_seq": last_seq,
        "errors": sorted(errors),
    }


async def stream_last_seq(nats_url: str, stream: StreamSettings) -> int:
    client = await connect(nats_url, "journey-bench", reconnect=False)
    try:
        info = await client.jetstream().stream_info(stream.name)
        return int(info.state.last_seq)
    finally:
        await client.close()


async def delete_consumer(nats_url: str, stream: StreamSettings, durable: str) -> None:
    client = await connect(nats_url, "journey-bench", reconnect=False)
    try:
        await client.jetstream().delete_consumer(stream.name, durable)
    finally:
        await client.close()


def run_relay_phase(url: str, nats_url: str, stream: StreamSettings, count: int) -> dict[str, Any]:
    journey = build(url)
    try:
        return asyncio.run(publish_all(journey.app.recorder, nats_url, stream, count))
    finally:
        journey.close()


# --------------------------------------------------------------------------- pipeline: rebuild


async def rebuild_model(
    model: ReadModel, engine: Engine, nats_url: str, stream: StreamSettings, events: int
) -> dict[str, Any]:
    durable = f"bench-rebuild-{model.name}"
    source = NatsSource(nats_url, stream, durable)
    started = time.perf_counter()
    try:
        generation = await rebuild(model, engine, source)
    except RebuildFailed as error:
        return {"error": str(error), "seconds": time.perf_counter() - started}
    seconds = time.perf_counter() - started
    await delete_consumer(nats_url, stream, durable)
    return {
        "events": events,
        "seconds": seconds,
        "events_per_s": events / seconds,
        "generation": generation,
        "rows": generation_rows(engine, model, generation),
    }


def generation_rows(engine: Engine, model: ReadModel, generation: int) -> dict[str, int]:
    tables = model.define(MetaData(), generation)
    with engine.connect() as conn:
        return {
            view: int(conn.execute(select(func.count()).select_from(physical)).scalar_one())
            for view, physical in tables.items()
        }


def run_rebuilds(
    engine: Engine, nats_url: str, stream: StreamSettings, events: int
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, model in read_models().items():
        print(f"[rebuild] {name} ...", flush=True)
        results[name] = asyncio.run(rebuild_model(model, engine, nats_url, stream, events))
    return results


# --------------------------------------------------------------------------- pipeline: baseline


class CaseloadBaselineView(PostgresTrackingRecorder):
    """The caseload as a materialised view in the library's own style (its PostgreSQL
    `EventCounters` example): a tracking recorder whose methods each write one row
    change and the tracking record in one transaction of the view's datastore."""

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.table = self.tracking_table_name.removesuffix("_tracking")
        self.check_identifier_length(self.table)
        self.sql_create_statements.append(self._sql(BASELINE_TABLE_SQL))
        self.upsert_statement = self._sql(BASELINE_UPSERT_SQL)
        self._updates: dict[tuple[str, ...], sql.Composed] = {}

    def _sql(self, template: str) -> sql.Composed:
        return sql.SQL(template).format(
            sql.Identifier(self.datastore.schema), sql.Identifier(self.table)
        )

    def open_case(self, row: dict[str, Any], tracking: Tracking) -> None:
        self._write(self.upsert_statement, row, tracking)

    def change_case(self, case_id: str, values: dict[str, Any], tracking: Tracking) -> None:
        self._write(self._update(tuple(values)), {**values, "case_id": case_id}, tracking)

    def _update(self, columns: tuple[str, ...]) -> sql.Composed:
        if columns not in self._updates:
            assignments = sql.SQL(", ").join(
                sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in columns
            )
            self._updates[columns] = sql.SQL(
                "UPDATE {}.{} SET {} WHERE case_id = %(case_id)s"
            ).format(sql.Identifier(self.datastore.schema), sql.Identifier(self.table), assignments)
        return self._updates[columns]

    def _write(self, statement: sql.Composed, params: dict[str, Any], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as curs:
            self._insert_tracking(curs, tracking)
            curs.execute(statement, params, prepare=True)


BASELINE_TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS {0}.{1} ("
    "case_id varchar(36) PRIMARY KEY, case_number varchar(32) NOT NULL, "
    "beneficiary_code varchar(32) NOT NULL, caseworker varchar(100), "
    "stage varchar(32) NOT NULL, risk_level varchar(16), opened_on date NOT NULL, "
    "last_activity_at timestamptz NOT NULL, risk_assessed_on date, "
    "next_review_due date NOT NULL, position integer NOT NULL)"
)
BASELINE_UPSERT_SQL = (
    "INSERT INTO {0}.{1} (case_id, case_number, beneficiary_code, caseworker, stage, "
    "risk_level, opened_on, last_activity_at, risk_assessed_on, next_review_due, position) "
    "VALUES ("
    "%(case_id)s, %(case_number)s, %(beneficiary_code)s, %(caseworker)s, %(stage)s, "
    "%(risk_level)s, %(opened_on)s, %(last_activity_at)s, %(risk_assessed_on)s, "
    "%(next_review_due)s, %(position)s) ON CONFLICT (case_id) DO UPDATE SET "
    "case_number = EXCLUDED.case_number, beneficiary_code = EXCLUDED.beneficiary_code, "
    "caseworker = EXCLUDED.caseworker, stage = EXCLUDED.stage, "
    "risk_level = EXCLUDED.risk_level, opened_on = EXCLUDED.opened_on, "
    "last_activity_at = EXCLUDED.last_activity_at, "
    "risk_assessed_on = EXCLUDED.risk_assessed_on, "
    "next_review_due = EXCLUDED.next_review_due, position = EXCLUDED.position"
)
BASELINE_PER_EVENT = (
    "per Case event (the runner subscribes with topics = the Case event classes, so the "
    "store filters the rest): the library's subscription decodes the stored event with "
    "the application's mapper, ProjectionRunner calls the @singledispatchmethod "
    "process_event, whose handler opens one transaction on the view's pooled connection "
    "(datastore.transaction(commit=True)), upserts the tracking row "
    "(_insert_tracking, prepared) and runs one prepared statement: Case.Opened -> "
    "INSERT .. ON CONFLICT (case_id) DO UPDATE of the whole row, every other Case event "
    "-> UPDATE .. WHERE case_id of the columns it changes plus last_activity_at and "
    "position; then COMMIT"
)

_BASELINE_STAGES: dict[type[Any], Stage] = {
    Case.ScreeningStarted: Stage.SCREENING,
    Case.ScreenedIn: Stage.REFLECTION_PERIOD,
    Case.ScreenedOut: Stage.CLOSED,
    Case.AssessmentStarted: Stage.ASSESSMENT,
    Case.ReintegrationStarted: Stage.REINTEGRATION,
    Case.FollowUpStarted: Stage.FOLLOW_UP,
}
_BASELINE_APPROVED: dict[ApprovalSubject, Stage] = {
    ApprovalSubject.ASSESSMENT: Stage.CASE_PLAN,
    ApprovalSubject.CASE_PLAN: Stage.SERVICE_PROVISION,
    ApprovalSubject.CLOSURE: Stage.CLOSED,
}
StageEvent = (
    Case.ScreeningStarted
    | Case.ScreenedIn
    | Case.ScreenedOut
    | Case.AssessmentStarted
    | Case.ReintegrationStarted
    | Case.FollowUpStarted
)


def activity(domain_event: Any, tracking: Tracking) -> dict[str, Any]:
    return {"last_activity_at": domain_event.timestamp, "position": tracking.notification_id}


class CaseloadBaseline(Projection[CaseloadBaselineView]):
    name = BASELINE_NAME
    topics = CASE_TOPICS

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Any other Case event: only the activity columns change."""
        self._change(domain_event, {}, tracking)

    @process_event.register
    def opened(self, domain_event: Case.Opened, tracking: Tracking) -> None:
        opened_on = local_date(domain_event.timestamp)  # days are Kosovo's, as in ours
        row = {
            "case_id": str(domain_event.originator_id),
            "case_number": domain_event.case_number,
            "beneficiary_code": domain_event.beneficiary_code,
            "caseworker": None,
            "stage": Stage.INTAKE.value,
            "risk_level": None,
            "opened_on": opened_on,
            "risk_assessed_on": None,
            "next_review_due": opened_on + FIRST_ASSESSMENT_DUE,
            **activity(domain_event, tracking),
        }
        self.view.open_case(row, tracking)

    @process_event.register
    def assigned(self, domain_event: Case.CaseworkerAssigned, tracking: Tracking) -> None:
        self._change(domain_event, {"caseworker": domain_event.caseworker}, tracking)

    @process_event.register
    def assessed(self, domain_event: Case.RiskAssessed, tracking: Tracking) -> None:
        on = domain_event.assessed_on  # the day stated, not the day recorded
        values = {
            "risk_level": domain_event.level.value,
            "risk_assessed_on": on,
            "next_review_due": on + REVIEW_INTERVAL[domain_event.level],
        }
        self._change(domain_event, values, tracking)

    @process_event.register
    def staged(self, domain_event: StageEvent, tracking: Tracking) -> None:
        stage = _BASELINE_STAGES[type(domain_event)]
        self._change(domain_event, {"stage": stage.value}, tracking)

    @process_event.register
    def approved(self, domain_event: Case.ApprovalGranted, tracking: Tracking) -> None:
        stage = _BASELINE_APPROVED[domain_event.subject]
        self._change(domain_event, {"stage": stage.value}, tracking)

    @process_event.register
    def reopened(self, domain_event: Case.Reopened, tracking: Tracking) -> None:
        self._change(domain_event, {"stage": Stage(domain_event.stage).value}, tracking)

    def _change(self, domain_event: Any, values: dict[str, Any], tracking: Tracking) -> None:
        values = {**values, **activity(domain_event, tracking)}
        self.view.change_case(str(domain_event.originator_id), values, tracking)


def run_baseline(url: str, loaded: Loaded) -> dict[str, Any]:
    """The library's ProjectionRunner over the same store, until it tracked the last Case event."""
    started = time.perf_counter()
    runner: ProjectionRunner[JourneyApp, CaseloadBaselineView]
    with ProjectionRunner(
        application_class=JourneyApp,
        projection_class=CaseloadBaseline,
        view_class=CaseloadBaselineView,
        env=store_env(url),
    ) as runner:
        while (runner.view.max_tracking_id(runner.app_name) or 0) < loaded.last_case_position:
            runner.run_forever(timeout=0.01)
            if runner.is_interrupted.is_set():
                raise SystemExit("the library's projection runner stopped early")
        seconds = time.perf_counter() - started
    return {
        "events": loaded.events,
        "case_events_processed": loaded.case_events,
        "seconds": seconds,
        "events_per_s": loaded.events / seconds,
        "case_events_per_s": loaded.case_events / seconds,
        "table": f"{BASELINE_NAME}, tracking in {BASELINE_NAME}_tracking",
        "per_event": BASELINE_PER_EVENT,
    }


NO_SQLITE_BASELINE = (
    "not run on SQLite: eventsourcing's SQLiteApplicationRecorder has no subscriptions, "
    "which its ProjectionRunner needs"
)


def library_baseline(
    url: str, engine: Engine, loaded: Loaded, rebuilds: dict[str, Any]
) -> dict[str, Any]:
    """The library runner's figures and its caseload compared with ours (PostgreSQL)."""
    if not url.startswith("postgres"):
        return {"skipped": NO_SQLITE_BASELINE}
    print("[baseline] eventsourcing ProjectionRunner ...", flush=True)
    baseline = run_baseline(url, loaded)
    generation = rebuilds.get("caseload", {}).get("generation")
    if generation is not None:
        baseline["compared_with_ours"] = compare_caseloads(engine, generation)
    return baseline


def compare_caseloads(engine: Engine, generation: int) -> dict[str, Any]:
    """Ours (the rebuilt generation's table) against the baseline's table, row by row."""
    ours = physical_name("caseload", generation)
    queries = [
        text(f'SELECT {CASELOAD_COLUMNS} FROM "{name}" ORDER BY case_id')  # noqa: S608
        for name in (ours, BASELINE_NAME)
    ]
    with engine.connect() as conn:
        ours_rows, baseline_rows = (conn.execute(q).all() for q in queries)
    return {"rows": len(ours_rows), "identical": ours_rows == baseline_rows}


# --------------------------------------------------------------------------- pipeline: freshness


@dataclasses.dataclass(frozen=True)
class Accepted:
    case_id: str
    position: int
    at: float


Positions = Callable[[list[str]], dict[str, int]]


@contextmanager
def shown_positions(read_url: str) -> Iterator[Positions]:
    """The `caseload` view's position of each case, read with the driver itself."""
    if read_url.startswith("sqlite"):
        path = read_url.removeprefix("sqlite:///")
        lite = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            yield lambda ids: dict(lite.execute(SHOWN_SQLITE.format(",".join("?" * len(ids))), ids))
        finally:
            lite.close()
        return
    schema = parse_qs(urlsplit(read_url).query).get("schema", [""])[0]
    options = f"-c search_path={schema}" if schema else ""
    with psycopg.connect(postgres_dsn(read_url), autocommit=True, options=options) as conn:
        yield lambda ids: dict(conn.execute(SHOWN_POSTGRES, (ids,)).fetchall())


SHOWN_POSTGRES = "SELECT case_id, position FROM caseload WHERE case_id = ANY(%s)"
SHOWN_SQLITE = "SELECT case_id, position FROM caseload WHERE case_id IN ({})"


class VisibilityWatch:
    """A thread that polls the `caseload` view until each accepted command shows."""

    def __init__(self, read_url: str) -> None:
        self.read_url = read_url
        self.lock = threading.Lock()
        self.pending: list[Accepted] = []
        self.latencies_ms: list[float] = []
        self.polls = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="visibility", daemon=True)

    def add(self, accepted: Accepted) -> None:
        with self.lock:
            self.pending.append(accepted)

    def waiting(self) -> int:
        with self.lock:
            return len(self.pending)

    def _run(self) -> None:
        with shown_positions(self.read_url) as shown:
            while not self.stop.is_set():
                self._poll(shown)
                time.sleep(VISIBLE_POLL_SECONDS)

    def _poll(self, positions: Positions) -> None:
        with self.lock:
            waiting = list(self.pending)
        if not waiting:
            return
        shown = positions(sorted({a.case_id for a in waiting}))
        seen = time.perf_counter()
        self.polls += 1
        done = [a for a in waiting if shown.get(a.case_id, 0) >= a.position]
        with self.lock:
            self.pending = [a for a in self.pending if a not in done]
            self.latencies_ms += [(seen - a.at) * 1e3 for a in done]


@dataclasses.dataclass
class LiveCase:
    case_id: UUID
    caseworker: str | None


@dataclasses.dataclass(frozen=True)
class Freshness:
    """The freshness stage's load: `rate` commands/s for `seconds` on `cases` open cases."""

    rate: float = FRESHNESS_RATE
    seconds: float = FRESHNESS_SECONDS
    cases: int = FRESHNESS_CASES


SMOKE_FRESHNESS = Freshness(rate=50.0, seconds=2.0, cases=40)


def open_cases(engine: Engine, count: int) -> list[LiveCase]:
    query = text("SELECT case_id, caseworker FROM caseload ORDER BY case_id LIMIT :n")
    with engine.connect() as conn:
        rows = conn.execute(query, {"n": count})
        return [LiveCase(UUID(row[0]), row[1]) for row in rows]


def live_command(index: int, case: LiveCase, rng: random.Random) -> tuple[Command, str]:
    if index % 2:
        level = rng.choice(list(RiskLevel))
        return AssessRisk(level=level, rationale="reviewed at the weekly meeting"), WORKER
    worker = rng.choice([w for w in CASEWORKERS if w != case.caseworker])
    case.caseworker = worker
    return AssignCaseworker(caseworker=worker), MANAGER


def drive_commands(
    journey: Journey, cases: list[LiveCase], watch: VisibilityWatch, load: Freshness
) -> dict[str, Any]:
    """Commands at a steady `load.rate` for `load.seconds`, each handed to the watch."""
    rng = random.Random(SEED)
    total = int(load.rate * load.seconds)
    refused: Counter[str] = Counter()
    behind = 0.0
    started = time.perf_counter()
    for index in range(total):
        delay = started + index / load.rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        behind = max(behind, -delay)
        case = cases[index % len(cases)]
        command, actor = live_command(index, case, rng)
        try:
            result = journey.bus.execute(case.case_id, command, actor=actor)
        except DomainError as error:
            refused[f"{type(command).__name__}: {error}"] += 1
            continue
        watch.add(Accepted(str(case.case_id), result.position, time.perf_counter()))
    seconds = time.perf_counter() - started
    return {
        "cases": len(cases),
        "commands": total,
        "seconds": seconds,
        "commands_per_s": total / seconds,
        "max_behind_schedule_ms": behind * 1e3,
        "refused": dict(refused),
    }


def child_processes(env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    cli = [sys.executable, "-m", "adapters.cli"]
    children = []
    for name, argv in (("relay", [*cli, "relay"]), ("worker", [*cli, "worker", "caseload"])):
        with (logs / f"{name}.log").open("wb") as log:
            children.append(
                subprocess.Popen(  # noqa: S603
                    argv, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
                )
            )
    return children


def stop_children(children: Sequence[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(5)


def wait_live(engine: Engine, head: int, children: Sequence[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            break
        relay = catalog.statuses(engine).get("relay")
        if relay and relay["state"] == "running" and wait_for_position(engine, "caseload", head, 0):
            return
        time.sleep(0.1)
    raise SystemExit("the relay or the caseload worker did not come up: see their logs above")


def latency_figures(latencies: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50_ms": cuts[49], "p99_ms": cuts[98], "max_ms": max(latencies)}


def measure_freshness(bench: PipelineBench, engine: Engine, head: int) -> dict[str, Any]:
    env = {
        **os.environ,
        "JOURNEY_DATA_DIR": str(bench.workdir / "data"),
        "JOURNEY_DATABASE_URL": bench.url,
        "JOURNEY_READ_DATABASE_URL": bench.read_url,
        "JOURNEY_NATS_URL": bench.nats_url,
        # one master key for the store, whichever process opens it
        "JOURNEY_MASTER_KEY_FILE": str(Settings.for_url(bench.url).master_key_file.resolve()),
    }
    children = child_processes(env, bench.workdir)
    journey = build(bench.url)
    watch = VisibilityWatch(bench.read_url)
    switch = sys.getswitchinterval()
    try:
        wait_live(engine, head, children)
        sys.setswitchinterval(0.0005)  # the poller thread gets the GIL promptly
        watch.thread.start()
        driven = drive_commands(journey, open_cases(engine, bench.load.cases), watch, bench.load)
        deadline = time.monotonic() + 30
        while watch.waiting() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        watch.stop.set()
        sys.setswitchinterval(switch)
        stop_children(children)
        journey.close()
    print_child_errors(bench.workdir)
    return {
        "mode": "relay and caseload worker as subprocesses (python -m adapters.cli relay | "
        "worker caseload); commands and the visibility poller in this process",
        **driven,
        "visible": len(watch.latencies_ms),
        "never_visible": watch.waiting(),
        "poll_ms": VISIBLE_POLL_SECONDS * 1e3,
        "polls": watch.polls,
        **latency_figures(watch.latencies_ms),
    }


def print_child_errors(logs: Path) -> None:
    for name in ("relay", "worker"):
        lines = (logs / f"{name}.log").read_text(errors="replace").splitlines()
        bad = [
            line for line in lines if "WARNING" in line or "ERROR" in line or "Traceback" in line
        ]
        if bad:
            print(f"[freshness] {name} logged {len(bad)} warnings/errors, e.g.: {bad[0]}")


# --------------------------------------------------------------------------- pipeline: run


@dataclasses.dataclass(frozen=True)
class PipelineBench:
    url: str  # the store: a fresh PostgreSQL schema, or an SQLite file in the work dir
    nats_url: str
    workdir: Path
    load: Freshness = dataclasses.field(default_factory=Freshness)
    stream: StreamSettings = dataclasses.field(default_factory=StreamSettings)

    @property
    def read_url(self) -> str:
        """The read models' database: the same schema, or `read.db` beside the store."""
        return Settings.for_url(self.url).read_url


@contextmanager
def pipeline_store(database: str, pg_url: str, workdir: Path) -> Iterator[str]:
    """The store's URL: a fresh schema (dropped afterwards), or a file in `workdir`."""
    if database == "sqlite":
        yield f"sqlite:///{workdir / 'store' / 'journey.db'}"
        return
    base = postgres_dsn(pg_url)
    with bench_schema(base) as schema:
        yield f"{base}?schema={schema}"


@contextmanager
def bench_schema(base: str) -> Iterator[str]:
    schema = f"bench_{uuid4().hex[:10]}"
    try:
        ensure_postgres_schema(f"{base}?schema={schema}")
        yield schema
    finally:
        drop_schemas(base, (schema,))


def drop_schemas(base: str, schemas: Sequence[str]) -> None:
    with psycopg.connect(base, autocommit=True) as conn:
        for schema in schemas:
            drop = sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
            conn.execute(drop.format(sql.Identifier(schema)))


def run_pipeline(bench: PipelineBench, events: int) -> dict[str, Any]:
    print(
        f"[load] {events} events: demo journeys on the in-memory store, copied to "
        f"{masked(bench.url)} ...",
        flush=True,
    )
    loaded = load_store(bench.url, events)
    print(
        f"[load] {loaded.journeys} journeys, {loaded.commands} commands; "
        f"{loaded.simulate_seconds + loaded.copy_seconds:.1f} s",
        flush=True,
    )
    print("[relay] publishing from position 0 ...", flush=True)
    relay = run_relay_phase(bench.url, bench.nats_url, bench.stream, events)
    engine = read_engine(bench.read_url)
    try:
        rebuilds = run_rebuilds(engine, bench.nats_url, bench.stream, events)
        baseline = library_baseline(bench.url, engine, loaded, rebuilds)
        print(
            f"[freshness] {bench.load.rate:.0f} commands/s for {bench.load.seconds:.0f} s ...",
            flush=True,
        )
        freshness = measure_freshness(bench, engine, events)
    finally:
        engine.dispose()
    return {
        "load": dataclasses.asdict(loaded)
        | {"seconds": loaded.simulate_seconds + loaded.copy_seconds},
        "relay": relay,
        "rebuild": rebuilds,
        "baseline": baseline,
        "freshness": freshness,
    }


def pipeline_ratios(report: dict[str, Any]) -> dict[str, float]:
    caseload = report["rebuild"].get("caseload", {})
    if "events_per_s" not in caseload or "events_per_s" not in report["baseline"]:
        return {}
    return {
        "caseload_rebuild_vs_library_runner": caseload["events_per_s"]
        / report["baseline"]["events_per_s"]
    }


def nats_server_version() -> str:
    done = subprocess.run(  # noqa: S603
        [nats_server_binary(), "--version"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or done.stderr.strip()


def cmd_pipeline(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    load_before = os.getloadavg()
    warn_leaky_env()
    pg_url = postgres_url_of(args)
    pg_version, _ = wanted_postgres(args.database, pg_url)
    events = SMOKE_EVENTS if args.smoke else args.events
    load = SMOKE_FRESHNESS if args.smoke else Freshness()
    with (
        tempfile.TemporaryDirectory(prefix="journey-pipeline-") as tmp,
        pipeline_store(args.database, pg_url, Path(tmp)) as url,
        EmbeddedNats(Path(tmp) / "nats") as nats,
    ):
        figures = run_pipeline(PipelineBench(url, nats.url, Path(tmp), load), events)
    postgres = args.database == "postgres"
    report = {
        "benchmark": "pipeline",
        "smoke": args.smoke,
        "store": "postgresql" if postgres else "sqlite",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(pg_version)
        | {
            "nats_server": nats_server_version(),
            "nats_py": package_version("nats-py"),
            "load_average_1_5_15_before": load_before,
            "load_average_1_5_15_after": os.getloadavg(),
        },
        "postgres_url": masked(pg_url) if postgres else None,
        "store_url": f"{masked(url)} (removed)",
        "events": events,
        **figures,
        "ratios": pipeline_ratios(figures),
        "seconds": time.perf_counter() - started,
    }
    report["targets"] = pipeline_targets(report)
    print_pipeline_report(report)
    return report


# --------------------------------------------------------------------------- pipeline: report


def pipeline_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    ratio = report["ratios"].get("caseload_rebuild_vs_library_runner")
    fresh = report["freshness"]
    return [
        {
            "metric": "relay events/s",
            "value": report["relay"]["events_per_s"],
            "target": f">= {RELAY_TARGET:,.0f}",
            "met": report["relay"]["events_per_s"] >= RELAY_TARGET,
        },
        {
            "metric": "caseload rebuild / library runner",
            "value": ratio,
            "target": f">= {RATIO_TARGET:.0f}x",
            "met": ratio is not None and ratio >= RATIO_TARGET,
        },
        {
            "metric": "freshness p99 ms",
            "value": fresh["p99_ms"],
            "target": f"<= {P99_TARGET_MS:.0f}",
            "met": fresh["p99_ms"] <= P99_TARGET_MS and not fresh["never_visible"],
        },
        {
            "metric": "total run s",
            "value": report["seconds"],
            "target": f"<= {TOTAL_TARGET_SECONDS:.0f}",
            "met": report["seconds"] <= TOTAL_TARGET_SECONDS,
        },
    ]


def pipeline_rows(report: dict[str, Any]) -> list[list[str]]:
    load, relay, base, fresh = (report[k] for k in ("load", "relay", "baseline", "freshness"))
    met = {t["metric"]: "yes" if t["met"] else "NO" for t in report["targets"]}
    target = {t["metric"]: t["target"] for t in report["targets"]}
    rows = [
        [
            "events stored",
            f"{load['events']:,}",
            f">= {DEFAULT_EVENTS:,}",
            "yes" if load["events"] >= DEFAULT_EVENTS else "NO",
        ],
        [
            "load s (demo in memory + copy)",
            f"{load['seconds']:.1f} ({load['simulate_seconds']:.1f} + {load['copy_seconds']:.1f})",
            "-",
            "-",
        ],
        [
            "relay events/s",
            f"{relay['events_per_s']:,.0f}",
            target["relay events/s"],
            met["relay events/s"],
        ],
    ]
    for name, result in report["rebuild"].items():
        value = f"{result['events_per_s']:,.0f}" if "events_per_s" in result else "FAILED"
        rows.append([f"rebuild {name} events/s", value, "-", "-"])
    rows += [
        ["library runner (caseload) events/s", _rate(base), "-", "-"],
        [
            "caseload rebuild / library runner",
            _ratio(report),
            target["caseload rebuild / library runner"],
            met["caseload rebuild / library runner"],
        ],
        ["freshness p50 ms", f"{fresh['p50_ms']:.1f}", "-", "-"],
        [
            "freshness p99 ms",
            f"{fresh['p99_ms']:.1f}",
            target["freshness p99 ms"],
            met["freshness p99 ms"],
        ],
        ["freshness max ms", f"{fresh['max_ms']:.1f}", "-", "-"],
        ["total run s", f"{report['seconds']:.0f}", target["total run s"], met["total run s"]],
    ]
    return rows


def _rate(figures: dict[str, Any]) -> str:
    return f"{figures['events_per_s']:,.0f}" if "events_per_s" in figures else "not run"


def _ratio(report: dict[str, Any]) -> str:
    ratio = report["ratios"].get("caseload_rebuild_vs_library_runner")
    return "-" if ratio is None else f"{ratio:.1f}x"


def print_baseline_notes(base: dict[str, Any]) -> None:
    if "skipped" in base:
        print(f"baseline: {base['skipped']}.")
        return
    print(
        f"baseline: eventsourcing {package_version('eventsourcing')} ProjectionRunner, "
        f"Projection + PostgresTrackingRecorder subclass; rate = all {base['events']:,} "
        f"stored events / seconds until it tracked the last Case event "
        f"({base['case_events_per_s']:,.0f} Case events/s)."
    )
    print(f"  {base['per_event']}.")
    compared = base.get("compared_with_ours")
    if compared:
        print(
            f"  equivalence: {compared['rows']} caseload rows, identical to ours: "
            f"{compared['identical']}"
        )


def print_pipeline_report(report: dict[str, Any]) -> None:
    load, base, fresh = report["load"], report["baseline"], report["freshness"]
    store = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[report["store"]]
    print(f"\n== pipeline: store -> relay -> NATS JetStream -> projections ({store}) ==")
    print(table(("metric", "value", "target", "met?"), pipeline_rows(report)))
    print(
        f"\nload: `journey demo` journeys ({load['journeys']} journeys, {load['commands']} "
        "commands through the command bus) on the in-memory store, then the first "
        f"{load['events']:,} stored events copied in order into {store} "
        f"({COPY_CHUNK} per insert_events; snapshots not copied); "
        f"{load['case_events']:,} of them are Case events."
    )
    print(
        f"rebuild: projections.rebuild over a NatsSource from stream message 1, all "
        f"{report['events']:,} events, rate = events / seconds until the views switched; "
        f"batches of {REBUILD_SETTINGS.batch:,}; every message is consumed, but only those "
        "of the aggregate types a model reads are decoded (the rest only move its position)."
    )
    print_baseline_notes(base)
    print(
        f"freshness: {fresh['mode']}; {fresh['commands']} commands (AssignCaseworker / "
        f"AssessRisk alternating on {fresh['cases']} open cases) at "
        f"{fresh['commands_per_s']:.1f}/s, max {fresh['max_behind_schedule_ms']:.1f} ms "
        f"behind schedule; accepted (bus returned) -> row in `caseload` with position >= "
        f"the command's, polled every {fresh['poll_ms']:.0f} ms; visible "
        f"{fresh['visible']}, never {fresh['never_visible']}, refused {fresh['refused']}."
    )


# --------------------------------------------------------------------------- api

API_CLIENTS = 8
API_COMMANDS = 3000  # the max-throughput phase, all clients together
API_MAX_SECONDS = 60.0  # ... which stops here if it has not finished
API_STEADY_RATE = 100.0
API_STEADY_SECONDS = 15.0
SMOKE_API_CLIENTS = 2
SMOKE_API_COMMANDS = 20
SMOKE_API_STEADY = (20.0, 1.0)  # commands/s, seconds
API_RATIO_TARGET = 0.5
API_P99_TARGET_MS = 50.0
API_TOTAL_TARGET_SECONDS = 180.0
API_ADMIN = "bench.admin"
API_CLINICIAN = "bench.clinician"
API_RETRIES = 3  # a client's retries of a 409 concurrent_writes ("try again")
API_ROUTES: dict[type[Command], CommandRoute] = {route.command: route for route in COMMAND_ROUTES}
CLINICAL_NOTES = frozenset({NoteCategory.MEDICAL, NoteCategory.PSYCHOLOGICAL})


class HttpRefusal(DomainError):
    """A command the API answered with a problem (4xx) or failed (5xx)."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        rule = problem.get("rule") or problem.get("title") or f"http_{status}"
        super().__init__(f"HTTP {status}: {problem.get('detail', problem)}", rule=str(rule))
        self.status = status


class HttpBus(CommandBus):
    """`execute` as a staff UI does it: one authenticated POST per command, keep-alive.

    The store and the clock are the server's, so nothing of CommandBus.__init__ applies.
    """

    def __init__(self, client: httpx.Client, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens  # actor (as OursRunner names it) -> bearer token
        self.retries = 0

    def execute(
        self,
        record_id: UUID | None,
        command: Command,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        route = API_ROUTES[type(command)]
        path = route.path.replace("{record_id:uuid}", str(record_id))
        headers = {"Authorization": f"Bearer {self.tokens[api_user(command, actor)]}"}
        headers["Content-Type"] = "application/json"
        if expected_version is not None:
            headers["If-Match"] = f'"{expected_version}"'
        body = msgspec.json.encode(command)
        for attempt in range(API_RETRIES + 1):
            answer = self.client.post(path, content=body, headers=headers)
            if answer.status_code in (200, 201):
                done = answer.json()
                return CommandResult(UUID(done["id"]), done["version"], done["position"])
            refusal = HttpRefusal(answer.status_code, problem_of(answer))
            if refusal.rule != "concurrent_writes" or attempt == API_RETRIES:
                break
            self.retries += 1
        raise refusal


def api_user(command: Command, actor: str) -> str:
    """Who sends it: facilities are an admin's, medical and psychological notes a
    clinician's (services/access.py); the rest the client's case manager's."""
    if type(command).__name__ in FACILITY_COMMANDS:
        return API_ADMIN
    if isinstance(command, AddNote) and command.category in CLINICAL_NOTES:
        return API_CLINICIAN
    return actor


def problem_of(answer: httpx.Response) -> dict[str, Any]:
    try:
        problem = answer.json()
    except ValueError:
        problem = None
    return problem if isinstance(problem, dict) else {"detail": answer.text}


@dataclasses.dataclass
class ApiClient:
    """One client thread: its own connection, users, records and queue of commands.

    Each client plans its own world (Planner with its own seed), so concurrent clients
    never depend on each other's records; its queue is consumed in order across phases.
    """

    runner: OursRunner
    bus: HttpBus
    setup: list[Op]
    queue: list[Op]
    done: int = 0
    latencies: list[float] = dataclasses.field(default_factory=list)
    refusals: Counter[str] = dataclasses.field(default_factory=Counter)

    def run_setup(self) -> None:
        for op in self.setup:
            self.runner.run(op)

    def run_next(self) -> None:
        op = self.queue[self.done]
        self.done += 1
        start = time.perf_counter()
        try:
            self.runner.run(op)
        except DomainError as error:
            self.refusals[f"{op.kind}: {error.rule}"] += 1
        self.latencies.append(time.perf_counter() - start)

    def phase(self) -> tuple[list[float], Counter[str], int]:
        """This phase's latencies, refusals and retries, reset for the next."""
        figures = (self.latencies, self.refusals, self.bus.retries)
        self.latencies, self.refusals, self.bus.retries = [], Counter(), 0
        return figures


def api_clients(
    journey: Journey, base_url: str, tokens: list[dict[str, str]], per_client: int, dates: Dates
) -> list[ApiClient]:
    clients = []
    for index, client_tokens in enumerate(tokens):
        planner = Planner(random.Random(SEED + index), [beds for _, beds in FACILITIES])
        setup = planner.setup()
        bus = HttpBus(httpx.Client(base_url=base_url, timeout=30.0), client_tokens)
        runner = OursRunner(dataclasses.replace(journey, bus=bus), dates)
        clients.append(ApiClient(runner, bus, setup, planner.measured(per_client)))
    return clients


def api_figures(clients: Sequence[ApiClient], seconds: float) -> dict[str, Any]:
    """The phase's figures over every client (and each client's reset)."""
    latencies: list[float] = []
    refusals: Counter[str] = Counter()
    retries = 0
    for client in clients:
        mine, refused, retried = client.phase()
        latencies += mine
        refusals += refused
        retries += retried
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "clients": len(clients),
        "commands": len(latencies),
        "seconds": seconds,
        "per_second": len(latencies) / seconds,
        "p50_ms": cuts[49] * 1e3,
        "p99_ms": cuts[98] * 1e3,
        "max_ms": max(latencies) * 1e3,
        "refusals": dict(refusals),
        "concurrent_writes_retried": retries,
    }


def api_max_throughput(clients: Sequence[ApiClient], per_client: int) -> dict[str, Any]:
    """Every client sends its next command as soon as the last one was answered."""
    for client in clients:  # one after the other: the setups do not race for codes
        client.run_setup()
    barrier = threading.Barrier(len(clients) + 1)
    ends: list[float] = []

    def drive(client: ApiClient) -> None:
        barrier.wait()
        deadline = time.perf_counter() + API_MAX_SECONDS
        for _ in range(per_client):
            if time.perf_counter() > deadline:
                break
            client.run_next()
        ends.append(time.perf_counter())

    with ThreadPoolExecutor(len(clients)) as pool:
        running = [pool.submit(drive, client) for client in clients]
        barrier.wait()
        started = time.perf_counter()
        for future in running:
            future.result()
    return api_figures(clients, max(ends) - started)


def api_steady(clients: Sequence[ApiClient], rate: float, seconds: float) -> dict[str, Any]:
    """`rate` commands/s in all, on a fixed schedule shared round-robin by the clients."""
    total = int(rate * seconds)
    started = time.perf_counter() + 0.2
    behind: list[float] = [0.0] * len(clients)

    def drive(index: int, client: ApiClient) -> None:
        for slot in range(index, total, len(clients)):
            delay = started + slot / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            behind[index] = max(behind[index], -delay)
            client.run_next()

    with ThreadPoolExecutor(len(clients)) as pool:
        for future in [pool.submit(drive, i, c) for i, c in enumerate(clients)]:
            future.result()
    figures = api_figures(clients, time.perf_counter() - started)
    return {"target_per_second": rate, **figures, "max_behind_schedule_ms": max(behind) * 1e3}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base_url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:]
    raise SystemExit(f"`journey serve` did not come up at {base_url}:\n{tail}")


@contextmanager
def api_server(url: str, workdir: Path) -> Iterator[str]:
    """`journey serve` on the store at `url` (127.0.0.1, a free port), stopped afterwards."""
    base_url = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "JOURNEY_DATA_DIR": str(workdir / "data"),
        "JOURNEY_DATABASE_URL": url,
        "JOURNEY_READ_DATABASE_URL": Settings.for_url(url).read_url,
    }
    argv = [sys.executable, "-m", "adapters.cli", "serve", "--host", "127.0.0.1"]
    argv += ["--port", base_url.rsplit(":", 1)[1]]
    log = workdir / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        wait_healthy(base_url, server, log)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


def api_users(url: str, clients: int) -> list[dict[str, str]]:
    """A case manager and a clinician per client, an admin; each client's tokens."""
    engine = read_engine(Settings.for_url(url).read_url)
    try:
        accounts = Accounts(engine)
        admin = accounts.add(API_ADMIN, Role.ADMIN)
        tokens = []
        for i in range(clients):
            manager = accounts.add(f"bench.manager.{i}", Role.CASE_MANAGER)
            clinician = accounts.add(f"bench.clinician.{i}", Role.CLINICIAN)
            tokens.append(
                {WORKER: manager, MANAGER: manager, API_CLINICIAN: clinician, API_ADMIN: admin}
            )
    finally:
        engine.dispose()
    return tokens


def server_log_figures(log: Path) -> dict[str, Any]:
    lines = log.read_text(errors="replace").splitlines()
    bad = [line for line in lines if "ERROR" in line or "Traceback" in line]
    return {
        "access_log_lines": sum(1 for line in lines if '"POST /api/v1/' in line),
        "errors_logged": len(bad),
        "first_error": bad[0] if bad else None,
    }


def run_api(
    url: str,
    clients: int,
    commands: int,
    dates: Dates,
    steady_load: tuple[float, float] = (API_STEADY_RATE, API_STEADY_SECONDS),
) -> dict[str, Any]:
    per_client = max(2, commands // clients)
    rate, seconds = steady_load
    steady_per_client = math.ceil(rate * seconds / clients)
    tokens = api_users(url, clients)
    journey = build(url)  # the server's store, read here only to count what it stored
    with tempfile.TemporaryDirectory(prefix="journey-bench-api-") as tmp:
        workdir = Path(tmp)
        try:
            with api_server(url, workdir) as base_url:
                pool = api_clients(journey, base_url, tokens, per_client + steady_per_client, dates)
                print(f"[api] journey serve at {base_url}; {clients} clients, each "
                      f"{len(pool[0].setup)} setup commands, then {per_client} as fast as "
                      "answered ...", flush=True)  # fmt: skip
                fastest = api_max_throughput(pool, per_client)
                print(f"[api] steady {rate:.0f} commands/s for {seconds:.0f} s ...", flush=True)
                steady = api_steady(pool, rate, seconds)
                for client in pool:
                    client.bus.client.close()
            events = stored_events(journey.app)
        finally:
            journey.close()
        return {
            "max_throughput": fastest,
            "steady": steady,
            "events_stored": events,
            "server": server_log_figures(workdir / "serve.log"),
        }


@contextmanager
def api_sqlite() -> Iterator[str]:
    """A fresh SQLite store for the server (its read database beside it), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="journey-bench-api-store-") as tmp:
        yield f"sqlite:///{tmp}/journey.db"


@contextmanager
def api_schema(pg_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema `bench_api_<random>` for the server, dropped afterwards."""
    base = postgres_dsn(pg_url)
    schema = f"bench_api_{uuid4().hex[:10]}"
    url = f"{base}?schema={schema}"
    try:
        ensure_postgres_schema(url)
        yield url
    finally:
        drop_schemas(base, (schema,))


def cmd_api(args: argparse.Namespace) -> dict[str, Any]:
    """The HTTP API (`journey serve`) against the in-process library baseline, on one store."""
    started = time.perf_counter()
    warn_leaky_env()
    pg_url = postgres_url_of(args)
    pg_version, pg_error = wanted_postgres(args.database, pg_url)
    dates = Dates(datetime.now(UTC).date())
    clients, commands = (
        (SMOKE_API_CLIENTS, SMOKE_API_COMMANDS) if args.smoke else (args.clients, args.commands)
    )
    setup, ops, mix = plan_ops(commands)
    print(f"command mix ({len(ops)} measured, seed {SEED}): {mix}")
    postgres = pg_error is None
    with postgres_store(pg_url) if postgres else sqlite_store() as store:
        in_process = store_result(store, setup, ops, dates)
    with api_schema(pg_url) if postgres else api_sqlite() as url:
        steady = SMOKE_API_STEADY if args.smoke else (API_STEADY_RATE, API_STEADY_SECONDS)
        http = run_api(url, clients, commands, dates, steady)
    report: dict[str, Any] = {
        "benchmark": "api",
        "smoke": args.smoke,
        "store": store.name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(pg_version),
        "postgres_url": masked(pg_url) if postgres else None,
        "mix": mix,
        "in_process": in_process,
        "http": http,
    }
    report["seconds"] = time.perf_counter() - started
    report["targets"] = api_targets(report)
    print_api_report(report)
    return report


def api_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    fastest, steady = report["http"]["max_throughput"], report["http"]["steady"]
    baseline = report["in_process"]["baseline"]["per_second"]
    ratio = fastest["per_second"] / baseline
    return [
        {
            "metric": "HTTP commands/s / in-process baseline",
            "value": ratio,
            "shown": f"{ratio:.2f}x",
            "target": f">= {API_RATIO_TARGET}x",
            "met": ratio >= API_RATIO_TARGET,
        },
        {
            "metric": f"HTTP p99 ms at {steady['target_per_second']:.0f} commands/s",
            "value": steady["p99_ms"],
            "shown": f"{steady['p99_ms']:.1f}",
            "target": f"< {API_P99_TARGET_MS:.0f}",
            "met": steady["p99_ms"] < API_P99_TARGET_MS,
        },
        {
            "metric": "total run s",
            "value": report["seconds"],
            "shown": f"{report['seconds']:.0f}",
            "target": f"< {API_TOTAL_TARGET_SECONDS:.0f}",
            "met": report["seconds"] < API_TOTAL_TARGET_SECONDS,
        },
    ]


def api_rows(report: dict[str, Any]) -> list[list[str]]:
    ours, plain = report["in_process"]["ours"], report["in_process"]["baseline"]
    fastest, steady = report["http"]["max_throughput"], report["http"]["steady"]
    rows = [
        ["baseline: plain eventsourcing, in-process", "1 caller", plain],
        ["ours: command bus, in-process", "1 caller", ours],
        ["ours: HTTP, max throughput", f"{fastest['clients']} clients", fastest],
        [
            f"ours: HTTP, steady {steady['target_per_second']:.0f}/s",
            f"{steady['clients']} clients",
            steady,
        ],
    ]
    return [
        [
            name, load, str(s["commands"]), f"{s['per_second']:,.0f}", f"{s['p50_ms']:.2f}",
            f"{s['p99_ms']:.2f}",
            "-" if s is steady else f"{s['per_second'] / plain['per_second']:.2f}x",
        ]
        for name, load, s in rows
    ]  # fmt: skip


def print_api_report(report: dict[str, Any]) -> None:
    http = report["http"]
    fastest, steady, server = http["max_throughput"], http["steady"], http["server"]
    store = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[report["store"]]
    print(f"\n== api: `journey serve` over HTTP ({store}) vs in-process ==")
    headers = ("system", "load", "commands", "commands/s", "p50 ms", "p99 ms", "vs baseline")
    print(table(headers, api_rows(report)))
    print()
    targets = report["targets"]
    print(table(
        ("metric", "value", "target", "met?"),
        [[t["metric"], t["shown"], t["target"], "yes" if t["met"] else "NO"] for t in targets],
    ))  # fmt: skip
    print(
        "\nHTTP: `python -m adapters.cli serve` (uvicorn, its access log on) on a fresh store; "
        "bearer tokens of case managers (medical and psychological notes: clinicians; "
        "facilities: an admin); one httpx.Client (keep-alive) "
        "per client thread, each with its own records and the `commands` mix (own seed); "
        "latency = POST sent -> answer read, in the client."
    )
    print(
        f"max throughput: {fastest['commands']} commands in {fastest['seconds']:.1f} s; "
        f"steady: {steady['commands']} commands in {steady['seconds']:.1f} s "
        f"({steady['per_second']:.1f}/s), at most {steady['max_behind_schedule_ms']:.1f} ms "
        f"behind schedule, max {steady['max_ms']:.1f} ms."
    )
    refused = sum(fastest["refusals"].values()) + sum(steady["refusals"].values())
    retried = fastest["concurrent_writes_retried"] + steady["concurrent_writes_retried"]
    print(
        f"refused: {refused}; 409 concurrent_writes retried by the clients: {retried} "
        f"(at most {API_RETRIES} times each); events stored through HTTP: "
        f"{http['events_stored']}; server: "
        f"{server['access_log_lines']} access-log lines, {server['errors_logged']} errors logged"
        + (f" (first: {server['first_error']})" if server["first_error"] else "")
    )
    for refusal, count in (Counter(fastest["refusals"]) + Counter(steady["refusals"])).items():
        print(f"  REFUSED x{count}: {refusal}")
    print("baseline / in-process: as `commands` (same mix, one caller, no HTTP).")


def add_api_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    api = sub.add_parser("api", help="the HTTP API (journey serve) vs the in-process baseline")
    api.add_argument("--postgres-url", default=None, help="default: $JOURNEY_TEST_POSTGRES_URL")
    api.add_argument(
        "--commands",
        type=at_least_two,
        default=API_COMMANDS,
        help="measured commands, in-process and at max throughput over HTTP",
    )
    api.add_argument(
        "--clients", type=at_least(1), default=API_CLIENTS, help="concurrent HTTP clients"
    )
    api.add_argument("--json", type=Path, default=None, help="also write the figures here")
    api.add_argument(
        "--database", choices=("sqlite", "postgres"), default="postgres", help="the server's store"
    )
    add_smoke_argument(api)
    api.set_defaults(handler=cmd_api)


# --------------------------------------------------------------------------- main


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = main.add_subparsers(dest="subcommand", required=True)
    commands = sub.add_parser("commands", help="command throughput and serialisation")
    commands.add_argument(
        "--postgres-url", default=None, help="default: $JOURNEY_TEST_POSTGRES_URL"
    )
    commands.add_argument(
        "--commands", type=at_least_two, default=DEFAULT_COMMANDS, help="measured commands"
    )
    commands.add_argument("--json", type=Path, default=None, help="also write the figures here")
    add_database_argument(commands)
    add_smoke_argument(commands)
    commands.set_defaults(handler=cmd_commands)
    pipeline = sub.add_parser("pipeline", help="relay, rebuilds, library baseline, freshness")
    pipeline.add_argument(
        "--events", type=at_least(1000), default=DEFAULT_EVENTS, help="events to store"
    )
    pipeline.add_argument(
        "--postgres-url", default=None, help="default: $JOURNEY_TEST_POSTGRES_URL"
    )
    pipeline.add_argument("--json", type=Path, default=None, help="also write the figures here")
    pipeline.add_argument(
        "--database", choices=("sqlite", "postgres"), default="postgres", help="the store"
    )
    add_smoke_argument(pipeline)
    pipeline.set_defaults(handler=cmd_pipeline)
    add_api_parser(sub)
    audit = sub.add_parser(
        "audit", help="hash chain verification, as-of replay, encryption cost (issue 5)"
    )
    audit.add_argument("--postgres-url", default=os.environ.get("JOURNEY_TEST_POSTGRES_URL"))
    audit.add_argument("--events", type=at_least(100_000), default=100_000, help="chained events")
    audit.add_argument("--commands", type=at_least_two, default=3000, help="commands per mix")
    audit.add_argument("--json", type=Path, default=None, help="also write the figures here")
    add_database_argument(audit)
    add_smoke_argument(audit)
    audit.set_defaults(handler=cmd_audit)
    return main


def add_smoke_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes: every stage runs and reports (CI checks it still works); the "
        "figures mean nothing",
    )


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres", "both"),
        default="both",
        help="which stores to measure (both: PostgreSQL too when reachable)",
    )


def cmd_audit(args: argparse.Namespace) -> dict[str, Any]:
    from scripts.bench_audit import run_audit  # noqa: PLC0415 -- it imports this module

    return run_audit(args)


def at_least(low: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        count = int(text)
        if count < low:
            raise argparse.ArgumentTypeError(f"{count}: at least {low}")
        return count

    return parse


def at_least_two(text: str) -> int:
    count = int(text)
    if count < 2:
        raise argparse.ArgumentTypeError(f"{count}: measure at least 2 commands")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], dict[str, Any]] = args.handler
    report = handler(args)
    text = json.dumps(report, indent=2, default=str)
    if args.json is not None:
        args.json.write_text(text + "\n")
    print("\n== JSON ==")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
