"""Staff accounts: bearer tokens stored only as hashes, and throttled failures.

A token is 32 random bytes (URL-safe base64), shown once when the user is
added or its token rotated. The database keeps its SHA-256; a request's token is
hashed and looked up, and the stored hash compared in constant time.

Names are never reused: events and the access log name the actor, so a name
must always mean one person. Revoking sets revoked_at, for good; accounts are
never deleted, and a revoked name cannot be added again (someone who returns, or
changes role, gets a new name). A lost or leaked token is replaced by rotation:
the user keeps its name and role, the old token stops working (below: when).

A verified token is remembered for `TOKEN_CACHE_SECONDS` (by its SHA-256, with its user),
so a client's requests do not each query the database. Revoking or rotating through
this `Accounts` forgets the user's tokens at once; a revocation or rotation made by
another process (`journey users revoke` beside a running `journey serve`) takes effect
in that server within `TOKEN_CACHE_SECONDS`. Unknown and revoked tokens are never
remembered: a token just added works at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, Engine, MetaData, String, Table, insert, select, update

from domain.checks import USER_NAME
from projections.ddl import create_tables
from projections.time_sql import Instant
from services.access import Role

identity = MetaData()
users = Table(
    "api_users",
    identity,
    Column("name", String(100), primary_key=True),
    Column("role", String(32), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", Instant(), nullable=False),
    Column("revoked_at", Instant()),
)
_NAME = USER_NAME  # the one pattern of a staff user name (domain/checks)
TOKEN_CACHE_SECONDS = 5.0  # how long a verified token is believed without the database
TOKEN_CACHE_SIZE = 10_000  # verified tokens remembered at most (then all are forgotten)


class IdentityError(ValueError):
    """A user cannot be added, revoked or given a new token; the message says why."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _taken(name: str, *, revoked: bool) -> str:
    if revoked:
        return (
            f"user {name} was revoked, and names are never reused (events and the access "
            "log name the actor): choose a new name"
        )
    return f"user {name} exists already; to replace its token: journey users rotate-token {name}"


class Accounts:
    def __init__(
        self,
        engine: Engine,
        *,
        cache_seconds: float = TOKEN_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.cache_seconds = cache_seconds
        self._clock = clock
        self._verified: dict[str, tuple[User, float]] = {}  # digest -> user, believed until
        self._forgotten = 0  # counts _forget: a lookup it overtook is not remembered
        self._lock = threading.Lock()
        create_tables(identity, engine)

    def add(self, name: str, role: Role) -> str:
        """Create an account; returns its token (never stored, shown once)."""
        if not _NAME.match(name):
            msg = f"user name {name!r}: use 2-100 of a-z 0-9 . _ - (e.g. besa.krasniqi)"
            raise IdentityError(msg)
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            existing = conn.execute(select(users.c.revoked_at).where(users.c.name == name)).first()
            if existing is not None:
                raise IdentityError(_taken(name, revoked=existing.revoked_at is not None))
            conn.execute(
                insert(users).values(
                    name=name,
                    role=role.value,
                    token_sha256=_digest(token),
                    created_at=datetime.now(UTC),
                )
            )
        return token

    def revoke(self, name: str) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(users)
                .where((users.c.name == name) & users.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
        self._forget(name)
        if done.rowcount == 0:
            msg = f"no active user {name}"
            raise IdentityError(msg)

    def rotate(self, name: str) -> str:
        """A new token for an active user (shown once); the old one stops working now."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            done = conn.execute(
                update(users)
                .where((users.c.name == name) & users.c.revoked_at.is_(None))
                .values(token_sha256=_digest(token))
            )
        self._forget(name)
        if done.rowcount == 0:
            msg = f"no active user {name}; a revoked user stays revoked (add a new name)"
            raise IdentityError(msg)
        return token

    def remembered(self, token: str) -> User | None:
        """The user of a token verified within `cache_seconds`, without the database;
        None when it must be looked up (`authenticate`)."""
        return self._recall(_digest(token))

    def _recall(self, digest: str) -> User | None:
        with self._lock:
            entry = self._verified.get(digest)
        if entry is None or entry[1] <= self._clock():
            return None
        return entry[0]

    def authenticate(self, token: str) -> User | None:
        """The active user of `token`, from the database (or verified moments ago)."""
        digest = _digest(token)
        if (user := self._recall(digest)) is not None:
            return user
        forgotten = self._forgotten
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.token_sha256 == digest)).first()
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.token_sha256, digest):
            return None
        user = User(row.name, Role(row.role))
        self._remember(digest, user, forgotten)
        return user

    def _remember(self, digest: str, user: User, forgotten: int) -> None:
        with self._lock:
            if forgotten != self._forgotten:  # revoked or rotated while it was looked up
                return
            if len(self._verified) >= TOKEN_CACHE_SIZE:
                self._verified.clear()
            self._verified[digest] = (user, self._clock() + self.cache_seconds)

    def _forget(self, name: str) -> None:
        """Every remembered token of `name` (revoked, or its token rotated)."""
        with self._lock:
            self._forgotten += 1
            self._verified = {d: e for d, e in self._verified.items() if e[0].name != name}

    def exists(self, name: str) -> bool:
        """Whether the name was ever given (names are never reused, even once revoked)."""
        with self.engine.connect() as conn:
            return (
                conn.execute(select(users.c.name).where(users.c.name == name)).first() is not None
            )

    def listing(self) -> list[Account]:
        """Every account, revoked ones too, by name. Never a token: only hashes are kept."""
        query = select(users.c.name, users.c.role, users.c.created_at, users.c.revoked_at)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(users.c.name)).all()
        return [Account(r.name, Role(r.role), r.created_at, r.revoked_at) for r in rows]

    def any_admin(self) -> bool:
        with self.engine.connect() as conn:
            query = select(users.c.name).where(
                (users.c.role == Role.ADMIN.value) & users.c.revoked_at.is_(None)
            )
            return conn.execute(query).first() is not None


class Throttle:
    """At most `limit` failed authentications per client within `window` seconds."""

    def __init__(self, limit: int = 10, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked_for(self, client: str) -> float:
        """Seconds until `client` may try again (0 when it may now)."""
        with self._lock:
            recent = self._recent(client, time.monotonic())
            if len(recent) < self.limit:
                return 0.0
            return recent[0] + self.window - time.monotonic()

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client, time.monotonic()).append(time.monotonic())

    def _recent(self, client: str, now: float) -> deque[float]:
        recent = self._failures.setdefault(client, deque())
        while recent and recent[0] < now - self.window:
            recent.popleft()
        return recent
