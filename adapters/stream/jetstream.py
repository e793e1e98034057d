"""The JetStream stream that carries every stored event, and its settings."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

log = logging.getLogger("journey.nats")

MSG_ID = "Nats-Msg-Id"
EXPECTED_LAST_SEQUENCE = "Nats-Expected-Last-Sequence"
EXPECTED_LAST_MSG_ID = "Nats-Expected-Last-Msg-Id"
MAX_REPLICAS = 5


@dataclass(frozen=True)
class StreamSettings:
    """JOURNEY_NATS_STREAM, JOURNEY_NATS_PREFIX, JOURNEY_NATS_REPLICAS."""

    name: str = "JOURNEY_EVENTS"
    prefix: str = "journey.events"
    replicas: int = 1
    duplicate_window_seconds: float = 120.0

    def __post_init__(self) -> None:
        if not 1 <= self.replicas <= MAX_REPLICAS:
            msg = f"JOURNEY_NATS_REPLICAS: {self.replicas} is not between 1 and {MAX_REPLICAS}"
            raise ValueError(msg)

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


def server_urls(url: str) -> list[str]:
    """The servers of JOURNEY_NATS_URL: one URL, or a comma-separated list (a cluster).

    nats-py takes a list, not a comma-separated string; every node is listed so
    that a client can (re)connect to whichever is up.
    """
    urls = [part.strip() for part in url.split(",")]
    if not url.strip() or any(not part for part in urls):
        msg = f"NATS URL {url!r}: expected a URL or a comma-separated list of URLs"
        raise ValueError(msg)
    return urls


async def connect(url: str, name: str, *, reconnect: bool = True) -> Client:
    """A connection to any of the servers in `url` (comma-separated for a cluster);
    with reconnect=False one that fails fast (the caller retries)."""
    attempts = -1 if reconnect else 1  # nats-py: 0 would mean "forever"
    return await asyncio.wait_for(
        nats.connect(
            server_urls(url),
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
    """Create the stream, or scale an existing one to the configured replicas
    (JetStream copies its messages to the new replicas itself)."""
    try:
        info = await js.stream_info(settings.name)
    except NotFoundError:
        await js.add_stream(settings.config())
        return
    if info.config.num_replicas != settings.replicas:
        log.info(
            "stream %s: replicas %s -> %d",
            settings.name,
            info.config.num_replicas,
            settings.replicas,
        )
        await js.update_stream(replace(info.config, num_replicas=settings.replicas))


async def stream_leader(js: JetStreamContext, settings: StreamSettings) -> str | None:
    """The name of the server leading the stream's replicas (None when not clustered)."""
    cluster = (await js.stream_info(settings.name)).cluster
    return None if cluster is None else cluster.leader


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
