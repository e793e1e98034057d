"""JOURNEY_DB_CONNECT_TIMEOUT and JOURNEY_DB_STATEMENT_TIMEOUT (adapters/store/timeouts.py)."""

from __future__ import annotations

import pytest

from adapters.settings import ConfigError
from adapters.store.timeouts import CONNECT_SECONDS, STATEMENT_SECONDS, DatabaseTimeouts


def test_defaults_limit_statements_only_where_requests_are_served() -> None:
    assert DatabaseTimeouts.from_env({}) == DatabaseTimeouts(CONNECT_SECONDS, 0)
    served = DatabaseTimeouts.from_env({}, serving=True)
    assert served == DatabaseTimeouts(CONNECT_SECONDS, STATEMENT_SECONDS)
    assert served.libpq() == {
        "connect_timeout": CONNECT_SECONDS,
        "options": f"-c statement_timeout={STATEMENT_SECONDS * 1000}",
    }


def test_settings_are_read_and_zero_means_no_statement_limit() -> None:
    env = {"JOURNEY_DB_CONNECT_TIMEOUT": "7", "JOURNEY_DB_STATEMENT_TIMEOUT": "0"}
    timeouts = DatabaseTimeouts.from_env(env, serving=True)
    assert timeouts == DatabaseTimeouts(7, 0)
    assert timeouts.libpq() == {"connect_timeout": 7}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("JOURNEY_DB_CONNECT_TIMEOUT", "0"),
        ("JOURNEY_DB_CONNECT_TIMEOUT", "2.5"),
        ("JOURNEY_DB_STATEMENT_TIMEOUT", "-1"),
        ("JOURNEY_DB_STATEMENT_TIMEOUT", "soon"),
    ],
)
def test_a_malformed_setting_is_refused_by_name(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        DatabaseTimeouts.from_env({name: value}, serving=True)
