"""The staff console: a web application served by the API itself (docs/console.md).

The console is static files — one HTML page, its style sheet and one script bundled
from clients/typescript/src/console/ (committed, so `pip install` needs no build
step; tests/e2e/test_console_build.py checks the bundle is the build of the sources).
It is just another client of the public API: it signs in with the session routes
(adapters/http/routes/sign_in.py) and calls /api/v1 like any other client. Its pages
are served with a strict Content-Security-Policy: scripts, styles, images and calls
from this server only, no inline script, nothing from another origin; QR codes are
`data:` images.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Response, get
from litestar.handlers import HTTPRouteHandler
from litestar.response import Redirect
from litestar.router import Router
from litestar.static_files import create_static_files_router

FILES = Path(__file__).with_name("static")
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PUBLIC: dict[str, Any] = {"exclude_from_auth": True}


async def with_security_headers(response: Response[Any]) -> Response[Any]:
    response.headers.update(SECURITY_HEADERS)
    return response


@get("/", include_in_schema=False, opt=PUBLIC)
async def to_console() -> Redirect:
    """The server's address opens the console."""
    return Redirect("/console/")


def console_handlers() -> list[HTTPRouteHandler | Router]:
    files = create_static_files_router(
        path="/console",
        directories=[FILES],
        html_mode=True,
        name="console",
        after_request=with_security_headers,
        opt=PUBLIC,
    )
    return [to_console, files]
