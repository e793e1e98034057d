"""The erasure register: lines appended per record, read back; a bad line is named."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.audit.erasure_register import Erasure, ErasureRegister, read_register
from adapters.settings import ConfigError

AT = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 4, 1, tzinfo=UTC)


def test_erasures_are_appended_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "erasures.log"
    first, second = uuid.uuid4(), uuid.uuid4()
    ErasureRegister(path).append({first}, AT, "store-a")
    ErasureRegister(path).append({second}, LATER, "store-b")
    assert read_register(path) == [Erasure(first, AT, "store-a"), Erasure(second, LATER, "store-b")]
    assert path.stat().st_mode & 0o077 == 0


def test_a_malformed_line_is_refused_by_number(tmp_path: Path) -> None:
    path = tmp_path / "erasures.log"
    ErasureRegister(path).append({uuid.uuid4()}, AT, "store-a")
    with path.open("a") as file:
        file.write(f"2026-03-01 {uuid.uuid4()}\n")  # no store
    expected = r"erasures\.log, line 2: expected 'TIMESTAMP RECORD-ID STORE'"
    with pytest.raises(ConfigError, match=expected):
        read_register(path)


def test_a_missing_register_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"erasure register .*absent\.log: cannot be read"):
        read_register(tmp_path / "absent.log")
