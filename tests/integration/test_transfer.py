"""A store filled from a simulated one carries the data keys of its records along.

`python -m scripts.bench pipeline` used to copy the demo's events from the in-memory store
into PostgreSQL without their keys (those stayed in the in-memory key table), so the
first command on a copied case stopped with KeyMissing (issue 11, item 11).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
from eventsourcing.persistence import StoredEvent

from adapters.privacy.keyring import KeyMissing, PersonalDataErased
from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo, DemoSummary
from adapters.store.transfer import copy_log, keyring_of
from domain.vocab import ErasureBasis, NoteCategory
from services.commands.beneficiary import ErasePersonalData
from services.commands.case import AddNote
from tests.support.factories import MANAGER, WORKER

JOURNEYS = 4


@pytest.fixture(scope="module")
def simulated() -> Iterator[tuple[Journey, DemoSummary]]:
    """The demo's journeys on the in-memory store (its keys in an in-memory table)."""
    clock = ScriptedClock(START)
    memory = build("memory://", clock)
    summary = Demo(memory, clock, 7).run(JOURNEYS)
    yield memory, summary
    memory.close()


@pytest.fixture
def target(database_url: str) -> Iterator[Journey]:
    system = build(database_url)
    yield system
    system.close()


def decoded_log(journey: Journey) -> bytes:
    """Every stored event as the application decodes it (sealed fields opened)."""
    notifications = journey.app.recorder.select_notifications(start=1, limit=10**6)
    return msgspec.json.encode([vars(journey.app.mapper.to_domain_event(n)) for n in notifications])


def test_a_copied_log_reads_the_same_and_takes_commands(
    simulated: tuple[Journey, DemoSummary], target: Journey
) -> None:
    memory, summary = simulated
    copied = copy_log(memory.app, target.app)
    assert copied.head == memory.app.recorder.max_notification_id()
    assert copied.keys > 0
    assert decoded_log(target) == decoded_log(memory)
    case_id = summary.cases[0]
    note = AddNote(NoteCategory.GENERAL, "called back about the appointment")
    result = target.bus.execute(case_id, note, actor=WORKER)
    assert result.position == copied.head + 1
    assert copy_log(memory.app, target.app, count=0).keys == 0


def test_an_erased_record_stays_erased_in_the_copy(target: Journey) -> None:
    clock = ScriptedClock(START)
    memory = build("memory://", clock)
    try:
        summary = Demo(memory, clock, 11).run(1)
        person = memory.queries.case(summary.cases[0]).beneficiary_id
        erasure = ErasePersonalData(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-014")
        memory.bus.execute(person, erasure, actor=MANAGER)
        copy_log(memory.app, target.app)
    finally:
        memory.close()
    keyring = keyring_of(target.app)
    assert keyring.is_destroyed(person)
    with pytest.raises(PersonalDataErased):
        keyring.sealing_key(person)
    assert keyring.opening_key(summary.cases[0]) is None  # the case's key went with it


def test_events_without_their_keys_say_where_the_keys_were_looked_for(
    simulated: tuple[Journey, DemoSummary], target: Journey, database_url: str
) -> None:
    memory, summary = simulated
    notifications: Any = memory.app.recorder.select_notifications(start=1, limit=10**6)
    target.app.recorder.insert_events(
        [
            StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
            for n in notifications
        ]
    )
    with pytest.raises(KeyMissing) as missing:
        target.queries.case(summary.cases[0])
    if "?schema=" in database_url:
        assert f"(schema {database_url.rsplit('=', 1)[1]})" in str(missing.value)
