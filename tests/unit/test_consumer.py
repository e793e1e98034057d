"""The NATS source: its own pull requests, sequences from ack subjects, and events
of types the model does not read delivered undecoded (on a real nats-server)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START
from adapters.stream.consumer import NatsSource, skipped_delivery, stream_seq_of
from adapters.stream.decoding import change_of
from adapters.stream.envelope import encode_envelope, envelope_of, subject_for
from adapters.stream.jetstream import MSG_ID, StreamSettings, connect, ensure_stream
from projections.dead_letters import DeadLetterReason, reason_of
from projections.partition import Partition, partition_of
from projections.source import Delivery, SourceUnavailable
from tests.support.factories import open_case, register

PREFIX = "journey.events."
CASE = frozenset({"Case"})


# ------------------------------------------------------------ pure parts


def test_the_stream_sequence_comes_from_either_ack_subject_format() -> None:
    assert stream_seq_of("$JS.ACK.EVENTS.worker.1.4711.4700.1795860911674063874.12") == 4711
    v2 = "$JS.ACK.hub.ACCHASH.EVENTS.worker.2.4712.4701.1795860911674063874.11"
    assert stream_seq_of(v2) == 4712
    assert stream_seq_of(v2 + ".token") == 4712
    assert stream_seq_of("_INBOX.abc.1") is None
    assert stream_seq_of("$JS.ACK.EVENTS.worker.1.x.4700.1795860911674063874.12") is None
    assert stream_seq_of("$JS.ACK.EVENTS.worker.1.4711.4700.17958") is None


def test_an_event_of_a_type_not_read_is_skipped_with_its_position() -> None:
    skipped = skipped_delivery(7, "journey.events.Beneficiary.f00d", {MSG_ID: "42"}, PREFIX, CASE)
    assert skipped == Delivery(7, None, position=42)
    assert skipped is not None
    assert skipped.skipped


@pytest.mark.parametrize(
    ("subject", "headers"),
    [
        ("journey.events.Case.f00d", {MSG_ID: "42"}),  # read: decoded
        ("journey.events.Beneficiary.f00d", None),  # no position: decoded as before
        ("journey.events.Beneficiary.f00d", {}),
        ("journey.events.Beneficiary.f00d", {MSG_ID: "x42"}),
        ("journey.events.Beneficiary.f00d", {MSG_ID: "0"}),
        ("journey.events.Beneficiary.f00d", {MSG_ID: "-3"}),
        ("journey.events.Beneficiary", {MSG_ID: "42"}),  # no aggregate id
        ("journey.events.Beneficiary.f00d.more", {MSG_ID: "42"}),
        ("other.events.Beneficiary.f00d", {MSG_ID: "42"}),
    ],
)
def test_anything_not_certainly_skippable_is_decoded(
    subject: str, headers: dict[str, str] | None
) -> None:
    assert skipped_delivery(7, subject, headers, PREFIX, CASE) is None


def test_a_decoded_delivery_carries_its_store_position() -> None:
    system = build("memory://", ScriptedClock(START))
    try:
        register(system)
        (notification,) = system.app.recorder.select_notifications(1, 1)
        delivery = change_of(3, encode_envelope(envelope_of(notification)))
    finally:
        system.close()
    assert delivery.change is not None
    assert (delivery.stream_seq, delivery.position, delivery.change.position) == (3, 1, 1)
    assert not delivery.skipped
    assert not delivery.poison


def test_an_undecodable_message_is_poison() -> None:
    delivery = change_of(3, b'{"not": "an envelope"}')
    assert delivery.poison
    assert reason_of(delivery.error or "") is DeadLetterReason.NOT_ENVELOPE


# -------------------------------------------------------- against NATS


@pytest.fixture
def journey() -> Iterator[Journey]:
    system = build("memory://", ScriptedClock(START))
    open_case(system, register(system))
    yield system
    system.close()


def fresh_stream() -> StreamSettings:
    tag = uuid.uuid4().hex[:10]
    return StreamSettings(name=f"U_{tag}", prefix=f"unit.{tag}")


async def publish(
    nats_url: str, stream: StreamSettings, messages: list[tuple[str, bytes, dict[str, str]]]
) -> None:
    client = await connect(nats_url, "unit-publisher", reconnect=False)
    try:
        js = client.jetstream()
        await ensure_stream(js, stream)
        for subject, payload, headers in messages:
            await js.publish(subject, payload, headers=headers or None)
    finally:
        await client.close()


def relayed(journey: Journey, stream: StreamSettings) -> list[tuple[str, bytes, dict[str, str]]]:
    """The store's events as the relay publishes them."""
    notifications = journey.app.recorder.select_notifications(1, 1000)
    return [
        (
            subject_for(stream.prefix, envelope := envelope_of(n)),
            encode_envelope(envelope),
            {MSG_ID: str(n.id)},
        )
        for n in notifications
    ]


async def fetch_all(source: NatsSource, count: int, batch: int = 3) -> list[Delivery]:
    deliveries: list[Delivery] = []
    for _ in range(100):
        if len(deliveries) >= count:
            break
        got = await source.fetch(batch, 0.5)
        deliveries += got
        if got:
            await source.ack_through(got[-1])
    return deliveries


def test_only_the_types_the_model_reads_are_decoded(journey: Journey, nats_url: str) -> None:
    stream = fresh_stream()
    messages = relayed(journey, stream)
    types = [subject.split(".")[2] for subject, _, _ in messages]
    assert {"Beneficiary", "Case"} <= set(types)

    async def scenario() -> list[Delivery]:
        await publish(nats_url, stream, messages)
        source = NatsSource(nats_url, stream, "unit-caseload")
        try:
            await source.start(1, CASE)
            return await fetch_all(source, len(messages))
        finally:
            await source.close()

    deliveries = asyncio.run(scenario())
    assert [d.stream_seq for d in deliveries] == list(range(1, len(messages) + 1))
    assert [d.position for d in deliveries] == list(range(1, len(messages) + 1))
    for delivery, aggregate_type in zip(deliveries, types, strict=True):
        if aggregate_type == "Case":
            assert delivery.change is not None
            assert delivery.change.aggregate_type == "Case"
        else:
            assert delivery.skipped


def test_every_type_is_decoded_without_a_set(journey: Journey, nats_url: str) -> None:
    stream = fresh_stream()
    messages = relayed(journey, stream)

    async def scenario() -> list[Delivery]:
        await publish(nats_url, stream, messages)
        source = NatsSource(nats_url, stream, "unit-all")
        try:
            await source.start(1)
            return await fetch_all(source, len(messages), batch=100)
        finally:
            await source.close()

    deliveries = asyncio.run(scenario())
    assert len(deliveries) == len(messages)
    assert all(d.change is not None for d in deliveries)


def test_stray_messages_are_poison_unless_certainly_of_another_type(nats_url: str) -> None:
    stream = fresh_stream()
    junk = b'{"not": "an envelope"}'
    messages = [
        (f"{stream.prefix}.Case.stray", junk, {}),  # read type: decoded, poison
        (f"{stream.prefix}.Facility.stray", junk, {}),  # no position: decoded, poison
        (f"{stream.prefix}.Facility.stray", junk, {MSG_ID: "9"}),  # skipped, never decoded
    ]

    async def scenario() -> list[Delivery]:
        await publish(nats_url, stream, messages)
        source = NatsSource(nats_url, stream, "unit-stray")
        try:
            await source.start(1, CASE)
            return await fetch_all(source, len(messages), batch=10)
        finally:
            await source.close()

    first, second, third = asyncio.run(scenario())
    assert first.poison
    assert second.poison
    reasons = {reason_of(first.error or ""), reason_of(second.error or "")}
    assert reasons == {DeadLetterReason.NOT_ENVELOPE}
    assert third == Delivery(3, None, position=9)


def test_start_delivers_from_the_sequence_asked_for(journey: Journey, nats_url: str) -> None:
    stream = fresh_stream()
    messages = relayed(journey, stream)

    async def scenario() -> tuple[list[Delivery], list[Delivery]]:
        await publish(nats_url, stream, messages)
        source = NatsSource(nats_url, stream, "unit-restart")
        try:
            await source.start(1, CASE)
            first = await source.fetch(2, 0.5)
            await source.start(3, CASE)  # e.g. after a gap: recreated where the tables are
            again = await source.fetch(100, 0.5)
            return first, again
        finally:
            await source.close()

    first, again = asyncio.run(scenario())
    assert [d.stream_seq for d in first] == [1, 2]
    assert [d.stream_seq for d in again] == list(range(3, len(messages) + 1))


def test_a_fetch_waits_for_the_next_message_and_returns_when_it_comes(nats_url: str) -> None:
    stream = fresh_stream()

    async def scenario() -> tuple[float, list[Delivery], float, list[Delivery]]:
        await publish(nats_url, stream, [])
        source = NatsSource(nats_url, stream, "unit-wait")
        try:
            await source.start(1, CASE)
            started = time.monotonic()
            empty = await source.fetch(10, 0.3)
            waited = time.monotonic() - started

            async def later() -> None:
                await asyncio.sleep(0.2)
                await publish(
                    nats_url, stream, [(f"{stream.prefix}.Other.x", b"{}", {MSG_ID: "1"})]
                )

            publisher = asyncio.create_task(later())
            started = time.monotonic()
            arrived = await source.fetch(10, 5.0)
            latency = time.monotonic() - started
            await publisher
            return waited, empty, latency, arrived
        finally:
            await source.close()

    waited, empty, latency, arrived = asyncio.run(scenario())
    assert empty == []
    assert 0.2 < waited < 1.0
    assert arrived == [Delivery(1, None, position=1)]
    assert latency < 2.0


def test_a_vanished_consumer_makes_the_source_unavailable(nats_url: str) -> None:
    stream = fresh_stream()

    async def scenario() -> None:
        await publish(nats_url, stream, [])
        source = NatsSource(nats_url, stream, "unit-vanish")
        try:
            await source.start(1, CASE)
            client = await connect(nats_url, "unit-admin", reconnect=False)
            try:
                await client.jetstream().delete_consumer(stream.name, "unit-vanish")
            finally:
                await client.close()
            with pytest.raises(SourceUnavailable):
                await source.fetch(10, 1.0)
            await source.start(1, CASE)  # the worker's recovery: recreated
            assert await source.fetch(10, 0.2) == []
        finally:
            await source.close()

    asyncio.run(scenario())


def test_a_fetch_before_start_is_unavailable() -> None:
    source = NatsSource("nats://127.0.0.1:1", fresh_stream(), "unit-nowhere")

    async def scenario() -> None:
        with pytest.raises(SourceUnavailable):
            await source.fetch(10, 0.1)
        await source.close()

    asyncio.run(scenario())


def test_a_partition_source_refuses_an_event_under_another_records_subject(
    journey: Journey, nats_url: str
) -> None:
    stream = fresh_stream()
    subject, payload, headers = next(m for m in relayed(journey, stream) if ".Case." in m[0])
    other = uuid.uuid4()
    partition = Partition(partition_of(other, 2), 2)  # owns the subject's record

    async def scenario() -> list[Delivery]:
        await publish(nats_url, stream, [(f"{stream.prefix}.Case.{other}", payload, headers)])
        source = NatsSource(nats_url, stream, "unit-wrong-subject", partition)
        try:
            await source.start(1, CASE)
            return await fetch_all(source, 1)
        finally:
            await source.close()

    (delivery,) = asyncio.run(scenario())
    assert delivery.poison
    assert reason_of(delivery.error or "") is DeadLetterReason.WRONG_SUBJECT
    assert subject in (delivery.error or "")  # the subject it should have had
