"""Rebuild a read model without downtime, and wait for one to catch up.

A rebuild fills a new generation of the model's tables from the start of the
stream while the current generation keeps serving; once it has caught up with
the stream's head it switches the views in one transaction. The running
worker then notices the switch, continues on the new generation from where the
rebuild stopped, and drops the old tables.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from sqlalchemy import Engine, select, update

from projections import catalog
from projections.model import ReadModel
from projections.source import Source
from projections.worker import ProjectionWorker, WorkerSettings

# A rebuild reads a long backlog: bigger batches mean fewer transactions and fewer
# round trips to NATS (the consumer's max_ack_pending, 20,000, bounds what is unacked).
REBUILD_SETTINGS = WorkerSettings(batch=10_000)


class RebuildFailed(RuntimeError):
    """The rebuild met an event it could not apply (see the dead letters)."""


def _next_generation(engine: Engine, model: ReadModel) -> int:
    catalog.create_catalog(engine)
    with engine.begin() as conn:
        active = catalog.active_generation(conn, model.name)
        building = conn.execute(
            select(catalog.generations.c.building).where(
                catalog.generations.c.projection == model.name
            )
        ).scalar_one_or_none()
        generation = max(active, building or 0) + 1
        conn.execute(
            update(catalog.generations)
            .where(catalog.generations.c.projection == model.name)
            .values(building=generation)
        )
    return generation


async def rebuild(
    model: ReadModel,
    engine: Engine,
    source: Source,
    settings: WorkerSettings | None = None,
    progress: Callable[[int, int], None] = lambda _seq, _head: None,
) -> int:
    """Build generation N+1 up to the stream head, then switch the views to it."""
    generation = await asyncio.to_thread(_next_generation, engine, model)
    worker = ProjectionWorker(
        model, engine, source, settings or REBUILD_SETTINGS, generation=generation
    )
    await worker.open()
    try:
        head = await source.head()
        while worker.stream_seq < head:
            await worker.step()
            if worker.failed:
                msg = f"rebuild of {model.name} stopped at stream message {worker.stream_seq + 1}"
                raise RebuildFailed(msg)
            progress(worker.stream_seq, head)
            if worker.stream_seq >= head:
                head = await source.head()
    finally:
        await source.close()
    await asyncio.to_thread(catalog.switch_generation, engine, model, generation)
    return generation


def wait_for_position(
    engine: Engine, name: str, position: int, timeout: float, poll: float = 0.01
) -> bool:
    """Read-your-writes: True once `name` has applied store position `position`."""
    deadline = time.monotonic() + timeout
    catalog.create_catalog(engine)
    while True:
        with engine.connect() as conn:
            active = catalog.active_generation(conn, name)
            conn.commit()
            _, applied = catalog.read_position(conn, name, active)
        if applied >= position:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(poll)
