"""The one place that wires configuration to the application and its adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from adapters.audit.erasure_register import registered
from adapters.documents import open_documents
from adapters.privacy.blind_index import BlindIndex, blind_index_of
from adapters.privacy.keyring import Keyring
from adapters.privacy.master_key import load_or_create
from adapters.run.clock import kosovo_now
from adapters.settings import Settings, reflection_lengths, retention_rules, store_env
from adapters.store.codec import MsgspecMapper, MsgspecTranscoder
from adapters.store.postgres import ensure_postgres_schema, postgres_dsn
from adapters.store.read_database import keys_engine
from services.app import JourneyApp
from services.bus import CommandBus
from services.documents import DocumentService
from services.queries import Queries
from services.reflection_workflows import reflection_workflows
from services.retention_workflows import retention_workflows
from services.snapshots import SnapshotKeys
from services.workflows import WORKFLOWS

__all__ = ["Journey", "build", "ensure_postgres_schema", "open_app", "postgres_dsn"]


@dataclass
class Journey:
    """The wired system: the application, its command bus, its queries and documents."""

    app: JourneyApp
    bus: CommandBus
    queries: Queries
    documents: DocumentService | None = None  # documents' contents (ADR 0023)

    @property
    def names(self) -> BlindIndex:
        """The blind index of names (adapters/privacy/blind_index.py)."""
        return blind_index_of(self.app)

    def close(self) -> None:
        if self.documents is not None:
            self.documents.vault.close()
        self.app.close()


def build(
    settings: Settings | str, clock: Callable[[], datetime] = kosovo_now, **env: str
) -> Journey:
    """Everything on the configured store (tables created if absent); `env` as open_app's."""
    if isinstance(settings, str):
        settings = Settings.for_url(settings)
    app = open_app(settings, JourneyApp, **env)
    workflows = {
        **WORKFLOWS,
        **reflection_workflows(reflection_lengths(settings)),
        **retention_workflows(retention_rules(settings)),
    }
    bus = CommandBus(app, clock, workflows)
    try:
        documents = open_documents(settings, bus, _keyring_of(app))
    except BaseException:
        app.close()
        raise
    return Journey(app, bus, Queries(app), documents)


def open_app(
    settings: Settings | str, app_class: type[JourneyApp] = JourneyApp, **env: str
) -> JourneyApp:
    """The application on the configured store, its codec holding the data keys."""
    if isinstance(settings, str):
        settings = Settings.for_url(settings)
    located = settings  # narrowed, for the shredder below
    ensure_postgres_schema(settings.database_url, settings.db_connect_timeout)
    keyring = open_keyring(settings)
    timeout = {"POSTGRES_CONNECT_TIMEOUT": str(settings.db_connect_timeout)}
    try:
        names = BlindIndex(keyring)
        return app_class(
            env={**store_env(settings.database_url), **timeout, **env},
            mapper=MsgspecMapper(MsgspecTranscoder(), keyring=keyring),
            # erasure: the register, the keys, and the person's blind-index rows
            shredder=lambda recorder: names.forgetting(registered(keyring, located, recorder)),
            # snapshots tagged with a key derived from the master keys (ADR 43)
            snapshot_keys=SnapshotKeys.derived_from(keyring.master.keys),
        )
    except BaseException:
        keyring.close()
        raise


def open_keyring(settings: Settings) -> Keyring:
    keys = keys_engine(settings.keys_url, settings.db_connect_timeout)
    return Keyring(keys, load_or_create(settings.master_key_file))


def _keyring_of(app: JourneyApp) -> Keyring:
    """The data keys the application's codec seals with (documents use the same)."""
    mapper = app.mapper
    if not isinstance(mapper, MsgspecMapper) or mapper.keyring is None:
        msg = "this application's codec holds no data keys; documents cannot be sealed"
        raise TypeError(msg)
    return mapper.keyring
