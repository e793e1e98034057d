"""`GET /metrics`: the API process's Prometheus metrics (prometheus_client), public like /health.

From this process's registry (adapters/observability/metrics.py): answers by route
template and status and their latency (`journey_http_*`: by route template, never by raw
path; `route="unmatched"` for paths no route serves), commands by outcome, integrity
verifications, and the library's process metrics. Read from the databases at each scrape
(`PipelineCollector`):

- `journey_ready`: 1 when the event store and the read database both answer, else 0;
- `journey_store_position`: the event store's last position;
- `journey_component_position{component}`, `journey_component_lag{component}`,
  `journey_component_state{component,state}`, `journey_component_reported_timestamp_seconds`:
  what the relay and each projection worker last reported (pipeline_status);
- `journey_projection_position{projection}`, `journey_projection_lag{projection}`:
  what each read model has committed (its active generation);
- `journey_dead_letters{projection}`: messages waiting for an operator;
- `journey_data_disk_free_bytes`, `journey_data_disk_size_bytes`: the data directory's disk.

The relay, workers and chain keeper serve their own metrics (`--metrics-port`).
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select, text

from adapters.observability.correlation import (
    CORRELATION_HEADER,
    REQUEST_HEADER,
    correlated,
    new_id,
    well_formed,
)
from adapters.observability.metrics import HTTP_DURATION, HTTP_REQUESTS, export
from adapters.run.bootstrap import Journey
from projections import catalog

T = TypeVar("T")
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_STARTED = "journey.metrics.started"
access = logging.getLogger("journey.http.access")  # route templates only, never raw paths
_REQUEST_ID = "journey.request_id"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def projection_positions(engine: Engine) -> dict[str, int]:
    """Each read model's committed store position, in its active generation."""
    g, p = catalog.generations, catalog.positions
    query = select(g.c.projection, p.c.position).join(
        p, (p.c.projection == g.c.projection) & (p.c.generation == g.c.active)
    )
    with engine.connect() as conn:
        return {name: int(position) for name, position in conn.execute(query)}


def open_dead_letters(engine: Engine) -> dict[str, int]:
    """Dead letters waiting for an operator, per projection (worker key)."""
    d = catalog.dead_letters
    query = (
        select(d.c.projection, func.count())
        .where(d.c.status.in_(("open", "retry", "skip")))
        .group_by(d.c.projection)
    )
    with engine.connect() as conn:
        return {name: int(count) for name, count in conn.execute(query)}


def store_head(journey: Journey) -> int:
    return journey.app.recorder.max_notification_id() or 0


class PipelineCollector(Collector):
    """The gauges read from the databases (and the disk) at each scrape."""

    def __init__(self, journey: Journey, engine: Engine, data_dir: Path | None) -> None:
        self.journey = journey
        self.engine = engine
        self.data_dir = data_dir

    def collect(self) -> Iterator[GaugeMetricFamily]:
        head = _answer(lambda: store_head(self.journey))
        read = _answer(lambda: _select_one(self.engine))
        yield _gauge(
            "journey_ready",
            "1 when the store and the read database answer",
            [((), 1.0 if head is not None and read is not None else 0.0)],
        )
        if head is not None:
            yield _gauge("journey_store_position", "last position of the event store", [((), head)])
        if read is not None:
            yield from self._pipeline(head or 0)
        yield from self._disk()

    def _pipeline(self, head: int) -> Iterator[GaugeMetricFamily]:
        statuses = _answer(lambda: catalog.statuses(self.engine)) or {}
        yield from component_gauges(head, statuses)
        positions = _answer(lambda: projection_positions(self.engine)) or {}
        yield from projection_gauges(head, positions)
        letters = _answer(lambda: open_dead_letters(self.engine)) or {}
        names = sorted(set(positions) | set(letters))
        yield _gauge(
            "journey_dead_letters",
            "dead letters waiting for an operator",
            [((n,), letters.get(n, 0)) for n in names],
            ["projection"],
        )

    def _disk(self) -> Iterator[GaugeMetricFamily]:
        if self.data_dir is None or not self.data_dir.exists():
            return
        usage = shutil.disk_usage(self.data_dir)
        yield _gauge(
            "journey_data_disk_free_bytes", "free on the data directory's disk", [((), usage.free)]
        )
        yield _gauge(
            "journey_data_disk_size_bytes", "size of the data directory's disk", [((), usage.total)]
        )


def component_gauges(head: int, statuses: dict[str, dict[str, Any]]) -> Iterator[GaugeMetricFamily]:
    reports = sorted(statuses.items())
    reached = [((c,), int(s["position"])) for c, s in reports if s["position"] is not None]
    yield _gauge(
        "journey_component_position", "store position a component reached", reached, ["component"]
    )
    yield _gauge(
        "journey_component_lag",
        "store positions a component is behind",
        [(labels, head - position) for labels, position in reached],
        ["component"],
    )
    yield _gauge(
        "journey_component_state",
        "a component's last reported state",
        [((c, s["state"]), 1) for c, s in reports],
        ["component", "state"],
    )
    yield _gauge(
        "journey_component_reported_timestamp_seconds",
        "its last report",
        [((c,), s["updated_at"].timestamp()) for c, s in reports],
        ["component"],
    )


def projection_gauges(head: int, positions: dict[str, int]) -> Iterator[GaugeMetricFamily]:
    committed = [((n,), p) for n, p in sorted(positions.items())]
    yield _gauge(
        "journey_projection_position",
        "store position a read model committed",
        committed,
        ["projection"],
    )
    yield _gauge(
        "journey_projection_lag",
        "store positions a read model is behind",
        [(labels, head - p) for labels, p in committed],
        ["projection"],
    )


def _gauge(
    name: str,
    documentation: str,
    samples: Sequence[tuple[tuple[str, ...], float]],
    labels: list[str] | None = None,
) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=labels or [])
    for values, value in samples:
        family.add_metric(list(values), value)
    return family


def _answer(probe: Callable[[], T]) -> T | None:
    """The probe's answer, or None when a database does not answer (the gauge says so)."""
    try:
        return probe()
    except Exception:  # an unavailable database is reported by journey_ready, not raised
        return None


def _select_one(engine: Engine) -> bool:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return True


# ------------------------------------------------------------- collection


def request_middleware(app: ASGIApp) -> ASGIApp:
    """First of all middleware: the request's ids (X-Request-ID, X-Correlation-ID) bound
    for its log lines and stored events, and the moment it reached the app."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", ()))
        request_id = well_formed(_header(headers, REQUEST_HEADER)) or new_id()
        correlation_id = well_formed(_header(headers, CORRELATION_HEADER))
        scope["state"][_STARTED] = time.perf_counter()
        scope["state"][_REQUEST_ID] = request_id
        with correlated(request_id, correlation_id):
            await app(scope, receive, send)

    return middleware


def _header(headers: dict[bytes, bytes], name: str) -> str | None:
    value = headers.get(name.encode())
    return None if value is None else value.decode("latin-1")


async def count_response(message: Message, scope: Scope) -> None:
    """`before_send` hook: counts every answer, routed or not, as it starts, logs it (the
    route's template, never the raw path, which may hold a name searched for) and answers
    the request's id in `X-Request-ID`."""
    if message["type"] != "http.response.start" or scope["type"] != ScopeType.HTTP:
        return
    state = scope.get("state", {})
    request_id = state.get(_REQUEST_ID) or new_id()  # unrouted: the middleware never ran
    message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
    started = state.get(_STARTED)
    route = scope.get("path_template") or "unmatched"
    method, status = _method(scope["method"]), message["status"]
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    if started is None:  # answered before routing (404, 405): no duration
        access.info("%s %s %d", method, route, status, extra={"request_id": request_id})
        return
    seconds = time.perf_counter() - started
    HTTP_DURATION.labels(method, route).observe(seconds)
    access.info("%s %s %d %.1f ms", method, route, status, seconds * 1000)


def _method(method: str) -> str:
    """The method as a label: one of HTTP's, else `other` (h11 takes any token as a
    method, and each new label value would be a new series kept for ever)."""
    return method if method in METHODS else "other"


def pipeline_registry(journey: Journey, engine: Engine, data_dir: Path | None) -> CollectorRegistry:
    """The scrape-time gauges of one app (its own registry: tests make many apps)."""
    export("api")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(PipelineCollector(journey, engine, data_dir))
    return registry


@get(
    "/metrics",
    sync_to_thread=True,
    tags=["operations"],
    operation_id="getMetrics",
    summary="Export Prometheus metrics",
    description="Request counts and latencies, commands by outcome, readiness, the store's "
    "position, each pipeline component's and read model's position and lag, dead letters, "
    "disk and process metrics, in Prometheus text format. Public; not part of the OpenAPI "
    "description (docs/operations.md).",
    exclude_from_auth=True,
    include_in_schema=False,
)
def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    pipeline: CollectorRegistry = request.app.state.pipeline_metrics
    body = generate_latest(REGISTRY) + generate_latest(pipeline)
    return Response(body, media_type=CONTENT_TYPE)
