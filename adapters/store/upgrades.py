"""Schema upgrades of the project's own tables, with Alembic driven from Python (no
alembic.ini): docs/upgrades.md, ADR 41.

The tables are in up to three databases, one part of the schema each, every part with
its revisions (adapters/store/migrations/<part>/) and its version table
(`alembic_version_<part>`). On PostgreSQL the three parts share the store's database
and schema unless the read database is set apart; on SQLite they are three files.

- `upgrade`: every part to its head (`journey db upgrade`, and `journey up` on SQLite);
- `states`: each part's revision and head (`journey db current`);
- `ready_to_run`: what a process checks before it starts (`journey up`, `serve`, `relay`,
  `worker`). A part without a version table (a new database, or one the release before
  migrations wrote) is adopted by its baseline, which creates only the tables that are
  missing; a part behind its head is refused (`SchemaBehind`, exit 2), naming the command.

An upgrade runs in one transaction per part, one upgrader at a time: on PostgreSQL under
an advisory lock, on SQLite in a `BEGIN IMMEDIATE` transaction (DDL included). A process
that only checks reads the version tables with plain SQL: Alembic (0.3-0.6 s to import)
is loaded only to upgrade (ADR 38), so each part's revisions are listed here too, and
tests/integration/test_schema_upgrades.py checks the list against the revision files.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, event, func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from adapters.settings import ConfigError, Settings, redacted
from adapters.store.read_database import keys_engine, read_engine
from projections.ddl import created_meanwhile

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
UPGRADE_LOCK = 0x6A6F75726E6500  # pg_advisory_xact_lock key: one upgrader at a time
TRIES = 5  # an upgrade that met another process creating the same table is run again


class SchemaBehind(ConfigError):
    """A database's schema is not the one this release needs; the message says what to run."""


@dataclass(frozen=True)
class Part:
    """A part of the schema: the tables of one database, with their own revisions."""

    name: str  # store | keys | read
    title: str  # in messages
    revisions: tuple[str, ...]  # oldest first, as in migrations/<name>/ (a test checks)
    tables: tuple[str, ...]  # those the baseline creates (a test checks)

    @property
    def baseline(self) -> str:
        return self.revisions[0]

    @property
    def head(self) -> str:
        return self.revisions[-1]

    def adoption_target(self, present: set[str]) -> str:
        """Where a database without a version table starts: none of the baseline's tables
        (a new database) goes straight to the head; some or all (the release before
        migrations wrote them) are that release's schema, the baseline, then upgraded."""
        return self.baseline if present & set(self.tables) else self.head

    @property
    def version_table(self) -> str:
        return f"alembic_version_{self.name}"

    @property
    def versions(self) -> Path:
        return MIGRATIONS / self.name

    def url(self, settings: Settings) -> str | None:
        """The database of this part; None when it keeps nothing (in memory)."""
        urls = {"store": settings.database_url, "keys": settings.keys_url}
        url = urls.get(self.name, settings.read_url)
        return url if _persistent(url) else None

    def engine(self, url: str, connect_timeout: int) -> Engine:
        if self.name == "keys":
            return keys_engine(url, connect_timeout)
        return read_engine(url, connect_timeout=connect_timeout)


PARTS = (
    Part(
        "store",
        "the event store's database",
        ("store_0001",),
        ("journey_chain", "journey_checkpoints", "journey_documents"),
    ),
    Part(
        "keys",
        "the data keys' database",
        ("keys_0001",),
        ("journey_data_keys", "journey_blind_index", "journey_blind_index_state"),
    ),
    Part(
        "read",
        "the read database",
        ("read_0001",),
        (
            "api_users",
            "staff_credentials",
            "sign_in_failures",
            "staff_sessions",
            "access_log",
            "idempotency_keys",
            "projection_generations",
            "projection_positions",
            "projection_partition_positions",
            "pipeline_status",
            "projection_dead_letters",
        ),
    ),
)


@dataclass(frozen=True)
class SchemaState:
    """Where one part's database stands."""

    part: Part
    url: str = field(repr=False)  # may hold a password: `database` is for messages
    revision: str | None  # None: no version table (new, or the release before migrations)

    @property
    def database(self) -> str:
        return redacted(self.url)

    @property
    def head(self) -> str:
        return self.part.head

    @property
    def known(self) -> bool:
        """Whether the revision is one of this release's (or there is none)."""
        return self.revision is None or self.revision in self.part.revisions

    @property
    def at_head(self) -> bool:
        return self.revision == self.head

    def as_json(self) -> dict[str, object]:
        return {
            "part": self.part.name,
            "database": self.database,
            "revision": self.revision,
            "head": self.head,
            "at_head": self.at_head,
        }

    def refusal(self) -> str | None:
        """Why a process may not start on this database; None when it may."""
        where = f"{self.part.title} ({self.database})"
        if self.at_head:
            return None
        if not self.known:
            return (
                f"{where} has schema revision {self.revision}, which this release does not "
                "know: a newer release wrote it; run that release, or restore a backup"
            )
        return (
            f"{where} has schema revision {self.revision or 'none'} and this release needs "
            f"{self.head}: run `journey db upgrade` (after a backup: docs/upgrades.md), "
            "then start again"
        )


# ------------------------------------------------------------------ the public API


def located(settings: Settings) -> list[tuple[Part, str]]:
    """The parts these settings keep in a database, each with its URL."""
    return [(part, url) for part in PARTS if (url := part.url(settings)) is not None]


def states(settings: Settings) -> list[SchemaState]:
    """Each part's revision and head, read only (a missing SQLite file is not created);
    one connection per database, however many parts it holds."""
    parts_at: dict[str, list[Part]] = {}
    for part, url in located(settings):
        parts_at.setdefault(url, []).append(part)
    found = {
        part.name: SchemaState(part, url, revision)
        for url, parts in parts_at.items()
        for part, revision in _revisions(url, parts, settings.db_connect_timeout)
    }
    return [found[part.name] for part, _ in located(settings)]


def upgrade(settings: Settings, *, only_sqlite: bool = False) -> None:
    """Every part (or every part on SQLite) to its head; a new database is created at it."""
    for state in states(settings):
        if only_sqlite and not _sqlite(state.url):
            continue
        if not state.known:  # a newer release's: nothing here leads from it
            raise SchemaBehind(state.refusal() or "")
        if not state.at_head:
            _migrate(state.part, state.url, settings.db_connect_timeout, state.part.head)


def ready_to_run(settings: Settings, *, upgrade_sqlite: bool = False) -> None:
    """Adopt the parts without a version table (at their baseline, or at their head when
    the database holds none of their tables yet: `Part.adoption_target`), then refuse
    (`SchemaBehind`) unless every part is at its head. `upgrade_sqlite`: the parts on
    SQLite (the embedded default) are upgraded to their head first."""
    if upgrade_sqlite:
        upgrade(settings, only_sqlite=True)
    found = states(settings)
    unversioned = [state for state in found if state.revision is None]
    for state in unversioned:
        part = state.part
        _migrate(part, state.url, settings.db_connect_timeout, part.baseline, adopting=True)
    if unversioned:
        found = states(settings)
    refusals = [why for state in found if (why := state.refusal()) is not None]
    if refusals:
        raise SchemaBehind("; ".join(refusals))


def config(part: Part, connection: Connection | None = None, **attributes: Any) -> Config:
    """Alembic's configuration of a part, made here: no alembic.ini. `attributes` reach
    env.py (e.g. `target_metadata` for a new revision)."""
    from alembic.config import Config  # noqa: PLC0415 (ADR 38: loaded to upgrade only)

    settings = Config()
    settings.set_main_option("script_location", _option(MIGRATIONS))
    settings.set_main_option("version_locations", _option(part.versions))
    settings.set_main_option("path_separator", "os")
    settings.attributes.update(
        connection=connection, version_table=part.version_table, **attributes
    )
    return settings


def script_of(part: Part) -> ScriptDirectory:
    """The part's revision files, as Alembic reads them."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415 (ADR 38)

    return ScriptDirectory.from_config(config(part))


def _revisions(url: str, parts: list[Part], connect_timeout: int) -> list[tuple[Part, str | None]]:
    if not _exists(url):
        return [(part, None) for part in parts]
    engine = read_engine(url, connect_timeout=connect_timeout)
    try:
        with engine.connect() as conn:
            return [(part, revision_in(conn, part)) for part in parts]
    finally:
        engine.dispose()


def revision_in(conn: Connection, part: Part) -> str | None:
    """The part's revision in its version table (plain SQL); None without one."""
    if not inspect(conn).has_table(part.version_table):
        return None
    query = text(f"SELECT version_num FROM {part.version_table}")  # noqa: S608 (ours)
    return conn.execute(query).scalar_one_or_none()


# ------------------------------------------------------------------ running Alembic


def _migrate(
    part: Part, url: str, connect_timeout: int, target: str, *, adopting: bool = False
) -> None:
    """`alembic upgrade target` in one transaction, one upgrader at a time; run again
    when another process created a table meanwhile (a `create_tables` of a component)."""
    for attempt in range(1, TRIES + 1):
        engine = _migration_engine(part, url, connect_timeout)
        try:
            with engine.begin() as conn:
                _lock(conn)
                if adopting and revision_in(conn, part) is not None:  # adopted meanwhile
                    return
                if adopting:
                    target = part.adoption_target(set(inspect(conn).get_table_names()))
                _alembic_upgrade(config(part, conn), target)
        except DBAPIError as error:
            if attempt == TRIES or not (created_meanwhile(error) or _sqlite_busy(error)):
                raise
            time.sleep(0.1 * attempt)
        else:
            return
        finally:
            engine.dispose()


def _alembic_upgrade(settings: Config, target: str) -> None:
    from alembic import command  # noqa: PLC0415 (ADR 38)

    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # its set-up steps
    command.upgrade(settings, target)


def _migration_engine(part: Part, url: str, connect_timeout: int) -> Engine:
    """The part's engine; on SQLite its transactions begin IMMEDIATE and hold DDL too
    (pysqlite's own transaction handling is turned off: SQLAlchemy's documented recipe)."""
    engine = part.engine(url, connect_timeout)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _no_driver_transactions)
        event.listen(engine, "begin", _begin_immediate)
    return engine


def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _begin_immediate(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(UPGRADE_LOCK)))


def _sqlite_busy(error: DBAPIError) -> bool:
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _option(path: Path) -> str:
    return str(path).replace("%", "%%")  # Alembic's options are ConfigParser values


def _sqlite(url: str) -> bool:
    return url.startswith("sqlite:///")


def _persistent(url: str) -> bool:
    """A file or a server: not `memory://` nor an in-memory SQLite database."""
    return (_sqlite(url) and url != "sqlite:///") or urlsplit(url).scheme.startswith("postgres")


def _exists(url: str) -> bool:
    """Whether the database is there to be read (an SQLite file is not made by a look)."""
    return not _sqlite(url) or Path(url.removeprefix("sqlite:///")).exists()
