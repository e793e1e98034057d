"""How people sign in: a password and a second factor per staff account (docs/sign-in.md).

Beside the account's API token (adapters/privacy/accounts.py, for integrations), a
person has a password (adapters/privacy/passwords.py: Argon2id, the policy) and a TOTP
second factor (adapters/privacy/second_factor.py), whose secret is stored sealed with the
master key. An administrator never learns a password: a reset gives a one-time password
that the next sign-in must replace, and may clear the second factor (a lost phone), which
the next sign-in enrols again. Every refusal says the same ("user name, password or code
is wrong"), so a refusal does not tell whether a name exists. Failures are limited per
account (`FAILURES_ALLOWED` in `FAILURE_WINDOW`), in the database so that every API
process counts them: guessing at one account slows that account only, for that window,
and no other account, client address or API token is affected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    Row,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)

from adapters.privacy import passwords, second_factor
from adapters.privacy.accounts import User, users
from adapters.privacy.master_key import MasterKeys
from projections.ddl import create_tables
from projections.time_sql import Instant
from services.access import Role

FAILURES_ALLOWED = 5
FAILURE_WINDOW = timedelta(minutes=15)
REFUSED = "user name, password or code is wrong"

signing_in = MetaData()
credentials = Table(
    "staff_credentials",
    signing_in,
    Column("name", String(100), primary_key=True),
    Column("password_argon2", String(256), nullable=False),
    Column("password_set_at", Instant(), nullable=False),
    Column("must_change", Boolean(), nullable=False),
    Column("totp_kek_id", String(64)),
    Column("totp_sealed", LargeBinary()),
    Column("totp_enrolled_at", Instant()),
    Column("totp_last_step", BigInteger()),
)
failures = Table(
    "sign_in_failures",
    signing_in,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, index=True),
    Column("at", Instant(), nullable=False),
)


class SignInRefused(Exception):
    """Wrong name, password or code (deliberately not which), or too many failures."""

    def __init__(self, message: str = REFUSED, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class _Wrong(Exception):
    """Inside an attempt: the name, password or code is wrong (rolled back, counted)."""


class Step(Enum):
    """What a correct password leads to."""

    SIGNED_IN = "signed_in"
    CHANGE_PASSWORD = "change_password"  # noqa: S105 (a step, not a password): after a reset
    ENROL_SECOND_FACTOR = "enrol_second_factor"  # first sign-in, or after a lost phone


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str  # otpauth://totp/…, for the authenticator app (a QR code of it)


class Credentials:
    def __init__(
        self, engine: Engine, keys: MasterKeys, now: Callable[[], datetime] | None = None
    ) -> None:
        self.engine = engine
        self.keys = keys
        self.now = now or (lambda: datetime.now(UTC))
        create_tables(signing_in, engine)

    def reset(self, name: str, *, second_factor_too: bool = False) -> str:
        """A one-time password for an active account (shown once); the next sign-in must
        change it. `second_factor_too`: the second factor is enrolled again."""
        temporary = passwords.temporary_password()
        self._store(name, temporary, must_change=True, second_factor_too=second_factor_too)
        return temporary

    def _store(
        self, name: str, password: str, *, must_change: bool, second_factor_too: bool
    ) -> None:
        """`password` as the account's (hashed once), the failures forgotten."""
        values: dict[str, object] = {
            "password_argon2": passwords.hash_password(password),
            "password_set_at": self.now(),
            "must_change": must_change,
        }
        if second_factor_too:
            values |= dict.fromkeys(_SECOND_FACTOR)
        with self.engine.begin() as conn:
            if _active_user(conn, name) is None:
                raise SignInRefused(f"no active user {name}")
            changed = conn.execute(
                update(credentials).where(credentials.c.name == name).values(values)
            )
            if changed.rowcount == 0:
                conn.execute(insert(credentials).values(name=name, **values))
            conn.execute(delete(failures).where(failures.c.name == name))

    def set_password(self, name: str, password: str) -> None:
        """A password chosen for the person, kept until they change it: the demo's
        accounts only (docs/demo.md); staff get `reset`'s one-time password."""
        passwords.check_policy(name, password)
        self._store(name, password, must_change=False, second_factor_too=False)

    def states(self) -> dict[str, str]:
        """How far each account with a password got: `change_password` (a one-time
        password), `enrol_second_factor`, or `ready`. Accounts without one are absent."""
        query = select(
            credentials.c.name, credentials.c.must_change, credentials.c.totp_enrolled_at
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return {row.name: _state(row.must_change, row.totp_enrolled_at) for row in rows}

    def sign_in(self, name: str, password: str, code: str | None = None) -> tuple[User, Step]:
        """Who signed in and what comes next; SignInRefused otherwise (counted)."""
        with self._attempt(name) as conn:
            user, row = self._password_checked(conn, name, password)
            if row.must_change:
                return user, Step.CHANGE_PASSWORD
            if row.totp_enrolled_at is None:
                return user, Step.ENROL_SECOND_FACTOR
            values: dict[str, Any] = {"totp_last_step": self._code_checked(row, code)}
            if passwords.needs_rehash(row.password_argon2):
                values["password_argon2"] = passwords.hash_password(password)
            conn.execute(update(credentials).where(credentials.c.name == name).values(values))
            conn.execute(delete(failures).where(failures.c.name == name))
        return user, Step.SIGNED_IN

    def change_password(self, name: str, old: str, new: str, code: str | None = None) -> None:
        """The person's own change: the old password again, and a code once a second
        factor is enrolled (none is asked right after a reset); PasswordRefused names
        the rule a new password breaks."""
        passwords.check_policy(name, new)
        if new == old:
            raise passwords.PasswordRefused("the new password is the old one")
        with self._attempt(name) as conn:
            _, row = self._password_checked(conn, name, old)
            values: dict[str, Any] = {
                "password_argon2": passwords.hash_password(new),
                "password_set_at": self.now(),
                "must_change": False,
            }
            if row.totp_enrolled_at is not None and not row.must_change:
                values["totp_last_step"] = self._code_checked(row, code)
            conn.execute(update(credentials).where(credentials.c.name == name).values(values))

    def start_enrolment(self, name: str, password: str) -> Enrolment:
        """A new secret, sealed and kept pending until a code from it is confirmed."""
        secret = second_factor.new_secret()
        kek_id, sealed = self.keys.wrap(_aad(name), secret.encode())
        with self._attempt(name) as conn:
            _, row = self._password_checked(conn, name, password)
            if row.must_change:
                raise SignInRefused("change the one-time password first")
            if row.totp_enrolled_at is not None:  # else the password alone would replace it
                raise SignInRefused(
                    "a second factor is enrolled: an administrator's reset replaces a lost one"
                )
            conn.execute(
                update(credentials)
                .where(credentials.c.name == name)
                .values(
                    {**dict.fromkeys(_SECOND_FACTOR), "totp_kek_id": kek_id, "totp_sealed": sealed}
                )
            )
        return Enrolment(secret, second_factor.provisioning_uri(secret, name))

    def confirm_enrolment(self, name: str, password: str, code: str) -> User:
        """The pending second factor is enrolled once a code from the app matches; the
        person is then signed in (the code just checked is the second factor)."""
        with self._attempt(name) as conn:
            user, row = self._password_checked(conn, name, password)
            if row.totp_sealed is None or row.totp_enrolled_at is not None:
                raise SignInRefused("no second factor is waiting to be enrolled: start again")
            step = second_factor.step_of(self._secret(row), code, self.now(), None)
            if step is None:
                raise _Wrong
            conn.execute(
                update(credentials)
                .where(credentials.c.name == name)
                .values(totp_enrolled_at=self.now(), totp_last_step=step)
            )
            conn.execute(delete(failures).where(failures.c.name == name))
        return user

    @contextmanager
    def _attempt(self, name: str) -> Iterator[Connection]:
        """One transaction for the attempt; a wrong one is rolled back, then counted."""
        try:
            with self.engine.begin() as conn:
                self._not_throttled(conn, name)
                yield conn
        except _Wrong:
            with self.engine.begin() as conn:
                conn.execute(delete(failures).where(failures.c.at <= self.now() - FAILURE_WINDOW))
                conn.execute(insert(failures).values(name=name, at=self.now()))
            raise SignInRefused() from None

    def _password_checked(
        self, conn: Connection, name: str, password: str
    ) -> tuple[User, Row[Any]]:
        """The active user and its credentials if `password` is theirs; else _Wrong.
        An unknown name costs a hash check too, so timing does not tell it apart."""
        user = _active_user(conn, name)
        row = conn.execute(select(credentials).where(credentials.c.name == name)).first()
        stored = row.password_argon2 if row is not None else _dummy_hash()
        if not passwords.verify_password(stored, password) or user is None or row is None:
            raise _Wrong
        return user, row

    def _not_throttled(self, conn: Connection, name: str) -> None:
        since = self.now() - FAILURE_WINDOW
        query = select(func.count(), func.min(failures.c.at)).where(
            (failures.c.name == name) & (failures.c.at > since)
        )
        count, oldest = conn.execute(query).one()
        if count >= FAILURES_ALLOWED:
            wait = (oldest + FAILURE_WINDOW - self.now()).total_seconds()
            msg = f"too many failed sign-ins for this account: try again in {int(wait) + 1} s"
            raise SignInRefused(msg, retry_after=max(wait, 1.0))

    def _code_checked(self, row: Row[Any], code: str | None) -> int:
        """The step of `code` if it is the enrolled app's and not used yet; else _Wrong."""
        step = second_factor.step_of(self._secret(row), code or "", self.now(), row.totp_last_step)
        if step is None:
            raise _Wrong
        return step

    def _secret(self, row: Row[Any]) -> str:
        return self.keys.unwrap(row.totp_kek_id, _aad(row.name), row.totp_sealed).decode()


_SECOND_FACTOR = ("totp_kek_id", "totp_sealed", "totp_enrolled_at", "totp_last_step")


@cache
def _dummy_hash() -> str:
    """What an unknown name is checked against (equal timing), made on first need: not
    an Argon2 hash (64 MiB, ~0.1 s) in every `journey` process that imports this."""
    return passwords.hash_password("not anyone's password: equal timing")


def _state(must_change: bool, enrolled_at: datetime | None) -> str:
    if must_change:
        return Step.CHANGE_PASSWORD.value
    return Step.ENROL_SECOND_FACTOR.value if enrolled_at is None else "ready"


def _aad(name: str) -> str:
    return f"totp:{name}"


def _active_user(conn: Connection, name: str) -> User | None:
    query = select(users.c.role).where((users.c.name == name) & users.c.revoked_at.is_(None))
    role = conn.execute(query).scalar_one_or_none()
    return None if role is None else User(name, Role(role))
