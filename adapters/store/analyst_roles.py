"""Analysts' read-only PostgreSQL roles: the `reporting` schema and nothing else (ADR 35).

`grant_analyst` creates (or, for a role it made before, updates) a login role with USAGE
on the read database's reporting schema and SELECT on its views, now and later
(default privileges of the user that runs it, who must be the one the workers run as:
the views are theirs). It gets no right on any other object: not the events, the keys,
the tokens, the access log, nor the read models' own views with codes. Its sessions are
read-only by default. The password reaches the server only as a SCRAM verifier, never
in clear text (so not in a server log either).

Roles are the cluster's, not a database's: `journey` marks its own with a comment and
refuses to change or drop a role it did not make.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from projections.catalog.reporting import (
    ensure_reporting_schema,
    own_schema,
    reporting_schema_of,
)

MARK = "journey analyst: reads the reporting schema only"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
MIN_PASSWORD = 12


class AnalystRoleError(ValueError):
    """The role cannot be granted or revoked; the message says why."""


def check_name(name: str) -> str:
    if not _NAME.match(name):
        msg = (
            f"analyst role name {name!r}: lower-case letters, digits and _ only, starting "
            "with a letter or _, at most 63 characters"
        )
        raise AnalystRoleError(msg)
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD or password.strip() != password:
        msg = (
            f"the analyst's password must have at least {MIN_PASSWORD} characters, "
            "without spaces at either end"
        )
        raise AnalystRoleError(msg)
    return password


def grant_analyst(engine: Engine, name: str, password: str) -> tuple[str, list[str]]:
    """Create or update the role; returns the reporting schema it may read, and warnings
    about what the role can do that this command did not give it (rights of PUBLIC)."""
    check_name(name)
    check_password(password)
    _require_postgres(engine)
    with engine.begin() as conn:
        reporting = reporting_schema_of(own_schema(conn))
        ensure_reporting_schema(conn, reporting)
        verifier = _verifier(conn, name, password)
        if _ours(conn, name):
            _run(conn, f'ALTER ROLE "{name}" PASSWORD {_literal(verifier)}')
        else:
            _run(
                conn,
                f'CREATE ROLE "{name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT '
                f"NOREPLICATION NOBYPASSRLS PASSWORD {_literal(verifier)}",
            )
            _run(conn, f'COMMENT ON ROLE "{name}" IS {_literal(MARK)}')
        _run(conn, f'ALTER ROLE "{name}" SET default_transaction_read_only = on')
        _run(conn, f'GRANT USAGE ON SCHEMA "{reporting}" TO "{name}"')
        _run(conn, f'GRANT SELECT ON ALL TABLES IN SCHEMA "{reporting}" TO "{name}"')
        _run(
            conn,
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{reporting}" GRANT SELECT ON TABLES TO "{name}"',
        )
        return reporting, _public_rights(conn, name)


def _public_rights(conn: Connection, name: str) -> list[str]:
    """PostgreSQL 14 and older let every role (PUBLIC) create objects in `public`."""
    schema = own_schema(conn)
    can_create = conn.execute(
        text("SELECT has_schema_privilege(:name, :schema, 'CREATE')"),
        {"name": name, "schema": schema},
    ).scalar()
    if not can_create:
        return []
    return [
        f"role {name} can create objects in schema {schema} through PUBLIC's rights "
        f'(PostgreSQL 14 and older grant them): run REVOKE CREATE ON SCHEMA "{schema}" '
        "FROM PUBLIC as its owner"
    ]


def revoke_analyst(engine: Engine, name: str) -> None:
    """Take the role's rights on the reporting schema away and drop it."""
    check_name(name)
    _require_postgres(engine)
    with engine.begin() as conn:
        if not _ours(conn, name):
            msg = f"there is no analyst role {name!r} made by journey (grant-analyst) to revoke"
            raise AnalystRoleError(msg)
        reporting = reporting_schema_of(own_schema(conn))
        _run(conn, f'REVOKE ALL ON ALL TABLES IN SCHEMA "{reporting}" FROM "{name}"')
        _run(conn, f'REVOKE ALL ON SCHEMA "{reporting}" FROM "{name}"')
        _run(
            conn,
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{reporting}" REVOKE ALL ON TABLES FROM "{name}"',
        )
        _run(conn, f'DROP ROLE "{name}"')


def _run(conn: Connection, statement: str) -> None:
    try:
        with conn.begin_nested():  # the driver's cursor, no parameters: `:` is text
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(statement)
            finally:
                cursor.close()
    except DBAPIError as error:
        first_line = str(error.orig).splitlines()[0] if error.orig else str(error)
        shown = statement.split(" PASSWORD ", maxsplit=1)[0]  # never the verifier
        msg = f"the database refused: {first_line} (in: {shown})"
        raise AnalystRoleError(msg) from error


def _require_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        msg = (
            "the read database is SQLite, which has no roles: give analysts a copy of the "
            "read database file instead (docs/analysts.md)"
        )
        raise AnalystRoleError(msg)


def _ours(conn: Connection, name: str) -> bool:
    """True if the role exists and journey made it; an error if someone else did."""
    row = conn.execute(
        text("SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = :name"),
        {"name": name},
    ).first()
    if row is None:
        return False
    if row[0] != MARK:
        msg = (
            f"role {name!r} exists and is not an analyst role made by journey: choose another name"
        )
        raise AnalystRoleError(msg)
    return True


def _verifier(conn: Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier libpq computes on the client (PQencryptPasswordConn)."""
    pgconn = conn.connection.driver_connection.pgconn  # type: ignore[union-attr]
    return bytes(
        pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    ).decode()


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
