"""The password policy and the TOTP second factor (adapters/privacy/passwords.py,
second_factor.py; docs/sign-in.md): each rule named, each code once, one step of drift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.privacy import passwords, second_factor
from adapters.privacy.passwords import PasswordRefused, check_policy

NOW = datetime(2026, 12, 7, 9, 0, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("short pass", "at least 12"),
        ("x" * 129, "at most 128"),
        ("Besa.Krasniqi 2026!", "user name"),
        ("abababababababab", "repeats"),
        ("Password 1234", "most common"),
        ("kosovo123456", "most common"),
    ],
)
def test_the_policy_names_the_rule_a_password_breaks(password: str, rule: str) -> None:
    with pytest.raises(PasswordRefused, match=rule):
        check_policy("besa.krasniqi", password)


def test_a_long_passphrase_of_any_characters_is_welcome() -> None:
    check_policy("besa.krasniqi", "lumi i bardhë rrjedh në mbrëmje")
    check_policy("besa.krasniqi", "correct horse battery staple")


def test_a_hash_verifies_its_password_only_and_is_argon2id() -> None:
    stored = passwords.hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "correct horse battery staple")
    assert not passwords.verify_password(stored, "correct horse battery stapl")
    assert not passwords.verify_password("not a hash", "correct horse battery staple")
    assert not passwords.needs_rehash(stored)


def test_a_code_counts_for_its_step_and_one_step_either_side() -> None:
    secret = second_factor.new_secret()
    code = second_factor.code_at(secret, NOW)
    step = int(NOW.timestamp()) // 30
    assert second_factor.step_of(secret, code, NOW, None) == step
    assert second_factor.step_of(secret, code, NOW + timedelta(seconds=30), None) == step
    assert second_factor.step_of(secret, code, NOW - timedelta(seconds=30), None) == step
    assert second_factor.step_of(secret, code, NOW + timedelta(seconds=90), None) is None


def test_a_code_of_an_accepted_step_or_earlier_is_refused() -> None:
    secret = second_factor.new_secret()
    step = int(NOW.timestamp()) // 30
    code = second_factor.code_at(secret, NOW)
    assert second_factor.step_of(secret, code, NOW, step) is None
    later = second_factor.code_at(secret, NOW + timedelta(seconds=30))
    assert second_factor.step_of(secret, later, NOW + timedelta(seconds=30), step) == step + 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 56x"])
def test_a_code_that_is_not_six_digits_is_refused(code: str) -> None:
    assert second_factor.step_of(second_factor.new_secret(), code, NOW, None) is None


def test_the_uri_names_the_issuer_and_the_user() -> None:
    uri = second_factor.provisioning_uri(second_factor.new_secret(), "besa.krasniqi")
    assert uri.startswith("otpauth://totp/PVPT%20Journey:besa.krasniqi?")
    assert "issuer=PVPT%20Journey" in uri
