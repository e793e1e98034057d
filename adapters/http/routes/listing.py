"""The GET route of a list: one declaration gives it the paging parameters, its filters
(a dependency of query parameters), and a description that names its order and its
sortable columns (`View.describe`), so every list is documented the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import get
from litestar.di import Provide

from adapters.http.routes.paging import PAGING, View


def list_route(
    path: str,
    view: View[Any],
    text: str,
    *,
    operation_id: str,
    summary: str,
    tags: list[str],
    filters: Callable[..., Any] | None = None,
) -> get:
    """`@get` for the list of `view`: `text` says what it holds and who may read it."""
    dependencies = dict(PAGING)
    if filters is not None:
        dependencies["filters"] = Provide(filters, sync_to_thread=False)
    return get(
        path,
        sync_to_thread=True,
        tags=tags,
        dependencies=dependencies,
        operation_id=operation_id,
        summary=summary,
        description=view.describe(text),
    )
