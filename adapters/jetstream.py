"""The JetStream stream that carries every stored event, and its settings."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

log = logging.getLogger("journey.nats")

MSG_ID = "Nats-Msg-Id"
EXPECTED_LAST_SEQUENCE = "Nats-Expected-Last-Sequence"


@dataclass(frozen=True)
class StreamSettings:
    """JOURNEY_NATS_STREAM, JOURNEY_NATS_PREFIX, JOURNEY_NATS_REPLICAS."""

    name: str = "JOURNEY_EVENTS"
    prefix: str = "journey.events"
    replicas: int = 1
    duplicate_window_seconds: float = 120.0

    def config(self) -> StreamConfig:
        """An event log: file storage, nothing deleted or purged, no rollups."""
        return StreamConfig(
            name=self.name,
            subjects=[f"{self.prefix}.>"],
            storage=StorageType.FILE,
            num_replicas=self.replicas,
            duplicate_window=self.duplicate_window_seconds,
            deny_delete=True,
            deny_purge=True,
            allow_rollup_hdrs=False,
        )


async def connect(url: str, name: str, *, reconnect: bool = True) -> Client:
    """A connection; with reconnect=False one that fails fast (the caller retries)."""
    attempts = -1 if reconnect else 1  # nats-py: 0 would mean "forever"
    return await asyncio.wait_for(
        nats.connect(
            url,
            name=name,
            connect_timeout=2,
            allow_reconnect=reconnect,
            max_reconnect_attempts=attempts,
            reconnect_time_wait=0.5,
            error_cb=_log_error,
        ),
        timeout=10,
    )


async def _log_error(error: Exception) -> None:
    log.debug("nats: %s", error)


async def ensure_stream(js: JetStreamContext, settings: StreamSettings) -> None:
    try:
        await js.stream_info(settings.name)
    except NotFoundError:
        await js.add_stream(settings.config())


async def stream_head(js: JetStreamContext, settings: StreamSettings) -> tuple[int, int]:
    """(last stream sequence, store position of the relay's last message); (0, 0) if empty.

    Messages without a Nats-Msg-Id were not published by the relay (a stray
    publisher); they are passed over when looking for the relay's position.
    """
    last = (await js.stream_info(settings.name)).state.last_seq
    for seq in range(last, 0, -1):
        headers = (await js.get_msg(settings.name, seq=seq)).headers or {}
        if MSG_ID in headers:
            return last, int(headers[MSG_ID])
    return last, 0
