"""The HTTP API in tests: a built app, a user and token per role, calls as a role.

A test module makes its fixture from `serving` (or `build_api(journey, engine)`
with a store of its own), on each database:

    @pytest.fixture
    def api(database_url: str, read_url: str) -> Iterator[Api]:
        with serving(database_url, read_url) as api:
            yield api

`project_now(api)` brings every read model up to date without NATS;
`running_pipeline(api, nats_url)` runs the real relay and workers in a thread.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import msgspec
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import Engine

from adapters.http.app import create_app
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import Journey, build
from adapters.store.read_database import read_engine
from projections import catalog
from projections.registry import read_models
from services.access import Role
from tests.support.factories import MANAGER, WORKER
from tests.support.pipeline import Pipeline
from tests.support.projecting import changes

PROBLEM = "application/problem+json"  # the content type of every problem answer

# One user per role; the caseworker and the case manager are the factories' actors.
USERS = {
    Role.ADMIN: "admin.pvpt",
    Role.CASE_MANAGER: MANAGER,
    Role.CASEWORKER: WORKER,
    Role.CLINICIAN: "dr.gashi",
    Role.LAWYER: "av.berisha",
    Role.SHELTER_STAFF: "shelter.staff",
    Role.AUDITOR: "auditor.pvpt",
    Role.ANALYST: "analyst.pvpt",
    Role.PREVENTION_OFFICER: "drita.gashi",
}


@dataclass
class Api:
    journey: Journey
    engine: Engine
    accounts: Accounts
    app: Litestar
    client: TestClient[Litestar]
    tokens: dict[str, str]  # user name -> token

    def auth(self, who: Role | str) -> dict[str, str]:
        """The Authorization header of a role's user (or of a user by name)."""
        name = USERS[who] if isinstance(who, Role) else who
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    def add_user(self, name: str, role: Role) -> str:
        self.tokens[name] = self.accounts.add(name, role)
        return name

    def get(self, who: Role | str, path: str, **params: Any) -> httpx.Response:
        return self.client.get(path, params=params, headers=self.auth(who))

    def post(self, who: Role | str, path: str, json: Any, **headers: str) -> httpx.Response:
        return self.client.post(path, json=json, headers={**self.auth(who), **headers})

    @property
    def head(self) -> int:
        """The event store's last position."""
        return self.journey.app.recorder.max_notification_id() or 0


@contextmanager
def build_api(journey: Journey, engine: Engine) -> Iterator[Api]:
    """An app on `journey` and `engine` with one user per role, and a client to call it."""
    accounts = Accounts(engine)
    tokens = {name: accounts.add(name, role) for role, name in USERS.items()}
    app = create_app(journey, engine, accounts)
    with TestClient(app) as client:
        yield Api(journey, engine, accounts, app, client, tokens)


@contextmanager
def serving(
    database_url: str, read_url: str, engine_of: Callable[[Engine], Engine] = lambda e: e
) -> Iterator[Api]:
    """The API on a store and a read database of its own, closed afterwards
    (`engine_of` may configure the read engine first)."""
    journey = build(database_url)
    engine = engine_of(read_engine(read_url))
    try:
        with build_api(journey, engine) as built:
            yield built
    finally:
        journey.close()
        engine.dispose()


def project_now(api: Api, *only: str) -> None:
    """Apply every stored event not yet applied to each read model (or to those named),
    as its worker would."""
    catch_up(api.journey, api.engine, *only)


def catch_up(journey: Journey, engine: Engine, *only: str) -> None:
    """`project_now` on a store and a read database."""
    catalog.create_catalog(engine)
    for name, model in read_models().items():
        if only and name not in only:
            continue
        with engine.begin() as conn:
            active = catalog.active_generation(conn, name)
        tables = catalog.generation_tables(engine, model, active)
        with engine.begin() as conn:
            catalog.point_views(conn, model, tables)
            stream_seq, position = catalog.read_position(conn, name, active)
            batch = changes(journey, after=position)
            if batch:
                model.apply(conn, tables, batch)
                last = batch[-1]
                catalog.write_position(conn, name, active, stream_seq + len(batch), last.position)


@contextmanager
def running_pipeline(api: Api, nats_url: str) -> Iterator[Pipeline]:
    """The relay and every projection worker on NATS, in an event loop of their own."""
    started = threading.Event()
    stopping: list[asyncio.Event] = []
    pipeline = Pipeline(api.journey, api.engine, nats_url)

    async def run() -> None:
        pipeline.stop = asyncio.Event()
        stopping.append(pipeline.stop)
        pipeline.start_all()
        started.set()
        await pipeline.stop.wait()
        await pipeline.close()

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(run(),), daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield pipeline
    finally:
        loop.call_soon_threadsafe(stopping[0].set)
        thread.join(30)
        loop.close()


def body(command: msgspec.Struct) -> Any:
    """A command as the JSON a client would send."""
    return msgspec.to_builtins(command)


def at_once(*calls: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """Run the calls in threads released together; their responses in call order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def walk(
    api: Api, who: Role | str, path: str, cursor: str | None = None, **params: Any
) -> list[list[Any]]:
    """Every page of a list (from `cursor`), following `next_cursor`; each page's items."""
    pages: list[list[Any]] = []
    while True:
        extra = {} if cursor is None else {"cursor": cursor}
        answer = api.get(who, path, **params, **extra)
        assert answer.status_code == 200, answer.text
        pages.append(answer.json()["items"])
        cursor = answer.json()["next_cursor"]
        if cursor is None:
            return pages
