"""The clients of scripts.load: staff UIs sending commands and queries over HTTP.

Commands come from scripts/bench/workload.py's `Planner` (a valid mix: registrations, cases,
caseworkers, notes, services, risk, admissions and discharges, plans and goals,
consents) and are sent by its `OursRunner` over its `HttpBus`; queries read the
client's own records and the read models, some with `?wait_for_position=` of the
client's last command. Every answer is one `Outcome`; 409 and 422 are refusals the
API is expected to give, anything else that is not 2xx is an error.
"""

from __future__ import annotations

import dataclasses
import random
import threading
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import httpx

from adapters.run.bootstrap import Journey
from scripts.bench.api_clients import HttpBus, HttpRefusal, problem_of
from scripts.bench.ours import OursRunner
from scripts.bench.workload import CASEWORKERS, FACILITIES, WORKER, Dates, Op, Planner
from services.app import CommandResult
from services.commands import Command

EXPECTED_REFUSALS = frozenset({409, 422})
WAIT_SHARE = 0.3  # read-model queries that wait for the client's last write
# Which record list a creating command appends to (OursRunner.ids).
CREATES = {"register": "beneficiary", "open": "case", "admit": "stay", "draft_plan": "plan"}
QUERIES: dict[str, int] = {  # weights
    "case": 25,
    "beneficiary": 15,
    "timeline": 15,
    "caseload": 15,
    "caseload_by_worker": 10,
    "capacity": 10,
    "outcomes": 10,
}


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """One answered (or failed) request: when, how long, what, how it went."""

    at: float  # seconds since the load began, when the answer was read
    seconds: float
    kind: str  # "command" | "query"
    name: str  # the command's op kind or the query's name
    result: str  # "ok" | "refused" | "error"
    detail: str = ""


class Accepted:
    """(store position, accepted at) of every command the API accepted: the sampler
    measures projection lag in seconds as the age of the oldest one not yet applied."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[tuple[int, float]] = []

    def add(self, position: int, at: float) -> None:
        with self._lock:
            self._pending.append((position, at))

    def lag(self, positions: dict[str, int], read_at: float) -> dict[str, float]:
        """Seconds each model is behind at `read_at`; forgets what every model applied."""
        with self._lock:
            slowest = min(positions.values(), default=0)
            self._pending = [(p, at) for p, at in self._pending if p > slowest]
            pending = [(p, at) for p, at in self._pending if at <= read_at]
        return {
            name: max(0.0, read_at - min((at for p, at in pending if p > reached), default=read_at))
            for name, reached in positions.items()
        }


class RecordingBus(HttpBus):
    """HttpBus that keeps the last accepted command's result (its position)."""

    last: CommandResult | None = None

    def execute(
        self,
        record_id: UUID | None,
        command: Command,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        result = super().execute(record_id, command, actor=actor, expected_version=expected_version)
        self.last = result
        return result


@dataclasses.dataclass
class Clock:
    started: float

    def now(self) -> float:
        return time.perf_counter() - self.started


@dataclasses.dataclass
class Run:
    """What every client of one run shares: its clock, accepted commands and end."""

    clock: Clock
    accepted: Accepted
    until: float  # seconds since the start
    stop: threading.Event = dataclasses.field(default_factory=threading.Event)

    def going(self) -> bool:
        return self.clock.now() < self.until and not self.stop.is_set()


class LoadClient:
    """One client thread's connection, tokens, world (own Planner) and outcomes."""

    def __init__(
        self,
        index: int,
        *,
        seed: int,
        http: httpx.Client,
        tokens: dict[str, str],
        journey: Journey,
        query_share: float,
    ) -> None:
        self.rng = random.Random(seed * 1000 + index)
        self.planner = Planner(random.Random(seed + index), [beds for _, beds in FACILITIES])
        self.bus = RecordingBus(http, tokens)
        self.runner = OursRunner(dataclasses.replace(journey, bus=self.bus), Dates.now())
        self.query_share = query_share
        self.dead: set[UUID] = set()  # records whose creation was refused
        self.outcomes: list[Outcome] = []

    def run_setup(self) -> None:
        """Facilities and first records; a refusal here is a broken run."""
        for op in self.planner.setup():
            self.runner.run(op)

    def reconnect(self) -> None:
        """A fresh connection before the load: after the other clients' setups this one
        may have idled past the server's keep-alive (uvicorn: 5 s), and a POST sent as
        the server closes it fails with a reset that is the setup's, not the load's."""
        old = self.bus.client
        self.bus.client = httpx.Client(base_url=old.base_url, timeout=old.timeout)
        old.close()

    def step(self, clock: Clock, accepted: Accepted) -> None:
        if self.rng.random() < self.query_share:
            name = self.rng.choices(list(QUERIES), list(QUERIES.values()))[0]
            self._timed(clock, "query", name, lambda: self._query(name))
            return
        op = self.planner.measured(1)[0]
        before = self.bus.last
        self._timed(clock, "command", op.kind, lambda: self._command(op))
        if self.bus.last is not None and self.bus.last is not before:
            accepted.add(self.bus.last.position, clock.now())

    def _timed(self, clock: Clock, kind: str, name: str, send: Callable[[], None]) -> None:
        began = time.perf_counter()
        result, detail = "ok", ""
        try:
            send()
        except HttpRefusal as refusal:
            expected = refusal.status in EXPECTED_REFUSALS
            result = "refused" if expected else "error"
            detail = f"{refusal.status} {refusal.rule}"
        except httpx.HTTPError as error:
            result, detail = "error", f"{type(error).__name__}: {error}"
        seconds = time.perf_counter() - began
        self.outcomes.append(Outcome(clock.now(), seconds, kind, name, result, detail))

    def _command(self, op: Op) -> None:
        try:
            self.runner.run(op)
        except HttpRefusal:
            if op.kind in CREATES:  # OursRunner kept the index with a made-up id
                self.dead.add(self.runner.ids[CREATES[op.kind]][-1])
            raise
        except httpx.HTTPError:
            if op.kind in CREATES:  # ... but not for a failure of the connection
                self.runner.ids[CREATES[op.kind]].append(uuid4())
                self.dead.add(self.runner.ids[CREATES[op.kind]][-1])
            raise

    # ------------------------------------------------------------ queries

    def _query(self, name: str) -> None:
        path, params = self._request(name)
        token = self.bus.tokens[WORKER]
        answer = self.bus.client.get(
            path, params=params, headers={"Authorization": f"Bearer {token}"}
        )
        if not answer.is_success:
            raise HttpRefusal(answer.status_code, problem_of(answer))

    def _request(self, name: str) -> tuple[str, dict[str, Any]]:
        records = {
            "case": ("/api/v1/cases/{}", "case"),
            "beneficiary": ("/api/v1/beneficiaries/{}", "beneficiary"),
        }
        if name in records:
            template, kind = records[name]
            return template.format(self._live(kind)), {}
        lists = {
            "timeline": f"/api/v1/cases/{self._live('case')}/timeline",
            "caseload": "/api/v1/caseload",
            "caseload_by_worker": "/api/v1/caseload/by-worker",
            "capacity": "/api/v1/capacity",
            "outcomes": "/api/v1/outcomes",
        }
        params: dict[str, Any] = {}
        if name == "caseload":
            params["caseworker"] = self.rng.choice(CASEWORKERS)
        if self.bus.last is not None and self.rng.random() < WAIT_SHARE:
            params["wait_for_position"] = self.bus.last.position
        return lists[name], params

    def _live(self, kind: str) -> UUID:
        live = [i for i in self.runner.ids[kind] if i not in self.dead]
        return self.rng.choice(live)


@dataclasses.dataclass(frozen=True)
class Schedule:
    """A client's share of `rate` requests/s in all: steps index, index + n, ..."""

    rate: float
    index: int
    clients: int

    def due(self, step: int) -> float:
        return (self.index + step * self.clients) / self.rate


def drive(client: LoadClient, run: Run, plan: Schedule | None) -> None:
    """Steps until the run's end or stop: as fast as answered, or on the client's share
    of the schedule."""
    step = 0
    while run.going():
        if plan is not None:
            delay = plan.due(step) - run.clock.now()
            if delay > 0:
                time.sleep(min(delay, run.until - run.clock.now()))
                if not run.going():
                    return
        client.step(run.clock, run.accepted)
        step += 1
