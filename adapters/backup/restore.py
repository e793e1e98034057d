"""`journey restore`: a backup into an empty installation, erasures applied again.

The whole backup is loaded inside open transactions and committed only after
its last chunk has authenticated and every section's row count matched, so a
damaged or truncated file leaves the target as it was. Then the data keys of
every erased record are destroyed again:
- every beneficiary whose restored history holds PersonalDataErased (and
  their cases, stays and plans), which covers backups taken after an erasure
  whose key table copy was a moment older;
- every record named in the erasure registers given (`adapters.audit.erasure_register`) and
  every key already tombstoned in a target replaced with --force, which covers
  erasures made after the backup was taken.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from sqlalchemy import Connection, Engine, delete, insert, select, text

from adapters.audit.access_log import access
from adapters.audit.chain_tables import ChainStore, chain_table, checkpoints_table
from adapters.audit.erasure_register import Erasure, read_register, store_fingerprint
from adapters.audit.signing_key import Verifier
from adapters.audit.verify import Report, verify
from adapters.backup.create import (
    ALL_TABLES,
    EVENTS,
    KEY_TABLES,
    READ_TABLES,
    events_table,
    load_row,
)
from adapters.backup.documents import DOCUMENTS, DocumentWriter
from adapters.backup.format import (
    BackupError,
    Header,
    frames,
    master_key_for,
    plaintext_chunks,
    read_header,
)
from adapters.privacy import master_key
from adapters.privacy.accounts import identity
from adapters.privacy.blind_index import blind_index_of
from adapters.privacy.keyring import Keyring, data_keys
from adapters.run.bootstrap import open_app
from adapters.settings import Settings, redacted
from adapters.store.read_database import keys_engine, read_engine
from domain.beneficiary import Beneficiary
from projections.ddl import create_tables
from services.app import JourneyApp
from services.erasure import records_of

_TABLES = {table.name: table for table in ALL_TABLES}


@dataclass
class RestoreReport:
    header: Header
    rows: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # read tables the target already had
    erased_beneficiaries: int = 0
    keys_destroyed_again: int = 0
    register_lines_elsewhere: int = 0  # register lines written for other stores: not applied
    chain: Report | None = None
    seconds: float = 0.0


@dataclass
class Target:
    """The installation restored into: its store, key and read databases."""

    dialect: str
    store: Engine
    keys: Engine
    read: Engine
    snapshots: str | None

    def close(self) -> None:
        for engine in {id(e): e for e in (self.store, self.keys, self.read)}.values():
            engine.dispose()


def restore(
    path: Path,
    settings: Settings,
    *,
    registers: Sequence[Path] = (),
    force: bool = False,
    verifier: Verifier | None = None,
    progress: Callable[[int], None] = lambda _rows: None,  # rows loaded so far
) -> RestoreReport:
    began = time.perf_counter()
    if not path.is_file():
        raise BackupError(f"journey restore: {path} does not exist or is not a file")
    master = _master_keys(settings)
    erasures = [line for register in registers for line in read_register(register)]
    with path.open("rb") as file:
        header, digest = read_header(file, str(path))
        key = master_key_for(header, master, settings.master_key_file)
        report = RestoreReport(header)
        app = open_app(settings)
        target = _target(settings, app)
        try:
            tombstones = _check_empty(target, settings, force=force)
            chunks = plaintext_chunks(file, header, digest, key, str(path))
            loaded = frames(chunks, str(path))
            _load(target, loaded, report, force=force, settings=settings, progress=progress)
            registered = _for_this_store(erasures, store_fingerprint(app.recorder), report)
            _erase_again(app, target, registered | tombstones, report)
            blind_index_of(app).reset()  # rows of a replaced target must not outlive it
            if verifier is not None:
                report.chain = verify(
                    app.recorder, ChainStore(target.store), verifier, None, stream_checked=False
                )
        finally:
            target.close()
            app.close()
    report.seconds = time.perf_counter() - began
    return report


def _master_keys(settings: Settings) -> master_key.MasterKeys:
    path = settings.master_key_file
    if not path.exists():
        msg = (
            f"restore needs the master key file of the installation the backup was taken "
            f"from, and {path} does not exist: copy it there (mode 0600) or set "
            "JOURNEY_MASTER_KEY_FILE"
        )
        raise BackupError(msg)
    return master_key.load(path)


def _target(settings: Settings, app: JourneyApp) -> Target:
    dialect = "sqlite" if settings.database_url.startswith("sqlite") else "postgresql"
    recorder_table = getattr(app.recorder, "events_table_name", "")
    if recorder_table != events_table(dialect):
        msg = f"the store's events table is {recorder_table!r}, not {events_table(dialect)!r}"
        raise BackupError(msg)
    snapshots = None
    if app.snapshots is not None:
        snapshots = getattr(app.snapshots.recorder, "events_table_name", None)
    connect = settings.db_connect_timeout
    store = read_engine(settings.database_url, connect_timeout=connect)
    keys = keys_engine(settings.keys_url, connect) if dialect == "sqlite" else store
    same = settings.read_url == settings.database_url
    read = store if same else read_engine(settings.read_url, connect_timeout=connect)
    ChainStore(store)  # creates the chain's tables
    create_tables(identity, read)
    create_tables(access, read)
    return Target(dialect, store, keys, read, snapshots)


def _count(conn: Connection, table: str) -> int:
    return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())  # noqa: S608


def _check_empty(target: Target, settings: Settings, *, force: bool) -> set[UUID]:
    """The target's tombstoned keys; refuses a target holding history unless forced."""
    with target.store.connect() as store, target.keys.connect() as keys:
        found = {
            "events": _count(store, events_table(target.dialect)),
            "chain links": _count(store, chain_table.name),
            "data keys": _count(keys, data_keys.name),
        }
        tombstones = {
            UUID(row.record_id)
            for row in keys.execute(
                select(data_keys.c.record_id).where(data_keys.c.wrapped.is_(None))
            )
        }
    held = ", ".join(f"{count} {what}" for what, count in found.items() if count)
    if held and not force:
        msg = (
            f"the target installation {redacted(settings.database_url)} is not empty ({held}); "
            "restore refuses to overwrite it (stop its services and pass --force to replace "
            "its store and keys)"
        )
        raise BackupError(msg)
    return tombstones


def _load(
    target: Target,
    stream: Iterator[list[Any]],
    report: RestoreReport,
    *,
    force: bool,
    settings: Settings,
    progress: Callable[[int], None],
) -> None:
    """Everything in open transactions; committed only once the end frame matched
    (documents' contents are files or rows of their own store, written as they come)."""
    with ExitStack() as stack:
        documents = DocumentWriter(settings)
        stack.callback(documents.close)
        store = stack.enter_context(target.store.begin())
        keys = store if target.keys is target.store else stack.enter_context(target.keys.begin())
        read = store if target.read is target.store else stack.enter_context(target.read.begin())
        if force:
            _clear(target, store, keys)
            documents.clear()
        writers = _Writers(target, store, keys, read, report, documents=documents)
        writers.progress = progress
        _consume(stream, writers, report)
    if target.dialect == "postgresql":
        _advance_sequence(target.store)


def _clear(target: Target, store: Connection, keys: Connection) -> None:
    for table in (events_table(target.dialect), target.snapshots):
        if table:
            store.execute(text(f"DELETE FROM {table}"))  # noqa: S608
    store.execute(delete(chain_table))
    store.execute(delete(checkpoints_table))
    keys.execute(delete(data_keys))


def _consume(stream: Iterator[list[Any]], writers: _Writers, report: RestoreReport) -> None:
    section = ""
    for frame in stream:
        kind = frame[0]
        if kind == "section":
            section = writers.start(str(frame[1]))
        elif kind == "rows" and section:
            writers.write(section, frame[1])
        elif kind == "end":
            _check_counts(frame[1], report.rows)
            if next(stream, None) is not None:  # reading on also checks what follows the end
                raise BackupError("the backup holds frames after its closing frame")
            return
        else:
            raise BackupError(f"the backup holds an unexpected frame {kind!r}")
    raise BackupError("the backup's content ends without its closing frame")


def _check_counts(expected: dict[str, int], loaded: dict[str, int]) -> None:
    for name, count in expected.items():
        if loaded.get(name, 0) != count:
            msg = f"section {name}: the backup announced {count} rows but held {loaded.get(name)}"
            raise BackupError(msg)


class _Writers:
    """Inserts each section's rows on the connection of the database it belongs to."""

    def __init__(
        self,
        target: Target,
        store: Connection,
        keys: Connection,
        read: Connection,
        report: RestoreReport,
        *,
        documents: DocumentWriter,
    ) -> None:
        self.target = target
        self.report = report
        self.documents = documents
        self.conns = dict.fromkeys(_TABLES, store)
        self.conns.update({t.name: keys for t in KEY_TABLES})
        self.conns.update({t.name: read for t in READ_TABLES})
        self.conns[EVENTS] = store
        self.conns[DOCUMENTS] = store  # written by `documents`
        self.skip = {t.name for t in READ_TABLES if _has_rows(read, t.name)}
        self.progress: Callable[[int], None] = lambda _rows: None
        report.skipped = sorted(self.skip)

    def start(self, section: str) -> str:
        if section not in self.conns:
            raise BackupError(f"the backup holds an unknown section {section!r}")
        self.report.rows.setdefault(section, 0)
        return section

    def write(self, section: str, rows: list[list[Any]]) -> None:
        self.report.rows[section] += len(rows)
        self.progress(sum(self.report.rows.values()))
        if section in self.skip or not rows:
            return
        if section == DOCUMENTS:
            self.documents.write(rows)
            return
        conn = self.conns[section]
        if section == EVENTS:
            conn.execute(text(_insert_events(self.target.dialect)), [_event(r) for r in rows])
            return
        table = _TABLES[section]
        conn.execute(insert(table), [load_row(table, r) for r in rows])


def _has_rows(conn: Connection, table: str) -> bool:
    return _count(conn, table) > 0


def _event(row: list[Any]) -> dict[str, Any]:
    position, originator_id, version, topic, state = row
    return {"p": position, "o": originator_id, "v": version, "t": topic, "s": state}


def _insert_events(dialect: str) -> str:
    if dialect == "sqlite":
        return (
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) "
            "VALUES (:p, :o, :v, :t, :s)"
        )
    return (
        "INSERT INTO journey_events "
        "(notification_id, originator_id, originator_version, topic, state) "
        "VALUES (:p, CAST(:o AS uuid), :v, :t, :s)"
    )


def _advance_sequence(engine: Engine) -> None:
    """New events continue after the restored positions."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('journey_events', 'notification_id'), "
                "COALESCE(MAX(notification_id), 1), MAX(notification_id) IS NOT NULL) "
                "FROM journey_events"
            )
        )


# ---------------------------------------------------------------- erasure


def erased_beneficiaries(conn: Connection, dialect: str) -> list[UUID]:
    topic = get_topic(Beneficiary.PersonalDataErased)
    query = text(
        f"SELECT DISTINCT originator_id FROM {events_table(dialect)} WHERE topic = :topic"  # noqa: S608
    )
    return [UUID(str(row[0])) for row in conn.execute(query, {"topic": topic})]


def _for_this_store(erasures: list[Erasure], store: str, report: RestoreReport) -> set[UUID]:
    mine = {line.record_id for line in erasures if line.store == store}
    report.register_lines_elsewhere = sum(1 for line in erasures if line.store != store)
    return mine


def _erase_again(
    app: JourneyApp, target: Target, registered: set[UUID], report: RestoreReport
) -> None:
    """Tombstone the keys of erased records of this store (live keys, or none yet)."""
    with target.store.connect() as conn:
        beneficiaries = erased_beneficiaries(conn, target.dialect)
        known = _originators(conn, target.dialect)
    records = set()
    for beneficiary_id in beneficiaries:
        records |= records_of(app, app.load(Beneficiary, beneficiary_id))
    live, dead = _keys(target.keys)
    doomed = ((records | registered) & (known | live)) - dead
    keyring = getattr(app.mapper, "keyring", None)
    if not isinstance(keyring, Keyring):
        raise BackupError("the restored application has no key store to erase keys in")
    if doomed:
        keyring.destroy(doomed)
    report.erased_beneficiaries = len(beneficiaries)
    report.keys_destroyed_again = len(doomed)


def _originators(conn: Connection, dialect: str) -> set[UUID]:
    query = text(f"SELECT DISTINCT originator_id FROM {events_table(dialect)}")  # noqa: S608
    return {UUID(str(row[0])) for row in conn.execute(query)}


def _keys(engine: Engine) -> tuple[set[UUID], set[UUID]]:
    """The records with a live key, and those with a tombstone."""
    query = select(data_keys.c.record_id, data_keys.c.wrapped.is_(None).label("dead"))
    live: set[UUID] = set()
    dead: set[UUID] = set()
    with engine.connect() as conn:
        for row in conn.execute(query):
            (dead if row.dead else live).add(UUID(row.record_id))
    return live, dead
