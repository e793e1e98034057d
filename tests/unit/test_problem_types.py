"""Every refusal has its own problem type: one URI, one status, one title, listed in
docs/problems.md (adapters/http/problem_types.py; RFC 9457 keeps `about:blank` for
statuses with nothing to add)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from http import HTTPStatus
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.exceptions import HTTPException

import adapters
import domain
import projections
import services
from adapters.http.app import create_app
from adapters.http.openapi import PROBLEM
from adapters.http.problem_types import BASE, BLANK, BY_CLASS, PROBLEM_TYPES, type_of
from adapters.http.problems import http_error
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import build
from adapters.store.read_database import read_engine
from domain.errors import DomainError

ROOT = Path(__file__).resolve().parents[2]
OURS = ("domain", "services", "adapters", "projections")
ROW = re.compile(r"^\| `([a-z0-9-]+)` \| (\d{3}) \| ([^|]+?) \|", re.MULTILINE)
CATCH_ALL = (Exception, HTTPException, DomainError)
MIGRATIONS_ENV = "adapters.store.migrations.env"


def _import_everything() -> None:
    for package in (domain, services, adapters, projections):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module.name == MIGRATIONS_ENV:
                continue  # Alembic's environment migrates when imported, under Alembic only
            importlib.import_module(module.name)


def _subclasses(cls: type[Exception]) -> set[type[Exception]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Litestar:
    engine = read_engine(f"sqlite:///{tmp_path_factory.mktemp('problems') / 'read.db'}")
    return create_app(build("memory://"), engine, Accounts(engine))


def test_no_two_types_share_a_uri_or_a_title_and_none_is_blank() -> None:
    kinds = list(PROBLEM_TYPES.values())
    assert len({kind.uri for kind in kinds}) == len(kinds)
    assert len({kind.title for kind in kinds}) == len(kinds)
    assert all(kind.uri.startswith(BASE) and kind.uri != BLANK for kind in kinds)
    assert all(kind.title != kind.code for kind in kinds if " " not in kind.code)


def test_every_refusal_class_of_ours_has_a_type_of_its_own() -> None:
    """Each DomainError and each HTTP exception defined in this project (a new one
    fails here until it is given a type in adapters/http/problem_types.py)."""
    _import_everything()
    ours = {
        cls
        for base in (DomainError, HTTPException)
        for cls in _subclasses(base) | {base}
        if cls.__module__.split(".")[0] in OURS
    }
    assert {cls.__name__ for cls in ours if cls not in BY_CLASS} == set()


def test_every_exception_the_app_handles_has_a_type(app: Litestar) -> None:
    handled = {cls for cls in app.exception_handlers if isinstance(cls, type)}
    specific = handled - set(CATCH_ALL)
    assert specific
    assert {cls.__name__ for cls in specific if cls not in BY_CLASS} == set()


def test_a_framework_status_without_a_type_is_about_blank_with_the_status_phrase() -> None:
    answer = http_error(None, HTTPException(status_code=418, detail="short and stout"))  # type: ignore[arg-type]
    assert answer.content["type"] == BLANK
    assert answer.content["title"] == HTTPStatus(418).phrase
    malformed = http_error(None, HTTPException(status_code=400, detail="bad If-Match"))  # type: ignore[arg-type]
    assert malformed.content["type"] == PROBLEM_TYPES["MalformedRequest"].uri
    assert type_of(HTTPException(status_code=409)) is None


def test_docs_problems_lists_exactly_the_types() -> None:
    page = (ROOT / "docs" / "problems.md").read_text()
    listed = {(slug, int(status), title.strip()) for slug, status, title in ROW.findall(page)}
    registry = {(kind.slug, kind.status, kind.title) for kind in PROBLEM_TYPES.values()}
    assert listed == registry
    assert BASE in page


def test_the_openapi_document_names_each_problem_type(app: Litestar) -> None:
    """Each type is declared by some route, as an example named like it and shown in
    `components/examples` with its URI (adapters/http/route_problems.py)."""
    schema = app.openapi_schema.to_schema()
    declared = {
        name
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict)
        for answer in operation.get("responses", {}).values()
        for name in answer.get("content", {}).get(PROBLEM, {}).get("examples", {})
    }
    shown = schema["components"]["examples"]
    documented = {
        kind.code
        for kind in PROBLEM_TYPES.values()
        if kind.slug in declared and shown[kind.slug]["value"]["type"] == kind.uri
    }
    # a refused CORS preflight is an OPTIONS answer, and OPTIONS is no documented operation
    never_per_route = {"MethodNotAllowed", "InternalError", "OriginNotAllowed"}
    assert documented == set(PROBLEM_TYPES) - never_per_route
