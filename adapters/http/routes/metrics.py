"""`GET /metrics`: Prometheus text format, public like /health, without new packages.

- `journey_http_requests_total{method,route,status}`: answers, by route template
  (`/api/v1/cases/{record_id}`), never by raw path; `route="unmatched"` for paths
  no route serves.
- `journey_http_request_duration_seconds{method,route}`: a histogram of the time
  to the start of the answer (routed requests only).
- `journey_store_position`: the event store's last position.
- `journey_component_position{component}`, `journey_component_lag{component}`,
  `journey_component_state{component,state}`, `journey_component_reported_timestamp_seconds`:
  what the relay and each projection worker last reported (pipeline_status).
- `journey_projection_position{projection}`, `journey_projection_lag{projection}`:
  what each read model has committed (projection_positions, active generation).

Counters live in the process: each API process has its own, as Prometheus expects.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from litestar import Litestar, Request, Response, get
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy import Engine, select

from adapters.run.bootstrap import Journey
from projections import catalog

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_STARTED = "journey.metrics.started"

Labels = tuple[tuple[str, str], ...]


@dataclass
class Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: float = 0.0
    observations: int = 0

    def observe(self, seconds: float) -> None:
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                self.counts[index] += 1
        self.total += seconds
        self.observations += 1


class Metrics:
    """Request counters and latency histograms of one API process (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: Counter[Labels] = Counter()
        self._latency: dict[Labels, Histogram] = {}

    def observe(self, method: str, route: str, status: int, seconds: float | None) -> None:
        request: Labels = (("method", method), ("route", route))
        with self._lock:
            self._requests[(*request, ("status", str(status)))] += 1
            if seconds is not None:
                self._latency.setdefault(request, Histogram()).observe(seconds)

    def lines(self) -> list[str]:
        with self._lock:
            requests = sorted(self._requests.items())
            latency = sorted(
                (k, Histogram(list(h.counts), h.total, h.observations))
                for k, h in self._latency.items()
            )
        lines = _header(
            "journey_http_requests_total", "counter", "HTTP answers by route and status"
        )
        lines += [_sample("journey_http_requests_total", labels, n) for labels, n in requests]
        lines += _header(
            "journey_http_request_duration_seconds", "histogram", "time to the answer, by route"
        )
        for labels, histogram in latency:
            lines += _histogram("journey_http_request_duration_seconds", labels, histogram)
        return lines


# ----------------------------------------------------------------- format


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _sample(name: str, labels: Labels, value: float) -> str:
    text = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
    number = repr(float(value)) if isinstance(value, float) else str(value)
    return f"{name}{{{text}}} {number}" if text else f"{name} {number}"


def _header(name: str, kind: str, help_text: str) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]


def _histogram(name: str, labels: Labels, histogram: Histogram) -> list[str]:
    bounds = [*(repr(b) for b in BUCKETS), "+Inf"]
    counts = [*histogram.counts, histogram.observations]
    lines = [
        _sample(f"{name}_bucket", (*labels, ("le", b)), n)
        for b, n in zip(bounds, counts, strict=True)
    ]
    lines.append(_sample(f"{name}_sum", labels, histogram.total))
    lines.append(_sample(f"{name}_count", labels, histogram.observations))
    return lines


def _gauges(name: str, help_text: str, samples: Iterable[tuple[Labels, float]]) -> list[str]:
    return _header(name, "gauge", help_text) + [_sample(name, k, v) for k, v in samples]


# --------------------------------------------------------------- pipeline


def projection_positions(engine: Engine) -> dict[str, int]:
    """Each read model's committed store position, in its active generation."""
    g, p = catalog.generations, catalog.positions
    query = select(g.c.projection, p.c.position).join(
        p, (p.c.projection == g.c.projection) & (p.c.generation == g.c.active)
    )
    with engine.connect() as conn:
        return {name: int(position) for name, position in conn.execute(query)}


def pipeline_lines(head: int, engine: Engine) -> list[str]:
    """The store's head, each component's report, each read model's committed position."""
    return [
        *_gauges("journey_store_position", "last position of the event store", [((), head)]),
        *_component_lines(head, catalog.statuses(engine)),
        *_projection_lines(head, projection_positions(engine)),
    ]


def _component_lines(head: int, statuses: dict[str, dict[str, Any]]) -> list[str]:
    reports = [((("component", c),), s) for c, s in sorted(statuses.items())]
    reached = [(labels, int(s["position"])) for labels, s in reports if s["position"] is not None]
    states = [((*labels, ("state", s["state"])), 1) for labels, s in reports]
    times = [(labels, s["updated_at"].timestamp()) for labels, s in reports]
    return [
        *_gauges("journey_component_position", "store position a component reached", reached),
        *_gauges(
            "journey_component_lag",
            "store positions a component is behind",
            [(labels, head - position) for labels, position in reached],
        ),
        *_gauges("journey_component_state", "a component's last reported state", states),
        *_gauges("journey_component_reported_timestamp_seconds", "its last report", times),
    ]


def _projection_lines(head: int, positions: dict[str, int]) -> list[str]:
    committed = [((("projection", n),), p) for n, p in sorted(positions.items())]
    return [
        *_gauges("journey_projection_position", "store position a read model committed", committed),
        *_gauges(
            "journey_projection_lag",
            "store positions a read model is behind",
            [(labels, head - position) for labels, position in committed],
        ),
    ]


# ------------------------------------------------------------- collection


def timing_middleware(app: ASGIApp) -> ASGIApp:
    """Notes when a request reached its route's middleware (this one comes first)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        scope["state"][_STARTED] = time.perf_counter()
        await app(scope, receive, send)

    return middleware


async def count_response(message: Message, scope: Scope) -> None:
    """`before_send` hook: counts every answer, routed or not, as it starts."""
    if message["type"] != "http.response.start" or scope["type"] != ScopeType.HTTP:
        return
    started = scope.get("state", {}).get(_STARTED)
    seconds = None if started is None else time.perf_counter() - started
    route = scope.get("path_template") or "unmatched"
    metrics: Metrics = Litestar.from_scope(scope).state.metrics
    metrics.observe(scope["method"], route, message["status"], seconds)


def _probe(lines: Callable[[], list[str]]) -> list[str]:
    try:
        return lines()
    except Exception as error:  # reported as a comment, not raised
        return [f"# pipeline unavailable: {type(error).__name__}"]


@get(
    "/metrics",
    sync_to_thread=True,
    tags=["operations"],
    operation_id="getMetrics",
    summary="Export Prometheus metrics",
    description="Request counts and latencies, the store's position and each pipeline "
    "component's and read model's position and lag, in Prometheus text format. Public; "
    "not part of the OpenAPI description (docs/api.md).",
    exclude_from_auth=True,
    include_in_schema=False,
)
def metrics(request: Request[Any, Any, Any]) -> Response[str]:
    state = request.app.state
    lines: list[str] = state.metrics.lines()
    lines += _probe(lambda: pipeline_lines(store_head(state.journey), state.read_engine))
    return Response("\n".join(lines) + "\n", media_type=CONTENT_TYPE)


def store_head(journey: Journey) -> int:
    return journey.app.recorder.max_notification_id() or 0
