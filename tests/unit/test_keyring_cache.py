"""The keyring's cache of data keys holds the keys used lately, not every record the
process ever touched (an API server serving for months touches them all)."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from adapters.privacy import keyring as keyring_module
from tests.support.keys import memory_keyring

SWEEP = 16


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(keyring_module, "time", fake)
    monkeypatch.setattr(keyring_module, "SWEEP_EVERY", SWEEP)
    return fake


def test_expired_keys_leave_the_cache(clock: FakeClock) -> None:
    keyring = memory_keyring()
    for _ in range(10):  # ten bursts of new records, each after the last one's keys expired
        for _ in range(SWEEP):
            keyring.sealing_key(uuid4())
        clock.now += keyring_module.CACHE_SECONDS + 1
    assert len(keyring._cache) <= 2 * SWEEP  # was 10 * SWEEP: every key ever used


def test_keys_used_lately_stay_cached(clock: FakeClock) -> None:
    keyring = memory_keyring()
    old = [uuid4() for _ in range(SWEEP)]
    for record in old:
        keyring.sealing_key(record)
    clock.now += keyring_module.CACHE_SECONDS + 1
    recent: list[UUID] = []
    for _ in range(SWEEP):
        recent.append(uuid4())
        keyring.sealing_key(recent[-1])
    assert all(keyring._cached(record) for record in recent)
    assert not any(record in keyring._cache for record in old)
    assert all(keyring.opening_key(record) for record in old)  # from the table again
