"""Pointing a model's views at a generation without dropping what others built on them.

Analysts build their own views on ours (`CREATE VIEW my_q AS SELECT … FROM caseload`);
a rebuild must not remove them (ADR 35).

- PostgreSQL binds a view to the objects it reads when it is created, and `DROP VIEW`
  of a view another view reads fails unless it cascades, which would drop the analyst's
  view silently. So each view is replaced in place: `CREATE OR REPLACE VIEW` keeps the
  view's identity, its dependants, grants and comments, and now reads the new
  generation. PostgreSQL allows that only when the view keeps its columns (same names,
  types and order; new columns may be added at the end). When a new version of the
  code changed a view's columns otherwise, the views are dropped (without CASCADE) and
  created again if no one else's object depends on them; if some do, the swap stops
  with `ViewsInUse`, naming them, and nothing is changed.
- SQLite resolves the names in a view when it is read, not when it is created, and
  `DROP VIEW` does not look at dependants: dropping and creating the view again leaves
  an analyst's view working on the new generation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

# SQLSTATE of "cannot change name/type of view column", "cannot drop columns from view"
_INVALID_TABLE_DEFINITION = "42P16"


class ViewDef(NamedTuple):
    """A view to create: its schema (None: the connection's own), name and SELECT."""

    schema: str | None
    name: str
    sql: str

    @property
    def qualified(self) -> str:
        return f'"{self.schema}"."{self.name}"' if self.schema else f'"{self.name}"'

    def key(self, default_schema: str) -> str:
        """`schema.name`, as `dependants` names an object."""
        return f"{self.schema or default_schema}.{self.name}"


class ViewsInUse(RuntimeError):
    """Views whose columns changed cannot be replaced in place, and objects we did not
    create depend on them; the message names both and says what to do."""


def replace_views(conn: Connection, views: Sequence[ViewDef]) -> None:
    """Create or repoint `views`, in order (a view after those it reads), inside the
    caller's transaction."""
    if conn.dialect.name != "postgresql":
        for view in reversed(views):
            conn.execute(text(f"DROP VIEW IF EXISTS {view.qualified}"))
        for view in views:
            conn.execute(text(f"CREATE VIEW {view.qualified} AS {view.sql}"))
        return
    try:
        with conn.begin_nested():
            for view in views:
                conn.execute(text(f"CREATE OR REPLACE VIEW {view.qualified} AS {view.sql}"))
        return
    except DBAPIError as error:
        if _sqlstate(error) != _INVALID_TABLE_DEFINITION:
            raise
        changed = str(error.orig).splitlines()[0]
    _recreate(conn, views, changed)


def _recreate(conn: Connection, views: Sequence[ViewDef], changed: str) -> None:
    """The columns of a view changed: drop ours and create them again, unless someone
    else's object depends on one of them."""
    own_schema = str(conn.execute(text("SELECT current_schema()")).scalar())
    ours = {view.key(own_schema) for view in views}
    existing = [view for view in views if _exists(conn, view.key(own_schema))]
    foreign = sorted({d for v in existing for d in dependants(conn, v.key(own_schema))} - ours)
    if foreign:
        msg = (
            f"the columns of a view changed ({changed}) and it cannot be replaced in place: "
            f"{', '.join(foreign)} depend on our views; drop or change them, run the "
            "rebuild (or start the worker) again, then create them again"
        )
        raise ViewsInUse(msg)
    for view in reversed(existing):
        conn.execute(text(f"DROP VIEW {view.qualified}"))
    for view in views:
        conn.execute(text(f"CREATE VIEW {view.qualified} AS {view.sql}"))


def _exists(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT to_regclass(:name)"), {"name": name}).scalar() is not None


def dependants(conn: Connection, name: str) -> list[str]:
    """The views and materialised views that read view `name`, as `schema.name`."""
    rows = conn.execute(
        text(
            "SELECT DISTINCT n.nspname || '.' || c.relname FROM pg_depend d "
            "JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class c ON c.oid = r.ev_class "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = to_regclass(:name) "
            "AND c.oid <> d.refobjid"
        ),
        {"name": name},
    )
    return [str(row[0]) for row in rows]


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)
