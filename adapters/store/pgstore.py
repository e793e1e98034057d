"""The event store on PostgreSQL: eventsourcing's, made to give up within seconds.

eventsourcing tries a failing store call ten times (0.2 s apart), and each try waits
for a pooled connection for up to its `POSTGRES_CONNECT_TIMEOUT`, or for a lock up to
`POSTGRES_LOCK_TIMEOUT`: with PostgreSQL unreachable, a request took 20 to 50 s to fail.
Here waiting out one of these timeouts, or the statement timeout, ends the call at
once with `StoreTimedOut`, an error eventsourcing does not retry: the API answers 503
after one wait (adapters/http/outages.py reads the driver's error behind it). A
connection lost in use is still retried: the next try gets a fresh one, or waits for it
once. Each connection also has libpq's `connect_timeout` (a host that does not answer
does not hold a pool worker for the kernel's minutes), and under `journey serve` a
`statement_timeout`. The pool stops backing off after `RECONNECT_SECONDS`, so that the
first request once PostgreSQL is back starts a new connection at once rather than after
a back-off grown to minutes.

Environment (besides eventsourcing's): `POSTGRES_CONNECT_TIMEOUT` (bootstrap sets it
from the JOURNEY_DB_CONNECT_TIMEOUT setting; else 3 s); `POSTGRES_STATEMENT_TIMEOUT`
(whole seconds, 0: none).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import psycopg
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    OperationalError,
    PersistenceError,
)
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from eventsourcing.utils import Environment, EnvType
from psycopg import Connection
from psycopg.rows import DictRow
from psycopg_pool import PoolTimeout

from adapters.store.timeouts import CONNECT_SECONDS, DatabaseTimeouts

FACTORY_TOPIC = "adapters.store.pgstore:JourneyPostgresFactory"
STATEMENT_TIMEOUT = "POSTGRES_STATEMENT_TIMEOUT"
RECONNECT_SECONDS = 10.0
CREATE_TRIES = 8
R = TypeVar("R")


class StoreTimedOut(PersistenceError):
    """A connection, a lock or a statement waited out its timeout (not retried)."""


# what a wait that timed out looks like, inside eventsourcing's OperationalError
_TIMED_OUT = (PoolTimeout, psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled)
# what two sessions running the same CREATE … IF NOT EXISTS at once may get from the
# catalog: "tuple concurrently updated", a unique violation on pg_type or pg_class, or a
# table or object that exists after all
_CONCURRENT_DDL = (
    psycopg.errors.InternalError_,
    psycopg.errors.UniqueViolation,
    psycopg.errors.DuplicateTable,
    psycopg.errors.DuplicateObject,
)


class FailFastDatastore(PostgresDatastore):
    @contextmanager
    def get_connection(self) -> Iterator[Connection[DictRow]]:
        try:
            with super().get_connection() as conn:
                yield conn
        except OperationalError as error:
            if isinstance(error.__cause__, _TIMED_OUT):
                raise StoreTimedOut(str(error)) from error.__cause__
            raise


class JourneyPostgresFactory(PostgresFactory):
    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        explicit = self.env.get(self.POSTGRES_CONNECT_TIMEOUT)
        timeouts = DatabaseTimeouts(
            int(explicit) if explicit else CONNECT_SECONDS,
            int(self.env.get(STATEMENT_TIMEOUT) or 0),
        )
        pool = self.datastore.pool  # not opened yet: opened on first use
        pool.timeout = float(timeouts.connect)
        pool.reconnect_timeout = RECONNECT_SECONDS
        if isinstance(pool.kwargs, dict):
            pool.kwargs.update(timeouts.libpq())
        self.datastore.__class__ = FailFastDatastore  # the same, with timeouts final

    def application_recorder(self) -> ApplicationRecorder:
        return created(super().application_recorder)

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        return created(lambda: super(JourneyPostgresFactory, self).aggregate_recorder(purpose))


def created(make: Callable[[], R]) -> R:
    """`make()`, whose tables eventsourcing creates with CREATE … IF NOT EXISTS, tried
    again when another process created the same tables at the same moment: `journey up`
    starts the relay, the workers, the chain keeper and the API together, and a
    restarted one may start beside another (a chaos run saw the API fail with "tuple
    concurrently updated"). The statements are idempotent; the next try finds the tables."""
    for attempt in range(1, CREATE_TRIES):
        try:
            return make()
        except PersistenceError as error:
            if not _concurrent_ddl(error):
                raise
            time.sleep(0.1 * attempt)
    return make()  # the last try: what it raises is the caller's


def _concurrent_ddl(error: BaseException) -> bool:
    """Whether the driver's error behind `error` (wrapped once or more) is the catalog's."""
    cause = error.__cause__
    while cause is not None and not isinstance(cause, _CONCURRENT_DDL):
        cause = cause.__cause__
    return cause is not None
