"""The erasure register: lines appended per record, read back; a bad line is named."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.config import ConfigError
from adapters.erasures import ErasureRegister, read_register

AT = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def test_erasures_are_appended_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "erasures.log"
    first, second = {uuid.uuid4(), uuid.uuid4()}, {uuid.uuid4()}
    ErasureRegister(path).append(first, AT)
    ErasureRegister(path).append(second | first, datetime(2026, 4, 1, tzinfo=UTC))
    register = read_register(path)
    assert set(register) == first | second
    assert all(register[record] == AT for record in first)  # the first erasure's time
    assert path.stat().st_mode & 0o077 == 0


def test_a_malformed_line_is_refused_by_number(tmp_path: Path) -> None:
    path = tmp_path / "erasures.log"
    ErasureRegister(path).append({uuid.uuid4()}, AT)
    with path.open("a") as file:
        file.write("2026-03-01 not-a-record-id\n")
    with pytest.raises(ConfigError, match=r"erasures\.log, line 2: expected 'TIMESTAMP RECORD-ID'"):
        read_register(path)


def test_a_missing_register_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"erasure register .*absent\.log: cannot be read"):
        read_register(tmp_path / "absent.log")
