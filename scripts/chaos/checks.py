"""The checks of scripts.chaos, each against the event store (the source of truth):
a `Check` is a name, PASS/FAIL, figures and the first few problems found."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import Engine

from adapters.run.bootstrap import Journey
from adapters.stream.jetstream import StreamSettings
from domain.stay import ShelterStay
from scripts.bench.harness import ROOT
from scripts.chaos.clients import Sent
from scripts.chaos.verification import (
    capacity_breaches,
    notifications,
    read_model_differences,
    stream_gaps,
    stream_positions,
)

TOKEN = re.compile(r"T\d{2}n\d{5}")
SHOWN = 5  # problems listed per check
VERIFY_SECONDS = 60.0


@dataclass
class Check:
    name: str
    figures: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "passed": self.passed,
            "figures": self.figures,
            "problems": self.problems[:50],
        }


@dataclass
class Stored:
    """What the store holds, read once: where each record version is, which tokens
    each stored event carries, the stays of each case and the discharged stays."""

    positions: list[int]  # every stored position, in log order
    at: dict[tuple[UUID, int], int]  # (record id, version) -> store position
    tokens: dict[tuple[UUID, int], set[str]]
    token_counts: Counter[str]
    stays_of_case: dict[UUID, list[UUID]]
    discharged: Counter[UUID]


def read_store(journey: Journey) -> Stored:
    mapper = journey.app.mapper
    stored = Stored([], {}, {}, Counter(), defaultdict(list), Counter())
    for notification in notifications(journey):
        event: Any = mapper.to_domain_event(notification)
        where = (event.originator_id, event.originator_version)
        stored.positions.append(notification.id)
        stored.at[where] = notification.id
        found = set(TOKEN.findall(repr(event)))
        stored.tokens[where] = found
        stored.token_counts.update(found)
        if isinstance(event, ShelterStay.Admitted):
            stored.stays_of_case[event.case_id].append(event.originator_id)
        elif isinstance(event, ShelterStay.Discharged):
            stored.discharged[event.originator_id] += 1
    return stored


def acknowledged_stored(sent: Sequence[Sent], stored: Stored) -> Check:
    """Every 2xx answer's record version is in the store, at or before its position,
    and is the event that carries the command's token."""
    check = Check("acknowledged commands stored")
    acked = [s for s in sent if s.outcome == "acknowledged" and s.answer is not None]
    for s in acked:
        assert s.answer is not None
        where = (UUID(s.answer["id"]), int(s.answer["version"]))
        position = stored.at.get(where)
        if position is None:
            check.problems.append(f"{s.key} ({s.kind}): {where[0]} v{where[1]} not in the store")
        elif position > int(s.answer["position"]):
            check.problems.append(f"{s.key}: stored at {position}, answered {s.answer['position']}")
        elif s.token and s.token not in stored.tokens.get(where, set()):
            check.problems.append(f"{s.key}: {where[0]} v{where[1]} is another command's event")
    check.figures = {"acknowledged": len(acked), "found_in_store": len(acked) - len(check.problems)}
    return check


def applied_once(sent: Sequence[Sent], stored: Stored) -> Check:
    """No command applied twice, none applied that was answered with a refusal, and
    none stored that no client sent."""
    check = Check("each command applied at most once")
    tokened = [s for s in sent if s.token]
    for s in tokened:
        times = stored.token_counts.get(s.token, 0)
        if times > 1:
            check.problems.append(f"{s.key} ({s.kind}) applied {times} times")
        elif times and s.outcome == "refused":
            check.problems.append(f"{s.key} ({s.kind}) was refused ({s.title}) but applied")
    sent_tokens = {s.token for s in tokened}
    strays = [t for t in stored.token_counts if t not in sent_tokens]
    check.problems += [f"token {t} stored but never sent" for t in strays]
    _admissions(sent, stored, check)
    retried = [s for s in sent if s.attempts > 1]
    check.figures = {
        "commands_with_token": len(tokened),
        "applied_twice": sum(1 for s in tokened if stored.token_counts.get(s.token, 0) > 1),
        "retried": len(retried),
        "retried_and_acknowledged": sum(1 for s in retried if s.outcome == "acknowledged"),
        "answers_replayed": sum(1 for s in sent if s.replayed),
        "unknown_fate_applied": sum(
            1 for s in tokened if s.outcome == "failed" and stored.token_counts.get(s.token)
        ),
    }
    return check


def _admissions(sent: Sequence[Sent], stored: Stored, check: Check) -> None:
    """A case has no more stays than admissions sent for it that were not refused, and
    no stay is discharged twice or despite a refusal."""
    admits: dict[UUID, list[Sent]] = defaultdict(list)
    for s in sent:
        if s.kind == "admit" and s.subject is not None:
            admits[s.subject].append(s)
    for case, mine in admits.items():
        possible = sum(1 for s in mine if s.outcome != "refused")
        if len(stored.stays_of_case.get(case, [])) > possible:
            check.problems.append(
                f"case {case}: {len(stored.stays_of_case[case])} stays, {possible} admissions"
            )
    for s in sent:
        if s.kind != "discharge" or s.subject is None:
            continue
        if stored.discharged[s.subject] > 1:
            check.problems.append(f"stay {s.subject} discharged {stored.discharged[s.subject]}x")
        elif s.outcome == "refused" and stored.discharged[s.subject]:
            check.problems.append(f"{s.key}: discharge refused ({s.title}) but applied")


def stream_matches_store(nats_url: str, stream: StreamSettings, stored: Stored) -> Check:
    check = Check("stream = store (none missing, none doubled)")
    positions = asyncio.run(stream_positions(nats_url, stream))
    gaps = stream_gaps(positions, stored.positions)
    check.figures = {
        "events_stored": len(stored.positions),
        "store_head": stored.positions[-1] if stored.positions else 0,
        "stream_messages": gaps.messages,
        "missing": len(gaps.missing),
        "doubled": len(gaps.doubled),
        "out_of_order": gaps.out_of_order,
    }
    if gaps.missing:
        check.problems.append(f"positions missing from the stream: {gaps.missing[:SHOWN]}")
    if gaps.doubled:
        check.problems.append(f"positions on the stream twice: {gaps.doubled[:SHOWN]}")
    if gaps.out_of_order:
        check.problems.append(f"{gaps.out_of_order} messages out of store order")
    return check


def read_models_rebuilt(journey: Journey, engine: Engine) -> Check:
    check = Check("read models = rebuild from scratch")
    differences = read_model_differences(journey, engine)
    check.figures = {name: "equal" if not diff else "differs" for name, diff in differences.items()}
    check.problems = [f"{name}: {diff}" for name, diff in differences.items() if diff]
    return check


def chain_verifies(env: dict[str, str]) -> Check:
    """`journey audit verify --json` once the chain keeper has chained every event."""
    check = Check("hash chain verifies")
    deadline = time.monotonic() + VERIFY_SECONDS
    while True:
        done = subprocess.run(
            [sys.executable, "-m", "adapters.cli", "audit", "verify", "--json"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            report = json.loads(done.stdout)
        except ValueError:  # it could not run (e.g. no database connection free): again
            if time.monotonic() > deadline:
                check.problems.append(f"exit {done.returncode}: {done.stderr.strip()[-500:]}")
                return check
            time.sleep(1.0)
            continue
        if report["unchained"] == 0 or time.monotonic() > deadline:
            break
        time.sleep(1.0)
    check.figures = {
        key: report[key]
        for key in ("events_checked", "unchained", "checkpoints_checked", "stream_checked")
    }
    check.figures["exit"] = done.returncode
    if done.returncode != 0:
        check.problems += report["problems"][:SHOWN] or [f"exit {done.returncode}"]
    if report["unchained"]:
        check.problems.append(f"{report['unchained']} events never chained by the keeper")
    return check


def capacity_held(journey: Journey) -> Check:
    check = Check("capacity never exceeded")
    report = capacity_breaches(journey)
    check.figures = {
        "facilities": report.facilities,
        "stays": report.stays,
        "peak": {name: f"{most}/{beds}" for name, (most, beds) in report.peak_occupancy.items()},
    }
    check.problems = report.breaches
    return check
