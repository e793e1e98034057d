"""Backup and restore on both databases: a backup taken while commands are being
served restores into a fresh installation (same master key file) with the same
history up to its position, the same read models, a verifying hash chain and
readable personal data; erasures made after the backup stay erased; a damaged,
truncated or foreign backup is refused; the file reveals nothing in clear."""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import Notification
from psycopg import sql
from sqlalchemy import MetaData, select

from adapters.audit.chain_tables import ChainStore, store_engine
from adapters.audit.erasure_register import ErasureRegister, read_register, register_path
from adapters.audit.keeper import ChainKeeper, KeeperSettings
from adapters.audit.signing_key import Signer
from adapters.audit.verify import verify
from adapters.backup.create import take_backup
from adapters.backup.format import BackupError
from adapters.backup.restore import restore
from adapters.cli.main import main
from adapters.privacy import master_key
from adapters.privacy.keyring import data_keys
from adapters.run.bootstrap import Journey, build, open_keyring
from adapters.settings import Settings
from adapters.store.postgres import postgres_dsn
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import DocumentErased
from domain.values import ERASED
from domain.vocab import DocumentType, ErasureBasis, NoteCategory
from projections.model import Change
from projections.registry import read_models
from services.commands.beneficiary import ErasePersonalData
from services.commands.case import AddNote
from services.documents import Upload
from services.erasure import records_of
from tests.support.documents import pdf
from tests.support.factories import MANAGER, WORKER, open_case, register
from tests.support.projecting import changes, memory_engine

NOTE = "Met her brother Ilir at the bus station in Ferizaj"


@pytest.fixture
def target_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A fresh installation: a new SQLite data dir holding a copy of the master key file,
    or a new PostgreSQL schema (the tests' data dir, hence the same master key file)."""
    if database_url.startswith("sqlite"):
        restored = tmp_path / "restored"
        restored.mkdir()
        source = Settings.for_url(database_url).master_key_file
        master_key.load_or_create(source)  # the source's, before its first use
        shutil.copy2(source, restored / "master.key")
        yield f"sqlite:///{restored / 'journey.db'}"
        return
    schema = f"r_{uuid.uuid4().hex[:12]}"
    yield f"{database_url.split('?', maxsplit=1)[0]}?schema={schema}"
    with psycopg.connect(postgres_dsn(database_url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def master_of(url: str) -> master_key.MasterKeys:
    return master_key.load(Settings.for_url(url).master_key_file)


def backup(url: str, path: Path, **options: Any) -> int:
    return take_backup(Settings.for_url(url), path, master_of(url), **options).position


def row_of(n: Notification) -> tuple[Any, ...]:
    return (n.id, str(n.originator_id), n.originator_version, n.topic, bytes(n.state))


def log_of(journey: Journey, up_to: int) -> list[tuple[Any, ...]]:
    recorder = journey.app.recorder
    return [row_of(n) for n in recorder.select_notifications(1, 10**6, stop=up_to)]


def model_rows(batch: list[Change]) -> dict[str, dict[str, list[Any]]]:
    """Every read model built from scratch from these changes, as sorted rows."""
    engine = memory_engine()
    built = {}
    for name, model in read_models().items():
        metadata = MetaData()
        tables = model.define(metadata, 1)
        metadata.create_all(engine)
        with engine.begin() as conn:
            model.apply(conn, tables, batch)
            built[name] = {
                view: sorted(tuple(r) for r in conn.execute(select(t)))
                for view, t in tables.items()
            }
    engine.dispose()
    return built


class Traffic:
    """Commands issued from another thread, with the chain keeper following, until stopped."""

    def __init__(self, journey: Journey, keeper: ChainKeeper) -> None:
        self.journey, self.keeper = journey, keeper
        self.stop, self.done = threading.Event(), threading.Event()
        self.commands = 0
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        try:
            while not self.stop.is_set():
                case_id = open_case(self.journey, register(self.journey, f"Traffic{self.commands}"))
                self.journey.bus.execute(
                    case_id, AddNote(category=NoteCategory.GENERAL, text=NOTE), actor=WORKER
                )
                self.commands += 3
                self.keeper.step()
                if self.commands >= 30:
                    self.done.set()
        except BaseException as error:  # reported by the test
            self.error = error
            self.done.set()

    def __enter__(self) -> Traffic:
        self.thread.start()
        assert self.done.wait(120), "the traffic thread did not get going"
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(120)
        if self.error is not None:
            raise self.error


def keeper_for(journey: Journey, url: str, signer: Signer) -> ChainKeeper:
    store = ChainStore(store_engine(url))
    return ChainKeeper(journey.app.recorder, store, signer, KeeperSettings(every=7))


def test_a_backup_taken_while_serving_restores_the_same_history(
    database_url: str, target_url: str, tmp_path: Path
) -> None:
    signer = Signer(Ed25519PrivateKey.generate())
    source = build(database_url)
    drita = register(source, "Drita")
    keeper = keeper_for(source, database_url, signer)
    keeper.catch_up(checkpoint_now=True)
    try:
        with Traffic(source, keeper) as traffic:
            position = backup(database_url, tmp_path / "journey.backup")
            commands_at_backup = traffic.commands
            while traffic.commands < commands_at_backup + 6 and traffic.error is None:
                traffic.done.wait(0.05)
        expected_log = log_of(source, position)
        expected_models = model_rows([c for c in changes(source) if c.position <= position])
        assert (source.app.recorder.max_notification_id() or 0) > position  # served on
    finally:
        keeper.store.engine.dispose()
        source.close()

    report = restore(
        tmp_path / "journey.backup", Settings.for_url(target_url), verifier=signer.verifier
    )
    restored = build(target_url)
    try:
        assert report.header.position == position
        assert log_of(restored, 10**9) == expected_log
        assert model_rows(changes(restored)) == expected_models
        chain_engine = store_engine(target_url)
        chain = verify(
            restored.app.recorder,
            ChainStore(chain_engine),
            signer.verifier,
            None,
            stream_checked=False,
        )
        chain_engine.dispose()
        assert chain.intact, chain.problems
        assert chain.checkpoints_checked >= 2
        assert report.chain is not None
        assert report.chain.intact
        assert restored.app.load(Beneficiary, drita).personal.given_name == "Drita"
        register(restored, "Afterwards")  # the restored installation takes new commands
        assert (restored.app.recorder.max_notification_id() or 0) > position
    finally:
        restored.close()


def erase(journey: Journey, beneficiary_id: Any) -> None:
    command = ErasePersonalData(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-014")
    journey.bus.execute(beneficiary_id, command, actor=MANAGER)


def test_a_person_erased_after_the_backup_stays_erased_after_restoring_it(
    database_url: str, target_url: str, tmp_path: Path
) -> None:
    source = build(database_url)
    drita, arben = register(source, "Drita"), register(source, "Arben")
    open_case(source, drita)
    backup(database_url, tmp_path / "older.backup")
    records = records_of(source.app, source.app.load(Beneficiary, drita))
    erase(source, drita)
    source.close()
    register_file = register_path(Settings.for_url(database_url))
    assert records <= {line.record_id for line in read_register(register_file)}
    # Another installation's erasure of a record with the same (code-derived) id:
    ErasureRegister(register_file).append({arben}, datetime.now(UTC), "another-store")

    report = restore(
        tmp_path / "older.backup", Settings.for_url(target_url), registers=[register_file]
    )
    restored = build(target_url)
    keyring = open_keyring(Settings.for_url(target_url))
    try:
        assert report.erased_beneficiaries == 0  # the older backup's history predates it
        assert report.keys_destroyed_again == len(records)
        assert report.register_lines_elsewhere >= 1
        assert keyring.destroyed(records) == records
        assert restored.app.load(Beneficiary, drita).personal.given_name == ERASED
        assert restored.app.load(Beneficiary, arben).personal.given_name == "Arben"
        with keyring.engine.connect() as conn:
            wrapped = conn.execute(
                select(data_keys.c.wrapped).where(data_keys.c.record_id.in_(map(str, records)))
            ).all()
        assert wrapped
        assert all(row.wrapped is None for row in wrapped)
    finally:
        keyring.close()
        restored.close()


def test_restoring_an_older_backup_over_the_installation_keeps_its_erasures(
    database_url: str, tmp_path: Path
) -> None:
    source = build(database_url)
    drita = register(source, "Drita")
    open_case(source, drita)
    backup(database_url, tmp_path / "older.backup")
    erase(source, drita)
    records = records_of(source.app, source.app.load(Beneficiary, drita))
    source.close()

    settings = Settings.for_url(database_url)
    with pytest.raises(BackupError, match=r"is not empty .*--force"):
        restore(tmp_path / "older.backup", settings)
    report = restore(tmp_path / "older.backup", settings, force=True)
    restored = build(database_url)
    try:
        assert report.keys_destroyed_again == len(records)  # from the replaced key table
        assert restored.app.load(Beneficiary, drita).personal.given_name == ERASED
        assert not any(
            n.topic.endswith("PersonalDataErased")
            for n in restored.app.recorder.select_notifications(1, 10**6)
        )
    finally:
        restored.close()


def test_a_backup_taken_after_an_erasure_restores_it_erased(
    database_url: str, target_url: str, tmp_path: Path
) -> None:
    source = build(database_url)
    drita = register(source, "Drita")
    erase(source, drita)
    source.close()
    backup(database_url, tmp_path / "later.backup")
    report = restore(tmp_path / "later.backup", Settings.for_url(target_url))
    restored = build(target_url)
    try:
        assert report.erased_beneficiaries == 1
        assert restored.app.load(Beneficiary, drita).personal.given_name == ERASED
    finally:
        restored.close()


# ------------------------------------------------------------------ refusals


@pytest.fixture
def small_backup(database_url: str, tmp_path: Path) -> Path:
    """A backup of several 512-byte chunks."""
    source = build(database_url)
    for name in ("Drita", "Arben", "Vjosa", "Blerta"):
        case_id = open_case(source, register(source, name))
        source.bus.execute(case_id, AddNote(category=NoteCategory.GENERAL, text=NOTE), actor=WORKER)
    source.close()
    path = tmp_path / "small.backup"
    backup(database_url, path, chunk_bytes=512)
    return path


def damaged(path: Path, change: Any) -> Path:
    data = bytearray(path.read_bytes())
    copy = path.with_name("damaged.backup")
    copy.write_bytes(bytes(change(data)))
    return copy


def flip(data: bytearray, at: int) -> bytearray:
    data[at] ^= 0x01
    return data


def chunk_offsets(data: bytes) -> list[int]:
    """Where each chunk starts: after the header, u32 length + 12-byte nonce + ciphertext."""
    offset = 8 + 4 + int.from_bytes(data[8:12], "big")
    starts = []
    while offset < len(data):
        starts.append(offset)
        offset += 4 + 12 + int.from_bytes(data[offset : offset + 4], "big")
    return starts


def swap_first_chunks(data: bytearray) -> bytearray:
    first, second, third = chunk_offsets(bytes(data))[:3]
    return data[:first] + data[second:third] + data[first:second] + data[third:]


def cut_after_chunk(data: bytearray, index: int) -> bytearray:
    return data[: chunk_offsets(bytes(data))[index + 1]]


CASES = {
    "a flipped byte": (lambda d: flip(d, len(d) // 2), "fails authentication"),
    "an altered header": (lambda d: flip(d, 30), "damaged|fails authentication"),
    "reordered chunks": (swap_first_chunks, "chunk 0 fails authentication"),
    "cut mid-chunk": (lambda d: d[:-7], "truncated inside chunk"),
    "cut at a chunk boundary": (lambda d: cut_after_chunk(d, 1), "without the final chunk"),
    "bytes appended": (lambda d: d + b"\x00\x00\x00\x05more!", "after its final chunk"),
    "not a backup": (lambda d: bytearray(b"SQLite format 3\x00") + d, "not a journey backup"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_damaged_backup_is_refused_and_restores_nothing(
    case: str, small_backup: Path, target_url: str
) -> None:
    change, message = CASES[case]
    assert len(chunk_offsets(small_backup.read_bytes())) >= 4
    settings = Settings.for_url(target_url)
    with pytest.raises(BackupError, match=message):
        restore(damaged(small_backup, change), settings)
    restored = build(target_url)
    try:
        assert restored.app.recorder.max_notification_id() in (None, 0)
    finally:
        restored.close()
    restore(small_backup, settings)  # the target was left empty: the intact file restores


def test_a_backup_is_refused_without_the_master_key_it_was_made_with(
    small_backup: Path, target_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other" / "master.key"
    master_key.write(other, master_key.MasterKeys((b"\x07" * master_key.KEY_BYTES,)))
    monkeypatch.setenv("JOURNEY_MASTER_KEY_FILE", str(other))
    with pytest.raises(BackupError, match=r"not in the master key file .*other/master\.key"):
        restore(small_backup, Settings.for_url(target_url))
    monkeypatch.setenv("JOURNEY_MASTER_KEY_FILE", str(tmp_path / "missing.key"))
    with pytest.raises(BackupError, match=r"missing\.key does not exist"):
        restore(small_backup, Settings.for_url(target_url))


def test_the_backup_file_holds_nothing_in_clear(database_url: str, tmp_path: Path) -> None:
    source = build(database_url)
    case_id = open_case(source, register(source, "Drita"))
    source.bus.execute(case_id, AddNote(category=NoteCategory.GENERAL, text=NOTE), actor=WORKER)
    source.close()
    backup(database_url, tmp_path / "journey.backup")
    data = (tmp_path / "journey.backup").read_bytes()
    keyring = open_keyring(Settings.for_url(database_url))
    with keyring.engine.connect() as conn:
        wrapped = [row.wrapped for row in conn.execute(select(data_keys.c.wrapped)) if row.wrapped]
    keyring.close()
    assert wrapped
    clear = [b"Drita", b"Hoxha", b"+38344123456", b"2002-05-17", b"Ilir", b"Ferizaj"]
    clear += [b"Beneficiary.Registered", b"sealed:v1:", *wrapped]
    assert [value for value in clear if value in data] == []
    assert (tmp_path / "journey.backup").stat().st_mode & 0o077 == 0


def use_installation(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """The environment an operator's `journey` command would see for this installation."""
    if url.startswith("sqlite"):
        monkeypatch.delenv("JOURNEY_DATABASE_URL", raising=False)
        monkeypatch.setenv("JOURNEY_DATA_DIR", str(Path(url.removeprefix("sqlite:///")).parent))
    else:
        monkeypatch.setenv("JOURNEY_DATABASE_URL", url)


def test_the_commands_back_up_and_restore(
    database_url: str,
    target_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = build(database_url)
    drita = register(source, "Drita")
    head = source.app.recorder.max_notification_id()
    source.close()
    file = tmp_path / "journey.backup"
    use_installation(monkeypatch, database_url)
    assert main(["backup", str(file)]) == 0
    assert f"up to position {head}" in capsys.readouterr().out
    assert main(["backup", str(file)]) == 2
    assert "already exists" in capsys.readouterr().err

    use_installation(monkeypatch, target_url)
    assert main(["restore", str(file)]) == 0
    out = capsys.readouterr().out
    assert f"{head} events" in out
    assert "journey audit verify" in out
    assert main(["restore", str(file)]) == 2
    assert "is not empty" in capsys.readouterr().err
    restored = build(target_url)
    try:
        assert restored.app.load(Beneficiary, drita).personal.given_name == "Drita"
    finally:
        restored.close()


# --- documents (issue 14, section 7) ----------------------------------------------------


def attach_pdf(journey: Journey, kind: type[Any], record_id: uuid.UUID, text: str) -> bytes:

    content = pdf(text)
    upload = Upload("consent.pdf", content, DocumentType.CONSENT_FORM, NoteCategory.GENERAL)
    assert journey.documents is not None
    journey.documents.attach(kind, record_id, upload, actor=WORKER)
    return content


def test_documents_travel_with_the_backup_and_stay_erased(
    database_url: str, target_url: str, tmp_path: Path
) -> None:

    source = build(database_url)
    drita, arben = register(source, "Drita"), register(source, "Arben")
    case = open_case(source, drita)
    of_case = attach_pdf(source, Case, case, "Drita's consent")
    of_arben = attach_pdf(source, Beneficiary, arben, "Arben's passport")
    erase(source, drita)
    source.close()
    backup(database_url, tmp_path / "with-documents.backup")

    report = restore(tmp_path / "with-documents.backup", Settings.for_url(target_url))
    restored = build(target_url)
    try:
        assert report.rows["documents"] == 2
        service = restored.documents
        assert service is not None
        arben_now = restored.app.load(Beneficiary, arben)
        assert service.download(arben_now, 1).content == of_arben
        with pytest.raises(DocumentErased):
            service.download(restored.app.load(Case, case), 1)
        assert of_case  # it was there before the erasure
    finally:
        restored.close()
