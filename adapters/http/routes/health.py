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
from typing import Annotated, Any, Literal

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


CHECK = "`ok`, or `unavailable: ` and why"


def _meta(description: str, example: Any) -> msgspec.Meta:
    return msgspec.Meta(description=description, examples=[example])


class ComponentHealth(msgspec.Struct, frozen=True):
    """What the relay or a projection worker last reported (pipeline_status)."""

    state: Annotated[
        str, _meta("its last reported state (`failed`, `nats_unavailable`: unhealthy)", "running")
    ]
    position: Annotated[
        Annotated[int, msgspec.Meta(ge=0)] | None,
        _meta("the store position it reached; null before its first", 4711),
    ]
    lag: Annotated[
        Annotated[int, msgspec.Meta(ge=0)] | None,
        _meta("store positions behind the store's head; null when unknown", 0),
    ]
    updated_at: Annotated[datetime, _meta("when it last reported", "2026-03-02T12:00:00Z")]


class Health(msgspec.Struct, frozen=True):
    """The status document: the databases and every pipeline component."""

    status: Annotated[
        Literal["ok", "degraded"],
        _meta("`degraded` when a database or a component is failing", "ok"),
    ]
    store: Annotated[str, _meta(f"the event store: {CHECK}", "ok")]
    read_models: Annotated[str, _meta(f"the read database: {CHECK}", "ok")]
    store_position: Annotated[
        Annotated[int, msgspec.Meta(ge=0)] | None,
        _meta("the store's last position; null when the store is unavailable", 4711),
    ] = None
    components: Annotated[
        dict[str, ComponentHealth],
        _meta("each pipeline component by name", {"relay": {"state": "running"}}),
    ] = msgspec.field(default_factory=dict)


class Liveness(msgspec.Struct, frozen=True):
    """The process serves HTTP."""

    status: Annotated[Literal["live"], _meta("always `live`", "live")]


class Readiness(msgspec.Struct, frozen=True):
    """Whether this process can serve requests now."""

    status: Annotated[
        Literal["ready", "not ready"], _meta("`ready` when both databases answer", "ready")
    ]
    store: Annotated[str, _meta(f"the event store: {CHECK}", "ok")]
    read_models: Annotated[str, _meta(f"the read database: {CHECK}", "ok")]
    failing: Annotated[
        list[Literal["store", "read_models"]],
        _meta("what is not ready; empty when ready", ["store"]),
    ]


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


@get(
    "/health",
    sync_to_thread=True,
    tags=["operations"],
    operation_id="getHealth",
    summary="Report the status of the store, the read database and the pipeline",
    description="The status document, always 200: `degraded` when a database is "
    "unavailable or a pipeline component is failing, else `ok`; each component's state, "
    "position and lag. Public: no token.",
)
def health(request: Request[Any, Any, Any]) -> Health:
    """Store, read database, and each pipeline component's state and lag."""
    state = request.app.state
    heads: list[int] = []
    store = _check(lambda: heads.append(store_head(state.journey)))
    read = _check(lambda: _select_one(state.read_engine))
    components = _components(state.read_engine, heads[0] if heads else None)
    failing = any(c.state in UNHEALTHY_STATES for c in components.values())
    overall: Literal["ok", "degraded"] = (
        "ok" if store == read == "ok" and not failing else "degraded"
    )
    return Health(overall, store, read, heads[0] if heads else None, components)


@get(
    "/health/live",
    tags=["operations"],
    operation_id="getLiveness",
    summary="Tell whether the process serves HTTP",
    description="Liveness for service managers: 200 while the process serves HTTP; "
    "touches no database. Public: no token.",
)
async def live() -> Liveness:
    """Liveness: the process serves HTTP. Touches no database."""
    return Liveness("live")


@get(
    "/health/ready",
    tags=["operations"],
    operation_id="getReadiness",
    summary="Tell whether this process can serve requests now",
    description="Readiness for load balancers: 200 when the event store and the read "
    "database each answer within 2 s, else 503 with `Retry-After`, `failing` naming "
    "them. NATS is no part of it. Public: no token.",
    responses={
        503: ResponseSpec(
            data_container=Readiness,
            description="not ready: `failing` names the store and/or the read database",
            generate_examples=False,
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
    checked: list[tuple[Literal["store", "read_models"], str]] = [
        ("store", store),
        ("read_models", read),
    ]
    failing = [name for name, result in checked if result != "ok"]
    if not failing:
        return Response(Readiness("ready", store, read, []))
    return Response(
        Readiness("not ready", store, read, failing),
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def health_handlers() -> list[HTTPRouteHandler]:
    return [health, live, ready]
