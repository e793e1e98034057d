"""Browser sessions of the staff console (docs/sign-in.md, "The console's session").

A session starts when a person signs in with password and code (credentials.py); the
browser holds its id in an `HttpOnly`, `SameSite=Strict` cookie and never sees it from
script. The database keeps only the id's SHA-256, so a copy of the read database gives
no session to take over. Each session has its own CSRF token, which the console reads
from `GET /api/v1/me` and sends as `X-CSRF-Token` with every command. A session ends
at sign-out, or after `idle` without a request (an office computer left signed in), or
when the account is revoked: the next request finds no session and is answered 401.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, Engine, MetaData, String, Table, delete, insert, select, update

from adapters.privacy.accounts import User, users
from projections.ddl import create_tables
from projections.time_sql import Instant
from services.access import Role

DEFAULT_IDLE = timedelta(minutes=15)
TOUCH_EVERY = timedelta(seconds=30)  # last_seen is written at most this often per session

browser = MetaData()
sessions = Table(
    "staff_sessions",
    browser,
    Column("id_sha256", String(64), primary_key=True),
    Column("name", String(100), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("started_at", Instant(), nullable=False),
    Column("last_seen", Instant(), nullable=False),
)


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    idle: timedelta

    def csrf_matches(self, sent: str) -> bool:
        return hmac.compare_digest(self.csrf_token.encode(), sent.encode())


class Sessions:
    def __init__(
        self,
        engine: Engine,
        idle: timedelta = DEFAULT_IDLE,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.engine = engine
        self.idle = idle
        self.now = now or (lambda: datetime.now(UTC))
        create_tables(browser, engine)

    def start(self, user: User) -> tuple[str, Session]:
        """A new session of `user`: the id for the cookie (shown once), and the session."""
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = self.now()
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.last_seen <= now - self.idle))
            conn.execute(
                insert(sessions).values(
                    id_sha256=_digest(session_id),
                    name=user.name,
                    csrf_token=csrf,
                    started_at=now,
                    last_seen=now,
                )
            )
        return session_id, Session(user, csrf, self.idle)

    def find(self, session_id: str) -> Session | None:
        """The live session of this id (its idle time restarted), else None: unknown,
        ended, idle too long, or its account revoked."""
        now = self.now()
        query = (
            select(sessions.c.name, sessions.c.csrf_token, sessions.c.last_seen, users.c.role)
            .join(users, users.c.name == sessions.c.name)
            .where((sessions.c.id_sha256 == _digest(session_id)) & users.c.revoked_at.is_(None))
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        if row.last_seen <= now - self.idle:
            self.end(session_id)
            return None
        if now - row.last_seen >= TOUCH_EVERY:
            with self.engine.begin() as conn:
                conn.execute(
                    update(sessions)
                    .where(sessions.c.id_sha256 == _digest(session_id))
                    .values(last_seen=now)
                )
        return Session(User(row.name, Role(row.role)), row.csrf_token, self.idle)

    def end(self, session_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.id_sha256 == _digest(session_id)))

    def end_all_of(self, name: str) -> int:
        """Every session of an account (its password reset, the account revoked)."""
        with self.engine.begin() as conn:
            return conn.execute(delete(sessions).where(sessions.c.name == name)).rowcount


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()
