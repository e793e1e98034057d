"""Signing in with a password and a second factor (adapters/privacy/credentials.py,
docs/sign-in.md), on the read database of each kind: the first sign-in after an
administrator's reset, each code once, one answer for every wrong attempt, failures
limited per account only, the second factor's secret sealed."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from adapters.cli.main import main
from adapters.privacy import second_factor
from adapters.privacy.accounts import Accounts, User
from adapters.privacy.credentials import (
    FAILURE_WINDOW,
    FAILURES_ALLOWED,
    REFUSED,
    Credentials,
    SignInRefused,
    Step,
    credentials,
)
from adapters.privacy.master_key import KEY_BYTES, MasterKeys, load
from adapters.privacy.passwords import PasswordRefused
from adapters.run.demo import START
from adapters.settings import ConfigError, Settings
from services.access import Role

NAME = "besa.krasniqi"
PASSWORD = "lumi i bardhë rrjedh në mbrëmje"


class Clock:
    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> datetime:
        return self.at

    def later(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def keys() -> MasterKeys:
    return MasterKeys((secrets.token_bytes(KEY_BYTES),))


@pytest.fixture
def people(engine: Engine, keys: MasterKeys, clock: Clock) -> Credentials:
    Accounts(engine).add(NAME, Role.CASEWORKER)
    return Credentials(engine, keys, clock)


def enrolled(people: Credentials, clock: Clock) -> str:
    """The account through its first sign-in: the one-time password changed, the second
    factor enrolled; returns the authenticator's secret."""
    temporary = people.reset(NAME)
    assert people.sign_in(NAME, temporary)[1] is Step.CHANGE_PASSWORD
    people.change_password(NAME, temporary, PASSWORD)
    assert people.sign_in(NAME, PASSWORD)[1] is Step.ENROL_SECOND_FACTOR
    enrolment = people.start_enrolment(NAME, PASSWORD)
    people.confirm_enrolment(NAME, PASSWORD, second_factor.code_at(enrolment.secret, clock()))
    clock.later(30)
    return enrolment.secret


def test_the_first_sign_in_changes_the_one_time_password_and_enrols_the_phone(
    people: Credentials, clock: Clock
) -> None:
    secret = enrolled(people, clock)
    code = second_factor.code_at(secret, clock())
    assert people.sign_in(NAME, PASSWORD, code) == (User(NAME, Role.CASEWORKER), Step.SIGNED_IN)


def test_a_code_signs_in_once(people: Credentials, clock: Clock) -> None:
    secret = enrolled(people, clock)
    code = second_factor.code_at(secret, clock())
    people.sign_in(NAME, PASSWORD, code)
    with pytest.raises(SignInRefused):
        people.sign_in(NAME, PASSWORD, code)  # seen over a shoulder, replayed
    clock.later(30)
    assert people.sign_in(NAME, PASSWORD, second_factor.code_at(secret, clock()))[1] is (
        Step.SIGNED_IN
    )


def test_every_wrong_attempt_gets_the_same_answer(people: Credentials, clock: Clock) -> None:
    secret = enrolled(people, clock)
    code = second_factor.code_at(secret, clock())
    attempts = [
        ("nobody.here", PASSWORD, code),
        (NAME, PASSWORD + "!", code),
        (NAME, PASSWORD, "000000" if code != "000000" else "111111"),
        (NAME, PASSWORD, None),
    ]
    for name, password, given in attempts:
        with pytest.raises(SignInRefused) as refused:
            people.sign_in(name, password, given)
        assert str(refused.value) == REFUSED


def test_failures_slow_down_that_account_only_and_for_the_window(
    people: Credentials, clock: Clock, engine: Engine
) -> None:
    secret = enrolled(people, clock)
    Accounts(engine).add("arta.manager", Role.CASE_MANAGER)
    other_temporary = people.reset("arta.manager")
    for _ in range(FAILURES_ALLOWED):
        with pytest.raises(SignInRefused, match=REFUSED):
            people.sign_in(NAME, "a wrong guess at it", None)
    right = second_factor.code_at(secret, clock())
    with pytest.raises(SignInRefused, match="too many failed sign-ins") as throttled:
        people.sign_in(NAME, PASSWORD, right)
    assert 0 < throttled.value.retry_after <= FAILURE_WINDOW.total_seconds()
    assert people.sign_in("arta.manager", other_temporary)[1] is Step.CHANGE_PASSWORD
    clock.later(FAILURE_WINDOW.total_seconds() + 1)
    assert people.sign_in(NAME, PASSWORD, second_factor.code_at(secret, clock()))[1] is (
        Step.SIGNED_IN
    )


def test_a_revoked_account_cannot_sign_in(
    people: Credentials, clock: Clock, engine: Engine
) -> None:
    secret = enrolled(people, clock)
    Accounts(engine).revoke(NAME)
    with pytest.raises(SignInRefused, match=REFUSED):
        people.sign_in(NAME, PASSWORD, second_factor.code_at(secret, clock()))
    with pytest.raises(SignInRefused, match="no active user"):
        people.reset(NAME)


def test_a_lost_phone_is_enrolled_again_after_a_reset(people: Credentials, clock: Clock) -> None:
    enrolled(people, clock)
    temporary = people.reset(NAME, second_factor_too=True)
    people.change_password(NAME, temporary, "a new passphrase for a new phone")
    assert people.sign_in(NAME, "a new passphrase for a new phone")[1] is Step.ENROL_SECOND_FACTOR


def test_a_refused_change_changes_nothing(people: Credentials, clock: Clock) -> None:
    secret = enrolled(people, clock)
    with pytest.raises(PasswordRefused, match="at least 12"):
        people.change_password(NAME, PASSWORD, "too short")
    with pytest.raises(SignInRefused, match=REFUSED):
        people.change_password(NAME, "not the old one at all", "another fine passphrase")
    code = second_factor.code_at(secret, clock())
    assert people.sign_in(NAME, PASSWORD, code)[1] is Step.SIGNED_IN


def test_the_phone_secret_is_stored_sealed_with_the_master_key(
    people: Credentials, clock: Clock, engine: Engine
) -> None:
    secret = enrolled(people, clock)
    with engine.connect() as conn:
        row = conn.execute(select(credentials).where(credentials.c.name == NAME)).one()
    assert secret.encode() not in row.totp_sealed
    assert row.password_argon2.startswith("$argon2id$")
    assert PASSWORD not in row.password_argon2
    stranger = Credentials(engine, MasterKeys((secrets.token_bytes(KEY_BYTES),)), clock)
    with pytest.raises(ConfigError, match="not in the master key file"):
        stranger.sign_in(NAME, PASSWORD, second_factor.code_at(secret, clock()))


@pytest.mark.usefixtures("cli_env")
def test_journey_users_reset_password_prints_a_one_time_password(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["users", "add", "dr.gashi", "--role", "clinician"]) == 0
    assert main(["users", "reset-password", "dr.gashi", "--second-factor"]) == 0
    once = capsys.readouterr().out.splitlines()[-1]
    people = Credentials(engine, load(Settings.from_env().master_key_file))
    assert people.sign_in("dr.gashi", once) == (
        User("dr.gashi", Role.CLINICIAN),
        Step.CHANGE_PASSWORD,
    )
    assert main(["users", "reset-password", "nobody.here"]) == 2
    assert "no active user nobody.here" in capsys.readouterr().err


def test_the_password_alone_cannot_replace_an_enrolled_second_factor(
    people: Credentials, clock: Clock
) -> None:
    secret = enrolled(people, clock)
    with pytest.raises(SignInRefused, match="an administrator's reset replaces a lost one"):
        people.start_enrolment(NAME, PASSWORD)
    assert people.sign_in(NAME, PASSWORD, second_factor.code_at(secret, clock()))[1] is (
        Step.SIGNED_IN
    )


def test_a_change_asks_for_a_code_once_a_second_factor_is_enrolled(
    people: Credentials, clock: Clock
) -> None:
    secret = enrolled(people, clock)
    new = "another fine passphrase"
    with pytest.raises(SignInRefused, match=REFUSED):
        people.change_password(NAME, PASSWORD, new)
    people.change_password(NAME, PASSWORD, new, second_factor.code_at(secret, clock()))
    clock.later(30)
    assert people.sign_in(NAME, new, second_factor.code_at(secret, clock()))[1] is Step.SIGNED_IN
