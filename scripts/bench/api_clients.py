"""The HTTP clients of `python -m scripts.bench api`: the command mix of `commands` sent to
the API as a case manager (a clinician for clinical notes), at max throughput or a
steady rate, with the figures of each phase.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

import httpx
import msgspec

from adapters.http.routes.command_table import COMMAND_ROUTES, CommandRoute
from adapters.run.bootstrap import Journey
from domain.errors import DomainError
from domain.vocab import (
    NoteCategory,
)
from scripts.bench.ours import OursRunner
from scripts.bench.workload import FACILITIES, SEED, Dates, Op, Planner
from services.access import FACILITY_COMMANDS
from services.app import CommandResult
from services.bus import CommandBus
from services.commands import Command
from services.commands.case import AddNote

API_MAX_SECONDS = 60.0  # ... which stops here if it has not finished
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
        path = route.url(record_id)
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
    planner: Planner
    done: int = 0
    latencies: list[float] = dataclasses.field(default_factory=list)
    refusals: Counter[str] = dataclasses.field(default_factory=Counter)

    def plan(self, count: int) -> None:
        """`count` more commands at the end of its queue, in the same world."""
        self.queue += self.planner.measured(count)

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
        clients.append(ApiClient(runner, bus, setup, planner.measured(per_client), planner))
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
