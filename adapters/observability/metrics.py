"""The Prometheus metrics of every `journey` process, with prometheus_client.

Each process exports, in prometheus_client's default registry, the library's process
metrics (`process_resident_memory_bytes`, …) and the metrics of the role it plays
(`export`: `api`, `relay`, `worker`, `keeper`), and no other. The API serves
them at `GET /metrics` with the gauges it reads from the databases at each scrape
(adapters/http/routes/metrics.py); the relay, each projection worker and the chain keeper
serve theirs on a port of their own (`--metrics-port`, `served_metrics`), which
`journey projections status` lists. `EXPORTED_METRICS` names every series a scrape of
them can show: deploy/prometheus/alerts.yml and deploy/grafana/ use only those (a test
checks it), and a test scrapes a real API, relay and worker for each of them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from wsgiref.simple_server import WSGIServer

from prometheus_client import REGISTRY, Counter, Gauge, Histogram, disable_created_metrics
from prometheus_client import start_http_server as _start_http_server

log = logging.getLogger("journey.metrics")
disable_created_metrics()  # type: ignore[no-untyped-call]  # no `_created` series beside every counter: Prometheus needs none

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
BATCH_BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 30.0)

# ------------------------------------------------------------------ the API
HTTP_REQUESTS = Counter(
    "journey_http_requests",
    "HTTP answers, by route template (never the raw path) and status",
    ["method", "route", "status"],
    registry=None,
)
HTTP_DURATION = Histogram(
    "journey_http_request_duration_seconds",
    "time to the start of the answer, by route template",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
    registry=None,
)
COMMANDS = Counter(
    "journey_commands",
    "commands by type and outcome (accepted, refused, failed); code: the refusal's problem",
    ["command", "outcome", "code"],
    registry=None,
)
CHAIN_VERIFICATIONS = Counter(
    "journey_chain_verifications",
    "hash-chain verifications run by this process, by result (intact, broken)",
    ["result"],
    registry=None,
)
KEY_OPERATIONS = Counter(
    "journey_key_operations",
    "data-key operations by this process (created, shredded, rotated)",
    ["operation"],
    registry=None,
)

# ---------------------------------------------------------------- the relay
RELAY_PUBLISHED = Counter(
    "journey_relay_published", "stored events published to NATS", registry=None
)
RELAY_POSITION = Gauge("journey_relay_position", "last store position published", registry=None)
RELAY_LAG = Gauge("journey_relay_lag", "store positions not yet published", registry=None)
RELAY_PUBLISH_SECONDS = Histogram(
    "journey_relay_publish_seconds",
    "time to publish one batch",
    buckets=BATCH_BUCKETS,
    registry=None,
)

# ------------------------------------------------------- projection workers
WORKER_EVENTS = Counter(
    "journey_worker_events",
    "stream messages committed by a worker",
    ["projection"],
    registry=None,
)
WORKER_BATCH_SECONDS = Histogram(
    "journey_worker_batch_seconds",
    "time to apply and commit one batch",
    ["projection"],
    buckets=BATCH_BUCKETS,
    registry=None,
)
WORKER_POSITION = Gauge(
    "journey_worker_position",
    "store position a worker committed",
    ["projection"],
    registry=None,
)
WORKER_DEAD_LETTERS = Counter(
    "journey_worker_dead_letters",
    "messages a worker could not apply",
    ["projection"],
    registry=None,
)

# -------------------------------------------------------------- the keeper
CHAIN_SEALED_POSITION = Gauge(
    "journey_chain_sealed_position", "last store position the hash chain covers", registry=None
)

# What the API computes at each scrape (adapters/http/routes/metrics.py).
SCRAPE_GAUGES = frozenset(
    {
        "journey_ready",
        "journey_store_position",
        "journey_component_position",
        "journey_component_lag",
        "journey_component_state",
        "journey_component_reported_timestamp_seconds",
        "journey_projection_position",
        "journey_projection_lag",
        "journey_dead_letters",
        "journey_data_disk_free_bytes",
        "journey_data_disk_size_bytes",
    }
)
PROCESS_METRICS = frozenset(
    {
        "process_resident_memory_bytes",
        "process_virtual_memory_bytes",
        "process_cpu_seconds_total",
        "process_open_fds",
        "process_max_fds",
        "process_start_time_seconds",
    }
)
ROLES: dict[str, tuple[Counter | Gauge | Histogram, ...]] = {
    "api": (HTTP_REQUESTS, HTTP_DURATION, COMMANDS, CHAIN_VERIFICATIONS, KEY_OPERATIONS),
    "relay": (RELAY_PUBLISHED, RELAY_POSITION, RELAY_LAG, RELAY_PUBLISH_SECONDS),
    "worker": (WORKER_EVENTS, WORKER_BATCH_SECONDS, WORKER_POSITION, WORKER_DEAD_LETTERS),
    "keeper": (CHAIN_SEALED_POSITION,),
}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
for _result in ("intact", "broken"):  # shown at 0 before the first: alerts see a change
    CHAIN_VERIFICATIONS.labels(_result)
for _operation in ("created", "shredded", "rotated"):
    KEY_OPERATIONS.labels(_operation)


def _series(metric: Counter | Gauge | Histogram) -> set[str]:
    name = metric._name
    if isinstance(metric, Counter):
        return {f"{name}_total"}
    if isinstance(metric, Histogram):
        return {f"{name}{suffix}" for suffix in HISTOGRAM_SUFFIXES}
    return {name}


EXPORTED_METRICS: frozenset[str] = frozenset(
    {series for metrics in ROLES.values() for metric in metrics for series in _series(metric)}
    | SCRAPE_GAUGES
    | PROCESS_METRICS
)
_exported: set[str] = set()
_exporting = threading.Lock()


def export(role: str) -> None:
    """This process serves `role`'s metrics (`api`, `relay`, `worker`, `keeper`) beside the
    process metrics; a process exports only what it does (once: again does nothing)."""
    with _exporting:
        if role in _exported:
            return
        for metric in ROLES[role]:
            REGISTRY.register(metric)
        _exported.add(role)


class MetricsServer:
    """Prometheus text at http://HOST:PORT/metrics, served by a daemon thread."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        server, thread = _start_http_server(port, addr=host)
        self._server: WSGIServer = server
        self._thread: threading.Thread = thread
        self.host = host

    @property
    def port(self) -> int:
        return int(self._server.server_port)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/metrics"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@contextmanager
def served_metrics(
    role: str, port: int | None, host: str = "127.0.0.1"
) -> Iterator[MetricsServer | None]:
    """Within: the process's metrics, with `role`'s, on `port` (0: any free port; None:
    not served)."""
    export(role)
    server = None if port is None else MetricsServer(port, host)
    if server is not None:
        log.info("metrics at %s", server.url)
    try:
        yield server
    finally:
        if server is not None:
            server.close()
