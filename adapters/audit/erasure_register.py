"""The erasure register: which records' data keys were destroyed, and when.

Restoring a backup taken before an erasure would bring the destroyed keys
back. So every erasure is also appended to a small file outside the database
(`erasures.log` in the data dir, or JOURNEY_ERASURE_LOG), one line per record:

    2026-03-01T10:00:00.000000+00:00 6f1c...-uuid STORE

and fsynced before the keys are destroyed. STORE is the store's fingerprint:
the chain hash of its first stored event (random nonces and the time make it
unique to one installation and its restores). Record ids are derived from
codes, so two installations share them: a line is applied only to the store
it was written for. The file holds no personal data, only ids, so it can be
copied anywhere (with the backups, to another host). `journey restore`
destroys again the keys of every record it names for the restored store.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

from adapters.audit.chain import GENESIS, link_notification
from adapters.file_modes import private_dir
from adapters.settings import ConfigError, Settings
from services.app import KeyShredder


def register_path(settings: Settings) -> Path:
    """JOURNEY_ERASURE_LOG, else `erasures.log` in the data dir."""
    return settings.erasure_log


def store_fingerprint(recorder: ApplicationRecorder) -> str:
    """The chain hash of the store's first event, in hex ("" for an empty store)."""
    first = recorder.select_notifications(1, 1)
    return link_notification(GENESIS, first[0]).hex()[:32] if first else ""


@dataclass(frozen=True)
class Erasure:
    record_id: UUID
    at: datetime
    store: str


class ErasureRegister:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, record_ids: Collection[UUID], at: datetime, store: str) -> None:
        """One line per record, written and fsynced before this returns."""
        stamp = at.astimezone(UTC).isoformat(timespec="microseconds")
        ordered = sorted(record_ids, key=str)
        text = "".join(f"{stamp} {record_id} {store}\n" for record_id in ordered)
        private_dir(self.path.parent)
        with self._lock:
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(descriptor, text.encode())
                os.fsync(descriptor)
            finally:
                os.close(descriptor)


def read_register(path: Path) -> list[Erasure]:
    """Every line of the file, in order."""
    try:
        lines = path.read_text().splitlines()
    except OSError as error:
        raise ConfigError(f"erasure register {path}: cannot be read ({error})") from error
    erasures = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            stamp, record, store = line.split()
            erasures.append(Erasure(UUID(record), datetime.fromisoformat(stamp), store))
        except ValueError as error:
            msg = f"erasure register {path}, line {number}: expected 'TIMESTAMP RECORD-ID STORE'"
            raise ConfigError(msg) from error
    return erasures


class RegisteredShredder:
    """A key shredder that writes the register first, then destroys the keys.

    If the register cannot be written the erasure command fails before any key
    is destroyed and can be repeated; a line for keys whose destruction then
    fails is harmless, as the erasure event is already stored.
    """

    def __init__(
        self, shredder: KeyShredder, register: ErasureRegister, recorder: ApplicationRecorder
    ) -> None:
        self.shredder = shredder
        self.register = register
        self.recorder = recorder

    def destroy(self, record_ids: Collection[UUID]) -> None:
        store = store_fingerprint(self.recorder)
        self.register.append(record_ids, datetime.now(UTC), store)
        self.shredder.destroy(record_ids)

    def close(self) -> None:
        self.shredder.close()


def registered(
    shredder: KeyShredder, settings: Settings, recorder: ApplicationRecorder
) -> KeyShredder:
    """The shredder, registering erasures for persistent stores (not memory://)."""
    if settings.database_url.startswith("memory:"):
        return shredder
    return RegisteredShredder(shredder, ErasureRegister(register_path(settings)), recorder)
