"""Every kind of problem the API answers, each with its own stable type URI.

A client switches on a problem's `type` (RFC 9457), never on its title or detail:
`/problems/capacity-exceeded`, a URI reference relative to the API's own address,
where the app serves the type's page (adapters/http/docs_pages.py; ADR 21). Each
type has one status and one human-readable title, and docs/problems.md describes
when it happens (generated with the pages from adapters/http/problem_docs.py). `about:blank` is
left for statuses this API adds nothing to (one it never sends on purpose, such
as a 415 from the framework), with the status phrase as title.

Refusals are mapped by class: the nearest class in an exception's MRO that has a
type decides. The domain's typed refusals and the framework's and the HTTP layer's
exceptions are listed here; the HTTP modules that raise exceptions of their own
(Idempotency-Key, read-your-writes) register them with `@refusal(...)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TypeVar

from litestar.exceptions import (
    ClientException,
    MethodNotAllowedException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    TooManyRequestsException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from adapters.http.limits import (
    BodyTooLarge,
    BodyTooSlow,
    HeadTooLarge,
    InvalidUtf8,
    JsonTooDeep,
    UploadTooLarge,
)
from adapters.privacy.keyring import PersonalDataErased
from domain import errors

BASE = "/problems/"  # relative: resolved against the server that answered
BLANK = "about:blank"
E = TypeVar("E", bound=type[Exception])


@dataclass(frozen=True)
class ProblemType:
    code: str  # CamelCase, e.g. CapacityExceeded; its kebab-case form names the type
    status: int
    title: str

    @property
    def slug(self) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "-", self.code).lower()

    @property
    def uri(self) -> str:
        return BASE + self.slug


_TYPES = [
    ProblemType("MalformedRequest", 400, "Malformed request"),
    ProblemType("JsonTooDeep", 400, "JSON nested too deeply"),
    ProblemType("InvalidUtf8", 400, "Request body not UTF-8"),
    ProblemType("NotAuthenticated", 401, "Not authenticated"),
    ProblemType("SignInRefused", 401, "Sign-in refused"),
    ProblemType("PermissionDenied", 403, "Permission denied"),
    ProblemType("OriginNotAllowed", 403, "Origin not allowed"),
    ProblemType("CsrfTokenMissing", 403, "CSRF token missing"),
    ProblemType("RecordNotFound", 404, "Record not found"),
    ProblemType("NotFound", 404, "No such route"),
    ProblemType("MethodNotAllowed", 405, "Method not allowed"),
    ProblemType("BodyTooSlow", 408, "Request body too slow"),
    ProblemType("HeadTooSlow", 408, "Request head too slow"),
    ProblemType("RuleViolated", 409, "Refused by a domain rule"),
    ProblemType("ConsentRequired", 409, "Consent required"),
    ProblemType("CapacityExceeded", 409, "Capacity exceeded"),
    ProblemType("ConcurrentWrites", 409, "Too many concurrent writes"),
    ProblemType("PersonalDataErased", 409, "Personal data erased"),
    ProblemType("IdempotencyKeyInProgress", 409, "Idempotency key in use"),
    ProblemType("DocumentRemoved", 410, "Document removed"),
    ProblemType("DocumentErased", 410, "Document erased"),
    ProblemType("VersionConflict", 412, "Version conflict"),
    ProblemType("BodyTooLarge", 413, "Request body too large"),
    ProblemType("DocumentTooLarge", 413, "Document too large"),
    ProblemType("UnsupportedMediaType", 415, "Unsupported document type"),
    ProblemType("InvalidInput", 422, "Invalid value"),
    ProblemType("DateInFuture", 422, "Date in the future"),
    ProblemType("DateTooEarly", 422, "Date before what it depends on"),
    ProblemType("DateOutsideWindow", 422, "Date outside its window"),
    ProblemType("InvalidRequest", 422, "Invalid request"),
    ProblemType("IdempotencyKeyReused", 422, "Idempotency key reused"),
    ProblemType("SheetRejected", 422, "Attendance sheet rejected"),
    ProblemType("TooManyFailedAuthentications", 429, "Too many failed authentications"),
    ProblemType("TooManyFailedSignIns", 429, "Too many failed sign-ins"),
    ProblemType("HeadTooLarge", 431, "Request head too large"),
    ProblemType("InternalError", 500, "Internal error"),
    ProblemType("ReadModelBehind", 503, "Read model behind"),
    ProblemType("ReadModelNotBuilt", 503, "Read model not built"),
    ProblemType("StoreUnavailable", 503, "Event store unavailable"),
    ProblemType("DatabaseUnavailable", 503, "Database unavailable"),
]
PROBLEM_TYPES: dict[str, ProblemType] = {kind.code: kind for kind in _TYPES}

BY_CLASS: dict[type[Exception], ProblemType] = {
    cls: PROBLEM_TYPES[code]
    for cls, code in (
        (errors.DomainError, "RuleViolated"),
        (errors.RuleViolated, "RuleViolated"),
        (errors.ConsentRequired, "ConsentRequired"),
        (errors.CapacityExceeded, "CapacityExceeded"),
        (errors.ConcurrentWrites, "ConcurrentWrites"),
        (PersonalDataErased, "PersonalDataErased"),
        (errors.InvalidInput, "InvalidInput"),
        (errors.DateInFuture, "DateInFuture"),
        (errors.DateTooEarly, "DateTooEarly"),
        (errors.DateOutsideWindow, "DateOutsideWindow"),
        (errors.RecordNotFound, "RecordNotFound"),
        (errors.VersionConflict, "VersionConflict"),
        (ClientException, "MalformedRequest"),
        (JsonTooDeep, "JsonTooDeep"),
        (InvalidUtf8, "InvalidUtf8"),
        (ValidationException, "InvalidRequest"),
        (NotAuthorizedException, "NotAuthenticated"),
        (PermissionDeniedException, "PermissionDenied"),
        (NotFoundException, "NotFound"),
        (MethodNotAllowedException, "MethodNotAllowed"),
        (BodyTooSlow, "BodyTooSlow"),
        (BodyTooLarge, "BodyTooLarge"),
        (RequestEntityTooLarge, "BodyTooLarge"),
        (TooManyRequestsException, "TooManyFailedAuthentications"),
        (HeadTooLarge, "HeadTooLarge"),
        (UploadTooLarge, "DocumentTooLarge"),
        (errors.DocumentTooLarge, "DocumentTooLarge"),
        (errors.UnsupportedMediaType, "UnsupportedMediaType"),
        (errors.DocumentGone, "DocumentRemoved"),
        (errors.DocumentErased, "DocumentErased"),
    )
}


def refusal(code: str) -> Callable[[E], E]:
    """Class decorator: exceptions of this class are answered as the type `code`."""

    def register(cls: E) -> E:
        BY_CLASS[cls] = PROBLEM_TYPES[code]
        return cls

    return register


def type_of(error: Exception) -> ProblemType | None:
    """The type of `error`: that of its nearest mapped class.

    A framework exception raised with a status its class's type does not have (an
    `HTTPException` or a `ClientException` with a `status_code` of its own) falls
    back on the status: a 400 is a malformed request; any other status has no type
    of its own (None: `about:blank`). A `ValidationException` (400 in the framework)
    is an InvalidRequest, 422: the request is well formed, a value in it is not."""
    kind = next((BY_CLASS[cls] for cls in type(error).__mro__ if cls in BY_CLASS), None)
    status = getattr(error, "status_code", None)
    if status is None or isinstance(error, ValidationException):
        return kind
    if kind is None or kind.status != status:
        return PROBLEM_TYPES["MalformedRequest"] if status == 400 else None
    return kind


def blank_title(status: int) -> str:
    """The title `about:blank` takes: the status phrase (RFC 9457, 4.2.1)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"
