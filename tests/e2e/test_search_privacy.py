"""A name search leaves no name behind: after registering a survivor and searching for
them by several spellings, with the relay and workers running, no database table (store,
keys, read models), no log line and no stream message holds the clear name, the searched
spellings or their folded words (both databases)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import Engine

from adapters.run.bootstrap import Journey
from domain.name_folding import fold
from services.access import Role
from tests.support.http import build_api
from tests.support.pipeline import Pipeline, stream_payloads
from tests.support.raw import found, raw_contents
from tests.support.survivor import PERSON, SECRETS, survivor

SPELLINGS = ("Zanafina Hoxholari", "ZANAFINA HODŽOLARI", "Занафина Хоџолари")
FOLDED = tuple({word for name in (*SPELLINGS, PERSON.family_name) for word in fold(name).split()})


def test_a_search_stores_and_logs_no_name_nor_its_folded_words(
    journey: Journey,
    engine: Engine,
    nats_url: str,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario() -> tuple[bytes, list[int]]:
        pipeline = Pipeline(journey, engine, nats_url)
        pipeline.start_all()
        try:
            person = await asyncio.to_thread(survivor, journey)
            counts = await asyncio.to_thread(search_each_spelling)
            await pipeline.caught_up()
            assert journey.names.rows_of(person.beneficiary) == 3  # two names and the year
            return await stream_payloads(nats_url, pipeline.stream), counts
        finally:
            await pipeline.close()

    def search_each_spelling() -> list[int]:
        with build_api(journey, engine) as api:
            answers = [
                api.post(Role.CASE_MANAGER, "/api/v1/beneficiaries/search", {"name": name})
                for name in SPELLINGS
            ]
        return [len(answer.json()["matches"]) for answer in answers]

    stream, counts = asyncio.run(scenario())
    assert counts == [1, 1, 1]
    secrets = (*SECRETS, *SPELLINGS, *FOLDED)
    assert found({"stream": stream}, secrets) == []
    assert found(raw_contents(database_url), secrets) == []  # store, keys, index, read models
    assert found({"log": caplog.text.encode()}, secrets) == []
