"""The chain keeper: follows the store's log, records each position's link hash,
and signs a checkpoint every N events (or T seconds after new events).

Like the relay it reads `select_notifications` in position order. On PostgreSQL
the library inserts under `LOCK TABLE ... IN EXCLUSIVE MODE`, so positions
become visible in commit order: once the keeper has read position P, no event
with a lower position can appear later (positions may be skipped, e.g. by a
rolled-back insert, but never filled in afterwards). It resumes from its own
tables after a restart; two keepers at once are safe (the second one's insert
conflicts, it reloads and goes on).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from eventsourcing.persistence import ApplicationRecorder, Notification

from adapters.audit.chain import Link, links
from adapters.audit.chain_tables import ChainConflict, ChainStore, Checkpoint
from adapters.audit.checkpoint_stream import CheckpointPublisher
from adapters.audit.signing_key import Signer
from adapters.observability.metrics import CHAIN_SEALED_POSITION

log = logging.getLogger("journey.chain")


@dataclass(frozen=True)
class KeeperSettings:
    every: int = 1000
    seconds: float = 60.0
    batch: int = 2000
    poll_seconds: float = 0.5


@dataclass(frozen=True)
class KeeperState:
    head: Link  # the last chained position and its hash
    since_checkpoint: int  # events chained after the last checkpoint
    checkpoint_position: int


class ChainKeeper:
    def __init__(
        self,
        recorder: ApplicationRecorder,
        store: ChainStore,
        signer: Signer,
        settings: KeeperSettings | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.recorder = recorder
        self.store = store
        self.signer = signer
        self.settings = settings or KeeperSettings()
        self.now = now
        self.state: KeeperState | None = None
        self.last_checkpoint_at = time.monotonic()
        self.chained = 0
        self.checkpoints = 0

    def step(self, *, checkpoint_now: bool = False) -> int:
        """Chain the next batch (up to the next checkpoint boundary); sign if due.

        Returns how many events were chained. `checkpoint_now` signs a
        checkpoint at the new head if anything is unsigned (the one-shot command).
        """
        state = self.state or self._load()
        limit = self.settings.every - state.since_checkpoint
        batch: Sequence[Notification] = []
        if limit > 0:
            start = state.head.position + 1
            batch = self.recorder.select_notifications(start, min(self.settings.batch, limit))
        chained = links(state.head.hash, batch)
        head = chained[-1] if chained else state.head
        since = state.since_checkpoint + len(chained)
        checkpoint = self._sign(head) if self._due(since, checkpoint_now) else None
        try:
            self.store.append(chained, checkpoint)
        except ChainConflict:
            log.info("chain keeper: another keeper got there first; reloading")
            self.state = None
            return len(chained)
        self.chained += len(chained)
        self._advance(state, head, since, checkpoint)
        return len(chained)

    def _due(self, since: int, checkpoint_now: bool) -> bool:
        if since == 0:
            return False
        if since >= self.settings.every or checkpoint_now:
            return True
        return time.monotonic() - self.last_checkpoint_at >= self.settings.seconds

    def _sign(self, head: Link) -> Checkpoint:
        unsigned = Checkpoint(
            head.position,
            head.hash,
            self.now().astimezone(UTC).isoformat(timespec="microseconds"),
            self.signer.verifier.key_id,
        )
        return Checkpoint(
            unsigned.position,
            unsigned.chain_hash,
            unsigned.signed_at,
            unsigned.key_id,
            self.signer.sign(unsigned.message()),
        )

    def _advance(
        self, state: KeeperState, head: Link, since: int, checkpoint: Checkpoint | None
    ) -> None:
        CHAIN_SEALED_POSITION.set(head.position)
        if checkpoint is None:
            self.state = KeeperState(head, since, state.checkpoint_position)
            return
        self.checkpoints += 1
        self.last_checkpoint_at = time.monotonic()
        self.state = KeeperState(head, 0, checkpoint.position)
        log.info("checkpoint signed at position %d", checkpoint.position)

    def _load(self) -> KeeperState:
        head = self.store.head()
        last = self.store.last_checkpoint()
        position = last.position if last else 0
        self.state = KeeperState(head, self.store.chained_after(position), position)
        return self.state

    def catch_up(self, *, checkpoint_now: bool = False) -> None:
        """Chain everything stored so far; with checkpoint_now, sign the end."""
        while self.step():
            pass
        if checkpoint_now:
            self.step(checkpoint_now=True)

    async def run(self, stop: asyncio.Event, publisher: CheckpointPublisher | None) -> None:
        """Follow the log until `stop`; publish checkpoints as they are signed."""
        try:
            while not stop.is_set():
                chained = await asyncio.to_thread(self.step)
                if publisher is not None:
                    await publisher.publish_pending()
                if not chained:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), self.settings.poll_seconds)
        finally:
            if publisher is not None:
                await publisher.close()
