"""Tables created by several processes at the same moment.

`journey up` starts the relay, every worker, the chain keeper and the API together, and
services started by a service manager may start together too: each creates the tables
it needs if they are missing. SQLAlchemy's `create_all` looks, then creates, so two
processes may both see a table missing; the second then fails ("table … already exists"
on SQLite; on PostgreSQL a duplicate table, a unique violation in the catalog, or "tuple
concurrently updated"). `create_tables` looks again and creates what is still missing.
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, MetaData
from sqlalchemy.exc import DBAPIError

TRIES = 5
_POSTGRES_CONCURRENT = {"DuplicateTable", "DuplicateObject", "UniqueViolation", "InternalError_"}


def create_tables(metadata: MetaData, engine: Engine) -> None:
    """`metadata.create_all(engine)`, tolerant of another process creating the same
    tables meanwhile; any other error, or the same one after TRIES, is raised."""
    for attempt in range(1, TRIES):
        try:
            metadata.create_all(engine)
        except DBAPIError as error:
            if not created_meanwhile(error):
                raise
            time.sleep(0.05 * attempt)
        else:
            return
    metadata.create_all(engine)


def created_meanwhile(error: DBAPIError) -> bool:
    """Whether `error` says that someone else created the object first."""
    cause = error.orig
    if type(cause).__module__ == "sqlite3":
        return "already exists" in str(cause)
    return type(cause).__name__ in _POSTGRES_CONCURRENT
