"""RFC 9457 problem details: every error a client sees, and none with a stack trace.

Each problem's `type` is its own stable URI (adapters/http/problem_types.py, listed
in docs/problems.md) and its `title` that type's one title; `detail` says what
happened this time. Domain refusals add `rule` (docs/domain.md) and, for invalid
input, `field`; so does a request refused as it is decoded (`invalid-request`), when
the value it is about is a body field or a query or path parameter
(`invalid_field`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException

from adapters.http.outages import RETRY_AFTER_SECONDS, driver_error, outage
from adapters.http.problem_types import BLANK, PROBLEM_TYPES, ProblemType, blank_title, type_of
from domain.errors import DomainError, InvalidInput
from domain.rules import RULES

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
            "the kind of problem: a stable URI reference of docs/problems.md, relative to "
            "the API's address as the server sends it, or about:blank",
            "/problems/capacity-exceeded",
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
        msgspec.Meta(
            description="a domain refusal's machine-readable reason, one of the examples: "
            'docs/problems.md, "Refusal codes", says what each means (domain/rules.py)',
            examples=list(RULES),
        ),
    ] = None
    field: Annotated[
        str | None,
        _meta(
            "the invalid value's field: its JSON path in the body, dotted for nested ones "
            "(`[i]` for an item of a list), or the query or path parameter's name",
            "personal.birth_date",
        ),
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
    if kind is PROBLEM_TYPES["InvalidRequest"]:
        response = problem(kind, _validation_detail(error), **_validation_field(error))
    elif kind is not None:
        response = problem(kind, error.detail)
    else:
        response = blank_problem(error.status_code, error.detail)
    response.headers.update(dict(error.headers or {}))
    return response


def unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    """A 503 when a database is down or locked (the client may retry), else a 500."""
    found = outage(error)
    if found is not None:
        log.warning(
            "%s %s: the %s %s (%s)",
            request.method,
            route_template(request),
            found.store,
            found.how,
            driver_error(error),
        )
        code = "StoreUnavailable" if found.store == "event store" else "DatabaseUnavailable"
        response = problem(PROBLEM_TYPES[code], found.detail)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    log.exception(
        "unexpected error on %s %s", request.method, route_template(request), exc_info=error
    )
    return problem(PROBLEM_TYPES["InternalError"], "the server failed; the error was logged")


def route_template(request: Request[Any, Any, Any]) -> str:
    """The route as declared (`/api/v1/beneficiaries/{ref}`), never the path as sent: a
    path may hold what staff typed into it, a person's name (docs/privacy.md, "Logs")."""
    return str(request.scope.get("path_template") or "unmatched")


def _validation_errors(error: HTTPException) -> list[dict[str, Any]]:
    """Litestar's structured validation errors: `key`, `message`, `source` each."""
    extra = error.extra if isinstance(error.extra, list) else []
    return [item for item in extra if isinstance(item, dict)]


def _validation_detail(error: HTTPException) -> str:
    reasons = [
        f"{item.get('key', 'body')}: {item.get('message')}" for item in _validation_errors(error)
    ]
    return "; ".join(reasons) or error.detail


def _validation_field(error: HTTPException) -> dict[str, str]:
    """`field` of the first validation error that names one, or nothing."""
    fields = (invalid_field(item) for item in _validation_errors(error))
    found = next((field for field in fields if field is not None), None)
    return {} if found is None else {"field": found}


WHOLE_BODY = "data"  # Litestar's key for the body as a whole (the handler's argument)
FIELD_SOURCES = frozenset({"body", "query", "path"})  # a header is named by its own name
# msgspec names a missing or unknown member only in its message (its path is the
# object's): the one place this module reads a library's message text.
_MEMBER_IN_MESSAGE = re.compile(
    r"^Object (?:missing required|contains unknown) field `(?P<name>[^`]+)`"
)


def invalid_field(item: Mapping[str, Any]) -> str | None:
    """The JSON path (`beds`, `referral.referred_on`, `citizenships[1]`) or parameter
    name (`limit`) of the value one of Litestar's validation errors is about; None for
    the body as a whole (not an object) and for headers.

    Litestar gives the path as `key` (from msgspec's `at $.referral.referred_on`,
    without the leading `$.`) and where it came from as `source`. A missing or unknown
    member is reported at its object's path, naming the member only in the message,
    so that name is read from the message and joined to the path."""
    source, key = item.get("source"), item.get("key")
    source = getattr(source, "value", source)
    if source not in FIELD_SOURCES or not isinstance(key, str):
        return None
    member = _MEMBER_IN_MESSAGE.match(str(item.get("message", ""))) if source == "body" else None
    if member is not None:
        return member["name"] if key == WHOLE_BODY else f"{key}.{member['name']}"
    return None if key == WHOLE_BODY and source == "body" else key


HANDLERS: dict[int | type[Exception], Callable[[Request[Any, Any, Any], Any], Response[Any]]] = {
    DomainError: domain_error,
    HTTPException: http_error,
    Exception: unexpected,
}
