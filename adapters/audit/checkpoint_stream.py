"""Publishing signed checkpoints to a JetStream stream of their own, and reading them back.

The stream is the chain's anchor outside the event store's database: whoever
can rewrite the database (and even re-sign checkpoints with a stolen key) still
cannot rewrite what was published here (no delete, no purge, no rollup).
Checkpoints are published in position order with `Nats-Expected-Last-Sequence`,
so two keepers (or a retry) never interleave or duplicate them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass

from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

from adapters.audit.chain_tables import ChainStore, Checkpoint
from adapters.stream.jetstream import EXPECTED_LAST_SEQUENCE, MSG_ID, connect

log = logging.getLogger("journey.checkpoints")


class CheckpointFormatError(ValueError):
    """A message on the checkpoint stream is not a checkpoint; the message says why."""


@dataclass(frozen=True)
class CheckpointStream:
    name: str = "JOURNEY_CHECKPOINTS"
    subject: str = "journey.checkpoints"
    replicas: int = 1

    def config(self) -> StreamConfig:
        return StreamConfig(
            name=self.name,
            subjects=[self.subject],
            storage=StorageType.FILE,
            num_replicas=self.replicas,
            deny_delete=True,
            deny_purge=True,
            allow_rollup_hdrs=False,
        )


def encode_checkpoint(checkpoint: Checkpoint) -> bytes:
    return json.dumps(
        {
            "position": checkpoint.position,
            "chain_hash": checkpoint.chain_hash.hex(),
            "signed_at": checkpoint.signed_at,
            "key_id": checkpoint.key_id,
            "signature": checkpoint.signature.hex(),
        },
        sort_keys=True,
    ).encode()


def decode_checkpoint(data: bytes) -> Checkpoint:
    try:
        fields = json.loads(data)
        return Checkpoint(
            _int(fields["position"]),
            bytes.fromhex(fields["chain_hash"]),
            str(fields["signed_at"]),
            str(fields["key_id"]),
            bytes.fromhex(fields["signature"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        msg = f"not a checkpoint: {type(error).__name__}: {error}"
        raise CheckpointFormatError(msg) from error


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"position must be an integer, got {value!r}"
        raise TypeError(msg)
    return value


class CheckpointPublisher:
    """Publishes the stored checkpoints the stream does not have yet, in order.

    NATS being down never stops the keeper: the checkpoints wait in the
    database and go out on a later call (after a backoff).
    """

    def __init__(
        self, nats_url: str, stream: CheckpointStream, store: ChainStore, backoff: float = 5.0
    ) -> None:
        self.nats_url = nats_url
        self.stream = stream
        self.store = store
        self.backoff = backoff
        self.client: Client | None = None
        self.published: tuple[int, int] | None = None  # (stream sequence, position)
        self.retry_at = 0.0
        self.last_error: str | None = None

    async def publish_pending(self) -> int:
        """How many checkpoints went out; failures are logged and retried later."""
        if time.monotonic() < self.retry_at:
            return 0
        try:
            return await self._publish_pending()
        except Exception as error:
            self.last_error = f"{type(error).__name__}: {error}"
            log.warning("checkpoints not published (%s); retrying later", self.last_error)
            await self.close()
            self.retry_at = time.monotonic() + self.backoff
            return 0

    async def _publish_pending(self) -> int:
        js = await self._jetstream()
        if self.published is None:
            self.published = await stream_end(js, self.stream)
        sequence, position = self.published
        pending = await asyncio.to_thread(self.store.checkpoints, position)
        for checkpoint in pending:
            ack = await js.publish(
                self.stream.subject,
                encode_checkpoint(checkpoint),
                timeout=5,
                headers={
                    MSG_ID: f"checkpoint-{checkpoint.position}",
                    EXPECTED_LAST_SEQUENCE: str(sequence),
                },
            )
            sequence, position = int(ack.seq), checkpoint.position
            self.published = (sequence, position)
        self.last_error = None
        return len(pending)

    async def _jetstream(self) -> JetStreamContext:
        if self.client is None:
            self.client = await connect(self.nats_url, "journey-chain-keeper", reconnect=False)
            self.published = None
        js = self.client.jetstream()
        try:
            await js.stream_info(self.stream.name)
        except NotFoundError:
            await js.add_stream(self.stream.config())
        return js

    async def close(self) -> None:
        if self.client is not None:
            client, self.client = self.client, None
            self.published = None
            await client.close()


async def stream_end(js: JetStreamContext, stream: CheckpointStream) -> tuple[int, int]:
    """(last stream sequence, position of the last checkpoint on it); (0, 0) if empty."""
    last = (await js.stream_info(stream.name)).state.last_seq
    if not last:
        return 0, 0
    message = await js.get_msg(stream.name, seq=last)
    return last, decode_checkpoint(message.data or b"").position


@dataclass(frozen=True)
class Published:
    """What the stream holds: the checkpoints, and messages that are not checkpoints."""

    checkpoints: list[Checkpoint]
    malformed: list[str]


async def read_published(nats_url: str, stream: CheckpointStream) -> Published | None:
    """Every message on the stream, in order; None if the stream does not exist."""
    client = await connect(nats_url, "journey-audit", reconnect=False)
    try:
        js = client.jetstream()
        try:
            info = await js.stream_info(stream.name)
        except NotFoundError:
            return None
        published = Published([], [])
        for seq in range(info.state.first_seq or 1, info.state.last_seq + 1):
            message = await js.get_msg(stream.name, seq=seq)
            try:
                published.checkpoints.append(decode_checkpoint(message.data or b""))
            except CheckpointFormatError as error:
                published.malformed.append(f"stream message {seq}: {error}")
        return published
    finally:
        await client.close()
