"""How long a process waits for PostgreSQL before it gives up (and the API answers 503).

JOURNEY_DB_CONNECT_TIMEOUT    whole seconds to open a connection, and to wait for one
                              from a pool (3); every process, every PostgreSQL pool
JOURNEY_DB_STATEMENT_TIMEOUT  whole seconds one statement of the API may take, waiting
                              for locks included (5; 0: no limit). Only `journey serve`
                              (and so the API of `journey up`) sets it: the relay, the
                              workers, rebuilds, backups and verification run long
                              statements on purpose and answer no request.

With PostgreSQL unreachable a request is answered 503 after about the connect timeout
(docs/api.md, "When a database is unavailable"); SQLite has its own lock timeout.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from adapters.settings import ConfigError

CONNECT_SECONDS = 3
STATEMENT_SECONDS = 5


@dataclass(frozen=True)
class DatabaseTimeouts:
    connect: int = CONNECT_SECONDS
    statement: int = 0  # no limit unless serving requests

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, serving: bool = False
    ) -> DatabaseTimeouts:
        env = os.environ if environ is None else environ
        connect = _seconds(env, "JOURNEY_DB_CONNECT_TIMEOUT", CONNECT_SECONDS, least=1)
        statement = _seconds(env, "JOURNEY_DB_STATEMENT_TIMEOUT", STATEMENT_SECONDS, least=0)
        return cls(connect, statement if serving else 0)

    def libpq(self) -> dict[str, str | int]:
        """Connection parameters for psycopg: the connect and statement timeouts."""
        parameters: dict[str, str | int] = {"connect_timeout": self.connect}
        if self.statement:
            parameters["options"] = self.statement_option
        return parameters

    @property
    def statement_option(self) -> str:
        """The server option that limits each statement ('' when there is no limit)."""
        return f"-c statement_timeout={self.statement * 1000}" if self.statement else ""


def _seconds(env: Mapping[str, str], name: str, default: int, *, least: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = least - 1
    if value < least:
        msg = f"{name}: {raw!r} is not a whole number of seconds of at least {least}"
        raise ConfigError(msg)
    return value
