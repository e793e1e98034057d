"""Shared fixtures: the same behavioural tests run on SQLite and on PostgreSQL.

PostgreSQL comes from JOURNEY_TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1/test).
Without it the PostgreSQL variants skip, visibly. With JOURNEY_REQUIRE_POSTGRES=1
(set by .ci/run) a missing or unreachable PostgreSQL fails the run instead.
Each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START
from adapters.store.read_database import read_engine
from adapters.stream.nats_server import EmbeddedNats
from tests.support.long_runs import LONG

POSTGRES_URL = os.environ.get("JOURNEY_TEST_POSTGRES_URL", "")


@pytest.fixture(scope="session", autouse=True)
def _own_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keys and other files of stores opened by URL go to a temporary data dir,
    never to the developer's own ./journey-data (nor its master key)."""
    saved = {name: os.environ.get(name) for name in ("JOURNEY_DATA_DIR", "JOURNEY_MASTER_KEY_FILE")}
    os.environ["JOURNEY_DATA_DIR"] = str(tmp_path_factory.mktemp("journey-data"))
    os.environ.pop("JOURNEY_MASTER_KEY_FILE", None)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


REQUIRE_POSTGRES = os.environ.get("JOURNEY_REQUIRE_POSTGRES") == "1"
DATABASES = ("sqlite", "postgres")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`@pytest.mark.short_run_on(DATABASE)`: in the short run a slow test parametrized
    over both databases runs on DATABASE only; JOURNEY_TEST_LONG=1 runs it on both. The
    slow tests name different databases, so the short run still puts every fault on one
    of them and each database under some (tests/support/long_runs.py). What is left out
    is reported as deselected."""
    if LONG:
        return
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        mark = item.get_closest_marker("short_run_on")
        if mark is not None and mark.args[0] not in DATABASES:
            raise pytest.UsageError(f"{item.nodeid}: short_run_on names {mark.args[0]!r}")
        database = _database_of(item)
        runs = mark is None or database is None or database == mark.args[0]
        (kept if runs else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def _database_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    ids = set(callspec.id.split("-")) if callspec is not None else set()
    return next((name for name in DATABASES if name in ids), None)


def _postgres_or_skip() -> str:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("JOURNEY_REQUIRE_POSTGRES=1 but JOURNEY_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL not configured: set JOURNEY_TEST_POSTGRES_URL to run these")
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as error:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL at JOURNEY_TEST_POSTGRES_URL is unreachable: {error}")
        pytest.skip(f"PostgreSQL unreachable: {error}")
    return POSTGRES_URL


def _fresh_schema() -> Iterator[str]:
    """A PostgreSQL URL with a schema of its own, dropped afterwards."""
    base = _postgres_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield f"{base}?schema={schema}"
    with psycopg.connect(base, autocommit=True) as conn:
        for each in (f"{schema}_reporting", schema):  # the reporting schema beside it (ADR 35)
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(each)))


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _fresh_schema()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def read_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A read database shared by one test module: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('http') / 'read.db'}"
        return
    yield from _fresh_schema()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'journey.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each behavioural test runs once per database."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture(scope="session")
def nats_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A nats-server with JetStream of the tests' own: free port, temporary directory."""
    with EmbeddedNats(tmp_path_factory.mktemp("nats")) as server:
        yield server.url


@pytest.fixture
def read_url(database_url: str, tmp_path: Path) -> str:
    """The read models' database: beside the SQLite store, or the test's PostgreSQL schema."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'read.db'}"
    return database_url


@pytest.fixture
def clock() -> ScriptedClock:
    """The scripted clock commands are decided on; a module may start it elsewhere."""
    return ScriptedClock(START)


@pytest.fixture
def journey(database_url: str, clock: ScriptedClock) -> Iterator[Journey]:
    """The application on each database, with the scripted clock."""
    system = build(database_url, clock)
    yield system
    system.close()


@pytest.fixture
def engine(read_url: str) -> Iterator[Engine]:
    """An engine on the read database of the test."""
    engine = read_engine(read_url)
    yield engine
    engine.dispose()
