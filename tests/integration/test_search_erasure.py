"""The blind index forgets an erased person, for good: no row, no token left in the
database, no match, also after a rebuild; it rebuilds itself under a new key or when
ahead of its store; and processes catching up at once index each person once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

import pytest
from sqlalchemy import delete, select, update

from adapters.privacy.blind_index import (
    INDEX_KEY_RECORD,
    index_rows,
    index_state,
    person_tokens,
    token,
)
from adapters.privacy.blind_matching import NameQuery
from adapters.privacy.keyring import data_keys
from adapters.run.bootstrap import Journey, build
from domain.values import PersonalData
from services.access import Role
from services.commands.beneficiary import UpdatePersonalData
from tests.support.factories import WORKER, register
from tests.support.http import Api, serving
from tests.support.raw import found, raw_contents
from tests.support.survivor import PERSON, survivor

SEARCH = "/api/v1/beneficiaries/search"
NAME = "Zanafina Hoxhollari"
QUERY = {"name": NAME, "birth_year": 2009}
ERASURE = {"legal_basis": "consent_withdrawn", "reference": "DPO-2026-014"}


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def _matches(api: Api) -> list[str]:
    answer = api.post(Role.CASE_MANAGER, SEARCH, QUERY)
    assert answer.status_code == 200, answer.text
    return [match["beneficiary_id"] for match in answer.json()["matches"]]


def _tokens(journey: Journey) -> tuple[str, ...]:
    key = journey.names.keyring.sealing_key(INDEX_KEY_RECORD)
    return tuple(person_tokens(key, PERSON))


def test_an_erased_person_is_not_found_and_leaves_no_token_even_after_a_rebuild(
    api: Api, database_url: str
) -> None:
    person = survivor(api.journey)
    assert _matches(api) == [str(person.beneficiary)]
    tokens = _tokens(api.journey)
    assert len(found(raw_contents(database_url), tokens)) == len(tokens)  # the scan sees them
    erased = api.post(Role.CASE_MANAGER, f"/api/v1/beneficiaries/{person.beneficiary}/erasure",
                      ERASURE)  # fmt: skip
    assert erased.status_code == 200, erased.text
    assert api.journey.names.rows_of(person.beneficiary) == 0
    assert found(raw_contents(database_url), tokens) == []
    assert _matches(api) == []
    api.journey.names.rebuild(api.journey.app)
    assert api.journey.names.rows_of(person.beneficiary) == 0
    assert _matches(api) == []


def test_the_old_tokens_of_a_changed_name_leave_the_database(api: Api, database_url: str) -> None:
    """A catch-up that replaces a person's rows purges what the files kept of the old ones
    (SQLite's WAL; PostgreSQL's dead rows)."""
    person = survivor(api.journey)
    assert _matches(api) == [str(person.beneficiary)]
    key = api.journey.names.keyring.sealing_key(INDEX_KEY_RECORD)
    old = (token(key, "name", "zanafina"), token(key, "year", "2009"))
    assert len(found(raw_contents(database_url), old)) == len(old)
    renamed = UpdatePersonalData(personal=PersonalData("Mirlinda", "Hoxhollari"))
    api.journey.bus.execute(person.beneficiary, renamed, actor=WORKER)
    assert _matches(api) == []  # the catch-up replaced the rows
    assert api.journey.names.rows_of(person.beneficiary) == 2
    assert found(raw_contents(database_url), old) == []


def test_a_renewed_index_key_forgets_every_row_and_the_index_rebuilds_under_it(
    api: Api, database_url: str
) -> None:
    person = survivor(api.journey)
    old = _tokens(api.journey)
    old_wrapped = _wrapped_index_key(api.journey)
    api.journey.names.renew_key()
    assert api.journey.names.rows_of(person.beneficiary) == 0
    assert _wrapped_index_key(api.journey) != old_wrapped
    contents = raw_contents(database_url)
    assert found(contents, old) == []
    assert [where for where, blob in contents.items() if old_wrapped in blob] == []
    assert _matches(api) == [str(person.beneficiary)]
    assert set(_tokens(api.journey)).isdisjoint(old)


def _wrapped_index_key(journey: Journey) -> bytes:
    with journey.names.engine.connect() as conn:
        return bytes(
            conn.execute(
                select(data_keys.c.wrapped).where(data_keys.c.record_id == str(INDEX_KEY_RECORD))
            ).scalar_one()
        )


def test_another_process_that_indexed_the_person_forgets_them_before_its_next_search(
    api: Api, database_url: str
) -> None:
    person = survivor(api.journey)
    other = build(database_url)
    try:
        query = NameQuery.of(NAME, 2009, 10)
        assert [c.beneficiary_id for c in other.names.search(other.app, query)] == [
            person.beneficiary
        ]
        path = f"/api/v1/beneficiaries/{person.beneficiary}/erasure"
        assert api.post(Role.CASE_MANAGER, path, ERASURE).status_code == 200
        assert other.names.search(other.app, query) == []
    finally:
        other.close()


def test_a_new_index_key_rebuilds_the_index_from_the_store(api: Api, database_url: str) -> None:
    person = survivor(api.journey)
    old = _tokens(api.journey)
    with api.journey.names.engine.begin() as conn:  # the key lost: a restore without it
        conn.execute(delete(data_keys).where(data_keys.c.record_id == str(INDEX_KEY_RECORD)))
    fresh = build(database_url)  # a process that has not cached the old key
    try:
        query = NameQuery.of("Hoxhollari", 2009, 10)
        assert [c.beneficiary_id for c in fresh.names.search(fresh.app, query)] == [
            person.beneficiary
        ]
        assert set(_tokens(fresh)).isdisjoint(old)
        assert found(raw_contents(database_url), old) == []
    finally:
        fresh.close()


def test_an_index_ahead_of_the_store_starts_again(api: Api) -> None:
    """A store restored from an older backup is behind the index: the index starts again."""
    person = survivor(api.journey)
    names = api.journey.names
    with names.engine.begin() as conn:  # rows of a store that went further, then was replaced
        conn.execute(update(index_state).values(position=10**6))
        conn.execute(delete(index_rows))
        conn.execute(index_rows.insert().values(beneficiary_id=str(uuid4()), token="0" * 64,
                                                kind="name"))  # fmt: skip
    assert _matches(api) == [str(person.beneficiary)]
    assert names.catch_up(api.journey.app) == api.head


def test_concurrent_catch_ups_of_two_processes_index_each_person_once(
    api: Api, database_url: str
) -> None:
    people = [register(api.journey, given_name=name) for name in ("Arta", "Besa", "Drita")]
    other = build(database_url)
    query = NameQuery.of("Hoxha", 2002, 10)  # the factories' family name and birth year
    try:
        searches = [api.journey, other] * 3
        with ThreadPoolExecutor(len(searches)) as pool:
            answers = list(pool.map(lambda j: j.names.search(j.app, query), searches))
        assert [len(answer) for answer in answers] == [3] * len(searches)
        assert [api.journey.names.rows_of(p) for p in people] == [3, 3, 3]
    finally:
        other.close()
