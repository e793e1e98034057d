"""Documents' contents: sealed with their record's key, kept in a directory or a table.

- `cipher`: AES-GCM with the record's data key (adapters/privacy/keyring.py), bound to
  the record, the document's number and its content id;
- `sniff`: what a file is, from its magic bytes (the `filetype` library);
- `directory`: the embedded default's store, private files under the data dir;
- `database`: a table of the event store's database (PostgreSQL in production);
- `open_documents`: the service on the configured store (ADR 0023).
"""

from __future__ import annotations

from adapters.documents.cipher import KeyringCipher
from adapters.documents.database import DatabaseVault
from adapters.documents.directory import DirectoryVault
from adapters.documents.sniff import sniff
from adapters.privacy.keyring import Keyring
from adapters.settings import Settings
from adapters.store.read_database import keys_engine
from services.bus import CommandBus
from services.documents import DocumentService, DocumentVault

__all__ = ["open_documents", "open_vault"]


def open_vault(settings: Settings) -> DocumentVault:
    """The configured store: `auto` is a directory beside an SQLite store, else a table."""
    kind = settings.document_store
    if kind == "auto":
        kind = "directory" if settings.database_url.startswith("sqlite:///") else "database"
    if kind == "directory":
        return DirectoryVault(settings.document_dir)
    return DatabaseVault(keys_engine(_table_url(settings), settings.db_connect_timeout))


def _table_url(settings: Settings) -> str:
    """The event store's database (in memory for a `memory://` store)."""
    return "sqlite://" if settings.database_url.startswith("memory:") else settings.database_url


def open_documents(settings: Settings, bus: CommandBus, keyring: Keyring) -> DocumentService:
    return DocumentService(
        bus, open_vault(settings), KeyringCipher(keyring), sniff, settings.document_max_bytes
    )
