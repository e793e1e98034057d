"""The event store on PostgreSQL: eventsourcing's, made to give up within seconds.

eventsourcing tries a failing store call ten times (0.2 s apart), and each try waits
for a pooled connection for up to its `POSTGRES_CONNECT_TIMEOUT`: with PostgreSQL
unreachable, a request took 20 to 50 s to fail. Here the wait for a connection is the
connect timeout once (adapters/dbtimeouts.py), and then `StoreUnreachable`, which is no
error eventsourcing retries. A connection lost in use is still retried: the next try
gets a fresh one, or waits for it once. Each connection also has libpq's
`connect_timeout` (a host that does not answer does not hold a pool worker for the
kernel's minutes), and under `journey serve` a `statement_timeout`. The pool stops
backing off after `RECONNECT_SECONDS`, so that the first request once PostgreSQL is
back starts a new connection at once rather than after a back-off grown to minutes.

Environment (besides eventsourcing's): `POSTGRES_CONNECT_TIMEOUT`, else
JOURNEY_DB_CONNECT_TIMEOUT; `POSTGRES_STATEMENT_TIMEOUT` (whole seconds, 0: none).
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import PersistenceError
from eventsourcing.postgres import ConnectionPool, PostgresFactory
from eventsourcing.utils import Environment, EnvType
from psycopg_pool import PoolTimeout

from adapters.dbtimeouts import DatabaseTimeouts

FACTORY_TOPIC = "adapters.pgstore:JourneyPostgresFactory"
STATEMENT_TIMEOUT = "POSTGRES_STATEMENT_TIMEOUT"
RECONNECT_SECONDS = 10.0


class StoreUnreachable(PersistenceError):
    """No connection to the event store within the connect timeout (not retried)."""


class FailFastPool(ConnectionPool[Any]):
    """eventsourcing's pool; waiting too long for a connection is `StoreUnreachable`."""

    def getconn(self, timeout: float | None = None) -> Any:
        try:
            return super().getconn(timeout)
        except PoolTimeout as error:
            waited = self.timeout if timeout is None else timeout
            msg = f"no connection to the event store within {waited:g} s"
            raise StoreUnreachable(msg) from error


class JourneyPostgresFactory(PostgresFactory):
    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        explicit = self.env.get(self.POSTGRES_CONNECT_TIMEOUT)
        timeouts = DatabaseTimeouts(
            int(explicit) if explicit else DatabaseTimeouts.from_env().connect,
            int(self.env.get(STATEMENT_TIMEOUT) or 0),
        )
        pool = self.datastore.pool  # not opened yet: opened on first use
        pool.timeout = float(timeouts.connect)
        pool.reconnect_timeout = RECONNECT_SECONDS
        if isinstance(pool.kwargs, dict):
            pool.kwargs.update(timeouts.libpq())
        pool.__class__ = FailFastPool  # same pool, with getconn's timeout made final
