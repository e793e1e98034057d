"""The projection worker loop: fetch a batch, apply it with the position, ack.

Guarantees:
- Exactly once: rows and the position commit in one SQL transaction; anything
  at or below the position is skipped (and acked) when redelivered.
- In order: the worker applies only the next stream sequence. A gap (after a
  redelivery or a server restart) makes it restart its consumer at position+1.
- Never silently skipped: an event that cannot be decoded or applied goes to
  `projection_dead_letters`, the worker reports `failed` and waits for an
  operator (`journey projections retry|skip NAME`); a skip is recorded.
- Every event moves the position: events of aggregate types the model does not
  read (`ReadModel.aggregate_types`) arrive undecoded, with only their stream
  sequence and store position; they are committed like the rest, without `apply`.
- Rebuilds without downtime: a worker on the active generation notices when a
  rebuild switched the views to a newer one, moves there and drops its old tables.
- Partitions (projections/partition.py): worker i of N applies only the records
  of partition i, with a position of its own; it still reads and commits past
  every stream message, so the gap check and the exactly-once rule are unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.exc import DBAPIError

from projections import catalog
from projections.dead_letters import DeadLetterReason, describe
from projections.model import Change, ReadModel
from projections.observer import Unobserved, WorkerObserver
from projections.partition import Partition, check_partitionable
from projections.source import (
    Delivery,
    Source,
    SourceUnavailable,
    contiguous,
    last_position,
    until_poison,
)

log = logging.getLogger("journey.projections")


@dataclass(frozen=True)
class WorkerSettings:
    batch: int = 500  # projections.rebuild uses larger batches (REBUILD_SETTINGS)
    fetch_timeout: float = 0.5
    idle_check_seconds: float = 0.5


class ProjectionWorker:
    """Keeps one read model's active generation (or a rebuild's) up to date."""

    def __init__(
        self,
        model: ReadModel,
        engine: Engine,
        source: Source,
        settings: WorkerSettings | None = None,
        *,
        generation: int | None = None,
        partition: Partition | None = None,
        observer: WorkerObserver | None = None,
    ) -> None:
        check_partitionable(model.name, partition)
        self.observer: WorkerObserver = observer or Unobserved()
        self.partition = partition if partition is not None and partition.count > 1 else None
        self.model = model
        self.engine = engine
        self.source = source
        self.settings = settings or WorkerSettings()
        self.follows_active = generation is None
        self.generation = generation or 0
        self.stream_seq = 0
        self.position = 0
        self.tables: dict[str, Table] = {}
        self.failed = False
        self.failure: str | None = None  # the open dead letter's error, while failed

    @property
    def key(self) -> str:
        """The model's name, with the partition: `timeline[1/3]` (dead letters, status)."""
        part = "" if self.partition is None else f"[{self.partition.label}]"
        return f"{self.model.name}{part}"

    @property
    def component(self) -> str:
        suffix = "" if self.follows_active else f"@g{self.generation}"
        return f"projection:{self.key}{suffix}"

    # --------------------------------------------------------------- set-up

    async def open(self) -> None:
        await asyncio.to_thread(self._open)
        await self._restart_source()
        self._report("running")

    def _open(self, *, repoint_views: bool = True) -> None:
        catalog.create_catalog(self.engine)
        with self.engine.begin() as conn:
            active = catalog.active_generation(conn, self.model.name)
        self.generation = active if self.follows_active else self.generation
        self.tables = catalog.generation_tables(self.engine, self.model, self.generation)
        with self.engine.begin() as conn:
            # Claiming holds the lock of the model's position row, so partition
            # workers starting together also point the views one after the other.
            self.stream_seq, self.position = self._claim(conn)
            if self.follows_active and repoint_views:  # after a switch the rebuild did it
                self._point_views_once(conn)
        if self.follows_active:
            self._drop_stale(active)

    def _claim(self, conn: Connection) -> tuple[int, int]:
        """Where this worker resumes; refuses a generation kept the other way."""
        name = self.model.name
        if self.partition is None:
            catalog.assert_kept_by_one_worker(conn, name, self.generation)
            return catalog.read_position(conn, name, self.generation)
        index, count = self.partition.index, self.partition.count
        return catalog.claim_partition(conn, name, self.generation, index, count)

    def _drop_stale(self, active: int) -> None:
        """Drop generations a rebuild replaced; if a reader holds one, try again later.
        A partition worker leaves one until every partition has moved off it."""
        for stale in catalog.stale_generations(self.engine, self.model, active):
            if self.partition is not None and not self._partitions_moved(stale, active):
                continue
            try:
                catalog.drop_generation(self.engine, self.model, stale)
            except DBAPIError as error:
                log.warning(
                    "%s: generation %d not dropped yet: %s", self.component, stale, error.orig
                )

    def _partitions_moved(self, stale: int, active: int) -> bool:
        with self.engine.connect() as conn:
            return catalog.partitions_moved(conn, self.model.name, stale, active)

    def _point_views_once(self, conn: Connection) -> None:
        if self.generation == catalog.active_generation(conn, self.model.name):
            catalog.point_views(conn, self.model, self.tables)

    # ----------------------------------------------------------------- loop

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`; raises PartitionLayoutError if the generation is kept another way."""
        layout_error: str | None = None
        try:
            await self._open_when_reachable(stop)
            while not stop.is_set():
                try:
                    await self.step()
                except SourceUnavailable as error:
                    await self._recover(error, stop)
        except (catalog.PartitionLayoutError, catalog.ViewsInUse) as error:
            layout_error = str(error)  # in the status, as the reason it stopped
            raise
        finally:
            self._report("stopped", last_error=layout_error)
            await self.source.close()

    async def _open_when_reachable(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.open()
                return
            except SourceUnavailable as error:
                self._report("nats_unavailable", last_error=str(error))
                await _sleep_unless(stop, 1.0)

    async def _recover(self, error: SourceUnavailable, stop: asyncio.Event) -> None:
        """Back off, then restart the consumer where the tables are."""
        delay = 0.2
        self._report("nats_unavailable", last_error=str(error))
        log.warning("%s: %s; retrying", self.component, error)
        while not stop.is_set():
            await _sleep_unless(stop, delay)
            try:
                await self._restart_source()
            except SourceUnavailable:
                delay = min(delay * 2, 5.0)
                continue
            self._report("failed" if self.failed else "running")
            return

    async def _restart_source(self) -> None:
        """Deliver from the message after the committed one (the SQL position is the truth)."""
        await self.source.start(self.stream_seq + 1, self.model.aggregate_types)

    async def step(self) -> None:
        """One turn of the loop: follow a switch, wait on a failure, or apply a batch."""
        if self.follows_active and await asyncio.to_thread(self._switched):
            await self._move_to_active()
        elif self.failed:
            await self._await_operator()
        else:
            await self._apply_next_batch()

    async def _apply_next_batch(self) -> None:
        deliveries = await self.source.fetch(self.settings.batch, self.settings.fetch_timeout)
        fresh = [d for d in deliveries if d.stream_seq > self.stream_seq]
        if deliveries and not fresh:
            await self.source.ack_through(deliveries[-1])
            return
        if not contiguous(fresh, self.stream_seq):
            log.warning(
                "%s: gap after %d; restarting the consumer", self.component, self.stream_seq
            )
            await self._restart_source()
            return
        if fresh:
            await asyncio.to_thread(self._apply, fresh)
            await self.source.ack_through(fresh[-1])
            self._report("failed" if self.failed else "running")

    # ------------------------------------------------------------ applying

    def _apply(self, deliveries: Sequence[Delivery]) -> None:
        decodable = until_poison(deliveries)
        try:
            self._commit(decodable)
        except catalog.PartitionLayoutError:
            raise
        except Exception:
            self._apply_one_by_one(decodable)
            return
        if len(decodable) < len(deliveries):
            poison = deliveries[len(decodable)]
            self._dead_letter(poison, poison.error or DeadLetterReason.NOT_ENVELOPE.value)

    def _apply_one_by_one(self, deliveries: Sequence[Delivery]) -> None:
        """Each change in its own transaction (with the skipped messages before it)."""
        pending: list[Delivery] = []
        for delivery in deliveries:
            pending.append(delivery)
            if delivery.skipped:
                continue
            try:
                self._commit(pending)
            except catalog.PartitionLayoutError:
                raise
            except Exception as error:
                self._commit(pending[:-1])
                self._dead_letter(delivery, DeadLetterReason.NOT_APPLIED.because(describe(error)))
                return
            pending = []
        self._commit(pending)

    def _commit(self, deliveries: Sequence[Delivery]) -> None:
        if not deliveries:
            return
        changes = [d.change for d in deliveries if d.change is not None and self._owns(d.change)]
        last = deliveries[-1]
        position = last_position(deliveries, self.position)
        started = time.perf_counter()
        with self.engine.begin() as conn:
            if changes:
                self.model.apply(conn, self.tables, changes)
            self._write_position(conn, last.stream_seq, position)
        self.stream_seq, self.position = last.stream_seq, position
        seconds = time.perf_counter() - started
        self.observer.committed(self.key, changes, len(deliveries), position, seconds)

    def _owns(self, change: Change) -> bool:
        """Another partition's change (not passed over by its subject) is not applied here."""
        return self.partition is None or self.partition.owns(change.aggregate_id)

    def _write_position(self, conn: Connection, stream_seq: int, position: int) -> None:
        """In the rows' transaction; raises PartitionLayoutError (rolling back) if the
        generation is no longer kept the way this worker keeps it."""
        name, generation = self.model.name, self.generation
        if self.partition is None:
            catalog.write_position(conn, name, generation, stream_seq, position)
            return
        partition = (self.partition.index, self.partition.count)
        catalog.write_partition_position(
            conn, name, generation, partition, stream_seq=stream_seq, position=position
        )

    def _dead_letter(self, delivery: Delivery, error: str) -> None:
        """Record the letter and report `failed` together, then stop: whoever sees the
        worker failed or its letter open also sees the status say so."""
        change = delivery.change
        failure = error[:4000]
        catalog.record_dead_letter(
            self.engine,
            self.component,
            self._status_fields(failure),
            projection=self.key,
            generation=self.generation,
            stream_seq=delivery.stream_seq,
            error=failure,
            position=change.position if change else None,
            event_type=change.event_type if change else delivery.event_type,
            aggregate_id=str(change.aggregate_id) if change else None,
        )
        self.failed, self.failure = True, failure
        self.observer.dead_lettered(self.key)
        log.error(
            "%s: cannot apply stream message %d: %s", self.component, delivery.stream_seq, error
        )

    # ------------------------------------------------------------ operator

    async def _await_operator(self) -> None:
        decision = await asyncio.to_thread(self._operator_decision)
        if decision is None:
            await asyncio.sleep(self.settings.idle_check_seconds)
            return
        self.failed, self.failure = False, None
        await self._restart_source()
        self._report("running")

    def _operator_decision(self) -> str | None:
        with self.engine.begin() as conn:
            letter = catalog.unresolved_dead_letter(conn, self.key)
            if letter is None or letter["status"] == "open":
                return None if letter is not None else "none"
            if letter["status"] == "skip":
                self._write_position(
                    conn, letter["stream_seq"], letter["position"] or self.position
                )
                self.stream_seq = letter["stream_seq"]
                self.position = letter["position"] or self.position
            final = "skipped" if letter["status"] == "skip" else "retried"
            catalog.close_dead_letter(conn, letter["id"], final)
            log.warning(
                "%s: dead letter %d %s by %s",
                self.component,
                letter["id"],
                final,
                letter["resolved_by"],
            )
            return str(letter["status"])

    # ------------------------------------------------------------ switching

    def _switched(self) -> bool:
        with self.engine.connect() as conn:
            active = catalog.active_generation(conn, self.model.name)
            conn.commit()
        return active != self.generation

    async def _move_to_active(self) -> None:
        old = self.generation
        await asyncio.to_thread(
            lambda: self._open(repoint_views=False)
        )  # drops the generations before the active one
        await self._restart_source()
        log.info("%s: moved from generation %d to %d", self.component, old, self.generation)

    def _report(self, state: str, last_error: str | None = None) -> None:
        error = last_error or (self.failure if state == "failed" else None)
        catalog.report(self.engine, self.component, state, **self._status_fields(error))

    def _status_fields(self, last_error: str | None) -> dict[str, object]:
        detail = f"generation={self.generation} stream_seq={self.stream_seq}"
        if self.observer.address is not None:
            detail += f" metrics={self.observer.address}"
        return {"position": self.position, "last_error": last_error, "detail": detail}


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
