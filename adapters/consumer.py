"""A projection's message source: a durable JetStream pull consumer.

The worker's SQL position is the truth; the consumer is only a cursor. `start`
(re)creates the durable consumer at the sequence the worker asks for, so a
restart, a redelivery or a server restart can never skip or repeat an event.
Messages are decoded here (envelope, then the event's typed fields); one that
cannot be decoded becomes a Delivery with the reason, for the dead-letter table.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import msgspec
from eventsourcing.utils import resolve_topic
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from adapters.codec import decode_state
from adapters.envelope import decode_envelope
from adapters.jetstream import StreamSettings, connect, ensure_stream
from projections.model import Change
from projections.worker import Delivery, SourceUnavailable

_NATS_FAILURES: tuple[type[BaseException], ...] = (NatsError, OSError, TimeoutError)


def change_of(stream_seq: int, payload: bytes) -> Delivery:
    """Decode one stream message; a bad one becomes a Delivery that says why."""
    try:
        envelope = decode_envelope(payload)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        return Delivery(stream_seq, None, f"not a valid event envelope: {error}")
    try:
        fields = decode_state(resolve_topic(envelope.event_topic), bytes(envelope.data))
    except Exception as error:
        reason = f"cannot decode {envelope.event_type}: {type(error).__name__}: {error}"
        return Delivery(stream_seq, None, reason, envelope.event_type)
    change = Change(
        stream_seq,
        envelope.position,
        envelope.aggregate_type,
        envelope.aggregate_id,
        envelope.aggregate_version,
        envelope.event_type,
        envelope.occurred_at,
        envelope.actor,
        fields,
    )
    return Delivery(stream_seq, change, event_type=envelope.event_type)


class NatsSource:
    def __init__(self, nats_url: str, stream: StreamSettings, durable: str) -> None:
        self.nats_url = nats_url
        self.stream = stream
        self.durable = durable
        self._client: Client | None = None
        self._js: JetStreamContext | None = None
        self._subscription: Any = None
        self._messages: dict[int, Msg] = {}

    async def start(self, from_seq: int) -> None:
        try:
            js = await self._jetstream()
            await self._recreate_consumer(js, from_seq)
            self._subscription = await js.pull_subscribe_bind(
                durable=self.durable, stream=self.stream.name
            )
            self._messages.clear()
        except _NATS_FAILURES as error:
            await self._drop_connection()
            raise SourceUnavailable(_describe(error)) from error

    async def fetch(self, max_messages: int, timeout: float) -> list[Delivery]:
        if self._subscription is None:
            raise SourceUnavailable("consumer not started")
        try:
            messages = await self._subscription.fetch(max_messages, timeout=timeout)
        except TimeoutError:
            return []
        except _NATS_FAILURES as error:
            await self._drop_connection()
            raise SourceUnavailable(_describe(error)) from error
        return [self._delivery(message) for message in messages]

    def _delivery(self, message: Msg) -> Delivery:
        stream_seq = message.metadata.sequence.stream
        self._messages[stream_seq] = message
        return change_of(stream_seq, message.data)

    async def ack_through(self, delivery: Delivery) -> None:
        """AckPolicy.ALL: acking the last message acknowledges all before it."""
        message = self._messages.pop(delivery.stream_seq, None)
        self._messages = {s: m for s, m in self._messages.items() if s > delivery.stream_seq}
        if message is None:
            return
        try:
            await message.ack()
        except _NATS_FAILURES as error:
            raise SourceUnavailable(_describe(error)) from error

    async def head(self) -> int:
        try:
            info = await (await self._jetstream()).stream_info(self.stream.name)
        except _NATS_FAILURES as error:
            raise SourceUnavailable(_describe(error)) from error
        return int(info.state.last_seq)

    async def close(self) -> None:
        await self._drop_connection()

    async def _jetstream(self) -> JetStreamContext:
        if self._client is None or self._client.is_closed or self._js is None:
            self._client = await connect(self.nats_url, f"journey-{self.durable}")
            self._js = self._client.jetstream()
            await ensure_stream(self._js, self.stream)
        return self._js

    async def _recreate_consumer(self, js: JetStreamContext, from_seq: int) -> None:
        with contextlib.suppress(NotFoundError):
            await js.delete_consumer(self.stream.name, self.durable)
        policy = DeliverPolicy.ALL if from_seq <= 1 else DeliverPolicy.BY_START_SEQUENCE
        await js.add_consumer(
            self.stream.name,
            ConsumerConfig(
                durable_name=self.durable,
                deliver_policy=policy,
                opt_start_seq=None if from_seq <= 1 else from_seq,
                ack_policy=AckPolicy.ALL,
                ack_wait=60,
                max_ack_pending=20_000,
                filter_subject=f"{self.stream.prefix}.>",
            ),
        )

    async def _drop_connection(self) -> None:
        client, self._client, self._js, self._subscription = self._client, None, None, None
        if client is not None and not client.is_closed:
            with contextlib.suppress(*_NATS_FAILURES):
                await asyncio.wait_for(client.close(), 2)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
