"""Schema upgrades of the project's own tables (adapters/store/upgrades.py, docs/upgrades.md),
on each database: the upgraded schema is the one the code defines (a forgotten migration
fails here), a database made before migrations is adopted with its rows, processes
starting together on a new database create it once, a schema behind is refused naming
`journey db upgrade`, and `journey db current` / `upgrade` say where each database stands.
The upgrade from the previous release's own code, slow, has a file of its own:
tests/e2e/test_upgrade_from_previous_release.py."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select

from adapters.cli.main import main
from adapters.privacy.accounts import Accounts, users
from adapters.settings import Settings
from adapters.store import upgrades
from adapters.store.read_database import read_engine
from adapters.store.upgrades import PARTS, SchemaBehind
from scripts.migration import metadata_of
from services.access import Role

VERSION_TABLES = {part.version_table for part in PARTS}


def _settings(database_url: str, tmp_path: Path) -> Settings:
    """The three parts beside an SQLite store, or all in the PostgreSQL schema."""
    return Settings(database_url, tmp_path / "data")


def test_each_part_lists_its_revision_files_oldest_first() -> None:
    for part in PARTS:
        files = [script.revision for script in upgrades.script_of(part).walk_revisions()]
        assert tuple(reversed(files)) == part.revisions, (
            f"adapters/store/upgrades.py: the {part.name} part's revisions are not "
            f"those of {part.versions}"
        )


def test_each_part_lists_the_tables_its_baseline_creates(database_url: str, tmp_path: Path) -> None:
    settings = _settings(database_url, tmp_path)
    upgrades.upgrade(settings)
    for part, url in upgrades.located(settings):
        engine = part.engine(url, connect_timeout=3)
        try:
            with engine.connect() as conn:
                present = set(inspect(conn).get_table_names())
        finally:
            engine.dispose()
        assert set(part.tables) <= present, part.name


def test_a_database_without_a_version_table_is_adopted_at_the_baseline_only_if_it_has_tables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _a_release_with_one_more_read_revision(monkeypatch)
    (read,) = [part for part in upgrades.PARTS if part.name == "read"]
    assert read.adoption_target(set()) == "read_0002"  # new: straight to the head
    assert read.adoption_target({"unrelated"}) == "read_0002"
    assert read.adoption_target({"api_users"}) == "read_0001"  # the release before


def test_the_upgraded_schema_is_the_one_the_code_defines(database_url: str, tmp_path: Path) -> None:
    settings = _settings(database_url, tmp_path)
    upgrades.upgrade(settings)
    by_database: dict[str, list[str]] = {}
    for part, url in upgrades.located(settings):
        by_database.setdefault(url, []).append(part.name)
    for url, parts in by_database.items():
        assert _differences(url, parts) == [], f"{parts} at {url}: a migration is missing"


def _differences(url: str, parts: list[str]) -> list[object]:
    engine = read_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_name": _not_a_version_table, "compare_type": True}
            )
            return list(compare_metadata(context, metadata_of(*parts)))
    finally:
        engine.dispose()


def _not_a_version_table(name: str | None, kind: str, _parent: object) -> bool:
    return kind != "table" or name not in VERSION_TABLES


def test_a_database_made_before_migrations_is_adopted_with_its_rows(
    database_url: str, tmp_path: Path
) -> None:
    settings = _settings(database_url, tmp_path)
    engine = read_engine(settings.read_url)
    try:
        accounts = Accounts(engine)  # create_tables, as the release before migrations did
        accounts.add("besa.krasniqi", Role.CASEWORKER)
        assert {s.revision for s in upgrades.states(settings)} == {None}
        upgrades.ready_to_run(settings)
        assert all(state.at_head for state in upgrades.states(settings))
        assert _rows(engine) == 1
        assert [account.name for account in accounts.listing()] == ["besa.krasniqi"]
    finally:
        engine.dispose()


def _rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(users)).scalar_one())


def test_processes_starting_together_create_a_new_database_once(
    database_url: str, tmp_path: Path
) -> None:
    settings = _settings(database_url, tmp_path)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            upgrades.ready_to_run(settings)
        except BaseException as error:  # reported below, with the others
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert all(state.at_head for state in upgrades.states(settings))


def test_a_schema_behind_is_refused_naming_the_command(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(sqlite_url, tmp_path)
    upgrades.upgrade(settings)
    _a_release_with_one_more_read_revision(monkeypatch)
    with pytest.raises(SchemaBehind) as refused:
        upgrades.ready_to_run(settings)
    message = str(refused.value)
    assert "read_0001" in message
    assert "read_0002" in message
    assert "journey db upgrade" in message
    assert "store_" not in message  # only the part behind is named


def _a_release_with_one_more_read_revision(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if this release had a second read revision (its file is not needed to check)."""
    parts = tuple(
        replace(part, revisions=(*part.revisions, "read_0002")) if part.name == "read" else part
        for part in PARTS
    )
    monkeypatch.setattr(upgrades, "PARTS", parts)


def test_a_newer_release_schema_is_refused_and_not_touched(sqlite_url: str, tmp_path: Path) -> None:
    settings = _settings(sqlite_url, tmp_path)
    upgrades.upgrade(settings)
    engine = read_engine(settings.read_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version_read SET version_num = 'read_9999'")
    finally:
        engine.dispose()
    for attempt in (upgrades.upgrade, upgrades.ready_to_run):
        with pytest.raises(SchemaBehind, match="read_9999"):
            attempt(settings)
    assert [s.revision for s in upgrades.states(settings)][-1] == "read_9999"


def test_db_current_and_upgrade_say_where_each_database_stands(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("JOURNEY_DATABASE_URL", database_url)
    monkeypatch.delenv("JOURNEY_READ_DATABASE_URL", raising=False)
    monkeypatch.setenv("JOURNEY_DATA_DIR", str(tmp_path / "data"))
    assert main(["db", "current"]) == 1  # a new database: nothing there yet
    assert "journey db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == 0
    upgraded = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in upgraded] == ["store", "keys", "read"]
    assert all("-> " in line for line in upgraded)
    assert main(["db", "upgrade"]) == 0
    assert all("unchanged" in line for line in capsys.readouterr().out.splitlines())
    assert main(["db", "current", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["part"], row["revision"], row["at_head"]) for row in rows] == [
        (part.name, part.head, True) for part in PARTS
    ]
