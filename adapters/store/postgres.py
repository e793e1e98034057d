"""PostgreSQL URLs: our `?schema=` parameter, and the DSN libpq takes."""

from __future__ import annotations

from contextlib import suppress
from urllib.parse import parse_qs, urlsplit

import psycopg
from psycopg import sql

from adapters.store.timeouts import CONNECT_SECONDS


def ensure_postgres_schema(database_url: str, connect_timeout: int = CONNECT_SECONDS) -> None:
    """Create the `?schema=` of a PostgreSQL URL if it does not exist yet."""
    parts = urlsplit(database_url)
    schema = parse_qs(parts.query).get("schema", [""])[0]
    if not parts.scheme.startswith("postgres") or not schema:
        return
    with psycopg.connect(
        postgres_dsn(database_url), autocommit=True, connect_timeout=connect_timeout
    ) as conn:
        create = sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
        # IF NOT EXISTS looks, then creates: a process that started at the same moment
        # (journey up's children) may have created it in between, which is what we want
        with suppress(psycopg.errors.UniqueViolation, psycopg.errors.DuplicateSchema):
            conn.execute(create)


def postgres_dsn(database_url: str) -> str:
    """The URL as libpq takes it (without our own query parameters)."""
    parts = urlsplit(database_url)
    return parts._replace(scheme="postgresql", query="").geturl()
