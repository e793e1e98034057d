"""Bad input and greedy clients: each refused by a problem that names the limit,
nothing stored, and other clients served meanwhile (adapters/http/limits.py,
adapters/http/server.py; docs/api.md, "Limits")."""

from __future__ import annotations

import json
import logging
import select
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.http.app import create_app
from adapters.http.limits import MAX_BODY_BYTES, MAX_JSON_DEPTH, Limits, json_depth
from adapters.http.problem_types import PROBLEM_TYPES
from adapters.http.routes.parameters import MAX_LIMIT
from adapters.http.server import ServerLimits
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import build
from adapters.store.read_database import read_engine
from domain.vocab import NoteCategory
from services.access import Role
from services.commands.case import AddNote
from tests.support.factories import open_case, register
from tests.support.http import PROBLEM, Api, body, serving
from tests.support.live import LiveServer, live_server, read_answer, status_of

FACILITIES = "/api/v1/facilities"
SHELTER = {
    "name": "Shelter Prishtina",
    "kind": "shelter",
    "beds": 4,
    "effective_from": "2025-01-01",
}


@pytest.fixture
def api(database_url: str, read_url: str) -> Iterator[Api]:
    with serving(database_url, read_url) as api:
        yield api


def post_raw(api: Api, path: str, content: Any, who: Role | str = Role.ADMIN) -> httpx.Response:
    headers = {**api.auth(who), "Content-Type": "application/json"}
    return api.client.post(path, content=content, headers=headers)


def assert_problem(answer: httpx.Response, status: int, code: str, *words: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    kind = PROBLEM_TYPES[code]
    assert (problem["status"], problem["type"], problem["title"]) == (status, kind.uri, kind.title)
    for word in words:
        assert word in problem["detail"]


def nested(depth: int) -> bytes:
    """A facility whose `name` is `depth` levels of arrays (the object is one more)."""
    return b'{"name": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


# ------------------------------------------------------------------ bodies


def test_a_body_over_the_limit_is_413_and_stores_nothing(api: Api) -> None:
    head = api.head
    oversized = json.dumps({**SHELTER, "name": "x" * MAX_BODY_BYTES}).encode()
    assert_problem(post_raw(api, FACILITIES, oversized), 413, "BodyTooLarge", str(MAX_BODY_BYTES))
    chunked = iter([oversized[:1000], oversized[1000:]])  # no Content-Length: counted as read
    assert_problem(post_raw(api, FACILITIES, chunked), 413, "BodyTooLarge", str(MAX_BODY_BYTES))
    assert api.head == head


def test_the_largest_note_fits_even_with_every_character_escaped(api: Api) -> None:
    case_id = open_case(api.journey, register(api.journey))
    note = body(AddNote(category=NoteCategory.GENERAL, text="ë" * 20_000))
    escaped = json.dumps(note, ensure_ascii=True).encode()  # "\u00eb" for each "ë"
    assert len(escaped) > 120_000
    answer = post_raw(api, f"/api/v1/cases/{case_id}/add-note", escaped, who=Role.CASE_MANAGER)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 50_000])
def test_json_nested_beyond_the_limit_is_400_naming_it(api: Api, depth: int) -> None:
    head = api.head
    answer = post_raw(api, FACILITIES, nested(depth))
    assert_problem(answer, 400, "JsonTooDeep", f"deeper than {MAX_JSON_DEPTH} levels")
    assert api.head == head


def test_json_at_the_depth_limit_is_decoded_as_usual(api: Api) -> None:
    answer = post_raw(api, FACILITIES, nested(MAX_JSON_DEPTH))
    assert_problem(answer, 422, "InvalidRequest", "name")  # the schema's answer, not depth's


def test_brackets_inside_strings_are_text_not_nesting(api: Api) -> None:
    name = "[" * 40 + '{"' + "]" * 40
    answer = post_raw(api, FACILITIES, json.dumps({**SHELTER, "name": name}))
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe",  # not UTF-8 at all
        b"\xc3\x28",  # a broken two-byte sequence
        b"\xed\xa0\x80",  # an encoded surrogate
        b"\xc0\xaf",  # an overlong "/"
    ],
)
def test_a_body_that_is_not_utf8_is_400_and_stores_nothing(api: Api, raw: bytes) -> None:
    head = api.head
    content = b'{"name": "Shelter ' + raw + b'", "kind": "shelter", "beds": 4}'
    assert_problem(post_raw(api, FACILITIES, content), 400, "InvalidUtf8", "not valid UTF-8")
    assert api.head == head


@pytest.mark.parametrize("path", ["/api/v1/cases", "/api/v1/capacity", "/api/v1/audit/access"])
def test_a_page_larger_than_the_maximum_is_422_naming_limit(api: Api, path: str) -> None:
    who = Role.AUDITOR if "audit" in path else Role.CASE_MANAGER
    answer = api.get(who, path, limit=10**9)
    assert_problem(answer, 422, "InvalidRequest", "limit", str(MAX_LIMIT))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"{}", 1),
        (b'{"a": [1, {"b": [[]]}]}', 5),
        (b'"[[[["', 0),
        (b'["\\"[[", "\\\\", [[]]]', 3),
        (b"[" * 5000, MAX_JSON_DEPTH + 1),  # counting stops past the limit
    ],
)
def test_json_depth_counts_only_structure(text: bytes, expected: int) -> None:
    assert json_depth(text, MAX_JSON_DEPTH) == expected


# ---------------------------------------------- slow and greedy clients, live

FAST = Limits(body_seconds=2.0)
SERVER = ServerLimits(head_seconds=1.0, max_concurrency=50)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[LiveServer, str]]:
    """The API under uvicorn on a SQLite store, with short deadlines, and an admin token."""
    journey = build(f"sqlite:///{tmp_path / 'journey.db'}")
    engine = read_engine(f"sqlite:///{tmp_path / 'read.db'}")
    accounts = Accounts(engine)
    token = accounts.add("admin.pvpt", Role.ADMIN)
    try:
        with live_server(create_app(journey, engine, accounts, limits=FAST), SERVER) as server:
            yield server, token
    finally:
        journey.close()
        engine.dispose()


class Trickle(threading.Thread):
    """A client sending `at_once`, then `trickled` a byte at a time, then reading
    the answer."""

    def __init__(self, server: LiveServer, at_once: bytes, trickled: bytes, pause: float) -> None:
        super().__init__(daemon=True)
        self.server, self.at_once, self.trickled, self.pause = server, at_once, trickled, pause
        self.trickling = threading.Event()
        self.bytes_trickled = 0
        self.answer = b""

    def run(self) -> None:
        with self.server.connect() as sock:
            sock.sendall(self.at_once)
            for byte in self.trickled:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server answered (or closed) before the request was whole
                sock.sendall(bytes([byte]))
                self.bytes_trickled += 1
                self.trickling.set()
                time.sleep(self.pause)
            self.answer = read_answer(sock)


def post_head(token: str, length: int) -> bytes:
    return (
        f"POST {FACILITIES} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def test_a_client_trickling_its_body_holds_up_no_one_and_is_cut_off(
    live: tuple[LiveServer, str],
) -> None:
    server, token = live
    content = json.dumps(SHELTER).encode()
    slow = Trickle(server, post_head(token, len(content)), content, pause=0.05)
    slow.start()
    assert slow.trickling.wait(10)
    with httpx.Client(base_url=server.url) as fast:
        answers = [fast.get("/health").status_code for _ in range(5)]
    answered_meanwhile = slow.answer
    slow.join(20)
    assert answers == [200] * 5
    assert answered_meanwhile == b""  # the slow request was still open
    assert slow.bytes_trickled < len(content)
    assert status_of(slow.answer) == 408
    assert b"connection: close" in slow.answer.lower()  # the trickle cannot go on
    problem = json.loads(slow.answer.partition(b"\r\n\r\n")[2])
    assert problem["type"] == PROBLEM_TYPES["BodyTooSlow"].uri
    assert f"within {FAST.body_seconds:g} seconds" in problem["detail"]


def test_a_client_trickling_its_head_is_cut_off_with_a_408(live: tuple[LiveServer, str]) -> None:
    server, _ = live
    start = f"GET {FACILITIES} HTTP/1.1\r\nHost: localhost\r\n".encode()
    rest = b"X-Slow: y\r\n" * 200 + b"\r\n"
    slow = Trickle(server, start, rest, pause=0.02)
    slow.start()
    assert slow.trickling.wait(10)
    with httpx.Client(base_url=server.url) as fast:
        assert fast.get("/health").status_code == 200
    slow.join(20)
    assert slow.bytes_trickled < len(rest)
    assert status_of(slow.answer) == 408
    assert b"application/problem+json" in slow.answer
    assert b"the request head did not arrive within 1 seconds" in slow.answer
    assert PROBLEM_TYPES["HeadTooSlow"].uri.encode() in slow.answer


@pytest.mark.parametrize(
    "headers",
    [
        b"X-Big: " + b"a" * (17 * 1024) + b"\r\n",  # one header too large
        b"".join(b"X-Many-%d: v\r\n" % i for i in range(2000)),  # too many headers
    ],
)
def test_a_request_head_over_the_limits_is_refused(
    live: tuple[LiveServer, str], headers: bytes
) -> None:
    """Sent whole, the app answers 431; sent in pieces, h11 stops buffering at 16 KiB (400)."""
    server, token = live
    auth = f"Authorization: Bearer {token}\r\n".encode()
    request = f"POST {FACILITIES} HTTP/1.1\r\nHost: localhost\r\n".encode() + auth + headers
    with server.connect() as sock:
        sock.sendall(request + b"Connection: close\r\n\r\n")
        whole = read_answer(sock)
    assert status_of(whole) == 431
    assert b"application/problem+json" in whole
    assert PROBLEM_TYPES["HeadTooLarge"].uri.encode() in whole
    with server.connect() as sock:
        try:
            for start in range(0, len(request), 4096):
                sock.sendall(request[start : start + 4096])
                time.sleep(0.01)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the head was whole, as it should be
        in_pieces = read_answer(sock)
    assert status_of(in_pieces) == 400
    with httpx.Client(base_url=server.url) as fast:
        assert fast.get("/health").status_code == 200


class Recorded(logging.Handler):
    """Every log line of the server, as it would be written (the test's own client,
    httpx, logs the URL it asked for: not the server's)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(("httpx", "httpcore")):
            self.lines.append(record.getMessage())


def test_no_log_line_holds_a_path_as_it_was_typed(live: tuple[LiveServer, str]) -> None:
    """A name typed where a code belongs is in no log line (uvicorn's access log is off;
    docs/privacy.md, "Logs")."""
    server, token = live
    recorded = Recorded()
    loggers = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.access", "journey")]
    for logger in loggers:
        logger.addHandler(recorded)
    try:
        with httpx.Client(base_url=server.url) as client:
            auth = {"Authorization": f"Bearer {token}"}
            answer = client.get("/api/v1/facilities/Zana Krasniqi", headers=auth)
    finally:
        for logger in loggers:
            logger.removeHandler(recorded)
    assert answer.status_code == 422, answer.text
    assert "Krasniqi" not in answer.text
    assert not [line for line in recorded.lines if "Krasniqi" in line]
