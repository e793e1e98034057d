"""Telling an outage from a bug: a database that cannot be reached, or is locked
by another writer, is a 503 the client may retry; anything else stays a 500.

The exception a route sees wraps the driver's own: eventsourcing turns psycopg's
and sqlite3's errors into its `OperationalError` (cause kept), SQLAlchemy wraps
them in `DBAPIError` (`.orig`). The driver's error decides. A command that
failed this way wrote nothing: the event store saves a command's events in one
transaction, and nothing else a client could see is written before it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from eventsourcing.persistence import PersistenceError
from sqlalchemy import exc as sqlalchemy_errors

RETRY_AFTER_SECONDS = 2

# sqlite3.OperationalError is also "no such table" (a bug): only these are outages.
_SQLITE_LOCKED = ("database is locked", "database table is locked", "database is busy")
_SQLITE_UNREACHABLE = ("unable to open database file", "disk i/o error")


@dataclass(frozen=True)
class Outage:
    """Which store failed and how, in words a client may read."""

    store: str  # "event store" or "database"
    how: str  # "cannot be reached", "is locked by another writer", "did not answer in time"

    @property
    def detail(self) -> str:
        return f"the {self.store} {self.how}; try again in a few seconds"


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error and what caused it, outermost first (each once)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__


def _how(error: BaseException) -> str | None:
    if isinstance(error, psycopg.errors.LockNotAvailable):
        return "is locked by another writer"  # waited lock_timeout for a table lock
    if isinstance(error, psycopg.errors.QueryCanceled):
        return "did not answer in time"  # statement_timeout (adapters/store/timeouts.py)
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return "cannot be reached"  # refused, lost, pool timeout, lock timeout
    if isinstance(error, sqlite3.OperationalError):
        message = str(error).lower()
        if message.startswith(_SQLITE_LOCKED):
            return "is locked by another writer"
        if message.startswith(_SQLITE_UNREACHABLE):
            return "cannot be reached"
    if isinstance(error, sqlalchemy_errors.TimeoutError):
        return "cannot be reached"  # every pooled connection is stuck waiting
    return None


def outage(error: BaseException) -> Outage | None:
    """The outage behind `error`, or None when it is not one (a bug: 500)."""
    chain = list(_chain(error))
    how = next((h for e in chain if (h := _how(e)) is not None), None)
    if how is None:
        return None
    in_store = any(isinstance(e, PersistenceError) for e in chain)
    return Outage("event store" if in_store else "database", how)


def driver_error(error: BaseException) -> str:
    """The innermost error's type and message, for the log (never SQL parameters)."""
    innermost = list(_chain(error))[-1]
    return f"{type(innermost).__name__}: {innermost}"
