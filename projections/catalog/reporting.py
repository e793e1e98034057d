"""The `reporting` schema and the documentation written into the database (ADR 35).

On PostgreSQL each read model's `reporting_views` are views of the same name in a schema
of their own, with the listed (non-identifying) columns only, reading the model's views —
the columns of its view of the same name, or a SELECT the model writes (`reporting_sql`:
rows filtered, values generalised, as the statistics model publishes counted people only):
an analyst's read-only role (`journey db grant-analyst`) reads them and nothing else.
The schema is `reporting` beside the default schema `public`, `<schema>_reporting`
beside another one (a deployment's `?schema=`, a test's own schema). They are replaced
in place with the model's views (projections/catalog/views.py), so a rebuild keeps them,
their grants and what analysts built on them.

Every view, and every column, carries its meaning from docs/read-models as `COMMENT ON`
(the shipped data dictionary, projections/catalog/dictionary.py). SQLite has no schemas
and no comments: analysts there read the views of the read database file directly
(docs/analysts.md).
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select, text

from projections.catalog.dictionary import REPORTING_PREFIX, ViewDoc, view_docs
from projections.catalog.views import ViewDef
from projections.model import ReadModel

DEFAULT_SCHEMA = "public"
_REPORTING_SCHEMA_LOCK = 0x6A6F75726E6579 + 17  # pg_advisory_xact_lock key: the schema's creation


def own_schema(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_schema()")).scalar_one())


def reporting_schema_of(schema: str) -> str:
    return "reporting" if schema == DEFAULT_SCHEMA else f"{schema}_reporting"


def ensure_reporting_schema(conn: Connection, schema: str) -> None:
    """Create it once, even when several workers start at once."""
    conn.execute(select(func.pg_advisory_xact_lock(_REPORTING_SCHEMA_LOCK)))
    conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))


def reporting_views(
    model: ReadModel, schema: str, reporting: str, dialect: str = "postgresql"
) -> list[ViewDef]:
    return [
        ViewDef(reporting, view, published_sql(model, view, schema, dialect))
        for view in model.reporting_views
    ]


def published_sql(model: ReadModel, view: str, schema: str, dialect: str) -> str:
    """The SELECT of a published view: the model's own, or the listed columns of its view."""
    own = model.reporting_sql(view, schema, dialect)
    if own is not None:
        return own
    return f'SELECT {_names(model.reporting_views[view])} FROM "{schema}"."{view}"'


def doc_name(model: ReadModel, view: str) -> str:
    """The data dictionary's name of a published view: `reporting.<view>` when the model
    writes its SELECT (its columns differ from the model's view), else the view's own."""
    if model.reporting_sql(view, DEFAULT_SCHEMA, "postgresql") is None:
        return view
    return f"{REPORTING_PREFIX}{view}"


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def view_comment(doc: ViewDoc) -> str:
    """The comment on a view: what a row is, and where its page is."""
    return f"{doc.summary} ({doc.page})"


def write_comments(conn: Connection, views: list[ViewDef], schema: str) -> None:
    """`COMMENT ON` each view and each of its documented columns (PostgreSQL)."""
    docs = view_docs()
    for view in views:
        doc = docs.get(view.name)
        if view.schema is not None:  # published: its own page section if it has one
            doc = docs.get(f"{REPORTING_PREFIX}{view.name}", doc)
        if doc is None:  # an undocumented view fails tests/unit/test_data_dictionary.py
            continue
        target = view.qualified if view.schema else f'"{schema}"."{view.name}"'
        present = _columns(conn, view.schema or schema, view.name)
        statements = [f"COMMENT ON VIEW {target} IS {_literal(view_comment(doc))}"]
        statements += [
            f'COMMENT ON COLUMN {target}."{column}" IS {_literal(meaning)}'
            for column, meaning in doc.columns.items()
            if column in present
        ]
        # through the driver's cursor, without parameters: a meaning's `%` or `:name`
        # is text, not a placeholder
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(";\n".join(statements))
        finally:
            cursor.close()


def _columns(conn: Connection, schema: str, name: str) -> set[str]:
    query = text(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = :schema AND table_name = :name"
    )
    return {str(c) for c in conn.execute(query, {"schema": schema, "name": name}).scalars()}


def _literal(value: str) -> str:
    """A SQL string literal (standard_conforming_strings, PostgreSQL's default since 9.1);
    COMMENT takes no bind parameter."""
    return "'" + value.replace("'", "''") + "'"
