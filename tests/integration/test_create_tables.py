"""Tables made by several creators at once (SQLite and PostgreSQL): the four workers of
`journey up` (or of the pipeline tests) create the projection catalog together, and one
that finds a table made by another between its check and its CREATE must go on, not
crash (seen as `capacity crashed: table projection_partition_positions already exists`
in tests/e2e/test_pipeline.py)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, event, inspect
from sqlalchemy.exc import OperationalError

from adapters.store.read_database import read_engine
from projections import catalog
from projections.catalog import schema
from projections.registry import read_models

TABLE = "CREATE TABLE "


@pytest.fixture
def rival(read_url: str) -> Iterator[Engine]:
    """Another process's connection to the same database."""
    engine = read_engine(read_url)
    yield engine
    engine.dispose()


def _table_named(statement: str) -> str:
    words = statement.split("(", 1)[0].split()
    return words[-1].strip('"')


def test_a_table_created_by_another_between_check_and_create_is_no_error(
    engine: Engine, rival: Engine
) -> None:
    """Before each of our CREATE TABLEs, the rival creates that very table: the worst
    interleaving, every time (with create_all and three tries, the third one failed)."""
    forestalled: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def forestall(*args: Any) -> None:
        statement: str = args[2]
        if statement.lstrip().upper().startswith(TABLE):
            name = _table_named(statement)
            catalog.catalog.tables[name].create(rival, checkfirst=True)
            forestalled.append(name)

    catalog.create_catalog(engine)
    assert set(forestalled) == set(catalog.catalog.tables)
    with engine.connect() as conn:
        assert set(catalog.catalog.tables) <= set(inspect(conn).get_table_names())


def test_many_creators_at_once_all_succeed(read_url: str) -> None:
    """The catalog and a model's tables with their indexes, by 6 threads at once, each
    with its own engine (as processes have)."""
    engines = [read_engine(read_url) for _ in range(6)]
    start = threading.Barrier(len(engines))
    errors: list[BaseException] = []

    def create(engine: Engine) -> None:
        start.wait()
        try:
            catalog.create_catalog(engine)
            catalog.generation_tables(engine, read_models()["outcomes"], 1)
        except Exception as error:  # the test reports it
            errors.append(error)

    threads = [threading.Thread(target=create, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    assert errors == []
    model_tables = read_models()["outcomes"].define(MetaData(), 1)
    check = read_engine(read_url)
    try:
        with check.connect() as conn:
            names = set(inspect(conn).get_table_names())
    finally:
        check.dispose()
    assert {t.name for t in model_tables.values()} <= names


def busy(code: int) -> OperationalError:
    orig = sqlite3.OperationalError("busy")
    orig.sqlite_errorcode = code
    return OperationalError("CREATE TABLE", {}, orig)


def test_a_busy_sqlite_database_is_tried_again_and_other_errors_are_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLite may answer SQLITE_BUSY without waiting to creators of a fresh database."""
    calls: list[int] = []

    def refused_twice(_metadata: MetaData, _engine: Engine) -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise busy(sqlite3.SQLITE_BUSY)

    monkeypatch.setattr(schema, "_create_missing", refused_twice)
    schema.create_tables(MetaData(), engine=None)  # type: ignore[arg-type]
    assert len(calls) == 3

    def broken(_metadata: MetaData, _engine: Engine) -> None:
        raise busy(sqlite3.SQLITE_CORRUPT)

    monkeypatch.setattr(schema, "_create_missing", broken)
    with pytest.raises(OperationalError):
        schema.create_tables(MetaData(), engine=None)  # type: ignore[arg-type]
