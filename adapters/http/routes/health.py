"""Health for load balancers, service managers and operators, public like /schema.

- `GET /health/live`: liveness. The process is up and serving HTTP; touches nothing
  else, so a database outage never makes a service manager restart a healthy process.
- `GET /health/ready`: readiness. The event store and the read database each answer
  within `READY_SECONDS`; else 503 with `Retry-After`, naming the failing component(s).
  NATS, the relay and the workers are not part of it: commands keep succeeding while
  NATS is away (the store is the outbox), so an unready API would only refuse them.
- `GET /health`: the status document. Every pipeline component's state and lag;
  `degraded` (still 200) when a database or a component is failing, NATS lost included.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from sqlalchemy import Engine, text

from adapters.http.outages import RETRY_AFTER_SECONDS
from adapters.http.routes.metrics import store_head
from projections import catalog

UNHEALTHY_STATES = frozenset({"failed", "nats_unavailable"})
READY_SECONDS = 2.0


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


class Liveness(msgspec.Struct, frozen=True):
    status: str  # "live"


class Readiness(msgspec.Struct, frozen=True):
    status: str  # "ready" or "not ready"
    store: str  # "ok", or "unavailable: " and why
    read_models: str
    failing: list[str]  # of "store", "read_models"


def _check(probe: Callable[[], object]) -> str:
    try:
        probe()
    except Exception as error:  # reported, not raised
        return f"unavailable: {type(error).__name__}"
    return "ok"


async def _check_within(probe: Callable[[], object], seconds: float) -> str:
    """`_check` in a thread, given up on (not waited for) after `seconds`."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(_check, probe), seconds)
    except TimeoutError:
        return f"unavailable: no answer within {seconds:g} s"


def _select_one(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


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
            row["updated_at"],
        )
        for name, row in sorted(reported.items())
    }


@get("/health", sync_to_thread=True, tags=["operations"])
def health(request: Request[Any, Any, Any]) -> Health:
    """Store, read database, and each pipeline component's state and lag."""
    state = request.app.state
    heads: list[int] = []
    store = _check(lambda: heads.append(store_head(state.journey)))
    read = _check(lambda: _select_one(state.read_engine))
    components = _components(state.read_engine, heads[0] if heads else None)
    failing = any(c.state in UNHEALTHY_STATES for c in components.values())
    overall = "ok" if store == read == "ok" and not failing else "degraded"
    return Health(overall, store, read, heads[0] if heads else None, components)


@get("/health/live", tags=["operations"])
async def live() -> Liveness:
    """Liveness: the process serves HTTP. Touches no database."""
    return Liveness("live")


@get(
    "/health/ready",
    tags=["operations"],
    responses={
        503: ResponseSpec(
            data_container=Readiness,
            description="not ready: `failing` names the store and/or the read database",
        )
    },
)
async def ready(request: Request[Any, Any, Any]) -> Response[Readiness]:
    """Readiness: the event store and the read database answer within a short timeout."""
    state = request.app.state
    store, read = await asyncio.gather(
        _check_within(lambda: store_head(state.journey), READY_SECONDS),
        _check_within(lambda: _select_one(state.read_engine), READY_SECONDS),
    )
    failing = [name for name, result in (("store", store), ("read_models", read)) if result != "ok"]
    if not failing:
        return Response(Readiness("ready", store, read, []))
    return Response(
        Readiness("not ready", store, read, failing),
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def health_handlers() -> list[HTTPRouteHandler]:
    return [health, live, ready]
