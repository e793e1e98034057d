"""The erasure register: which records' data keys were destroyed, and when.

Restoring a backup taken before an erasure would bring the destroyed keys
back. So every erasure is also appended to a small file outside the database
(`erasures.log` in the data dir, or JOURNEY_ERASURE_LOG), one line per record:

    2025-03-01T10:00:00.000000+00:00 6f1c...-uuid

and fsynced before the keys are destroyed. It holds no personal data, only
record ids, so it can be copied anywhere (with the backups, to another host).
`journey restore` destroys again the keys of every record it names.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from adapters.config import ConfigError, Settings
from services.app import KeyShredder

ENV = "JOURNEY_ERASURE_LOG"


def register_path(settings: Settings, environ: dict[str, str] | None = None) -> Path:
    source = os.environ if environ is None else environ
    explicit = source.get(ENV, "")
    return Path(explicit) if explicit else settings.data_dir / "erasures.log"


class ErasureRegister:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, record_ids: Collection[UUID], at: datetime) -> None:
        """One line per record, written and fsynced before this returns."""
        stamp = at.astimezone(UTC).isoformat(timespec="microseconds")
        text = "".join(f"{stamp} {record_id}\n" for record_id in sorted(record_ids, key=str))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(descriptor, text.encode())
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


def read_register(path: Path) -> dict[UUID, datetime]:
    """Every record named in the file, with its first erasure time."""
    erased: dict[UUID, datetime] = {}
    try:
        lines = path.read_text().splitlines()
    except OSError as error:
        raise ConfigError(f"erasure register {path}: cannot be read ({error})") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            stamp, record = line.split()
            at, record_id = datetime.fromisoformat(stamp), UUID(record)
        except ValueError as error:
            msg = f"erasure register {path}, line {number}: expected 'TIMESTAMP RECORD-ID'"
            raise ConfigError(msg) from error
        erased.setdefault(record_id, at)
    return erased


class RegisteredShredder:
    """A key shredder that writes the register first, then destroys the keys.

    If the register cannot be written the erasure command fails before any key
    is destroyed and can be repeated; a line for keys whose destruction then
    fails is harmless, as the erasure event is already stored.
    """

    def __init__(self, shredder: KeyShredder, register: ErasureRegister) -> None:
        self.shredder = shredder
        self.register = register

    def destroy(self, record_ids: Collection[UUID]) -> None:
        self.register.append(record_ids, datetime.now(UTC))
        self.shredder.destroy(record_ids)

    def close(self) -> None:
        self.shredder.close()


def registered(shredder: KeyShredder, settings: Settings) -> KeyShredder:
    """The shredder, registering erasures for persistent stores (not memory://)."""
    if settings.database_url.startswith("memory:"):
        return shredder
    return RegisteredShredder(shredder, ErasureRegister(register_path(settings)))


def union(registers: Iterable[dict[UUID, datetime]]) -> set[UUID]:
    return {record_id for register in registers for record_id in register}
