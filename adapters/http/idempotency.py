"""`Idempotency-Key` on POST commands: a retry gets the first answer, applied once.

A client that may retry a command (a timeout, a dropped connection) sends a key
of its choice (1-255 visible ASCII characters, e.g. a UUID). Keys are per user.
The first request with a key claims it by inserting a row (the table's primary
key `(actor, key)` lets only one insert win), runs the command and stores its
answer: status, body and headers (ETag, Location), refusals (4xx) included. A
retry with the same key and the same request (path, If-Match and body) gets that
answer again, byte for byte, with `Idempotent-Replayed: true`; with another
request it is a 422 problem naming the key. A retry that arrives while the first
is still running waits for it (a few seconds), else gets a 409 problem.

Rules worth knowing:
- Keys expire 24 hours after their first use; after that the key is new again.
- A server error (5xx) stores nothing: the claim is released so a retry runs.
- A claim whose request never finished (the process died) is taken over after
  ten seconds. The retry never applies the command a second time: the command
  saved a receipt with its events, in the same transaction (services/receipts.py),
  so the retry finds it and answers the first try's record, version and position.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException
from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from adapters.http.problem_types import PROBLEM_TYPES, refusal
from adapters.http.problems import domain_error, http_error, problem
from domain.errors import DomainError
from projections.catalog import create_tables
from projections.time_sql import Instant

EXPIRY = timedelta(hours=24)
ABANDONED = timedelta(seconds=10)
WAIT_SECONDS = 5.0
PURGE_EVERY_SECONDS = 600.0
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
REPLAYED = "Idempotent-Replayed"

metadata = MetaData()
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("actor", String(100), primary_key=True),
    Column("key", String(255), primary_key=True),
    Column("request_sha256", String(64), nullable=False),
    Column("status", Integer),  # null while the first request runs
    Column("response", Text),  # StoredResponse as JSON
    Column("created_at", Instant(), nullable=False, index=True),
)


class StoredResponse(msgspec.Struct, frozen=True):
    status: int
    media_type: str
    headers: dict[str, str]
    body: str


@refusal("IdempotencyKeyReused")
class KeyReused(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(
            f"Idempotency-Key {key!r} was used for another request (path, If-Match or body); "
            "use a new key for a new request"
        )
        self.key = key


@refusal("IdempotencyKeyInProgress")
class KeyInProgress(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(f"a request with Idempotency-Key {key!r} is still running; retry shortly")
        self.key = key


def key_reused(_: Request[Any, Any, Any], error: KeyReused) -> Response[Any]:
    return problem(PROBLEM_TYPES["IdempotencyKeyReused"], str(error), idempotency_key=error.key)


def key_in_progress(_: Request[Any, Any, Any], error: KeyInProgress) -> Response[Any]:
    kind = PROBLEM_TYPES["IdempotencyKeyInProgress"]
    response = problem(kind, str(error), idempotency_key=error.key)
    response.headers["Retry-After"] = "1"
    return response


HANDLERS: dict[int | type[Exception], Callable[[Request[Any, Any, Any], Any], Response[Any]]] = {
    KeyReused: key_reused,
    KeyInProgress: key_in_progress,
}


def fingerprint(path: str, if_match: str | None, body: msgspec.Struct) -> str:
    """What makes two requests the same: path, If-Match and the decoded body."""
    digest = hashlib.sha256(f"POST {path}\n{if_match or ''}\n".encode())
    digest.update(msgspec.json.encode(body))
    return digest.hexdigest()


def stored(response: Response[Any]) -> StoredResponse:
    media_type = response.media_type or MediaType.JSON
    return StoredResponse(
        response.status_code or 200,
        media_type.value if isinstance(media_type, Enum) else media_type,
        {name: str(value) for name, value in response.headers.items()},
        msgspec.json.encode(response.content).decode(),
    )


def replay(answer: StoredResponse, replayed: bool) -> Response[bytes]:
    headers = {**answer.headers, REPLAYED: "true"} if replayed else answer.headers
    return Response(
        answer.body.encode(),
        status_code=answer.status,
        headers=headers,
        media_type=answer.media_type,
    )


class IdempotencyKeys:
    """The keys table in the read database, and running a command once per key."""

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.wait_seconds = wait_seconds
        self._purged_at = 0.0
        create_tables(metadata, engine)

    def run(
        self,
        request: Request[Any, Any, Any],
        actor: str,
        key: str,
        request_sha256: str,
        command: Callable[[], Response[Any]],
    ) -> Response[bytes]:
        """The first answer for (actor, key), running `command` only if there is none."""
        earlier = self.claim(actor, key, request_sha256)
        if earlier is not None:
            return replay(earlier, replayed=True)
        try:
            answer = stored(_answer(request, command))
        except BaseException:
            self.release(actor, key)
            raise
        self.complete(actor, key, answer)
        return replay(answer, replayed=False)

    def claim(self, actor: str, key: str, request_sha256: str) -> StoredResponse | None:
        """None once this request owns the key; else the stored answer to replay."""
        self._purge_now_and_then()
        deadline = time.monotonic() + self.wait_seconds
        while not self._insert(actor, key, request_sha256):
            row = self._row(actor, key)
            if row is None or self._abandoned(row):
                if row is not None:
                    self._forget(actor, key)
                continue  # free now: take it at once (the deadline is for a live holder)
            if row.request_sha256 != request_sha256:
                raise KeyReused(key)
            if row.status is not None:
                return msgspec.json.decode(row.response, type=StoredResponse)
            if time.monotonic() > deadline:
                raise KeyInProgress(key)
            time.sleep(0.02)
        return None

    def complete(self, actor: str, key: str, answer: StoredResponse) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(idempotency_keys)
                .where(self._is(actor, key))
                .values(status=answer.status, response=msgspec.json.encode(answer).decode())
            )

    def release(self, actor: str, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                delete(idempotency_keys).where(
                    self._is(actor, key) & idempotency_keys.c.status.is_(None)
                )
            )

    def purge_expired(self) -> int:
        with self.engine.begin() as conn:
            done = conn.execute(
                delete(idempotency_keys).where(
                    idempotency_keys.c.created_at < self.clock() - EXPIRY
                )
            )
        return done.rowcount

    # ---------------------------------------------------------------- rows

    def _insert(self, actor: str, key: str, request_sha256: str) -> bool:
        row = {"actor": actor, "key": key, "request_sha256": request_sha256}
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(idempotency_keys).values(**row, created_at=self.clock()))
        except IntegrityError:
            return False
        return True

    def _row(self, actor: str, key: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(select(idempotency_keys).where(self._is(actor, key))).first()

    def _abandoned(self, row: Any) -> bool:
        age = self.clock() - row.created_at
        return age > EXPIRY or (row.status is None and age > ABANDONED)

    def _forget(self, actor: str, key: str) -> None:
        """Delete the key's row if it expired or its request was abandoned."""
        now = self.clock()
        created = idempotency_keys.c.created_at
        with self.engine.begin() as conn:
            conn.execute(
                delete(idempotency_keys).where(
                    self._is(actor, key)
                    & or_(
                        created < now - EXPIRY,
                        idempotency_keys.c.status.is_(None) & (created < now - ABANDONED),
                    )
                )
            )

    def _purge_now_and_then(self) -> None:
        if time.monotonic() - self._purged_at >= PURGE_EVERY_SECONDS:
            self._purged_at = time.monotonic()
            self.purge_expired()

    @staticmethod
    def _is(actor: str, key: str) -> Any:
        return (idempotency_keys.c.actor == actor) & (idempotency_keys.c.key == key)


def _answer(request: Request[Any, Any, Any], command: Callable[[], Response[Any]]) -> Response[Any]:
    """The command's response, or its refusal as a problem (refusals are answers too)."""
    try:
        return command()
    except DomainError as refusal:
        return domain_error(request, refusal)
    except HTTPException as refusal:
        if refusal.status_code >= 500:
            raise
        return http_error(request, refusal)
