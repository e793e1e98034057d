"""Running the pipeline's parts: the relay and the projection workers.

Each runs as its own process in production (`journey relay`, `journey worker
NAME`); `journey up` supervises them all on one machine.
"""

from __future__ import annotations

import asyncio
import signal
import time
from dataclasses import dataclass

from sqlalchemy import Engine

from adapters.observability.metrics import served_metrics
from adapters.run.bootstrap import build
from adapters.run.observed import WorkerMetrics, watch_relay
from adapters.settings import Settings, retention_rules
from adapters.store.read_database import read_engine_of
from adapters.stream.consumer import NatsSource, durable_for
from adapters.stream.jetstream import StreamSettings
from adapters.stream.relay import Relay, RelayStatus
from projections import catalog
from projections.partition import Partition
from projections.registry import read_model
from projections.worker import ProjectionWorker


@dataclass(frozen=True)
class PipelineSettings:
    nats_url: str
    stream: StreamSettings

    @classmethod
    def from_settings(cls, settings: Settings) -> PipelineSettings:
        if not settings.nats_url:
            msg = "JOURNEY_NATS_URL is not set (journey up sets it for its parts)"
            raise ValueError(msg)
        stream = StreamSettings(
            name=settings.nats_stream,
            prefix=settings.nats_prefix,
            replicas=settings.nats_replicas,
        )
        return cls(settings.nats_url, stream)


class StatusWriter:
    """Writes the relay's status to the read database: on change, else every second."""

    def __init__(self, engine: Engine, metrics: str | None = None) -> None:
        self.engine = engine
        self.metrics = "" if metrics is None else f" metrics={metrics}"
        self.last_state = ""
        self.last_write = 0.0
        catalog.create_catalog(engine)

    def __call__(self, status: RelayStatus) -> None:
        moment = time.monotonic()
        if status.state == self.last_state and moment - self.last_write < 1.0:
            return
        self.last_state, self.last_write = status.state, moment
        catalog.report(
            self.engine,
            "relay",
            status.state,
            position=status.position,
            last_error=status.last_error,
            detail=f"published={status.published}{self.metrics}",
        )


def stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


async def run_relay(settings: Settings, metrics_port: int | None = None) -> None:
    """The relay; its metrics on `metrics_port` (0: a free port; None: none)."""
    pipeline = PipelineSettings.from_settings(settings)
    journey = build(settings)
    with served_metrics("relay", metrics_port) as server:
        status = StatusWriter(read_engine_of(settings), None if server is None else server.url)
        relay = Relay(journey.app.recorder, pipeline.nats_url, pipeline.stream, on_status=status)
        watch_relay(relay)
        try:
            await relay.run(stop_on_signals())
        finally:
            journey.close()


async def run_worker(
    settings: Settings,
    name: str,
    partition: Partition | None = None,
    metrics_port: int | None = None,
) -> None:
    """One projection worker; its metrics on `metrics_port` (0: a free port; None: none)."""
    pipeline = PipelineSettings.from_settings(settings)
    durable = durable_for(name, partition)
    source = NatsSource(pipeline.nats_url, pipeline.stream, durable, partition)
    engine = read_engine_of(settings)
    model = read_model(name, settings.no_contact_days, retention_rules(settings))
    with served_metrics("worker", metrics_port) as server:
        observer = WorkerMetrics(server)
        worker = ProjectionWorker(model, engine, source, partition=partition, observer=observer)
        await worker.run(stop_on_signals())
