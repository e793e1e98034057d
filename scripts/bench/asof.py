"""How fast a case is rebuilt as of a moment: snapshots versus replaying every event.

    .venv/bin/python -m scripts.bench asof [--postgres-url URL] [--events 1000] [--samples 200]
                                               [--smoke]

One case with `events` events (a note every scripted hour) on SQLite (a temp file)
and PostgreSQL (a fresh schema, dropped afterwards). Each sample picks a random
moment between the case's first and last recorded event and rebuilds the case as
of it twice, in random order:

- OURS: `Queries.at(Case, id, as_of)` — one read of the case's stored events with
  only their heads decoded to find the version, then the repository's load from
  the latest snapshot at or below it (every 50 events);
- BASELINE: the same version lookup, then every event from version 1 replayed
  (a repository without the snapshot store).

Both must give the same version. `measure()` returns p50/p95 in milliseconds and
the baseline/ours ratios; `python -m scripts.bench audit` calls it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime
from urllib.parse import urlsplit

import psycopg
from eventsourcing.application import Repository
from eventsourcing.persistence import StoredEvent
from psycopg import sql

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START
from domain.case import Case
from domain.case_values import IncomingReferral
from domain.values import PersonalData
from domain.vocab import (
    Gender,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    TraffickingScope,
)
from scripts.bench.harness import Subparsers, add_smoke_argument
from services.app import JourneyApp
from services.commands.beneficiary import RegisterBeneficiary
from services.commands.case import AddNote, OpenCase
from services.snapshots import TRAILER, CurrentSnapshots, SnapshotKeys

ACTOR = "bench.worker"
SEED = 2026
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def measure(database_url: str, events: int = 1000, samples: int = 200) -> dict[str, float]:
    """p50/p95 (ms) of as-of rebuilds of one case with `events` events, with snapshots
    and without (the baseline), on an empty store at `database_url`."""
    clock = ScriptedClock(START)
    journey = build(database_url, clock)
    try:
        case_id = _long_case(journey, clock, events)
        return _timings(journey, case_id, samples)
    finally:
        journey.close()


def _long_case(journey: Journey, clock: ScriptedClock, events: int) -> uuid.UUID:
    run = journey.bus.execute
    person = RegisterBeneficiary(
        personal=PersonalData("Bench", "Person"),
        gender=Gender.FEMININE,
        age_at_identification=30,
        citizenships=("XK",),
        scope=TraffickingScope.DOMESTIC,
    )
    beneficiary = run(None, person, actor=ACTOR).id
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        date(2025, 1, 2),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
    )
    case_id = run(None, OpenCase(beneficiary_id=beneficiary, referral=referral), actor=ACTOR).id
    for _ in range(events - 1):
        clock.advance(hours=1)
        run(case_id, AddNote(category=NoteCategory.GENERAL, text="home visit"), actor=ACTOR)
    return case_id


def _timings(journey: Journey, case_id: uuid.UUID, samples: int) -> dict[str, float]:
    queries, app = journey.queries, journey.app
    without_snapshots = Repository(app.events)
    times = queries.times(case_id)
    first, last = times.recorded[0], times.recorded[-1]
    rng = random.Random(SEED)
    ours: list[float] = []
    baseline: list[float] = []
    for _ in range(samples):
        moment = first + (last - first) * rng.random()

        def with_snapshots(moment: datetime = moment) -> int:
            return queries.at(Case, case_id, moment).version

        def replaying_all(moment: datetime = moment) -> int:
            version = queries.times(case_id).version_at(moment)
            case: Case = without_snapshots.get(case_id, version=version)
            return case.version

        runs: list[tuple[list[float], Callable[[], int]]] = [
            (ours, with_snapshots),
            (baseline, replaying_all),
        ]
        rng.shuffle(runs)
        versions = {_timed(into, rebuild) for into, rebuild in runs}
        if len(versions) != 1:
            raise AssertionError(f"as of {moment}: versions differ {versions}")
    return {**_summary(len(times.recorded), ours, baseline), **_tag_cost(app, case_id, samples)}


class _Unchecked(SnapshotKeys):
    """Snapshot tags cut off, not checked: the baseline of the tag's cost."""

    def opened(self, stored: StoredEvent) -> StoredEvent | None:
        state = bytes(stored.state)[:-TRAILER]
        return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, state)


def _tag_cost(app: JourneyApp, case_id: uuid.UUID, samples: int) -> dict[str, float]:
    """Loading the case at its newest snapshot's version, the snapshot's tag checked
    (ADR 43) vs cut off unchecked, alternating, in the same run."""
    snapshots = app.snapshots
    if not isinstance(snapshots, CurrentSnapshots) or snapshots.keys is None:
        return {}
    unchecked_store = CurrentSnapshots(
        app.mapper, snapshots.recorder, _Unchecked(snapshots.keys.keys)
    )
    checked = Repository(app.events, snapshot_store=snapshots)
    unchecked = Repository(app.events, snapshot_store=unchecked_store)
    newest = next(iter(snapshots.get(case_id, desc=True, limit=1)), None)
    if newest is None:
        return {}
    version = newest.originator_version
    timed: dict[str, list[float]] = {"checked": [], "unchecked": []}
    for _ in range(max(samples, 20)):
        for name, repository in (("checked", checked), ("unchecked", unchecked)):

            def load(repository: Repository[uuid.UUID] = repository) -> int:
                return int(repository.get(case_id, version=version).version)

            _timed(timed[name], load)
    (stored,) = snapshots.recorder.select_events(case_id, lte=version, desc=True, limit=1)
    checks: list[float] = []
    for _ in range(max(samples, 20)):
        began = time.perf_counter()
        snapshots.keys.opened(stored)
        checks.append((time.perf_counter() - began) * 1000)
    tag_ms, plain_ms = statistics.median(timed["checked"]), statistics.median(timed["unchecked"])
    return {
        "load_tag_checked_ms": tag_ms,
        "load_unchecked_ms": plain_ms,
        "tag_check_ms": statistics.median(checks),
        "tag_cost": statistics.median(checks) / plain_ms,  # the check's share of a load
    }


def _timed(into: list[float], rebuild: Callable[[], int]) -> int:
    began = time.perf_counter()
    version = rebuild()
    into.append((time.perf_counter() - began) * 1000)
    return version


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def _summary(events: int, ours: list[float], baseline: list[float]) -> dict[str, float]:
    result = {
        "events": float(events),
        "samples": float(len(ours)),
        "snapshots_p50_ms": statistics.median(ours),
        "snapshots_p95_ms": _percentile(ours, 0.95),
        "replay_all_p50_ms": statistics.median(baseline),
        "replay_all_p95_ms": _percentile(baseline, 0.95),
    }
    result["ratio_p50"] = result["replay_all_p50_ms"] / result["snapshots_p50_ms"]
    result["ratio_p95"] = result["replay_all_p95_ms"] / result["snapshots_p95_ms"]
    return result


# ------------------------------------------------------------------ command line


def _postgres_schema(base: str) -> tuple[str, Callable[[], None]]:
    """A fresh schema's URL, and how to drop it."""
    schema = f"bench_asof_{uuid.uuid4().hex[:8]}"
    dsn = urlsplit(base)._replace(scheme="postgresql", query="").geturl()

    def drop() -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))

    return f"{dsn}?schema={schema}", drop


def _row(name: str, figures: dict[str, float]) -> str:
    tag = ""
    if "tag_cost" in figures:
        tag = (
            f"\n{'':<11}snapshot tag (ADR 43), a load from the newest snapshot: "
            f"{figures['load_tag_checked_ms']:.2f} ms checked, "
            f"{figures['load_unchecked_ms']:.2f} ms unchecked; the check alone "
            f"{figures['tag_check_ms']:.3f} ms = {figures['tag_cost']:.1%} of the unchecked load"
        )
    return tag_less(name, figures) + tag


def tag_less(name: str, figures: dict[str, float]) -> str:
    return (
        f"{name:<11}{figures['events']:>7.0f}{figures['snapshots_p50_ms']:>10.2f}"
        f"{figures['snapshots_p95_ms']:>10.2f}{figures['replay_all_p50_ms']:>10.2f}"
        f"{figures['replay_all_p95_ms']:>10.2f}{figures['ratio_p50']:>8.1f}x"
        f"{figures['ratio_p95']:>7.1f}x"
    )


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "asof",
        help="as-of rebuilds of a case: snapshots vs replaying every event",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--postgres-url", default=os.environ.get("JOURNEY_TEST_POSTGRES_URL"))
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=200)
    add_smoke_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> None:
    if args.smoke:
        args.events, args.samples = 60, 5  # a snapshot every 50 events: one
    print(f"as-of rebuilds of one case, {args.samples} random moments each (ms)")
    print(
        f"{'store':<11}{'events':>7}{'snap p50':>10}{'snap p95':>10}"
        f"{'all p50':>10}{'all p95':>10}{'p50':>9}{'p95':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure(f"sqlite:///{tmp}/store.db", args.events, args.samples)
        print(_row("sqlite", figures))
    url, drop = _postgres_schema(args.postgres_url or DEFAULT_POSTGRES)
    try:
        print(_row("postgresql", measure(url, args.events, args.samples)))
    finally:
        drop()
