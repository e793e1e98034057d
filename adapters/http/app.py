"""The HTTP API for staff UIs (Litestar): wiring of routes, security and errors."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar, Request, get
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from sqlalchemy import Engine

from adapters.access_log import AccessLog
from adapters.bootstrap import Journey
from adapters.http.commands import command_handlers
from adapters.http.problems import HANDLERS
from adapters.http.records import record_handlers
from adapters.http.scope import ScopeCheck
from adapters.http.security import bearer_middleware
from adapters.identity import Accounts, Throttle


class Health(msgspec.Struct, frozen=True):
    status: str
    store: str
    read_models: str


def _check(probe: Any) -> str:
    try:
        probe()
    except Exception as error:  # reported, not raised
        return f"unavailable: {type(error).__name__}"
    return "ok"


@get("/health", sync_to_thread=True, tags=["operations"])
def health(request: Request[Any, Any, Any]) -> Health:
    state = request.app.state
    store = _check(state.journey.app.recorder.max_notification_id)
    read = _check(lambda: state.read_engine.connect().close())
    overall = "ok" if store == read == "ok" else "degraded"
    return Health(overall, store, read)


def create_app(
    journey: Journey, read_engine: Engine, accounts: Accounts, throttle: Throttle | None = None
) -> Litestar:
    state = State(
        {
            "journey": journey,
            "bus": journey.bus,
            "read_engine": read_engine,
            "scope": ScopeCheck(journey.queries, read_engine),
            "access_log": AccessLog(read_engine),
        }
    )
    return Litestar(
        route_handlers=[health, *command_handlers(), *record_handlers()],
        middleware=[bearer_middleware(accounts, throttle or Throttle())],
        exception_handlers=dict(HANDLERS),
        state=state,
        openapi_config=OpenAPIConfig(
            title="PVPT Journey API",
            version="1",
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        debug=False,
    )
