"""The read-model database: SQLAlchemy engines for SQLite and PostgreSQL.

JOURNEY_READ_DATABASE_URL picks it; by default it is the event store's
PostgreSQL database (same schema, distinct table names), or, for the embedded
SQLite store, a second file `read.db` beside it, so that projection workers
never wait on the event store's writer lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from adapters.file_modes import private_file
from adapters.settings import ConfigError, Settings
from adapters.store.postgres import ensure_postgres_schema, postgres_dsn
from adapters.store.timeouts import CONNECT_SECONDS, DatabaseTimeouts


def read_engine_of(settings: Settings, *, serving: bool = False) -> Engine:
    """The read models' engine with the configured timeouts (a statement's only if serving)."""
    timeouts = DatabaseTimeouts.from_settings(settings, serving=serving)
    return read_engine(
        settings.read_url, statement_timeout=timeouts.statement, connect_timeout=timeouts.connect
    )


def read_engine(
    url: str, *, statement_timeout: int = 0, connect_timeout: int = CONNECT_SECONDS
) -> Engine:
    """`statement_timeout`: whole seconds a PostgreSQL statement may take (0: no limit)."""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        return _sqlite_engine(url)
    if scheme.startswith("postgres"):
        timeouts = DatabaseTimeouts(connect_timeout, statement_timeout)
        return _postgres_engine(url, timeouts=timeouts)
    msg = f"JOURNEY_READ_DATABASE_URL: unsupported scheme {scheme!r} (use sqlite or postgresql)"
    raise ConfigError(msg)


def keys_engine(url: str, connect_timeout: int = CONNECT_SECONDS) -> Engine:
    """The data keys' database; on SQLite, deleted content is overwritten with zeros."""
    if url == "sqlite://":
        return create_engine(
            "sqlite+pysqlite://",
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
        )
    if urlsplit(url).scheme == "sqlite":
        return _sqlite_engine(url, secure_delete=True)
    timeouts = DatabaseTimeouts(connect_timeout)
    return _postgres_engine(url, 1, 2, timeouts=timeouts)  # keys are cached: few queries


def _sqlite_engine(url: str, *, secure_delete: bool = False) -> Engine:
    path = url.removeprefix("sqlite:///")
    private_file(Path(path))  # 0600 before SQLite opens it: see adapters/file_modes.py
    engine = create_engine(f"sqlite+pysqlite:///{path}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if secure_delete:
            cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def _postgres_engine(
    url: str, pool_size: int = 5, max_overflow: int = 5, *, timeouts: DatabaseTimeouts
) -> Engine:
    """With the connect timeout (adapters/store/timeouts.py) for a new connection and for a
    pooled one, so that an unreachable database is an error within seconds."""
    ensure_postgres_schema(url, timeouts.connect)
    schema = parse_qs(urlsplit(url).query).get("schema", [""])[0]
    dsn = postgres_dsn(url).replace("postgresql://", "postgresql+psycopg://", 1)
    search_path = f"-c search_path={schema}" if schema else ""
    options = " ".join(o for o in (search_path, timeouts.statement_option) if o)
    connect_args: dict[str, str | int] = {"connect_timeout": timeouts.connect}
    if options:
        connect_args["options"] = options
    return create_engine(
        dsn,
        connect_args=connect_args,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=True,
        pool_timeout=timeouts.connect,
    )
