"""Tables created by two processes at once (adapters/store/pgstore.py `created`): the
catalog's "tuple concurrently updated" is tried again, any other error is not."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from eventsourcing.persistence import InternalError, OperationalError

from adapters.store.pgstore import CREATE_TRIES, created


def failing(times: int, cause: Exception) -> tuple[list[int], Callable[[], str]]:
    calls: list[int] = []

    def make() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise InternalError(str(cause)) from cause
        return "recorder"

    return calls, make


def test_a_concurrent_create_is_tried_again() -> None:
    calls, make = failing(2, psycopg.errors.InternalError_("tuple concurrently updated"))
    assert created(make) == "recorder"
    assert len(calls) == 3


def test_it_gives_up_after_the_last_try() -> None:
    calls, make = failing(CREATE_TRIES, psycopg.errors.UniqueViolation("pg_type"))
    with pytest.raises(InternalError):
        created(make)
    assert len(calls) == CREATE_TRIES


def test_another_error_is_not_tried_again() -> None:
    calls: list[int] = []

    def make() -> str:
        calls.append(1)
        raise OperationalError("connection refused")

    with pytest.raises(OperationalError):
        created(make)
    assert len(calls) == 1
