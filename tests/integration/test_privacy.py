"""Personal data is sealed per record, and erasure destroys it for good (both databases).

The survivor's journey puts distinctive values in every identifying field; the raw
database (every file of the SQLite store, every row of every PostgreSQL table) is
searched for them, after the application has shown it can read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import msgspec
import pytest
from sqlalchemy import select

from adapters.privacy.keyring import data_keys
from adapters.run.bootstrap import Journey, build, open_app
from adapters.store.codec import MsgspecMapper
from domain.errors import RuleViolated
from domain.values import ERASED, ERASED_PERSON, Guardian, PersonalData
from domain.vocab import ErasureBasis, NoteCategory
from services.commands.beneficiary import ErasePersonalData, UpdatePersonalData
from services.commands.case import AddNote, OpenCase
from tests.support.factories import MANAGER, WORKER
from tests.support.raw import found, raw_contents
from tests.support.survivor import GUARDIAN, PERSON, SECRETS, Survivor, survivor


@pytest.fixture
def journey(database_url: str) -> Iterator[Journey]:
    system = build(database_url)
    yield system
    system.close()


def erase(journey: Journey, person: Survivor) -> None:
    command = ErasePersonalData(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-014")
    journey.bus.execute(person.beneficiary, command, actor=MANAGER)


def decoded_history(journey: Journey) -> bytes:
    """Every stored event as the application decodes it, as one JSON document."""
    mapper = journey.app.mapper
    notifications = journey.app.recorder.select_notifications(start=1, limit=10**6)
    events = [vars(mapper.to_domain_event(n)) for n in notifications]
    return msgspec.json.encode(events)


def wrapped_keys(journey: Journey, records: set[UUID]) -> dict[UUID, bytes | None]:
    mapper: Any = journey.app.mapper
    with mapper.keyring.engine.connect() as conn:
        rows = conn.execute(select(data_keys.c.record_id, data_keys.c.wrapped))
        return {UUID(r.record_id): r.wrapped for r in rows if UUID(r.record_id) in records}


def test_the_application_reads_what_the_raw_store_never_shows(
    journey: Journey, database_url: str
) -> None:
    person = survivor(journey)
    beneficiary = journey.queries.beneficiary(person.beneficiary)
    assert beneficiary.personal == PERSON
    assert beneficiary.guardian == GUARDIAN
    history = decoded_history(journey)
    assert [s for s in SECRETS if s.encode() not in history] == []  # all readable ...
    assert found(raw_contents(database_url), SECRETS) == []  # ... none stored in clear


def test_erasure_leaves_nothing_readable_and_the_history_whole(
    journey: Journey, database_url: str
) -> None:
    person = survivor(journey)
    records = {person.beneficiary, person.case, person.stay, person.plan}
    before = wrapped_keys(journey, records)
    assert set(before) == records
    assert all(before.values())
    events_before = len(journey.app.recorder.select_notifications(start=1, limit=10**6))

    erase(journey, person)

    beneficiary = journey.queries.beneficiary(person.beneficiary)
    assert beneficiary.personal == ERASED_PERSON
    assert beneficiary.guardian == Guardian(GUARDIAN.kind, ERASED, None)
    assert beneficiary.erasure_basis is ErasureBasis.CONSENT_WITHDRAWN
    case = journey.queries.case(person.case)
    assert [note.text for note in case.notes] == [ERASED]
    assert case.referral.details is None
    plan = journey.queries.plan(person.plan)
    assert plan.goals[1].description == ERASED
    assert plan.goals[1].progress == (ERASED,)
    # the history is whole: two more events (beneficiary and case), all decodable
    assert len(journey.app.recorder.select_notifications(start=1, limit=10**6)) == (
        events_before + 2
    )
    assert [s for s in SECRETS if s.encode() in decoded_history(journey)] == []
    # the keys are tombstones, and their old wrapped bytes are nowhere in the database
    assert set(wrapped_keys(journey, records).values()) == {None}
    raw = raw_contents(database_url)
    leftovers = [
        record
        for record, wrapped in before.items()
        for blob in raw.values()
        if wrapped and wrapped in blob
    ]
    assert leftovers == []


def test_after_erasure_nothing_identifying_can_be_recorded_again(journey: Journey) -> None:
    person = survivor(journey)
    erase(journey, person)
    refusals: list[Callable[[], object]] = [
        lambda: journey.bus.execute(
            person.beneficiary, UpdatePersonalData(PersonalData("A", "B")), actor=WORKER
        ),
        lambda: journey.bus.execute(
            person.case, AddNote(NoteCategory.GENERAL, "any text"), actor=WORKER
        ),
        lambda: erase(journey, person),
    ]
    for refused in refusals:
        with pytest.raises(RuleViolated) as caught:
            refused()
        assert caught.value.rule == "personal_data_erased"
    another_case = OpenCase(
        beneficiary_id=person.beneficiary, referral=journey.queries.case(person.case).referral
    )
    with pytest.raises(RuleViolated, match="erased"):
        journey.bus.execute(None, another_case, actor=WORKER)


def test_an_erased_history_replays_equal_without_snapshots(
    journey: Journey, database_url: str
) -> None:
    person = survivor(journey)
    erase(journey, person)
    replay = open_app(database_url, IS_SNAPSHOTTING_ENABLED="n")
    try:
        for record in (person.beneficiary, person.case, person.stay, person.plan):
            assert replay.repository.get(record) == journey.app.repository.get(record)
    finally:
        replay.close()


def test_master_key_rotation_rewraps_every_key_and_leaves_events_untouched(
    journey: Journey,
) -> None:
    person = survivor(journey)
    mapper: Any = journey.app.mapper
    keyring = mapper.keyring
    records = {person.beneficiary, person.case}
    before = wrapped_keys(journey, records)
    stored_before = journey.app.recorder.select_notifications(start=1, limit=10**6)
    rotated = keyring.master.with_new_key()
    assert keyring.rotate(rotated) >= len(records)
    keyring.master = rotated.current_only()
    keyring._cache.clear()  # force every key to be unwrapped again
    after = wrapped_keys(journey, records)
    assert all(after[r] != before[r] for r in records)
    assert journey.app.recorder.select_notifications(start=1, limit=10**6) == stored_before
    assert journey.queries.beneficiary(person.beneficiary).personal == PERSON


def test_the_codec_refuses_to_store_identifying_data_without_keys() -> None:
    from tests.support.factories import register  # noqa: PLC0415

    system = build("memory://")
    try:
        mapper = system.app.mapper
        assert isinstance(mapper, MsgspecMapper)
        mapper.keyring = None
        with pytest.raises(RuntimeError, match="unencrypted"):
            register(system)
    finally:
        system.close()
