"""The one place that wires configuration to the application and its adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import psycopg
from psycopg import sql

from adapters.clock import utc_now
from adapters.config import Settings, store_env
from services.app import JourneyApp
from services.bus import CommandBus
from services.queries import Queries
from services.workflows import WORKFLOWS


@dataclass
class Journey:
    """The wired system: the application, its command bus and its queries."""

    app: JourneyApp
    bus: CommandBus
    queries: Queries

    def close(self) -> None:
        self.app.close()


def build(settings: Settings | str, clock: Callable[[], datetime] = utc_now) -> Journey:
    """Everything on the configured store (tables created if absent)."""
    url = settings if isinstance(settings, str) else settings.database_url
    ensure_postgres_schema(url)
    app = JourneyApp(env=store_env(url))
    return Journey(app, CommandBus(app, clock, WORKFLOWS), Queries(app))


def ensure_postgres_schema(database_url: str) -> None:
    """Create the `?schema=` of a PostgreSQL URL if it does not exist yet."""
    parts = urlsplit(database_url)
    schema = parse_qs(parts.query).get("schema", [""])[0]
    if not parts.scheme.startswith("postgres") or not schema:
        return
    with psycopg.connect(postgres_dsn(database_url), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


def postgres_dsn(database_url: str) -> str:
    """The URL as libpq takes it (without our own query parameters)."""
    parts = urlsplit(database_url)
    return parts._replace(scheme="postgresql", query="").geturl()
