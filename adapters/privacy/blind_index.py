"""The blind index: "is this person already known?" without a name kept in clear.

For each beneficiary it keeps HMAC-SHA256 tokens, under a key of its own, of the folded
words of their names (`domain/name_folding.py`) and of their birth year. A search folds
and keys the query the same way and compares tokens; the clear name exists only in the
memory of the process that registers or searches.

Where and how it is kept (ADR 17):
- The tokens are in `journey_blind_index`, beside the data keys (`keys.db` on SQLite,
  with secure delete; the store's schema on PostgreSQL): not in the read database
  analysts query, so equal tokens cannot be counted there.
- The index key is a random 32-byte key held like a data key: wrapped by the master key
  in `journey_data_keys` under a reserved record id. `journey keys rotate` replaces it
  by a new one and forgets every row (`renew_key`), so tokens left in old copies of the
  table (WAL, backups) cannot be tested with the new keys. A new key (rotated, or a store
  restored without it) makes the index rebuild itself from the store.
- It follows the event store's log itself, in the process that has the keys (workers
  have none): before every search it applies the beneficiary events stored since its
  position, so a search always sees every registration before it.
- Erasure: the erasing process removes the person's rows (`Forgetting`), and the
  erasure event removes them in every catch-up. A rebuild cannot bring them back: the
  erased personal data decodes as erased stand-ins, which have no tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, delete, select, update
from sqlalchemy.exc import IntegrityError

from adapters.privacy.blind_matching import NAME_KIND as NAME
from adapters.privacy.blind_matching import YEAR_KIND as YEAR
from adapters.privacy.blind_matching import (
    Candidate,
    InScope,
    NameQuery,
    candidates,
    everyone,
)
from adapters.privacy.keyring import Keyring, purge_remnants
from domain.beneficiary import Beneficiary
from domain.name_folding import name_tokens
from domain.values import ERASED_PERSON, PersonalData
from projections.ddl import create_tables
from services.app import JourneyApp, KeyShredder

INDEX_KEY_RECORD = UUID("00000000-0000-4000-8000-00000b11d1de")  # holds the index key
BATCH = 500  # store events read per catch-up transaction

metadata = MetaData()
index_rows = Table(
    "journey_blind_index",
    metadata,
    Column("beneficiary_id", String(36), primary_key=True),
    Column("token", String(64), primary_key=True, index=True),
    Column("kind", String(4), nullable=False),  # NAME or YEAR
)
index_state = Table(
    "journey_blind_index_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # one row: 1
    Column("position", Integer, nullable=False),  # the store position applied
    Column("key_id", String(16), nullable=False),  # the key the rows were made with
)
_READS = (Beneficiary.Registered, Beneficiary.PersonalDataUpdated, Beneficiary.PersonalDataErased)
_TOPICS = tuple(get_topic(cls) for cls in _READS)


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"pvpt-journey-blind-index:" + key).hexdigest()[:16]


def token(key: bytes, kind: str, value: str) -> str:
    """HMAC-SHA256(key, "name:" + word) or (key, "year:" + year), in hex."""
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def person_tokens(key: bytes, personal: PersonalData) -> dict[str, str]:
    """token -> kind, for a person's names and birth year (none once erased)."""
    if personal == ERASED_PERSON:
        return {}
    words = name_tokens(personal.given_name, personal.family_name)
    found = {token(key, NAME, word): NAME for word in words}
    if personal.birth_date is not None:
        found[token(key, YEAR, str(personal.birth_date.year))] = YEAR
    return found


class BlindIndex:
    """Keeps the tokens up to date from the store's log, and answers searches."""

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring
        self.engine = keyring.engine
        self._lock = threading.RLock()  # one catch-up at a time in this process
        create_tables(metadata, self.engine)
        self._ensure_state_row()

    def search(
        self, app: JourneyApp, query: NameQuery, in_scope: InScope = everyone
    ) -> list[Candidate]:
        """The beneficiaries the query may name, those in the caller's scope first, best
        first (blind_matching.py)."""
        self.catch_up(app)
        key = self._key()
        wanted = {token(key, NAME, word) for word in query.words}
        year = None if query.birth_year is None else token(key, YEAR, str(query.birth_year))
        with self.engine.connect() as conn:
            rows = conn.execute(_rows_of_those_sharing(wanted)).all()
        return candidates(query, _tokens_by_person(rows), wanted, year, in_scope)

    def catch_up(self, app: JourneyApp) -> int:
        """Apply the beneficiary events stored since the index's position; the new one.
        Events are read and decoded outside the write transaction (decoding reads the
        data keys from the same database)."""
        key = self._key()
        with self._lock:
            self._start_again_if_ahead(app)
            self._start_again_if_rekeyed(key_id(key))
            head = app.recorder.max_notification_id() or 0
            while (position := self._position()) < head:
                found = app.recorder.select_notifications(
                    position + 1, BATCH, stop=head, topics=_TOPICS
                )
                people = [_tokens_of(key, app.mapper.to_domain_event(n)) for n in found]
                moved = found[-1].id if len(found) == BATCH else head
                with self.engine.begin() as conn:
                    removed = 0
                    if self._claim(conn) == position:  # else: another process was quicker
                        removed = _write(conn, people)
                        conn.execute(update(index_state).values(position=moved))
                if removed:  # a name changed or was erased: its old tokens leave the files
                    purge_remnants(self.engine, index_rows.name)
            return position

    def rebuild(self, app: JourneyApp) -> int:
        """Forget every row and apply the whole log again; the position reached."""
        self.reset()
        return self.catch_up(app)

    def reset(self) -> None:
        """Forget every row; the next catch-up applies the whole log (after a restore)."""
        with self._lock, self.engine.begin() as conn:
            conn.execute(delete(index_rows))
            conn.execute(update(index_state).values(position=0))
        purge_remnants(self.engine, index_rows.name)

    def renew_key(self) -> str:
        """A new random index key in place of the old one, and every row made with the
        old one forgotten (`journey keys rotate`); the next catch-up applies the whole
        log under the new key. The new key's id."""
        new = key_id(self.keyring.renew(INDEX_KEY_RECORD))
        with self._lock, self.engine.begin() as conn:
            self._claim(conn)
            conn.execute(delete(index_rows))
            conn.execute(update(index_state).values(position=0, key_id=new))
        purge_remnants(self.engine, index_rows.name)
        return new

    def forget(self, record_ids: Collection[UUID]) -> None:
        """Remove the rows of these records (the beneficiary's among them) for good."""
        ids = [str(record_id) for record_id in record_ids]
        with self._lock, self.engine.begin() as conn:
            conn.execute(delete(index_rows).where(index_rows.c.beneficiary_id.in_(ids)))
        purge_remnants(self.engine, index_rows.name)

    def forgetting(self, shredder: KeyShredder) -> Forgetting:
        """`shredder`, which also removes an erased person's rows from this index."""
        return Forgetting(shredder, self)

    def rows_of(self, beneficiary_id: UUID) -> int:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(index_rows.c.token).where(index_rows.c.beneficiary_id == str(beneficiary_id))
            )
            return len(found.all())

    # ------------------------------------------------------------- internals

    def _key(self) -> bytes:
        return self.keyring.sealing_key(INDEX_KEY_RECORD)

    def _ensure_state_row(self) -> None:
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(index_state.c.id)).first() is None:
                    conn.execute(index_state.insert().values(id=1, position=0, key_id=""))
        except IntegrityError:  # another process inserted it first
            pass

    def _claim(self, conn: Connection) -> int:
        """Lock the state row (a write comes first: other catch-ups wait for this one);
        the position."""
        conn.execute(update(index_state).values(position=index_state.c.position))
        return int(conn.execute(select(index_state.c.position)).scalar_one())

    def _start_again_if_ahead(self, app: JourneyApp) -> None:
        """An index ahead of its store (restored from an older backup) starts again. The
        store's head is read after the position: in a healthy system it is never lower."""
        position = self._position()
        if position > (app.recorder.max_notification_id() or 0):
            self.reset()

    def _start_again_if_rekeyed(self, current_key: str) -> None:
        """Rows made with another key (a store restored without it) match nothing: they
        go, and the whole log is applied again under the current key."""
        if self._made_with() == current_key:
            return
        with self.engine.begin() as conn:
            self._claim(conn)
            if conn.execute(select(index_state.c.key_id)).scalar_one() == current_key:
                return  # another process started again meanwhile
            conn.execute(delete(index_rows))
            conn.execute(update(index_state).values(position=0, key_id=current_key))
        purge_remnants(self.engine, index_rows.name)

    def _position(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(index_state.c.position)).scalar_one())

    def _made_with(self) -> str:
        """The id of the key the rows were made with."""
        with self.engine.connect() as conn:
            return str(conn.execute(select(index_state.c.key_id)).scalar_one())


def _tokens_of(key: bytes, event: object) -> tuple[str, dict[str, str]]:
    """The beneficiary of a stored event and its tokens from now on (none once erased)."""
    beneficiary = str(getattr(event, "originator_id"))  # noqa: B009 - every stored event has one
    if isinstance(event, Beneficiary.Registered | Beneficiary.PersonalDataUpdated):
        return beneficiary, person_tokens(key, event.personal)
    return beneficiary, {}


def _write(conn: Connection, people: list[tuple[str, dict[str, str]]]) -> int:
    """Replace each beneficiary's rows by their tokens, in log order; how many rows
    were deleted."""
    removed = 0
    for beneficiary, tokens in people:
        gone = conn.execute(delete(index_rows).where(index_rows.c.beneficiary_id == beneficiary))
        removed += gone.rowcount
        if tokens:
            rows = [
                {"beneficiary_id": beneficiary, "token": t, "kind": k} for t, k in tokens.items()
            ]
            conn.execute(index_rows.insert(), rows)
    return removed


def _rows_of_those_sharing(wanted: set[str]) -> Any:
    """Every row of every beneficiary who has one of the wanted name tokens."""
    sharing = select(index_rows.c.beneficiary_id).where(index_rows.c.token.in_(wanted))
    return select(index_rows).where(index_rows.c.beneficiary_id.in_(sharing))


def _tokens_by_person(rows: Iterable[Any]) -> dict[UUID, dict[str, str]]:
    people: dict[UUID, dict[str, str]] = {}
    for row in rows:
        people.setdefault(UUID(row.beneficiary_id), {})[row.token] = row.kind
    return people


@dataclass(frozen=True)
class Forgetting:
    """A key shredder that first removes the erased person's rows from the index."""

    shredder: KeyShredder
    index: BlindIndex

    def destroy(self, record_ids: Collection[UUID]) -> None:
        self.index.forget(record_ids)
        self.shredder.destroy(record_ids)

    def close(self) -> None:
        self.shredder.close()


def blind_index_of(app: JourneyApp) -> BlindIndex:
    """The index an application was opened with (adapters/run/bootstrap.py)."""
    if not isinstance(app.shredder, Forgetting):
        msg = "this application was opened without a blind index (no key store)"
        raise RuntimeError(msg)
    return app.shredder.index
