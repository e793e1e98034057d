"""The chain's link function: its encoding is pinned (stored chains must verify for
ever) and unambiguous."""

from __future__ import annotations

import hashlib
import struct
from uuid import UUID

import pytest

from adapters.audit.chain import GENESIS, link

ID = UUID("12345678-1234-5678-1234-567812345678")


def test_the_encoding_is_pinned() -> None:
    def u64(value: int) -> bytes:
        return struct.pack(">Q", value)

    identity = b"12345678-1234-5678-1234-567812345678"
    expected = hashlib.sha256(
        b"pvpt-journey/chain/v1"
        + hashlib.sha256(b"pvpt-journey/chain/v1/genesis").digest()
        + u64(7)
        + u64(len(identity))
        + identity
        + u64(3)
        + u64(len(b"domain.case:Case.Opened"))
        + b"domain.case:Case.Opened"
        + u64(5)
        + b"state"
    ).digest()

    got = link(
        GENESIS, 7, originator_id=ID, version=3, topic="domain.case:Case.Opened", state=b"state"
    )
    assert got == expected


def test_moving_bytes_between_fields_changes_the_hash() -> None:
    one = link(GENESIS, 1, originator_id=ID, version=1, topic="ab", state=b"c")
    other = link(GENESIS, 1, originator_id=ID, version=1, topic="a", state=b"bc")
    assert one != other


@pytest.mark.parametrize(
    "change",
    [
        {"position": 2},
        {"originator_id": UUID(int=1)},
        {"version": 2},
        {"topic": "t2"},
        {"state": b"s2"},
        {"prev": bytes(32)},
    ],
)
def test_every_field_is_covered(change: dict[str, object]) -> None:
    fields: dict[str, object] = {
        "prev": GENESIS,
        "position": 1,
        "originator_id": ID,
        "version": 1,
        "topic": "t",
        "state": b"s",
    }
    before = link(**fields)  # type: ignore[arg-type]
    after = link(**{**fields, **change})  # type: ignore[arg-type]
    assert before != after


def test_a_previous_hash_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ValueError, match="previous chain hash must be 32 bytes, got 3"):
        link(b"abc", 1, originator_id=ID, version=1, topic="t", state=b"s")
