"""Every view the read models create, and every column of it, carries its meaning from
docs/read-models as PostgreSQL's COMMENT ON — the reporting views too (ADR 35)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from adapters.store.read_database import read_engine
from projections import catalog
from projections.catalog.dictionary import ViewDoc
from projections.catalog.reporting import view_comment
from projections.registry import read_models
from scripts.data_dictionary import read_pages


@pytest.fixture
def engine(postgres_url: str) -> Iterator[Engine]:
    engine = read_engine(postgres_url)
    catalog.create_catalog(engine)
    for model in read_models().values():
        tables = catalog.generation_tables(engine, model, 1)
        with engine.begin() as conn:
            catalog.point_views(conn, model, tables)
    yield engine
    engine.dispose()


def _comments(engine: Engine, schema: str) -> dict[str, tuple[str | None, dict[str, str | None]]]:
    query = text(
        "SELECT c.relname, obj_description(c.oid, 'pg_class'), a.attname, "
        "col_description(c.oid, a.attnum) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "WHERE n.nspname = :schema AND c.relkind = 'v' ORDER BY c.relname, a.attnum"
    )
    found: dict[str, tuple[str | None, dict[str, str | None]]] = {}
    with engine.connect() as conn:
        for view, view_comment_, column, comment in conn.execute(query, {"schema": schema}):
            found.setdefault(view, (view_comment_, {}))[1][column] = comment
    return found


def test_every_view_and_column_has_its_meaning_from_the_docs(engine: Engine) -> None:
    pages = read_pages()
    with engine.connect() as conn:
        schema = catalog.reporting.own_schema(conn)
    reporting = catalog.reporting.reporting_schema_of(schema)
    expected = {v for m in read_models().values() for v in m.view_names()}
    published = {v: cols for m in read_models().values() for v, cols in m.reporting_views.items()}
    # a view whose SELECT its model writes has its own section, `reporting.<view>`
    doc_names = {
        v: catalog.reporting.doc_name(m, v)
        for m in read_models().values()
        for v in m.reporting_views
    }
    ours, theirs = _comments(engine, schema), _comments(engine, reporting)
    assert set(ours) == expected
    assert set(theirs) == set(published)
    for found, names in ((ours, {v: v for v in ours}), (theirs, doc_names)):
        for view, (comment, columns) in found.items():
            page = pages[names[view]]
            doc = ViewDoc(page.summary, f"docs/read-models/{page.page}", {})
            assert comment == view_comment(doc), view
            documented = {name: column.meaning for name, column in page.columns.items()}
            assert columns == {name: documented[name] for name in columns}, view
    assert all(list(theirs[view][1]) == list(cols) for view, cols in published.items())


def test_comments_stay_when_a_rebuild_repoints_the_views(engine: Engine) -> None:
    model = read_models()["capacity"]
    tables = catalog.generation_tables(engine, model, 2)
    with engine.begin() as conn:
        conn.execute(text("COMMENT ON COLUMN facility_capacity.beds IS NULL"))
        catalog.point_views(conn, model, tables)
        comment = conn.execute(
            text("SELECT col_description('facility_capacity'::regclass, 6)")
        ).scalar()
    assert comment == read_pages()["facility_capacity"].columns["beds"].meaning
