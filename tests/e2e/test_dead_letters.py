"""A poison message is never skipped silently: it is recorded, the worker stops and
says so, and an operator's retry or skip is recorded too."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, MetaData, Table, select

from adapters.bootstrap import Journey
from adapters.cli import main
from adapters.consumer import NatsSource
from adapters.jetstream import connect
from domain.vocab import RiskLevel
from projections import catalog
from projections.caseload import Caseload
from projections.model import Change
from projections.worker import ProjectionWorker, WorkerSettings
from services.case_commands import AssessRisk
from tests.support.factories import open_case, register
from tests.support.pipeline import Pipeline, assert_equal_to_rebuild, wait_until


def _letters(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(catalog.dead_letters).order_by(catalog.dead_letters.c.id))
        return [dict(row) for row in rows.mappings()]


async def _publish_stray(nats_url: str, subject: str) -> None:
    client = await connect(nats_url, "stray-publisher", reconnect=False)
    try:
        await client.jetstream().publish(subject, b'{"not": "an envelope"}')
    finally:
        await client.close()


def test_an_invalid_message_is_dead_lettered_until_an_operator_skips_it(  # noqa: PLR0917
    journey: Journey,
    engine: Engine,
    nats_url: str,
    read_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pipeline = Pipeline(journey, engine, nats_url)

    async def scenario() -> None:
        pipeline.start_relay()
        worker = pipeline.start_worker("caseload")
        open_case(journey, register(journey))
        await pipeline.caught_up()
        await _publish_stray(nats_url, f"{pipeline.stream.prefix}.Case.stray")
        for _ in range(3):
            open_case(journey, register(journey))
        await wait_until(lambda: worker.failed, 20, "the worker to stop at the stray message")
        await asyncio.to_thread(_check_status_says_failed, monkeypatch, capsys, read_url)
        (letter,) = _letters(engine)
        assert letter["status"] == "open"
        assert "not a valid event envelope" in letter["error"]
        catalog.request_resolution(engine, "caseload", "skip", "arta.ops")
        await pipeline.caught_up()
        await pipeline.close()

    asyncio.run(scenario())
    (letter,) = _letters(engine)
    assert (letter["status"], letter["resolved_by"]) == ("skipped", "arta.ops")
    assert_equal_to_rebuild(journey, engine, names=["caseload"])


def _check_status_says_failed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], read_url: str
) -> None:
    monkeypatch.setenv("JOURNEY_READ_DATABASE_URL", read_url)
    monkeypatch.setenv("JOURNEY_NATS_URL", "nats://127.0.0.1:1")
    assert main(["projections", "status"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("caseload"))
    assert "failed" in line


class FlakyCaseload(Caseload):
    """Fails twice on RiskAssessed (the batch, then the event alone), then works —
    as a bug fixed by a redeploy would."""

    def __init__(self) -> None:
        self.failures = 2

    def apply(self, conn: Connection, tables: dict[str, Table], batch: Sequence[Change]) -> None:
        if self.failures and any(c.event_type == "Case.RiskAssessed" for c in batch):
            self.failures -= 1
            msg = "simulated projection bug"
            raise RuntimeError(msg)
        super().apply(conn, tables, batch)


def test_an_operator_retry_applies_the_event_that_failed(
    journey: Journey, engine: Engine, nats_url: str
) -> None:
    pipeline = Pipeline(journey, engine, nats_url)

    async def scenario() -> None:
        pipeline.start_relay()
        case_id = open_case(journey, register(journey))
        journey.bus.execute(case_id, AssessRisk(level=RiskLevel.LOW), actor="besa")
        source = NatsSource(nats_url, pipeline.stream, durable="projection-flaky")
        worker = ProjectionWorker(
            FlakyCaseload(), engine, source, WorkerSettings(fetch_timeout=0.2)
        )
        task = asyncio.create_task(worker.run(pipeline.stop))
        await wait_until(lambda: worker.failed, 20, "the simulated bug")
        (letter,) = _letters(engine)
        assert "RuntimeError: simulated projection bug" in letter["error"]
        assert letter["event_type"] == "Case.RiskAssessed"
        catalog.request_resolution(engine, "caseload", "retry", "arta.ops")
        head = journey.app.recorder.max_notification_id() or 0
        await wait_until(lambda: worker.position >= head, 20, "the retry")
        await pipeline.close()
        await task

    asyncio.run(scenario())
    (letter,) = _letters(engine)
    assert letter["status"] == "retried"
    with engine.connect() as conn:
        risk = conn.execute(select(Caseload().define(MetaData(), 1)["caseload"].c.risk_level))
        assert risk.scalar_one() == "low"
