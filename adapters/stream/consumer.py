"""A projection's message source: a durable JetStream pull consumer.

The worker's SQL position is the truth; the consumer is only a cursor. `start`
(re)creates the durable consumer at the sequence the worker asks for, so a
restart, a redelivery or a server restart can never skip or repeat an event.

Pulling: one subscription on a private inbox collects what the server sends into
a buffer, and `fetch` asks for messages with its own pull requests
(`$JS.API.CONSUMER.MSG.NEXT.<stream>.<durable>`): first a `no_wait` request for
the rest of the batch, which the server answers at once with what it has (ending
with a 404 status when that is less); when nothing at all was there, a long poll
for one message that expires just before the fetch's timeout. Each request
replies to its own subject under the inbox, so a late status of an earlier
request never ends a later one.

Decoding: messages are decoded by adapters/stream/decoding.py (envelope, then the event's
typed fields); one that cannot be decoded becomes a Delivery with its typed reason
(projections/dead_letters.py), for the dead-letter table. Given the aggregate
types a model reads, a message of another type (the subject's token after the
prefix) is not decoded: it is delivered `skipped`, with its stream sequence and
its store position (the relay's `Nats-Msg-Id`), so that the worker's position
still moves past it. A message whose type or position cannot be read that way is
decoded as any other.

Partitions: a source for partition i of N also passes over, undecoded, messages
whose subject names a record of another partition; a message it decodes whose
subject does not name the envelope's own record is poison (a partition could
otherwise pass over an event whose owner never sees it either).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import Any

import msgspec
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from adapters.stream.decoding import change_of
from adapters.stream.jetstream import MSG_ID, StreamSettings, connect, ensure_stream
from projections.dead_letters import DeadLetterReason
from projections.model import Change
from projections.partition import Partition
from projections.source import Delivery, SourceUnavailable

_NATS_FAILURES: tuple[type[BaseException], ...] = (NatsError, OSError, TimeoutError)

_ACK = b"+ACK"
_STATUS = "Status"
_DESCRIPTION = "Description"
_HEARTBEAT = "100"
_END_OF_REQUEST = frozenset({"404", "408"})  # no (more) messages; the request expired
# 409s that only end one pull request; any other status makes the source unavailable
# (the worker then restarts the consumer where its tables are).
_BENIGN_CONFLICTS = ("Exceeded MaxWaiting", "Leadership Change")
# The server ends a long poll this long before the fetch stops waiting for it.
_EXPIRES_MARGIN = 0.02
# Ack subjects: $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<ts>.<pending>,
# or with <domain>.<account hash> after ACK (and maybe a token at the end).
_ACK_V1_TOKENS = 9
_ACK_V2_MIN_TOKENS = 11


def durable_for(model_name: str, partition: Partition | None = None) -> str:
    """The worker's durable consumer: one per model, or per model and partition."""
    if partition is None or partition.count == 1:
        return f"projection-{model_name}"
    return f"projection-{model_name}-p{partition.index}of{partition.count}"


def skipped_delivery(
    stream_seq: int,
    subject: str,
    headers: dict[str, str] | None,
    subject_prefix: str,
    aggregate_types: frozenset[str] | None,
    *,
    partition: Partition | None = None,
) -> Delivery | None:
    """A `skipped` Delivery when the subject names an aggregate type outside
    `aggregate_types` (None: all are read) or a record of another partition, and the
    headers carry the store position; else None (decode it)."""
    if not subject.startswith(subject_prefix):
        return None
    aggregate_type, dot, aggregate_id = subject[len(subject_prefix) :].partition(".")
    if not dot or not aggregate_id or "." in aggregate_id:
        return None
    read_type = aggregate_types is None or aggregate_type in aggregate_types
    if read_type and (partition is None or partition.owns(aggregate_id)):
        return None
    position = _position(headers)
    if position is None:
        return None
    return Delivery(stream_seq, None, position=position)


def _position(headers: dict[str, str] | None) -> int | None:
    raw = headers.get(MSG_ID) if headers else None
    if raw is None or not raw.isascii() or not raw.isdigit():
        return None
    position = int(raw)
    return position if position > 0 else None


def stream_seq_of(reply: str) -> int | None:
    """The stream sequence from a JetStream ack subject (either format); None if not one."""
    tokens = reply.split(".")
    if len(tokens) < _ACK_V1_TOKENS or tokens[0] != "$JS" or tokens[1] != "ACK":
        return None
    if len(tokens) == _ACK_V1_TOKENS:
        raw = tokens[5]
    elif len(tokens) >= _ACK_V2_MIN_TOKENS:
        raw = tokens[7]
    else:
        return None
    return int(raw) if raw.isascii() and raw.isdigit() else None


class NatsSource:
    def __init__(
        self,
        nats_url: str,
        stream: StreamSettings,
        durable: str,
        partition: Partition | None = None,
    ) -> None:
        self.nats_url = nats_url
        self.stream = stream
        self.durable = durable
        self.partition = partition if partition is not None and partition.count > 1 else None
        self._client: Client | None = None
        self._js: JetStreamContext | None = None
        self._subscription: Subscription | None = None
        self._aggregate_types: frozenset[str] | None = None
        self._prefix = f"{stream.prefix}."
        self._next_subject = f"$JS.API.CONSUMER.MSG.NEXT.{stream.name}.{durable}"
        self._inbox = ""
        self._requests = 0  # pull requests sent: each replies to <inbox>.<number>
        self._pending = ""  # the open no_wait request's reply subject
        self._owed = 0  # messages the open no_wait request may still bring
        self._polling = ""  # the long poll's reply subject, while one is waited for
        self._buffer: deque[Msg] = deque()
        self._replies: dict[int, str] = {}
        self._enough = 0  # the buffer size that ends a wait
        self._waiter: asyncio.Future[None] | None = None
        self._failure: str | None = None

    async def start(self, from_seq: int, aggregate_types: frozenset[str] | None = None) -> None:
        try:
            js = await self._jetstream()
            await self._recreate_consumer(js, from_seq)
            await self._subscribe()
        except _NATS_FAILURES as error:
            await self._drop_connection()
            raise SourceUnavailable(_describe(error)) from error
        self._aggregate_types = aggregate_types

    async def fetch(self, max_messages: int, timeout: float) -> list[Delivery]:
        if self._subscription is None:
            raise SourceUnavailable("consumer not started")
        deadline = asyncio.get_running_loop().time() + timeout
        try:
            if len(self._buffer) < max_messages:
                if not self._pending:
                    await self._request(max_messages - len(self._buffer))
                await self._wait(max_messages, deadline)
            if not self._buffer and self._failure is None:
                await self._poll(deadline)
        except _NATS_FAILURES as error:
            await self._drop_connection()
            raise SourceUnavailable(_describe(error)) from error
        if self._failure is not None:
            raise SourceUnavailable(self._failure)
        count = min(max_messages, len(self._buffer))
        return [self._delivery(self._buffer.popleft()) for _ in range(count)]

    async def _request(self, count: int) -> None:
        """Ask for up to `count` more messages, answered at once (no_wait)."""
        if count <= 0:
            return
        self._pending = self._reply_subject()
        self._owed = count
        await self._publish_request({"batch": count, "no_wait": True}, self._pending)

    async def _wait(self, enough: int, deadline: float) -> None:
        """Until the buffer holds `enough`, the no_wait request ended, or the deadline."""
        if self._pending and len(self._buffer) < enough:
            await self._sleep(enough, deadline)
        if self._pending and len(self._buffer) < enough:
            self._pending, self._owed = "", 0  # lost (a reconnect): the next fetch asks anew

    async def _poll(self, deadline: float) -> None:
        """A long poll for the next message, expiring just before the deadline."""
        expires = deadline - asyncio.get_running_loop().time() - _EXPIRES_MARGIN
        if expires <= 0:
            return
        self._polling = self._reply_subject()
        try:
            await self._publish_request({"batch": 1, "expires": int(expires * 1e9)}, self._polling)
            await self._sleep(1, deadline)
        finally:
            self._polling = ""

    def _reply_subject(self) -> str:
        self._requests += 1
        return f"{self._inbox}.{self._requests}"

    async def _publish_request(self, request: dict[str, Any], reply: str) -> None:
        assert self._client is not None
        await self._client.publish(self._next_subject, msgspec.json.encode(request), reply=reply)

    async def _sleep(self, enough: int, deadline: float) -> None:
        loop = asyncio.get_running_loop()
        self._enough = enough
        waiter = self._waiter = loop.create_future()
        timer = loop.call_at(deadline, _resolve, waiter)
        try:
            await waiter
        finally:
            timer.cancel()
            self._waiter = None

    def _on_message(self, inbox: str, message: Msg) -> None:
        if inbox != self._inbox:  # of a subscription replaced by a restart
            return
        if message.reply:  # a stream message, acknowledged through its reply subject
            self._buffer.append(message)
            if self._owed:
                self._owed -= 1
                if not self._owed:
                    self._ended(self._pending)
            if len(self._buffer) >= self._enough:
                self._wake()
            return
        headers = message.headers or {}
        status = headers.get(_STATUS)
        request = message.subject
        if status is None or status == _HEARTBEAT or request not in (self._pending, self._polling):
            return  # not a status, or one of an earlier request: nothing to wait for
        if status not in _END_OF_REQUEST and not _benign_conflict(status, headers):
            description = headers.get(_DESCRIPTION, "").strip()
            self._failure = f"JetStream pull request answered {status} {description}".strip()
        self._ended(request)

    def _ended(self, request: str) -> None:
        if request == self._pending:
            self._pending, self._owed = "", 0
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None:
            _resolve(self._waiter)

    def _delivery(self, message: Msg) -> Delivery:
        stream_seq = stream_seq_of(message.reply)
        if stream_seq is None:
            self._failure = f"not a JetStream message: reply subject {message.reply!r}"
            raise SourceUnavailable(self._failure)
        self._replies[stream_seq] = message.reply
        if self._aggregate_types is not None or self.partition is not None:
            skipped = skipped_delivery(
                stream_seq,
                message.subject,
                message.headers,
                self._prefix,
                self._aggregate_types,
                partition=self.partition,
            )
            if skipped is not None:
                return skipped
        delivery = change_of(stream_seq, message.data)
        if self.partition is None or delivery.change is None:
            return delivery
        return _checked_subject(delivery, delivery.change, message.subject, self._prefix)

    async def ack_through(self, delivery: Delivery) -> None:
        """AckPolicy.ALL: acking the last message acknowledges all before it."""
        reply = self._replies.pop(delivery.stream_seq, None)
        self._replies = {s: r for s, r in self._replies.items() if s > delivery.stream_seq}
        if reply is None or self._client is None:
            return
        try:
            await self._client.publish(reply, _ACK)
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

    async def _subscribe(self) -> None:
        """A fresh inbox: nothing sent for the consumer before the restart arrives."""
        self._forget_subscription()
        old, self._subscription = self._subscription, None
        if old is not None:
            with contextlib.suppress(*_NATS_FAILURES):
                await old.unsubscribe()
        assert self._client is not None
        inbox = self._inbox = self._client.new_inbox()

        async def collect(message: Msg) -> None:
            self._on_message(inbox, message)

        self._subscription = await self._client.subscribe(f"{inbox}.*", cb=collect)

    def _forget_subscription(self) -> None:
        self._inbox = self._pending = self._polling = ""
        self._owed = 0
        self._buffer.clear()
        self._replies.clear()
        self._failure = None

    async def _drop_connection(self) -> None:
        self._forget_subscription()
        client, self._client, self._js, self._subscription = self._client, None, None, None
        if client is not None and not client.is_closed:
            with contextlib.suppress(*_NATS_FAILURES):
                await asyncio.wait_for(client.close(), 2)


def _checked_subject(delivery: Delivery, change: Change, subject: str, prefix: str) -> Delivery:
    """Poison unless the subject names the change's own record, as the relay's do."""
    expected = f"{prefix}{change.aggregate_type}.{change.aggregate_id}"
    if subject == expected:
        return delivery
    detail = f"{subject!r}, expected {expected!r}"
    reason = DeadLetterReason.WRONG_SUBJECT.because(detail)
    return Delivery(delivery.stream_seq, None, reason, change.event_type)


def _benign_conflict(status: str, headers: dict[str, str]) -> bool:
    description = headers.get(_DESCRIPTION, "")
    return status == "409" and description.startswith(_BENIGN_CONFLICTS)


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
