"""Configuration: one URL picks the event store.

JOURNEY_DATABASE_URL
  sqlite:///path/to/journey.db        embedded default (a file under the data dir)
  postgresql://user:pw@host:port/db   PostgreSQL through psycopg 3 with a pool;
                                      `?schema=NAME` keeps the tables in a schema
  memory://                           in-process, nothing persisted (tests, demos)
JOURNEY_DATA_DIR    where the embedded default keeps its files (./journey-data)
JOURNEY_READ_DATABASE_URL   the read models' database (default: see read_url)
JOURNEY_NATS_URL    an external NATS server (default: an embedded one)
JOURNEY_MASTER_KEY_FILE   the master key that wraps per-person data keys
                    (default: master.key in the data dir, generated, mode 0600)
JOURNEY_CHAIN_KEY   the Ed25519 private key (PEM) that signs the hash chain's
                    checkpoints (default: DATA_DIR/keys/chain-signing-key.pem,
                    generated on first use with mode 0600); see chain_key_path
JOURNEY_CHECKPOINT_EVERY    events between signed checkpoints (1000)
JOURNEY_CHECKPOINT_SECONDS  a checkpoint at the latest this long after new events (60)
JOURNEY_CHECKPOINT_STREAM   the JetStream stream of checkpoints (JOURNEY_CHECKPOINTS)
JOURNEY_CHECKPOINT_SUBJECT  its subject (journey.checkpoints)
JOURNEY_TRUSTED_PROXIES   reverse proxies whose X-Forwarded-For names the client
                    (comma-separated addresses or networks; none): see trusted_proxies
JOURNEY_DB_CONNECT_TIMEOUT, JOURNEY_DB_STATEMENT_TIMEOUT   how long PostgreSQL is
                    waited for (3 s, 5 s for the API): see adapters/store/timeouts.py
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from adapters.file_modes import private_file

DEFAULT_DATA_DIR = "journey-data"


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    read_database_url: str = ""
    nats_url: str = ""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        data_dir = Path(env.get("JOURNEY_DATA_DIR", DEFAULT_DATA_DIR))
        url = env.get("JOURNEY_DATABASE_URL") or f"sqlite:///{data_dir / 'journey.db'}"
        return cls(
            url, data_dir, env.get("JOURNEY_READ_DATABASE_URL", ""), env.get("JOURNEY_NATS_URL", "")
        )

    @classmethod
    def for_url(cls, database_url: str) -> Settings:
        """Settings for a store URL: an SQLite store keeps its files beside it."""
        settings = cls.from_env()
        if database_url.startswith("sqlite:///"):
            data_dir = Path(database_url.removeprefix("sqlite:///")).parent
            return cls(database_url, data_dir, nats_url=settings.nats_url)
        return cls(database_url, settings.data_dir, settings.read_database_url, settings.nats_url)

    @property
    def master_key_file(self) -> Path:
        explicit = os.environ.get("JOURNEY_MASTER_KEY_FILE", "")
        if explicit:
            return Path(explicit)
        if self.database_url.startswith("sqlite:///"):  # the same file however it is opened
            return Path(self.database_url.removeprefix("sqlite:///")).with_name("master.key")
        return self.data_dir / "master.key"

    @property
    def keys_url(self) -> str:
        """The data keys' database: `keys.db` beside an SQLite store, else the store's own."""
        if self.database_url.startswith("sqlite:///"):
            store = Path(self.database_url.removeprefix("sqlite:///"))
            return f"sqlite:///{store.with_name('keys.db')}"
        if self.database_url.startswith("memory:"):
            return "sqlite://"
        return self.database_url

    @property
    def read_url(self) -> str:
        """The read models' database: explicit, else beside the event store."""
        if self.read_database_url:
            return self.read_database_url
        if self.database_url.startswith("sqlite:///"):
            store = Path(self.database_url.removeprefix("sqlite:///"))
            return f"sqlite:///{store.with_name('read.db')}"
        return self.database_url


_CODEC = {
    "MAPPER_TOPIC": "adapters.store.codec:MsgspecMapper",
    "TRANSCODER_TOPIC": "adapters.store.codec:MsgspecTranscoder",
}


def store_env(database_url: str) -> dict[str, str]:
    """The eventsourcing environment for a database URL, with the msgspec codec."""
    scheme = urlsplit(database_url).scheme
    if scheme == "sqlite":
        return {**_CODEC, **_sqlite_env(database_url)}
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return {**_CODEC, **_postgres_env(database_url)}
    if scheme == "memory":
        return {**_CODEC, "PERSISTENCE_MODULE": "eventsourcing.popo"}
    msg = f"JOURNEY_DATABASE_URL: unsupported scheme {scheme!r} (use sqlite, postgresql, memory)"
    raise ConfigError(msg)


def _sqlite_env(url: str) -> dict[str, str]:
    path = url.removeprefix("sqlite:///")
    if not path or path == url:
        msg = f"JOURNEY_DATABASE_URL: {url!r} names no file (sqlite:///path/to/file.db)"
        raise ConfigError(msg)
    private_file(Path(path))  # 0600 before SQLite opens it: see adapters/file_modes.py
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": path,
        "SQLITE_LOCK_TIMEOUT": "10",
    }


def redacted(url: str) -> str:
    """The URL with any password replaced, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _postgres_env(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    dbname = unquote(parts.path.lstrip("/"))
    try:
        port = parts.port or 5432
    except ValueError as error:
        msg = f"JOURNEY_DATABASE_URL: the port of {redacted(url)!r} is not a number"
        raise ConfigError(msg) from error
    if not dbname or not parts.hostname:
        msg = f"JOURNEY_DATABASE_URL: {redacted(url)!r} needs a host and a database name"
        raise ConfigError(msg)
    query = parse_qs(parts.query)
    env = {
        "PERSISTENCE_MODULE": "adapters.store.pgstore:JourneyPostgresFactory",  # gives up fast
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname,
        "POSTGRES_PORT": str(port),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_POOL_SIZE": query.get("pool_size", ["5"])[0],
        "POSTGRES_MAX_OVERFLOW": query.get("max_overflow", ["10"])[0],
        "POSTGRES_LOCK_TIMEOUT": "5",
    }
    if "schema" in query:
        env["POSTGRES_SCHEMA"] = query["schema"][0]
    return env


def chain_key_path(settings: Settings, environ: dict[str, str] | None = None) -> Path:
    """Where the checkpoint signing key lives: JOURNEY_CHAIN_KEY, else under the data dir."""
    source = os.environ if environ is None else environ
    explicit = source.get("JOURNEY_CHAIN_KEY", "")
    return Path(explicit) if explicit else settings.data_dir / "keys" / "chain-signing-key.pem"


def trusted_proxies(
    environ: Mapping[str, str] | None = None,
) -> tuple[IPv4Network | IPv6Network, ...]:
    """JOURNEY_TRUSTED_PROXIES: the reverse proxies in front of the API, as addresses or
    CIDR networks (`10.0.0.5, 10.0.1.0/24, ::1`); only their X-Forwarded-For is believed
    (adapters/http/forwarded.py). None by default: the peer is the client."""
    source = os.environ if environ is None else environ
    networks = []
    for item in source.get("JOURNEY_TRUSTED_PROXIES", "").split(","):
        if not item.strip():
            continue
        try:
            networks.append(ip_network(item.strip(), strict=False))
        except ValueError as error:
            msg = (
                f"JOURNEY_TRUSTED_PROXIES: {item.strip()!r} is not an IP address or network "
                "(e.g. 10.0.0.5, 10.0.1.0/24, ::1)"
            )
            raise ConfigError(msg) from error
    return tuple(networks)
