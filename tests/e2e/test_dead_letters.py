"""A poison message is never skipped silently: it is recorded with the reason, the
worker stops and says so, and an operator's retry or skip is recorded too. Poison
here: not an envelope, garbage bytes, invalid UTF-8, JSON nested past the decoder's
recursion limit, and a well-formed envelope of an event type no code defines. Each is
recognised by its reason in our own words (projections/dead_letters.py), never by a
library's message, which changes between versions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import msgspec
import pytest
from sqlalchemy import Connection, Engine, MetaData, Table, select

from adapters.cli.main import main
from adapters.run.bootstrap import Journey
from adapters.stream.consumer import NatsSource
from adapters.stream.envelope import encode_envelope, envelope_of
from adapters.stream.jetstream import connect
from domain.vocab import RiskLevel
from projections import catalog
from projections.caseload import Caseload
from projections.dead_letters import DeadLetterReason, reason_of
from projections.model import Change
from projections.worker import ProjectionWorker, WorkerSettings
from services.commands.case import AssessRisk
from tests.support.factories import open_case, register
from tests.support.pipeline import Pipeline, assert_equal_to_rebuild, wait_until


def _letters(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(catalog.dead_letters).order_by(catalog.dead_letters.c.id))
        return [dict(row) for row in rows.mappings()]


async def _publish_stray(nats_url: str, subject: str, payload: bytes) -> None:
    client = await connect(nats_url, "stray-publisher", reconnect=False)
    try:
        await client.jetstream().publish(subject, payload)
    finally:
        await client.close()


def _of_unknown_type(journey: Journey) -> bytes:
    """A well-formed envelope of a real event, relabelled as a type no code defines."""
    (notification,) = journey.app.recorder.select_notifications(1, 1)
    envelope = msgspec.structs.replace(
        envelope_of(notification),
        event_topic="domain.case:Case.Teleported",
        event_type="Case.Teleported",
    )
    return encode_envelope(envelope)


STRAYS: dict[str, tuple[Callable[[Journey], bytes], DeadLetterReason]] = {
    "not an envelope": (lambda _: b'{"not": "an envelope"}', DeadLetterReason.NOT_ENVELOPE),
    "garbage bytes": (lambda _: b"\x00\x01\x02 garbage", DeadLetterReason.NOT_JSON),
    "invalid UTF-8": (lambda _: b'{"actor": "\xff\xfe"}', DeadLetterReason.NOT_UTF8),
    "nested 100,000 deep": (
        lambda _: b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        DeadLetterReason.TOO_DEEP,
    ),
    "unknown event type": (_of_unknown_type, DeadLetterReason.UNKNOWN_EVENT_TYPE),
}


def test_each_invalid_message_is_dead_lettered_until_an_operator_skips_it(  # noqa: PLR0917
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
        subject = f"{pipeline.stream.prefix}.Case.stray"
        for payload_of, _ in STRAYS.values():
            await _publish_stray(nats_url, subject, payload_of(journey))
            open_case(journey, register(journey))
        for index, (name, (_, reason)) in enumerate(STRAYS.items()):
            stopped = partial(_stopped_at, worker, engine, index)
            await wait_until(stopped, 20, f"the worker to stop at the stray {name}")
            if index == 0:
                await asyncio.to_thread(
                    _check_status_says_failed, monkeypatch, capsys, read_url, reason
                )
            assert reason_of(_letters(engine)[index]["error"]) is reason, name
            catalog.request_resolution(engine, "caseload", "skip", "arta.ops")
        await pipeline.caught_up()
        await pipeline.close()

    asyncio.run(scenario())
    letters = _letters(engine)
    assert len(letters) == len(STRAYS)
    assert {(row["status"], row["resolved_by"]) for row in letters} == {("skipped", "arta.ops")}
    assert_equal_to_rebuild(journey, engine, names=["caseload"])


def _stopped_at(worker: ProjectionWorker, engine: Engine, index: int) -> bool:
    """The worker stopped at the `index`-th stray: its letter is the last, still open."""
    letters = _letters(engine)
    return worker.failed and len(letters) == index + 1 and letters[index]["status"] == "open"


def _check_status_says_failed(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    read_url: str,
    reason: DeadLetterReason,
) -> None:
    monkeypatch.setenv("JOURNEY_READ_DATABASE_URL", read_url)
    monkeypatch.setenv("JOURNEY_NATS_URL", "nats://127.0.0.1:1")
    assert main(["projections", "status"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("caseload"))
    assert f"failed {reason}: " in line


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
        assert reason_of(letter["error"]) is DeadLetterReason.NOT_APPLIED
        assert "RuntimeError: simulated projection bug" in letter["error"]  # the model's own
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
