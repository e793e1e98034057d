"""RFC 9457 problem details: every error a client sees, and none with a stack trace.

Each problem's `type` is its own stable URI (adapters/http/problem_types.py, listed
in docs/problems.md) and its `title` that type's one title; `detail` says what
happened this time. Domain refusals add `rule` (docs/domain.md) and, for invalid
input, `field`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException

from adapters.http.outages import RETRY_AFTER_SECONDS, driver_error, outage
from adapters.http.problem_types import BLANK, PROBLEM_TYPES, ProblemType, blank_title, type_of
from domain.errors import DomainError, InvalidInput

log = logging.getLogger("journey.http")
PROBLEM = "application/problem+json"


def _meta(description: str, example: Any, **constraints: Any) -> msgspec.Meta:
    return msgspec.Meta(description=description, examples=[example], **constraints)


class Problem(msgspec.Struct, frozen=True, omit_defaults=True):
    """RFC 9457 problem details, as every error is answered. `type` is one of the
    URIs listed in docs/problems.md; switch on it, not on `title` or `detail`."""

    type: Annotated[
        str,
        _meta(
            "the kind of problem: a stable URI of docs/problems.md, or about:blank",
            "https://pvpt-journey.example/problems/capacity-exceeded",
            min_length=1,
        ),
    ]
    status: Annotated[int, _meta("the HTTP status of this answer", 409, ge=400, le=599)]
    title: Annotated[str, _meta("the type's one title", "Capacity exceeded")]
    detail: Annotated[
        str,
        _meta(
            "what happened this time, in words a user may read",
            "Shelter Peja is full: 3 of 3 beds taken",
        ),
    ]
    rule: Annotated[
        Annotated[str, msgspec.Meta(pattern="^[a-z_]+$")] | None,
        _meta("a domain refusal's machine-readable reason (docs/domain.md)", "capacity_exceeded"),
    ] = None
    field: Annotated[
        str | None,
        _meta("the invalid value's field, dotted for nested ones", "personal.birth_date"),
    ] = None
    idempotency_key: Annotated[
        Annotated[str, msgspec.Meta(max_length=255)] | None,
        _meta("the Idempotency-Key the problem is about", "3f2a9c1b-register-1"),
    ] = None
    model: Annotated[
        str | None, _meta("the read model that is behind or not built", "caseload")
    ] = None
    applied_position: Annotated[
        Annotated[int, msgspec.Meta(ge=0)] | None,
        _meta("the store position the read model has applied", 4700),
    ] = None
    requested_position: Annotated[
        Annotated[int, msgspec.Meta(ge=0)] | None,
        _meta("the store position the request waited for", 4711),
    ] = None


def problem(kind: ProblemType, detail: str, **extra: Any) -> Response[dict[str, Any]]:
    body = {"type": kind.uri, "status": kind.status, "title": kind.title, "detail": detail}
    return Response({**body, **extra}, status_code=kind.status, media_type=PROBLEM)


def blank_problem(status: int, detail: str) -> Response[dict[str, Any]]:
    """A status this API adds nothing to (RFC 9457 `about:blank`)."""
    body = {"type": BLANK, "status": status, "title": blank_title(status), "detail": detail}
    return Response(body, status_code=status, media_type=PROBLEM)


def domain_error(_: Request[Any, Any, Any], error: DomainError) -> Response[dict[str, Any]]:
    kind = type_of(error) or PROBLEM_TYPES["RuleViolated"]
    extra: dict[str, Any] = {"rule": error.rule}
    if isinstance(error, InvalidInput):
        extra["field"] = error.field
    return problem(kind, error.message, **extra)


def http_error(_: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    kind = type_of(error)
    detail = _validation_detail(error) if kind is PROBLEM_TYPES["InvalidRequest"] else error.detail
    response = problem(kind, detail) if kind else blank_problem(error.status_code, error.detail)
    response.headers.update(dict(error.headers or {}))
    return response


def unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    """A 503 when a database is down or locked (the client may retry), else a 500."""
    found = outage(error)
    if found is not None:
        log.warning(
            "%s %s: the %s %s (%s)",
            request.method,
            request.url.path,
            found.store,
            found.how,
            driver_error(error),
        )
        code = "StoreUnavailable" if found.store == "event store" else "DatabaseUnavailable"
        response = problem(PROBLEM_TYPES[code], found.detail)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(PROBLEM_TYPES["InternalError"], "the server failed; the error was logged")


def _validation_detail(error: HTTPException) -> str:
    extra = error.extra if isinstance(error.extra, list) else []
    reasons = [
        f"{item.get('key', 'body')}: {item.get('message')}"
        for item in extra
        if isinstance(item, dict)
    ]
    return "; ".join(reasons) or error.detail


HANDLERS: dict[int | type[Exception], Callable[[Request[Any, Any, Any], Any], Response[Any]]] = {
    DomainError: domain_error,
    HTTPException: http_error,
    Exception: unexpected,
}
