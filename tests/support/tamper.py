"""Tampering with a stored history the way an intruder with database access would:
raw SQL against the library's events table (SQLite `stored_events`, positions in
`rowid`; PostgreSQL `journey_events`, positions in `notification_id`) and
against the chain's own tables."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psycopg
from eventsourcing.persistence import Notification

from adapters.audit.chain import GENESIS, links
from adapters.audit.chain_tables import Checkpoint
from adapters.audit.signing_key import Signer


class RawStore:
    """One connection, autocommitting each statement batch, to the store's database."""

    def __init__(self, database_url: str) -> None:
        self.sqlite = database_url.startswith("sqlite")
        if self.sqlite:
            self.conn: Any = sqlite3.connect(database_url.removeprefix("sqlite:///"))
            self.events, self.position = "stored_events", "rowid"
        else:
            parts = urlsplit(database_url)
            schema = parse_qs(parts.query)["schema"][0]
            dsn = parts._replace(query="").geturl()
            self.conn = psycopg.connect(dsn, options=f"-c search_path={schema}")
            self.events, self.position = "journey_events", "notification_id"
        self.mark = "?" if self.sqlite else "%s"

    def close(self) -> None:
        self.conn.close()

    def run(self, statement: str, *params: object) -> list[tuple[Any, ...]]:
        cursor = self.conn.execute(statement.replace("?", self.mark), params)
        rows = list(cursor.fetchall()) if cursor.description else []
        self.conn.commit()
        return rows

    # ------------------------------------------------------------------ events

    def state(self, position: int) -> bytes:
        (row,) = self.run(f"SELECT state FROM {self.events} WHERE {self.position} = ?", position)
        return bytes(row[0])

    def flip_byte(self, position: int) -> None:
        state = bytearray(self.state(position))
        state[len(state) // 2] ^= 0x01
        self.run(
            f"UPDATE {self.events} SET state = ? WHERE {self.position} = ?", bytes(state), position
        )

    def delete(self, position: int) -> None:
        self.run(f"DELETE FROM {self.events} WHERE {self.position} = ?", position)

    def swap(self, first: int, second: int) -> None:
        self._move(first, -1)
        self._move(second, first)
        self._move(-1, second)

    def insert_shifting(self, position: int) -> None:
        """Move every event from `position` on up by one; put a forged event there."""
        self.run(
            f"UPDATE {self.events} SET {self.position} = -{self.position} - 1 "
            f"WHERE {self.position} >= ?",
            position,
        )
        self.run(
            f"UPDATE {self.events} SET {self.position} = -{self.position} WHERE {self.position} < 0"
        )
        self.insert_forged(position)

    def insert_forged(self, position: int) -> None:
        """A plausible event (a copy of the next one's topic and state) at a free position."""
        (topic, state) = self.run(
            f"SELECT topic, state FROM {self.events} WHERE {self.position} > ? "
            f"ORDER BY {self.position} LIMIT 1",
            position,
        )[0]
        forged = uuid.uuid4()
        self.run(
            f"INSERT INTO {self.events} "
            f"(originator_id, originator_version, topic, state, {self.position}) "
            "VALUES (?, ?, ?, ?, ?)",
            forged.hex if self.sqlite else forged,
            1,
            topic,
            bytes(state),
            position,
        )

    def _move(self, source: int, target: int) -> None:
        self.run(
            f"UPDATE {self.events} SET {self.position} = ? WHERE {self.position} = ?",
            target,
            source,
        )

    def notifications(self) -> list[Notification]:
        rows = self.run(
            f"SELECT {self.position}, originator_id, originator_version, topic, state "
            f"FROM {self.events} ORDER BY {self.position}"
        )
        return [
            Notification(
                id=row[0],
                originator_id=uuid.UUID(str(row[1])),
                originator_version=row[2],
                topic=row[3],
                state=bytes(row[4]),
            )
            for row in rows
        ]

    # ------------------------------------------------------- the chain's tables

    def rewrite_chain(self) -> None:
        """Recompute every per-position hash from the (tampered) events and store it."""
        self.run("DELETE FROM journey_chain")
        for link in links(GENESIS, self.notifications()):
            self.conn.execute(
                f"INSERT INTO journey_chain (position, hash) VALUES ({self.mark}, {self.mark})",
                (link.position, link.hash),
            )
        self.conn.commit()

    def resign_checkpoints(self, signer: Signer) -> None:
        """Replace every stored checkpoint with one over the rewritten chain, signed."""
        chain = {k.position: k.hash for k in links(GENESIS, self.notifications())}
        rows = self.run("SELECT position, signed_at FROM journey_checkpoints")
        for position, signed_at in rows:
            unsigned = Checkpoint(position, chain[position], signed_at, signer.verifier.key_id)
            signature = signer.sign(unsigned.message())
            self.run(
                "UPDATE journey_checkpoints SET chain_hash = ?, key_id = ?, signature = ? "
                "WHERE position = ?",
                unsigned.chain_hash,
                unsigned.key_id,
                signature,
                position,
            )

    def alter_checkpoint(self, position: int, chain_hash: bytes) -> None:
        self.run(
            "UPDATE journey_checkpoints SET chain_hash = ? WHERE position = ?", chain_hash, position
        )

    def checkpoint_positions(self) -> Sequence[int]:
        return [r[0] for r in self.run("SELECT position FROM journey_checkpoints ORDER BY 1")]


@contextmanager
def raw_store(database_url: str) -> Iterator[RawStore]:
    store = RawStore(database_url)
    try:
        yield store
    finally:
        store.close()
