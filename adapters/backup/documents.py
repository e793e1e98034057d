"""Documents' contents in a backup: the section `documents`, one row per content,
`[content id, sealed bytes]` (adapters/documents/, ADR 0023).

The contents go into the backup as stored: sealed with their records' data keys (and
then encrypted again with the backup's key), so a restored document opens only with
the restored keys, and one whose keys were destroyed stays unreadable. One content per
frame: a document may be megabytes.

Consistency: on PostgreSQL with the `database` store the rows are read in the
backup's own snapshot transaction, with the events that name them. Elsewhere (the
directory store) they are read after the store's copy; a content is stored before
the event that names it, so every document an event in the backup names is there,
unless it was removed meanwhile (its removal is then not in the backup either: the
restored document reads as missing until removed again).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, delete, inspect, select

from adapters.documents import open_vault
from adapters.documents.database import DatabaseVault, documents
from adapters.settings import Settings
from services.documents import DocumentVault

DOCUMENTS = "documents"


def document_rows(settings: Settings, store: Connection, dialect: str) -> Iterator[list[list[Any]]]:
    """Batches of one `[content id, sealed]` row each."""
    vault = open_vault(settings)
    try:
        if isinstance(vault, DatabaseVault) and dialect == "postgresql":
            yield from _rows_in_snapshot(store)
            return
        for content_id in vault.content_ids():
            sealed = vault.get(content_id)
            if sealed is not None:
                yield [[str(content_id), sealed]]
    finally:
        vault.close()


def _rows_in_snapshot(store: Connection) -> Iterator[list[list[Any]]]:
    if not inspect(store).has_table(documents.name):
        return
    query = select(documents.c.content_id, documents.c.sealed).order_by(documents.c.content_id)
    result = store.execution_options(stream_results=True).execute(query)
    for partition in result.partitions(1):
        yield [[str(row[0]), bytes(row[1])] for row in partition]


class DocumentWriter:
    """Puts restored contents into the target's document store."""

    def __init__(self, settings: Settings) -> None:
        self.vault: DocumentVault = open_vault(settings)

    def clear(self) -> None:
        """A forced restore replaces the target's documents too."""
        if isinstance(self.vault, DatabaseVault):
            with self.vault.engine.begin() as conn:
                conn.execute(delete(documents))
            return
        for content_id in list(self.vault.content_ids()):
            self.vault.delete(content_id)

    def write(self, rows: list[list[Any]]) -> None:
        for content_id, sealed in rows:
            self.vault.put(UUID(str(content_id)), bytes(sealed))

    def close(self) -> None:
        self.vault.close()
