"""Per-record data keys, wrapped by a master key; destroying a key erases its data.

Every record that holds identifying data (a beneficiary, and each case, stay and
plan of theirs) gets a data key of its own: 32 random bytes, used with AES-GCM
by the codec (`adapters.privacy.sealing`). The data key is stored only wrapped —
encrypted with the master key, bound to its record id — in the table
`journey_data_keys` (a file `keys.db` beside the embedded SQLite store, with
secure delete; the event store's database and schema on PostgreSQL).

Erasure (crypto-shredding) replaces a record's wrapped key by a tombstone: from
then on its sealed fields read as erased, and nothing new can be sealed for it.
The master key never touches the database; `rotate` re-wraps every data key
under a new master key without touching any event, which also makes any stale
copy of a wrapped key (a PostgreSQL dead tuple or WAL segment, an old backup of
the key table) useless once the old master key is destroyed.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import (
    Column,
    Engine,
    LargeBinary,
    MetaData,
    Row,
    String,
    Table,
    bindparam,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from adapters.observability.metrics import KEY_OPERATIONS
from adapters.privacy.master_key import MasterKeys
from adapters.privacy.sealing import NONCE_BYTES
from domain.errors import RuleViolated
from projections.ddl import create_tables
from projections.time_sql import Instant

KEY_BYTES = 32
CACHE_SECONDS = 10.0  # how long another process may still use a key destroyed elsewhere
SWEEP_EVERY = 1024  # keys remembered between two sweeps of the expired ones from the cache
ADOPT_CHUNK = 1000  # record ids per query when adopting keys (below SQLite's variable limit)

metadata = MetaData()
data_keys = Table(
    "journey_data_keys",
    metadata,
    Column("record_id", String(36), primary_key=True),
    Column("kek_id", String(16), nullable=True),  # null: destroyed
    Column("wrapped", LargeBinary, nullable=True),  # null: destroyed
    Column("created_at", Instant(), nullable=False),
    Column("destroyed_at", Instant(), nullable=True),
)


class KeyMissing(RuntimeError):
    """A sealed value whose record has no key row at all: the key table is not the one
    this store was written with (a wrong database or a restore without keys)."""


class PersonalDataErased(RuleViolated):
    """Something identifying was to be sealed for a record whose keys were destroyed."""

    def __init__(self, record_id: UUID) -> None:
        super().__init__(
            f"the personal data of record {record_id} was erased; nothing identifying can be "
            "recorded for it again",
            rule="personal_data_erased",
        )


# built once: SQLAlchemy compiles a statement built per call again on each lookup (~0.3 ms)
_SELECT_KEY = select(data_keys.c.kek_id, data_keys.c.wrapped).where(
    data_keys.c.record_id == bindparam("record_id")
)
_INSERT_KEY = data_keys.insert()


class Keyring:
    """Data keys for the codec: created on first use, cached briefly, destroyed on erasure."""

    def __init__(self, engine: Engine, master: MasterKeys) -> None:
        self.engine = engine
        self.master = master
        create_tables(metadata, engine)
        self._cache: dict[UUID, tuple[bytes | None, float]] = {}
        self._remembered = 0  # since the last sweep
        self._lock = threading.Lock()
        self._db_lock = threading.RLock()  # one SQLite connection may serve many threads

    # ------------------------------------------------------------ the codec's

    def sealing_key(self, record_id: UUID) -> bytes:
        """The record's data key, created if it has none; refused after erasure."""
        key = self._cached(record_id)
        if key is None:
            key = self._load(record_id)
        if key is None:
            key = self._create(record_id)
        if not key:
            raise PersonalDataErased(record_id)
        return key

    def opening_key(self, record_id: UUID) -> bytes | None:
        """The record's data key, or None once destroyed."""
        key = self._cached(record_id)
        if key is None:
            key = self._load(record_id)
        if key is None:
            msg = f"no data key for record {record_id} in {self.location()}"
            raise KeyMissing(msg)
        return key or None

    def location(self) -> str:
        """Where the key table is: the database URL and, on PostgreSQL, the schema."""
        url = self.engine.url.render_as_string()
        if self.engine.dialect.name != "postgresql":
            return url
        with self._db_lock, self.engine.connect() as conn:
            schema = conn.execute(select(func.current_schema())).scalar_one()
        return f"{url} (schema {schema})"

    def close(self) -> None:
        self.engine.dispose()

    def is_destroyed(self, record_id: UUID) -> bool:
        key = self._cached(record_id)
        if key is None:
            key = self._load(record_id)
        return key == b""

    # ------------------------------------------------------------- erasure

    def destroy(self, record_ids: Collection[UUID]) -> None:
        """Tombstone the keys of these records (idempotent; absent ones get a tombstone)."""
        now = datetime.now(UTC)
        with self._db_lock, self.engine.begin() as conn:
            for record_id in record_ids:
                done = conn.execute(
                    update(data_keys)
                    .where(data_keys.c.record_id == str(record_id))
                    .values(kek_id=None, wrapped=None, destroyed_at=now)
                )
                if not done.rowcount:
                    conn.execute(
                        data_keys.insert().values(
                            record_id=str(record_id), created_at=now, destroyed_at=now
                        )
                    )
        with self._lock:
            for record_id in record_ids:
                self._cache[record_id] = (b"", float("inf"))
        _cipher.cache_clear()  # no destroyed key stays in this process's memory
        self._purge_remnants()
        KEY_OPERATIONS.labels("shredded").inc(len(record_ids))

    def destroyed(self, record_ids: Iterable[UUID]) -> set[UUID]:
        wanted = {str(record_id) for record_id in record_ids}
        with self._db_lock, self.engine.connect() as conn:
            rows = conn.execute(
                select(data_keys.c.record_id).where(
                    data_keys.c.record_id.in_(wanted), data_keys.c.wrapped.is_(None)
                )
            )
            return {UUID(row.record_id) for row in rows}

    # ------------------------------------------------------------- copying

    def adopt(self, source: Keyring, record_ids: Iterable[UUID]) -> int:
        """Take over `source`'s data keys of these records, re-wrapped under this
        keyring's master key, so that their sealed values copied here open here;
        tombstones stay tombstones, records that have a key here keep it. Returns how
        many keys were added."""
        wanted = sorted({str(record_id) for record_id in record_ids})
        added = 0
        for start in range(0, len(wanted), ADOPT_CHUNK):
            rows = source._rows(wanted[start : start + ADOPT_CHUNK])
            added += self._insert_missing([self._rewrapped(source, row) for row in rows])
        return added

    def _rows(self, record_ids: list[str]) -> list[Row[Any]]:
        with self._db_lock, self.engine.connect() as conn:
            return list(
                conn.execute(select(data_keys).where(data_keys.c.record_id.in_(record_ids)))
            )

    def _rewrapped(self, source: Keyring, row: Row[Any]) -> dict[str, Any]:
        values = dict(row._mapping)
        if row.wrapped is not None:
            key = source.master.unwrap(row.kek_id, row.record_id, row.wrapped)
            values["kek_id"], values["wrapped"] = self.master.wrap(row.record_id, key)
        return values

    def _insert_missing(self, rows: list[dict[str, Any]]) -> int:
        if not rows:
            return 0
        ids = [row["record_id"] for row in rows]
        with self._db_lock, self.engine.begin() as conn:
            present = set(
                conn.scalars(select(data_keys.c.record_id).where(data_keys.c.record_id.in_(ids)))
            )
            missing = [row for row in rows if row["record_id"] not in present]
            if missing:
                conn.execute(data_keys.insert(), missing)
        return len(missing)

    # ------------------------------------------------------------- rotation

    def rotate(self, new_master: MasterKeys) -> int:
        """Re-wrap every live data key under `new_master`; returns how many."""
        with self._db_lock, self.engine.begin() as conn:
            rows = conn.execute(
                select(data_keys.c.record_id, data_keys.c.kek_id, data_keys.c.wrapped).where(
                    data_keys.c.wrapped.is_not(None)
                )
            ).all()
            for row in rows:
                key = self.master.unwrap(row.kek_id, row.record_id, row.wrapped)
                kek_id, wrapped = new_master.wrap(row.record_id, key)
                conn.execute(
                    update(data_keys)
                    .where(data_keys.c.record_id == row.record_id)
                    .values(kek_id=kek_id, wrapped=wrapped)
                )
        self.master = new_master
        self._purge_remnants()
        KEY_OPERATIONS.labels("rotated").inc(len(rows))
        return len(rows)

    def renew(self, record_id: UUID) -> bytes:
        """A new random key for a record, in place of its old one (the blind index's key,
        renewed by `journey keys rotate`); the old wrapped key is purged."""
        key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
        kek_id, wrapped = self.master.wrap(str(record_id), key)
        values = {"kek_id": kek_id, "wrapped": wrapped, "created_at": datetime.now(UTC)}
        with self._db_lock, self.engine.begin() as conn:
            conn.execute(delete(data_keys).where(data_keys.c.record_id == str(record_id)))
            conn.execute(data_keys.insert().values(record_id=str(record_id), **values))
        self._purge_remnants()
        return self._remember(record_id, key)

    # ------------------------------------------------------------- internals

    def _cached(self, record_id: UUID) -> bytes | None:
        with self._lock:
            hit = self._cache.get(record_id)
        if hit is None or hit[1] < time.monotonic():
            return None
        return hit[0] or b""

    def _remember(self, record_id: UUID, key: bytes) -> bytes:
        """Cache a key for CACHE_SECONDS. Every SWEEP_EVERY keys the expired ones go: the
        cache holds what was used lately, not every record this process ever touched."""
        now = time.monotonic()
        with self._lock:
            self._cache[record_id] = (key, now + CACHE_SECONDS)
            self._remembered += 1
            if self._remembered >= SWEEP_EVERY:
                self._remembered = 0
                self._cache = {r: hit for r, hit in self._cache.items() if hit[1] >= now}
        return key

    def _load(self, record_id: UUID) -> bytes | None:
        """The key, b"" for a tombstone, None when the record has no row."""
        with self._db_lock, self.engine.connect() as conn:
            row = conn.execute(_SELECT_KEY, {"record_id": str(record_id)}).first()
        if row is None:
            return None
        if row.wrapped is None:
            return self._remember(record_id, b"")
        return self._remember(
            record_id, self.master.unwrap(row.kek_id, str(record_id), row.wrapped)
        )

    def _create(self, record_id: UUID) -> bytes:
        key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
        kek_id, wrapped = self.master.wrap(str(record_id), key)
        try:
            with self._db_lock, self.engine.begin() as conn:
                conn.execute(
                    _INSERT_KEY,
                    {
                        "record_id": str(record_id),
                        "kek_id": kek_id,
                        "wrapped": wrapped,
                        "created_at": datetime.now(UTC),
                    },
                )
        except IntegrityError:  # another process created it first: use theirs
            loaded = self._load(record_id)
            if loaded is None:
                raise
            return loaded
        KEY_OPERATIONS.labels("created").inc()
        return self._remember(record_id, key)

    def _purge_remnants(self) -> None:
        with self._db_lock:
            purge_remnants(self.engine, data_keys.name)


def purge_remnants(engine: Engine, table: str) -> None:
    """Make the database drop what it still holds of a table's overwritten rows."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"VACUUM {table}")


@lru_cache(maxsize=4096)
def _cipher(key: bytes) -> AESGCM:
    return AESGCM(key)


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + _cipher(key).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    """Raises ValueError when the value was altered or sealed for another record/field."""
    try:
        return _cipher(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        msg = "a sealed value does not match its record and field (altered or moved)"
        raise ValueError(msg) from None
