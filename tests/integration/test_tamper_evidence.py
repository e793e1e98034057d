"""The hash chain makes tampering with the stored history evident: each kind of
raw-SQL tampering is detected at the position where it happened, on SQLite and
on PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.audit.chain import walk
from adapters.audit.chain_tables import ChainStore, store_engine
from adapters.audit.keeper import ChainKeeper, KeeperSettings
from adapters.audit.signing_key import Signer
from adapters.audit.verify import Report, verify
from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from tests.support.factories import register
from tests.support.tamper import raw_store

EVERY = 50


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


@pytest.fixture
def journey(database_url: str) -> Iterator[Journey]:
    clock = ScriptedClock(START)
    system = build(database_url, clock)
    Demo(system, clock, seed=7).run(12)
    yield system
    system.close()


@pytest.fixture
def store(database_url: str) -> Iterator[ChainStore]:
    chain_store = ChainStore(store_engine(database_url))
    yield chain_store
    chain_store.engine.dispose()


@pytest.fixture
def head(journey: Journey, store: ChainStore, signer: Signer) -> int:
    """The demo's events chained, with a checkpoint every 50 and one at the end."""
    keeper = ChainKeeper(journey.app.recorder, store, signer, KeeperSettings(every=EVERY))
    keeper.catch_up(checkpoint_now=True)
    last = journey.app.recorder.max_notification_id() or 0
    assert last > 250, "the demo should store a few hundred events"
    return last


def check(journey: Journey, store: ChainStore, signer: Signer) -> Report:
    return verify(journey.app.recorder, store, signer.verifier, None, stream_checked=False)


def first_mismatch(report: Report) -> tuple[int, int, str]:
    problem = report.first_problem
    assert problem is not None, "tampering went undetected"
    return problem.first, problem.last, problem.reason


def test_an_intact_history_verifies(
    journey: Journey, store: ChainStore, signer: Signer, head: int
) -> None:
    report = check(journey, store, signer)

    assert report.intact, report.problems
    assert report.events_checked == head
    assert report.unchained == 0
    assert report.checkpoints_checked == head // EVERY + (1 if head % EVERY else 0)


def test_a_changed_byte_is_named(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    with raw_store(database_url) as raw:
        raw.flip_byte(123)

    assert first_mismatch(check(journey, store, signer)) == (
        123,
        123,
        "the stored event differs from the one chained (altered or moved)",
    )


def test_a_deleted_event_is_named(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    with raw_store(database_url) as raw:
        raw.delete(123)

    first, last, reason = first_mismatch(check(journey, store, signer))
    assert (first, last) == (123, 123)
    assert "missing from the store" in reason


def test_deleting_the_newest_events_is_named(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    with raw_store(database_url) as raw:
        raw.delete(head)
        raw.delete(head - 1)

    first, last, reason = first_mismatch(check(journey, store, signer))
    assert (first, last) == (head - 1, head - 1)
    assert "missing from the store" in reason


def test_an_inserted_event_shifting_the_later_ones_is_named(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    with raw_store(database_url) as raw:
        raw.insert_shifting(123)

    report = check(journey, store, signer)
    assert first_mismatch(report)[:2] == (123, 123)
    assert report.events_checked == head + 1


def test_an_event_inserted_into_a_free_position_is_named(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    with raw_store(database_url) as raw:
        raw.insert_forged(0)

    first, last, reason = first_mismatch(check(journey, store, signer))
    assert (first, last) == (0, 0)
    assert "inserted" in reason


def test_two_swapped_events_are_named(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    with raw_store(database_url) as raw:
        raw.swap(120, 180)

    assert first_mismatch(check(journey, store, signer))[:2] == (120, 120)


def test_a_consistently_rewritten_chain_is_caught_by_the_signed_checkpoints(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    with raw_store(database_url) as raw:
        raw.flip_byte(123)
        raw.rewrite_chain()

    report = check(journey, store, signer)
    first, last, reason = first_mismatch(report)
    assert (first, last) == (101, 150)
    assert "checkpoint signed at 150" in reason
    assert all(p.first != p.last for p in report.problems), "no exact position is known"


def test_a_forged_checkpoint_is_reported(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    with raw_store(database_url) as raw:
        raw.alter_checkpoint(100, bytes(32))

    first, last, reason = first_mismatch(check(journey, store, signer))
    assert (first, last) == (100, 100)
    assert "signature does not verify" in reason


def test_checkpoints_resigned_with_another_key_are_reported(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    intruder = Signer(Ed25519PrivateKey.generate())
    with raw_store(database_url) as raw:
        raw.flip_byte(123)
        raw.rewrite_chain()
        raw.resign_checkpoints(intruder)

    first, last, reason = first_mismatch(check(journey, store, signer))
    assert (first, last) == (50, 50)
    assert f"signed by key {intruder.verifier.key_id!r}" in reason


def test_the_keeper_resumes_after_a_restart_without_breaking_the_chain(
    journey: Journey, store: ChainStore, signer: Signer, head: int, database_url: str
) -> None:
    for n in range(30):
        register(journey, given_name=f"Later{n}")
    restarted = ChainKeeper(journey.app.recorder, store, signer, KeeperSettings(every=EVERY))
    restarted.catch_up()

    new_head = journey.app.recorder.max_notification_id() or 0
    assert restarted.chained == new_head - head
    assert list(store.links()) == list(walk(journey.app.recorder))
    checkpoints = [c.position for c in store.checkpoints()]
    after_restart = [p for p in checkpoints if p > head]
    assert after_restart, "the restarted keeper signed checkpoints"
    assert {b - a for a, b in itertools.pairwise(after_restart)} <= {EVERY}
    assert after_restart[0] - head == EVERY, "counting resumed from the last checkpoint"
    assert check(journey, store, signer).intact


def test_two_keepers_at_once_keep_one_chain(
    journey: Journey, store: ChainStore, signer: Signer, database_url: str
) -> None:
    first = ChainKeeper(journey.app.recorder, store, signer, KeeperSettings(every=EVERY, batch=40))
    second = ChainKeeper(journey.app.recorder, store, signer, KeeperSettings(every=EVERY, batch=40))
    while first.step() + second.step():
        pass

    assert list(store.links()) == list(walk(journey.app.recorder))
    assert check(journey, store, signer).intact
