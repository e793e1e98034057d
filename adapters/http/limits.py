"""What the API accepts in a request body, refused early and by name.

msgspec decodes whatever it is given: a body of megabytes, JSON nested until
Python's recursion limit (a RecursionError, which would be a 500) or bytes that
are not UTF-8 (a UnicodeDecodeError, a 500 too). The guard runs before Litestar
decodes the body, so each of these is the client's mistake, answered as a
problem that names the limit, and never reaches a command.

The limits (documented in docs/api.md, "Limits"):

- 128 KiB per body: the largest command, a case note of 20,000 characters, fits
  even when every character is sent as a `\\uXXXX` escape (120,000 bytes);
- JSON nested at most 32 levels (no command nests more than 2 today);
- the whole body within 10 seconds of the request head (a client trickling a
  body byte by byte holds no connection for longer);
- a document's upload (multipart) is no JSON: up to the document size limit
  (`document_max_bytes`, 413 `document-too-large`) within 120 seconds;
- a request head (request line and header fields) of at most 16 KiB and 100
  fields. h11 refuses a larger head only while it is still incomplete; one that
  arrives in a single read is checked here, as a 431.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.exceptions import ClientException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.types import ASGIApp, Receive, Scope, Send

MAX_BODY_BYTES = 128 * 1024
MAX_JSON_DEPTH = 32
BODY_SECONDS = 10.0
MAX_HEAD_BYTES = 16 * 1024
MAX_HEADERS = 100
# A document's upload (adapters/http/routes/documents.py) is no JSON: its route names
# its own size limit in its opt under this key, and has longer to arrive.
UPLOAD_LIMIT = "document_upload_limit"
UPLOAD_SECONDS = 120.0

# The rest of the body is not read: the connection ends with the answer, or the
# client could keep it (and uvicorn's keep-alive timer) going by trickling on.
_CLOSE = {"Connection": "close"}
_BODYLESS = frozenset({"GET", "HEAD", "OPTIONS"})
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_OPENING = frozenset(b"[{")


@dataclass(frozen=True)
class Limits:
    """The body limits one app enforces (tests shorten the deadline)."""

    max_body_bytes: int = MAX_BODY_BYTES
    max_json_depth: int = MAX_JSON_DEPTH
    body_seconds: float = BODY_SECONDS
    max_head_bytes: int = MAX_HEAD_BYTES
    max_headers: int = MAX_HEADERS


class BodyTooLarge(RequestEntityTooLarge):
    """413: the body is larger than the API accepts."""


class UploadTooLarge(RequestEntityTooLarge):
    """413: an upload larger than the document size limit (documents' routes)."""


class JsonTooDeep(ClientException):
    """400: JSON nested deeper than the API decodes."""


class InvalidUtf8(ClientException):
    """400: the body is not UTF-8, as JSON must be (RFC 8259)."""


class HeadTooLarge(ClientException):
    """431: too many header fields, or too many bytes of them."""

    status_code = 431


class BodyTooSlow(ClientException):
    """408: the body did not arrive in time."""

    status_code = 408


def json_depth(body: bytes, stop_above: int) -> int:
    """How deeply `body` nests arrays and objects (brackets inside strings do not
    count); counting stops once the depth exceeds `stop_above`."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_A_BRACKET)
    depth = deepest = 0
    for byte in brackets:
        depth = depth + 1 if byte in _OPENING else depth - 1
        if depth > deepest:
            deepest = depth
            if deepest > stop_above:
                break
    return deepest


def check_body(body: bytes, limits: Limits) -> None:
    """Raise the problem a body deserves before any JSON decoder sees it."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        detail = f"the request body is not valid UTF-8 (byte {error.start}: {error.reason})"
        raise InvalidUtf8(detail) from None
    if json_depth(body, limits.max_json_depth) > limits.max_json_depth:
        detail = f"the JSON body nests arrays or objects deeper than {limits.max_json_depth} levels"
        raise JsonTooDeep(detail)


async def read_body(request: Request[Any, Any, Any], limits: Limits) -> bytes:
    """The whole body, within the size limit and the deadline."""
    try:
        return await asyncio.wait_for(request.body(), limits.body_seconds)
    except RequestEntityTooLarge:
        detail = f"the request body is larger than {limits.max_body_bytes} bytes"
        raise BodyTooLarge(detail, headers=_CLOSE) from None
    except TimeoutError:
        detail = f"the request body did not arrive within {limits.body_seconds:g} seconds"
        raise BodyTooSlow(detail, headers=_CLOSE) from None


async def read_upload(request: Request[Any, Any, Any], max_document_bytes: int) -> bytes:
    """A document's upload (multipart, not JSON): within its own limit and deadline."""
    try:
        return await asyncio.wait_for(request.body(), UPLOAD_SECONDS)
    except RequestEntityTooLarge:
        detail = f"the upload is larger than documents may be ({max_document_bytes} bytes)"
        raise UploadTooLarge(detail, headers=_CLOSE) from None
    except TimeoutError:
        detail = f"the upload did not arrive within {UPLOAD_SECONDS:g} seconds"
        raise BodyTooSlow(detail, headers=_CLOSE) from None


def body_guard(limits: Limits) -> Callable[[Request[Any, Any, Any]], Awaitable[None]]:
    """A `before_request` hook: read and check the body; Litestar decodes it after."""

    async def guard(request: Request[Any, Any, Any]) -> None:
        if request.method in _BODYLESS:
            return
        upload_limit = request.route_handler.opt.get(UPLOAD_LIMIT)
        if upload_limit is not None:
            await read_upload(request, upload_limit)
            return
        check_body(await read_body(request, limits), limits)

    return guard


def check_head(scope: Scope, limits: Limits) -> None:
    """Raise HeadTooLarge when the request line and fields exceed the limits."""
    headers = list(scope.get("headers", []))
    if len(headers) > limits.max_headers:
        detail = f"the request has {len(headers)} header fields; at most {limits.max_headers}"
        raise HeadTooLarge(detail)
    line = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
    size = line + sum(len(name) + len(value) + 4 for name, value in headers)
    if size > limits.max_head_bytes:
        detail = f"the request line and header fields exceed {limits.max_head_bytes} bytes"
        raise HeadTooLarge(detail)


def head_limit(limits: Limits) -> Callable[[ASGIApp], ASGIApp]:
    """A route middleware refusing an oversized request head before anything reads it."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            check_head(scope, limits)
            await app(scope, receive, send)

        return middleware

    return factory
