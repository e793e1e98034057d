"""RFC 9457 problem details: every error a client sees, and none with a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.openapi import ResponseSpec

from adapters.http.outages import RETRY_AFTER_SECONDS, driver_error, outage
from domain.errors import (
    DomainError,
    InvalidInput,
    RecordNotFound,
    RuleViolated,
    VersionConflict,
)

log = logging.getLogger("journey.http")
PROBLEM = "application/problem+json"

_STATUS = ((InvalidInput, 422), (RecordNotFound, 404), (VersionConflict, 412), (RuleViolated, 409))


class Problem(msgspec.Struct, frozen=True):
    """RFC 9457 problem details, as every error is answered."""

    type: str
    status: int
    title: str
    detail: str
    rule: str | None = None
    field: str | None = None


_MEANINGS = {
    400: "malformed request (header, parameter; a body that is not JSON, not UTF-8 "
    "or nested too deeply)",
    401: "no valid bearer token",
    403: "the role or the record's scope does not allow it",
    404: "no such record",
    408: "the request body did not arrive in time",
    409: "a domain rule refused the command (see `rule`)",
    412: "If-Match names an older version",
    413: "the request body is larger than the API accepts",
    422: "a value is invalid (see `field`)",
    429: "too many failed authentications; see Retry-After",
    431: "too many header fields, or too many bytes of them",
    503: "a read model is behind the position asked for, or a database is unavailable; "
    "see Retry-After",
}


def problem_responses() -> dict[int, ResponseSpec]:
    """What every /api/v1 route may answer besides success, for the OpenAPI document."""
    return {
        status: ResponseSpec(data_container=Problem, description=meaning, media_type=PROBLEM)
        for status, meaning in _MEANINGS.items()
    }


def problem(status: int, title: str, detail: str, **extra: Any) -> Response[dict[str, Any]]:
    body = {"type": "about:blank", "status": status, "title": title, "detail": detail, **extra}
    return Response(body, status_code=status, media_type=PROBLEM)


def domain_error(_: Request[Any, Any, Any], error: DomainError) -> Response[dict[str, Any]]:
    status = next((code for kind, code in _STATUS if isinstance(error, kind)), 409)
    extra: dict[str, Any] = {"rule": error.rule}
    if isinstance(error, InvalidInput):
        extra["field"] = error.field
    return problem(status, type(error).__name__, error.message, **extra)


def http_error(_: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    if isinstance(error, ValidationException):
        return problem(422, "InvalidRequest", _validation_detail(error))
    if isinstance(error, NotAuthorizedException):
        return problem(401, "NotAuthenticated", error.detail)
    headers = dict(error.headers or {})
    response = problem(error.status_code, type(error).__name__, error.detail)
    response.headers.update(headers)
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
        title = "StoreUnavailable" if found.store == "event store" else "DatabaseUnavailable"
        response = problem(503, title, found.detail)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(500, "InternalError", "the server failed; the error was logged")


def _validation_detail(error: ValidationException) -> str:
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
