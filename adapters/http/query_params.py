"""Query parameters a route does not take are refused, as unknown body fields are.

Without this a misspelt filter is silently ignored: `/api/v1/cases?risk=high` would
answer every case, and a UI would show the wrong list as if it were filtered. So an
/api/v1 request whose query names a parameter its route does not declare, or gives
one parameter more than once (every query parameter of this API takes one value), is
a 422 `invalid-request` whose `field` is that parameter and whose `detail` lists the
parameters the route takes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.enums import ParamType
from litestar.exceptions import ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.params import ParameterKwarg

API = "/api/"
_TAKEN = "query_parameters"  # the handler's `opt` key caching what it takes


def query_parameters(handler: HTTPRouteHandler) -> frozenset[str]:
    """The names of the query parameters a route handler (and its dependencies) takes."""
    signatures = [handler.parsed_fn_signature.parameters]
    dependencies = handler.resolve_dependencies()
    signatures += [provider.parsed_fn_signature.parameters for provider in dependencies.values()]
    layered = set(handler.resolve_layered_parameters())
    names = set()
    for signature in signatures:
        for name, field in signature.items():
            if name in dependencies or name in layered:
                continue
            kwarg = field.kwarg_definition
            if isinstance(kwarg, ParameterKwarg):
                if kwarg.header or kwarg.cookie or kwarg.param_type is not ParamType.QUERY:
                    continue  # a header or a cookie
                names.add(kwarg.query or kwarg.name or name)
            elif kwarg is None:
                names.add(name)
    return frozenset(names - _NOT_QUERY)


_NOT_QUERY = frozenset({"request", "state", "scope", "headers", "cookies", "query", "data", "body"})


def checked_query(
    guard: Callable[[Request[Any, Any, Any]], Awaitable[None]],
) -> Callable[[Request[Any, Any, Any]], Awaitable[None]]:
    """`guard` (a `before_request` hook), after the query is checked."""

    async def check(request: Request[Any, Any, Any]) -> None:
        refuse_unknown_query(request)
        await guard(request)

    return check


def refuse_unknown_query(request: Request[Any, Any, Any]) -> None:
    """422 for a query parameter the route does not take, or one given twice."""
    if not request.url.path.startswith(API) or not request.query_params:
        return
    handler = request.route_handler
    taken: frozenset[str] | None = handler.opt.get(_TAKEN)
    if taken is None:
        taken = handler.opt[_TAKEN] = query_parameters(handler) - set(request.path_params)
    given = Counter(key for key, _ in request.query_params.multi_items())
    for name, times in given.items():
        if name not in taken:
            _refuse(name, f"this route takes no query parameter {name!r}", taken)
        if times > 1:
            _refuse(name, f"given {times} times; it takes one value", taken)


def _refuse(name: str, reason: str, taken: frozenset[str]) -> None:
    message = f"{reason} (it takes: {', '.join(sorted(taken)) or 'none'})"
    raise ValidationException(message, extra=[{"key": name, "source": "query", "message": message}])
