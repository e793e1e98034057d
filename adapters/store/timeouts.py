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

from collections.abc import Mapping
from dataclasses import dataclass

from adapters.settings import Settings

CONNECT_SECONDS = 3
STATEMENT_SECONDS = 5


@dataclass(frozen=True)
class DatabaseTimeouts:
    connect: int = CONNECT_SECONDS
    statement: int = 0  # no limit unless serving requests

    @classmethod
    def from_settings(cls, settings: Settings, *, serving: bool = False) -> DatabaseTimeouts:
        statement = settings.db_statement_timeout
        return cls(settings.db_connect_timeout, statement if serving else 0)

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, serving: bool = False) -> DatabaseTimeouts:
        """The timeouts of an environment (a mapping: the process's is read at start-up)."""
        return cls.from_settings(Settings.from_env(environ), serving=serving)

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
