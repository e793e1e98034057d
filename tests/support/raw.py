"""Everything a store's database holds, as raw bytes, to search for personal values."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
from psycopg import sql


def raw_contents(database_url: str) -> dict[str, bytes]:
    """SQLite: every file beside the store (store, WAL, keys, read models).
    PostgreSQL: every row of every table of the store's schema, rendered to bytes."""
    if database_url.startswith("sqlite"):
        folder = Path(database_url.removeprefix("sqlite:///")).parent
        return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    return _postgres_tables(database_url)


def _postgres_tables(database_url: str) -> dict[str, bytes]:
    parts = urlsplit(database_url)
    schema = parse_qs(parts.query)["schema"][0]
    contents = {}
    with psycopg.connect(parts._replace(query="").geturl()) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (schema,),
        ).fetchall()
        for (table,) in tables:
            rows = conn.execute(
                sql.SQL("SELECT * FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            )
            contents[table] = b"\n".join(_row_bytes(row) for row in rows)
    return contents


def _row_bytes(row: tuple[object, ...]) -> bytes:
    return b"|".join(
        bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
        for value in row
    )


def found(contents: dict[str, bytes], secrets: tuple[str, ...]) -> list[str]:
    """'<secret> in <where>' for every secret found anywhere."""
    return [
        f"{secret!r} in {where}"
        for where, blob in contents.items()
        for secret in secrets
        if secret.encode() in blob
    ]
