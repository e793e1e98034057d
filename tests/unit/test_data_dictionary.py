"""The read models' data dictionary (ADR 35): docs/read-models documents every column of
every view, and only those; the shipped data package is generated from the pages and is
a valid Frictionless package; what a model publishes in `reporting` identifies no one."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pytest
from sqlalchemy import create_engine, inspect, text

from adapters.cli.main import main
from projections import catalog
from projections.catalog import reporting
from projections.catalog.dictionary import PACKAGE_DATA, view_docs
from projections.registry import read_models
from scripts import data_dictionary

IDENTIFYING = {
    "case_number",
    "beneficiary_code",
    "code",
    "caseworker",
    "worker",
    "actor",
    "summary",
    "description",
    "phone",
    "search",
    "cancel_reason",
}


def _view_columns() -> dict[str, list[str]]:
    engine = create_engine("sqlite://")
    catalog.create_catalog(engine)
    for model in read_models().values():
        tables = catalog.generation_tables(engine, model, 1)
        with engine.begin() as conn:
            catalog.point_views(conn, model, tables)
    found = inspect(engine)
    return {
        view: [column["name"] for column in found.get_columns(view)]
        for model in read_models().values()
        for view in model.view_names()
    }


def test_the_pages_document_every_column_of_every_view_and_no_other() -> None:
    pages = data_dictionary.read_pages()
    for view, columns in _view_columns().items():
        assert view in pages, f"{view} is on no page of docs/read-models"
        assert set(pages[view].columns) == set(columns), view
        assert pages[view].summary, view
        assert all(meaning.meaning for meaning in pages[view].columns.values()), view


def test_the_shipped_dictionary_and_its_copy_in_docs_are_current() -> None:
    assert data_dictionary.main(["--check"]) == 0
    assert data_dictionary.DOC_COPY.read_text() == PACKAGE_DATA.read_text()


def _own_published_columns() -> dict[str, list[str]]:
    """The columns of each view a model publishes with a SELECT of its own, made on
    SQLite (the SELECTs are written for both databases), by its dictionary name."""
    engine = create_engine("sqlite://")
    catalog.create_catalog(engine)
    found: dict[str, list[str]] = {}
    for model in read_models().values():
        tables = catalog.generation_tables(engine, model, 1)
        with engine.begin() as conn:
            catalog.point_views(conn, model, tables)
            for view in model.reporting_views:
                if model.reporting_sql(view, "main", "sqlite") is None:
                    continue
                sql = reporting.published_sql(model, view, "main", "sqlite")
                conn.execute(text(f'CREATE VIEW "published_{view}" AS {sql}'))
                found[reporting.doc_name(model, view)] = [
                    column["name"] for column in inspect(conn).get_columns(f"published_{view}")
                ]
    return found


def test_the_dictionary_is_a_valid_frictionless_data_package() -> None:
    report = frictionless.validate(json.loads(PACKAGE_DATA.read_text()))
    assert report.valid, report.flatten(["type", "message"])
    assert len(view_docs()) == len(_view_columns()) + len(_own_published_columns())


def test_published_columns_exist_and_identify_no_one() -> None:
    columns = {**_view_columns(), **_own_published_columns()}
    pages = data_dictionary.read_pages()
    for model in read_models().values():
        for view, published in model.reporting_views.items():
            name = reporting.doc_name(model, view)
            if name != view:  # its own SELECT: exactly the listed columns, documented
                assert columns[name] == list(published), view
                assert list(pages[name].columns) == list(published), view
            assert set(published) <= set(columns[name]), view
            assert not set(published) & IDENTIFYING, view


def test_journey_db_dictionary_prints_the_shipped_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "dictionary"]) == 0
    assert capsys.readouterr().out == PACKAGE_DATA.read_text()
    output = tmp_path / "dictionary.json"
    assert main(["db", "dictionary", "--output", str(output)]) == 0
    assert output.read_text() == PACKAGE_DATA.read_text()


def test_grant_analyst_on_sqlite_says_what_to_do_instead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "password"
    secret.write_text("a long analyst secret\n")
    url = f"sqlite:///{tmp_path / 'read.db'}"
    args = ["--read-database-url", url, "db", "grant-analyst", "arta", "--password-file"]
    assert main([*args, str(secret)]) == 2
    assert "SQLite, which has no roles" in capsys.readouterr().err


def test_a_row_of_several_columns_gives_each_its_own_type_in_order() -> None:
    fields = {
        (resource["name"], field["name"]): field["type"]
        for resource in json.loads(PACKAGE_DATA.read_text())["resources"]
        for field in resource["schema"]["fields"]
    }
    assert fields["episode_codes", "beneficiary_id"] == "string"  # `string (36), integer`
    assert fields["episode_codes", "number"] == "integer"
    assert fields["prevention_activities", "pre_mean"] == "number"  # `integer, real, integer; null`
    assert fields["trafficking_episodes", "ended_on"] == "date"  # `date, nullable`: one type
    assert fields["shelter_stays", "stay_id"] == "string"  # `string (36, UUID)`
