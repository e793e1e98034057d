"""Personal data never travels: not on the stream, not in the read models, not in the
logs, not in the API's error answers; and after erasure every read model still
equals a rebuild from the store (both databases)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from sqlalchemy import Engine, text

from adapters.run.bootstrap import Journey
from domain.vocab import ErasureBasis
from services.access import Role
from services.commands.beneficiary import ErasePersonalData
from tests.support.factories import MANAGER
from tests.support.http import serving
from tests.support.pipeline import Pipeline, assert_equal_to_rebuild, stream_payloads
from tests.support.raw import found, raw_contents
from tests.support.survivor import SECRETS, survivor


def test_nothing_identifying_on_the_stream_in_tables_or_logs_and_erasure_rebuilds(
    journey: Journey,
    engine: Engine,
    nats_url: str,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario() -> bytes:
        pipeline = Pipeline(journey, engine, nats_url)
        pipeline.start_all()
        try:
            person = await asyncio.to_thread(survivor, journey)
            await pipeline.caught_up()
            command = ErasePersonalData(ErasureBasis.OBJECTION, "DPO-7")
            await asyncio.to_thread(journey.bus.execute, person.beneficiary, command, actor=MANAGER)
            await pipeline.caught_up()
            return await stream_payloads(nats_url, pipeline.stream)
        finally:
            await pipeline.close()

    stream = asyncio.run(scenario())
    assert b"sealed:v1:" in stream  # the sealed values did travel, as ciphertext
    assert found({"stream": stream}, SECRETS) == []
    assert found(raw_contents(database_url), SECRETS) == []  # store, keys, read models
    assert found({"log": caplog.text.encode()}, SECRETS) == []
    assert_equal_to_rebuild(journey, engine)
    with engine.connect() as conn:
        summaries = conn.execute(text("SELECT summary FROM case_timeline")).scalars().all()
    assert any(s.startswith("Personal data erased (objection, request DPO-7)") for s in summaries)


BAD_REGISTRATIONS: list[dict[str, Any]] = [
    {"birth_date": "2999-01-01"},  # in the future
    {"birth_date": "17/04/2009"},  # not a date
    {"phone": 38344918273},  # not a string
    {"given_name": "   "},  # blank
]


@pytest.mark.parametrize("change", BAD_REGISTRATIONS)
def test_error_answers_do_not_repeat_personal_values(
    change: dict[str, Any], database_url: str, read_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    personal = {
        "given_name": "Zanafina",
        "family_name": "Hoxhollari",
        "email": "zanafina.h@example.org",
        "address": "Rruga Agim Ramadani 17, Gjilan",
        **change,
    }
    body = {
        "personal": personal,
        "gender": "Feminine",
        "age_at_identification": 16,
        "citizenships": ["XK"],
        "scope": "domestic",
    }
    with serving(database_url, read_url) as api:
        response = api.post(Role.CASE_MANAGER, "/api/v1/beneficiaries", body)
        assert 400 <= response.status_code < 500, response.text
        assert found({"answer": response.content, "log": caplog.text.encode()}, SECRETS) == []
        assert api.head == 0  # nothing stored
