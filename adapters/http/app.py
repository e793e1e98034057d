"""The HTTP API for staff UIs (Litestar): wiring of routes, security and errors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Litestar, Request, Router, get
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from sqlalchemy import Engine

from adapters.access_log import AccessLog
from adapters.bootstrap import Journey
from adapters.http import idempotency
from adapters.http.commands import command_handlers
from adapters.http.forwarded import TrustedProxies
from adapters.http.idempotency import IdempotencyKeys
from adapters.http.instants import instants_in_utc
from adapters.http.limits import Limits, body_guard, head_limit
from adapters.http.lists import ReadModelBehind, list_handlers, read_model_behind
from adapters.http.metrics import (
    Metrics,
    as_utc,
    count_response,
    metrics,
    store_head,
    timing_middleware,
)
from adapters.http.problems import HANDLERS, problem_responses
from adapters.http.readmodels import read_model_handlers
from adapters.http.records import record_handlers
from adapters.http.scope import ScopeCheck
from adapters.http.security import bearer_middleware
from adapters.identity import Accounts, Throttle
from projections import catalog

UNHEALTHY_STATES = frozenset({"failed", "nats_unavailable"})


class ComponentHealth(msgspec.Struct, frozen=True):
    """What the relay or a projection worker last reported (pipeline_status)."""

    state: str
    position: int | None
    lag: int | None  # store positions behind the store's head
    updated_at: datetime


class Health(msgspec.Struct, frozen=True):
    status: str
    store: str
    read_models: str
    store_position: int | None = None
    components: dict[str, ComponentHealth] = msgspec.field(default_factory=dict)


def _check(probe: Any) -> str:
    try:
        probe()
    except Exception as error:  # reported, not raised
        return f"unavailable: {type(error).__name__}"
    return "ok"


def _components(engine: Engine, head: int | None) -> dict[str, ComponentHealth]:
    try:
        reported = catalog.statuses(engine)
    except Exception:  # the read database is down: `read_models` says so
        return {}
    return {
        name: ComponentHealth(
            row["state"],
            row["position"],
            None if head is None or row["position"] is None else head - row["position"],
            as_utc(row["updated_at"]),
        )
        for name, row in sorted(reported.items())
    }


@get("/health", sync_to_thread=True, tags=["operations"])
def health(request: Request[Any, Any, Any]) -> Health:
    """Store, read database, and each pipeline component's state and lag."""
    state = request.app.state
    heads: list[int] = []
    store = _check(lambda: heads.append(store_head(state.journey)))
    read = _check(lambda: state.read_engine.connect().close())
    components = _components(state.read_engine, heads[0] if heads else None)
    failing = any(c.state in UNHEALTHY_STATES for c in components.values())
    overall = "ok" if store == read == "ok" and not failing else "degraded"
    return Health(overall, store, read, heads[0] if heads else None, components)


def _api() -> Router:
    """Every /api/v1 route, registered at once: Litestar wraps a sync handler for its
    thread again when a later registration adds a handler to the same path (GET and
    POST /api/v1/cases), and the doubly wrapped handler answers a coroutine."""
    handlers = [*command_handlers(), *record_handlers(), *list_handlers(), *read_model_handlers()]
    for handler in handlers:
        handler.responses = {**problem_responses(), **(handler.responses or {})}
    return Router(path="/", route_handlers=handlers)


def create_app(
    journey: Journey,
    read_engine: Engine,
    accounts: Accounts,
    throttle: Throttle | None = None,
    limits: Limits | None = None,
    *,
    proxies: TrustedProxies | None = None,
) -> Litestar:
    limits = limits or Limits()
    catalog.create_catalog(read_engine)
    state = State(
        {
            "journey": journey,
            "bus": journey.bus,
            "read_engine": read_engine,
            "scope": ScopeCheck(journey.queries, read_engine),
            "access_log": AccessLog(read_engine),
            "idempotency": IdempotencyKeys(read_engine),
            "metrics": Metrics(),
        }
    )
    return Litestar(
        route_handlers=[health, metrics, _api()],
        middleware=[
            timing_middleware,
            head_limit(limits),
            bearer_middleware(accounts, throttle or Throttle(), proxies),
        ],
        exception_handlers={
            **HANDLERS,
            **idempotency.HANDLERS,
            ReadModelBehind: read_model_behind,
        },
        before_send=[count_response],
        after_request=instants_in_utc,
        before_request=body_guard(limits),
        request_max_body_size=limits.max_body_bytes,
        state=state,
        openapi_config=OpenAPIConfig(
            title="PVPT Journey API",
            version="1",
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        debug=False,
    )
