"""The relay's and the workers' metrics served on a port of their own, and the workers'
observer: counts for Prometheus and, at `debug`, one log line per change applied with the
ids of the request that caused it (docs/operations.md)."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

from adapters.observability.metrics import (
    RELAY_LAG,
    WORKER_BATCH_SECONDS,
    WORKER_DEAD_LETTERS,
    WORKER_EVENTS,
    WORKER_POSITION,
    MetricsServer,
)
from adapters.stream.relay import Relay
from projections.model import Change

log = logging.getLogger("journey.projections")


class WorkerMetrics:
    """A projection worker's observer (projections/observer.py)."""

    def __init__(self, server: MetricsServer | None) -> None:
        self.address = None if server is None else server.url

    def committed(
        self,
        projection: str,
        changes: Sequence[Change],
        messages: int,
        position: int,
        seconds: float,
    ) -> None:
        WORKER_DEAD_LETTERS.labels(projection)  # at 0 until the first
        WORKER_EVENTS.labels(projection).inc(messages)
        WORKER_BATCH_SECONDS.labels(projection).observe(seconds)
        WORKER_POSITION.labels(projection).set(position)
        if log.isEnabledFor(logging.DEBUG):
            for change in changes:
                _log_applied(projection, change)

    def dead_lettered(self, projection: str) -> None:
        WORKER_DEAD_LETTERS.labels(projection).inc()


def _log_applied(projection: str, change: Change) -> None:
    log.debug(
        "%s: applied %s of %s v%d at position %d",
        projection,
        change.event_type,
        change.aggregate_id,
        change.version,
        change.position,
        extra={
            "projection": projection,
            "position": change.position,
            "correlation_id": change.correlation_id,
            "causation_id": change.causation_id,
        },
    )


def watch_relay(relay: Relay) -> None:
    """`journey_relay_lag`, computed from the store at each scrape (NaN while the store
    does not answer: the scrape still shows the rest)."""

    def lag() -> float:
        try:
            return float(relay.lag())
        except Exception:  # the store is away: said by NaN, and by the relay's state
            return math.nan

    RELAY_LAG.set_function(lag)
