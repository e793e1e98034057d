"""The docs the API serves itself (adapters/http/docs_pages.py): every problem type's
URI resolves to its page, and Swagger UI loads nothing from outside the server."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from adapters.http.app import create_app
from adapters.http.problem_types import PROBLEM_TYPES
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import build
from adapters.store.read_database import read_engine

SERVER = "http://testserver.local"
REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Litestar]]:
    engine = read_engine(f"sqlite:///{tmp_path_factory.mktemp('docs') / 'read.db'}")
    with TestClient(create_app(build("memory://"), engine, Accounts(engine))) as client:
        yield client
    engine.dispose()


@pytest.mark.parametrize("code", sorted(PROBLEM_TYPES))
def test_each_problem_type_uri_resolves_to_its_page(
    client: TestClient[Litestar], code: str
) -> None:
    kind = PROBLEM_TYPES[code]
    page = client.get(urljoin(f"{SERVER}/api/v1/cases/x", kind.uri))  # resolved as RFC 3986 says
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f"<h1>{html.escape(kind.title)}</h1>" in page.text
    assert str(kind.status) in page.text


def test_the_index_links_every_type_and_an_unknown_one_is_a_404_problem(
    client: TestClient[Litestar],
) -> None:
    index = client.get("/problems/")
    assert index.status_code == 200
    assert {kind.uri for kind in PROBLEM_TYPES.values()} <= set(REFERENCE.findall(index.text))
    unknown = client.get("/problems/no-such-type")
    assert (unknown.status_code, unknown.json()["type"]) == (404, PROBLEM_TYPES["NotFound"].uri)
    assert "no-such-type" in unknown.json()["detail"]


def test_swagger_ui_references_only_files_the_server_answers(client: TestClient[Litestar]) -> None:
    page = client.get("/schema/swagger")
    assert page.status_code == 200
    references = REFERENCE.findall(page.text)
    assert len(references) >= 3  # script, preset, style sheet (and the icon)
    for reference in references:
        assert reference.startswith("/"), reference
        assert "//" not in reference, reference
        answer = client.get(reference)
        assert answer.status_code == 200, reference
        assert len(answer.content) > 100, reference


def test_only_the_listed_swagger_files_are_served(client: TestClient[Litestar]) -> None:
    answer = client.get("/schema/assets/swagger-editor-bundle.js")
    assert answer.status_code == 404
    assert answer.json()["type"] == PROBLEM_TYPES["NotFound"].uri
