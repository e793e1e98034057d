"""The docs the API serves itself, with no token and no Internet: Swagger UI over the
OpenAPI description (`/schema/swagger`), and a page for each problem type at the
type's own URI (`/problems/<slug>`, adapters/http/problem_docs.py).

Swagger UI's files come from the `swagger-ui-py` package (pinned in constraints.txt),
served from `/schema/assets/`: Litestar's plugin would load them, and its favicon,
from a CDN, which a shelter's network or an air-gapped server may not reach (ADR 21).
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

from litestar import Response, Router, get
from litestar.enums import MediaType
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.params import FromPath

from adapters.http.problem_docs import index_page, type_page
from adapters.http.problem_types import BASE, PROBLEM_TYPES

SCHEMA_PATH = "/schema"  # OpenAPIConfig.path in adapters/http/app.py
ASSETS = f"{SCHEMA_PATH}/assets"
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-standalone-preset.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}


@cache
def swagger_ui_files() -> Path:
    """The directory of Swagger UI's files in the installed `swagger-ui-py` (found
    without importing it: its package imports Jinja2 and YAML, which we do not use)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        msg = "the swagger-ui-py package is not installed (pip install -c constraints.txt -e .)"
        raise RuntimeError(msg)
    return Path(next(iter(spec.submodule_search_locations))) / "static"


@cache
def _asset(name: str) -> bytes:
    return (swagger_ui_files() / name).read_bytes()


@get(
    "/assets/{name:str}",
    operation_id="getDocsAsset",
    summary="A file of Swagger UI",
    description="Swagger UI's script, style sheet and icon, shipped with the server.",
    tags=["docs"],
    include_in_schema=False,
    sync_to_thread=False,
)
def docs_asset(name: FromPath[str]) -> Response[bytes]:
    if name not in ASSET_TYPES:
        raise NotFoundException(f"no docs file {name!r}; the files are {', '.join(ASSET_TYPES)}")
    return Response(_asset(name), media_type=ASSET_TYPES[name])


class OfflineSwagger(SwaggerRenderPlugin):
    """Litestar's Swagger UI page, with its files served by the app under /schema/assets."""

    def __init__(self) -> None:
        super().__init__(
            js_url=f"{ASSETS}/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
        )

    def receive_router(self, router: Router) -> None:
        super().receive_router(router)
        router.register(docs_asset)


PUBLIC_PAGE: dict[str, Any] = {
    "tags": ["docs"],
    "include_in_schema": False,
    "exclude_from_auth": True,
    "media_type": MediaType.HTML,
    "sync_to_thread": False,
}


@get(
    BASE,
    operation_id="listProblemTypes",
    summary="Every problem type",
    description="An HTML page listing every problem type with its status, title and when it "
    "is answered. Anyone may read it.",
    **PUBLIC_PAGE,
)
def problem_types_page() -> str:
    return index_page()


@get(
    BASE + "{slug:str}",
    operation_id="getProblemType",
    summary="A problem type's page",
    description="The HTML page a problem's `type` URI resolves to: its title, status and "
    "when it is answered. Anyone may read it.",
    **PUBLIC_PAGE,
)
def problem_type_page(slug: FromPath[str]) -> str:
    kind = next((kind for kind in PROBLEM_TYPES.values() if kind.slug == slug), None)
    if kind is None:
        raise NotFoundException(f"no problem type {slug!r}; {BASE} lists them")
    return type_page(kind)


def docs_handlers() -> list[HTTPRouteHandler]:
    """The problem type pages (Swagger UI's routes come with OfflineSwagger)."""
    return [problem_types_page, problem_type_page]
