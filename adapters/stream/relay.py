"""The relay: follows the event store's ordered log and publishes it to JetStream.

Outbox without an outbox table: the store's notification log *is* the outbox,
and the stream's last message says how far the relay got, so the position is
durable without a second write. Each message carries
- `Nats-Msg-Id` = its store position: a re-publish within the duplicate window
  is acknowledged as a duplicate and stored once;
- an expectation: the first of a batch `Nats-Expected-Last-Sequence` (the stream
  ends exactly where the relay read it), each later one `Nats-Expected-Last-Msg-Id`
  (its predecessor's position). The server refuses a message unless the stream
  ends as expected, so even pipelined publishing can never leave a gap or put
  events out of order: once one is refused — a stray publisher's message got in —
  every later one of the batch is refused too (with sequence expectations alone,
  the next message would have matched the stray's sequence and been stored in
  place of the refused one, which the relay would then never publish), and the
  relay re-reads the stream's end.
Any failure (NATS down, a timeout, a refused expectation) drops the connection;
after a backoff the relay reconnects and resumes from the stream's last message.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from eventsourcing.persistence import ApplicationRecorder, Notification
from nats.js import JetStreamContext

from adapters.observability.metrics import (
    RELAY_POSITION,
    RELAY_PUBLISH_SECONDS,
    RELAY_PUBLISHED,
)
from adapters.stream.envelope import encode_envelope, envelope_of, subject_for
from adapters.stream.jetstream import (
    EXPECTED_LAST_MSG_ID,
    EXPECTED_LAST_SEQUENCE,
    MSG_ID,
    StreamSettings,
    connect,
    ensure_stream,
    stream_head,
)

log = logging.getLogger("journey.relay")


@dataclass(frozen=True)
class RelayStatus:
    state: str  # starting | running | nats_unavailable | stopped
    position: int = 0
    published: int = 0
    last_error: str | None = None
    retry_in_seconds: float | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class RelaySettings:
    batch: int = 500
    poll_seconds: float = 0.02
    ack_timeout_seconds: float = 10.0
    max_backoff_seconds: float = 5.0


class Relay:
    def __init__(
        self,
        recorder: ApplicationRecorder,
        nats_url: str,
        stream: StreamSettings,
        settings: RelaySettings | None = None,
        on_status: Callable[[RelayStatus], None] = lambda _: None,
    ) -> None:
        self.recorder = recorder
        self.nats_url = nats_url
        self.stream = stream
        self.settings = settings or RelaySettings()
        self.on_status = on_status
        self.status = RelayStatus("starting")

    def lag(self) -> int:
        """Stored events not yet published (read from the store: for /metrics' scrape)."""
        return (self.recorder.max_notification_id() or 0) - self.status.position

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 0.1
        while not stop.is_set():
            try:
                await self._publish_until(stop)
                backoff = 0.1
            except Exception as error:
                self._report(
                    "nats_unavailable", last_error=_describe(error), retry_in_seconds=backoff
                )
                log.warning("relay: %s; retrying in %.1f s", _describe(error), backoff)
                await _sleep_unless(stop, backoff)
                backoff = min(backoff * 2, self.settings.max_backoff_seconds)
        self._report("stopped")

    async def _publish_until(self, stop: asyncio.Event) -> None:
        client = await connect(self.nats_url, "journey-relay", reconnect=False)
        try:
            js = client.jetstream()
            await ensure_stream(js, self.stream)
            stream_seq, position = await stream_head(js, self.stream)
            self._report("running", position=position, last_error=None, retry_in_seconds=None)
            log.info("relay: publishing from store position %d", position + 1)
            while not stop.is_set():
                position, stream_seq = await self._publish_next(js, position, stream_seq, stop)
        finally:
            await client.close()

    async def _publish_next(
        self, js: JetStreamContext, position: int, stream_seq: int, stop: asyncio.Event
    ) -> tuple[int, int]:
        batch = await asyncio.to_thread(
            self.recorder.select_notifications, position + 1, self.settings.batch
        )
        if not batch:
            self._report("running")  # idle: the status writer keeps the latest, throttled
            await _sleep_unless(stop, self.settings.poll_seconds)
            return position, stream_seq
        started = time.perf_counter()
        stream_seq = await self._publish_batch(js, batch, stream_seq)
        RELAY_PUBLISH_SECONDS.observe(time.perf_counter() - started)
        RELAY_PUBLISHED.inc(len(batch))
        last = batch[-1].id
        self._report("running", position=last, published=self.status.published + len(batch))
        return last, stream_seq

    async def _publish_batch(
        self, js: JetStreamContext, batch: Sequence[Notification], stream_seq: int
    ) -> int:
        """Publish pipelined; returns the stream sequence of the batch's last message.

        The first message expects the stream's last sequence as read; each later one
        expects its predecessor's id as the stream's last message id. So when one is
        refused (a stray publisher got in), every later one of the batch is refused
        too: a later message can never be stored in place of an earlier one.
        """
        acks = []
        for offset, notification in enumerate(batch):
            envelope = envelope_of(notification)
            expectation = (
                {EXPECTED_LAST_SEQUENCE: str(stream_seq)}
                if offset == 0
                else {EXPECTED_LAST_MSG_ID: str(batch[offset - 1].id)}
            )
            headers = {MSG_ID: str(notification.id), **expectation}
            acks.append(
                await js.publish_async(
                    subject_for(self.stream.prefix, envelope),
                    encode_envelope(envelope),
                    headers=headers,
                )
            )
        done = await asyncio.wait_for(asyncio.gather(*acks), self.settings.ack_timeout_seconds)
        return int(done[-1].seq)

    def _report(self, state: str, **changes: object) -> None:
        self.status = replace(
            self.status,
            state=state,
            updated_at=datetime.now(UTC),
            **changes,  # type: ignore[arg-type]
        )
        RELAY_POSITION.set(self.status.position)
        self.on_status(self.status)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
