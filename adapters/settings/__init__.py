"""Configuration: one typed `Settings`, built once at start-up.

Every setting (adapters.settings.schema.py, table in docs/settings.md) comes from, in
rising precedence: its default, the TOML file named by `--config FILE` or JOURNEY_CONFIG,
its environment variable (JOURNEY_<NAME>), and its command-line option (`--<name>`,
before the command). This module is the only one that reads the environment; a bad
value is a `ConfigError` naming the setting, the value and what is allowed, and
`journey` exits 2 with that one line. The children of `journey up` get their settings
in the environment, from `child_environment`.

JOURNEY_DATABASE_URL picks the event store:
  sqlite:///path/to/journey.db        embedded default (a file under the data dir)
  postgresql://user:pw@host:port/db   PostgreSQL through psycopg 3 with a pool;
                                      `?schema=NAME` keeps the tables in a schema
  memory://                           in-process, nothing persisted (tests, demos)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from adapters.file_modes import private_file
from adapters.settings.schema import FIELDS, Field
from adapters.settings.values import BadValue, Origins, Proxies, ReflectionDays
from domain.reflection import ReflectionBasis, ReflectionLengths
from domain.retention.policy import RetentionRules

DEFAULT_DATA_DIR = "journey-data"
CONFIG_ENV = "JOURNEY_CONFIG"
UNSET = Path()  # a path setting not given: derived from the store or the data dir
_PATHS = ("master_key_file", "chain_key", "erasure_log", "document_dir")
_LOCATED = ("database_url", "data_dir", "read_database_url", *_PATHS)


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Every setting, typed; the table of FIELDS says what each means."""

    database_url: str = ""
    data_dir: Path = Path(DEFAULT_DATA_DIR)
    read_database_url: str = ""
    nats_url: str = ""
    nats_stream: str = "JOURNEY_EVENTS"
    nats_prefix: str = "journey.events"
    nats_replicas: int = 1
    master_key_file: Path = UNSET
    chain_key: Path = UNSET
    erasure_log: Path = UNSET
    checkpoint_every: int = 1000
    checkpoint_seconds: float = 60.0
    checkpoint_stream: str = "JOURNEY_CHECKPOINTS"
    checkpoint_subject: str = "journey.checkpoints"
    trusted_proxies: Proxies = ()
    cors_origins: Origins = ()
    db_connect_timeout: int = 3
    db_statement_timeout: int = 5
    no_contact_days: int = 30  # issue 14: what is due (projections.due)
    reflection_days: ReflectionDays = ()
    retention_years_after_closure: int = 5  # issue 17: retention (domain/retention/policy.py)
    retention_years_after_majority: int = 5
    document_store: str = "auto"
    document_dir: Path = UNSET
    document_max_bytes: int = 10 * 1024 * 1024
    report_min_cell: int = 5  # issue 17: period reports' small-cell threshold
    session_idle_minutes: int = 15  # issue 18: a console session's idle limit
    stop_grace_seconds: int = 10  # journey up: how long children may take to stop
    log_format: str = "auto"  # issue 19: adapters/observability/logs.py
    log_level: str = "info"

    def __post_init__(self) -> None:
        derived = {
            "database_url": self.database_url or f"sqlite:///{self.data_dir / 'journey.db'}",
            "master_key_file": self._given(self.master_key_file) or self._default_master_key(),
            "chain_key": self._given(self.chain_key)
            or self.data_dir / "keys" / "chain-signing-key.pem",
            "erasure_log": self._given(self.erasure_log) or self.data_dir / "erasures.log",
            "document_dir": self._given(self.document_dir) or self.data_dir / "documents",
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)  # frozen: derived once, here

    @staticmethod
    def _given(path: Path) -> Path | None:
        return None if path == UNSET else path

    def _default_master_key(self) -> Path:
        url = self.database_url or f"sqlite:///{self.data_dir / 'journey.db'}"
        if url.startswith("sqlite:///"):  # the same file however it is opened
            return Path(url.removeprefix("sqlite:///")).with_name("master.key")
        return self.data_dir / "master.key"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings of this process's environment (or of `environ`), without options."""
        return load_settings(environ=environ)

    @classmethod
    def for_url(cls, database_url: str) -> Settings:
        """The environment's settings for another store URL (tests and scripts)."""
        return cls.from_env().located(database_url)

    def located(self, database_url: str, data_dir: Path | None = None) -> Settings:
        """These settings for another store: an SQLite store keeps its files beside it
        (its data dir, read models, keys), unless their paths were set explicitly."""
        kept = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _LOCATED}
        derived = Settings(self.database_url, self.data_dir)
        explicit = {n: getattr(self, n) for n in _PATHS if getattr(self, n) != getattr(derived, n)}
        if database_url.startswith("sqlite:///"):
            beside = Path(database_url.removeprefix("sqlite:///")).parent
            return Settings(database_url, data_dir or beside, **kept, **explicit)
        read = self.read_database_url
        return Settings(database_url, data_dir or self.data_dir, read, **kept, **explicit)

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


def load_settings(
    options: Mapping[str, str | None] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults < the --config/JOURNEY_CONFIG file < the environment < `options` (by name)."""
    env = os.environ if environ is None else environ
    given = {key: value for key, value in (options or {}).items() if value}
    texts = _from_file(given.get("config") or env.get(CONFIG_ENV, ""))
    for field in FIELDS:
        if env.get(field.env, ""):
            texts[field.name] = (env[field.env], "the environment")
        if given.get(field.name):
            texts[field.name] = (str(given[field.name]), f"the option {field.option}")
    by_name = {field.name: field for field in FIELDS}
    values = {name: _parsed(by_name[name], *texts[name]) for name in texts}
    return Settings(**values)


def _parsed(field: Field, text: str, source: str) -> Any:
    try:
        return field.kind(text)
    except BadValue as error:
        shown = error.item if error.item is not None else text
        msg = f"{field.env}: {shown!r} from {source} is not allowed; allowed: {error}"
        raise ConfigError(msg) from error


def _from_file(path: str) -> dict[str, tuple[str, str]]:
    if not path:
        return {}
    try:
        with Path(path).open("rb") as handle:
            table = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        msg = f"{CONFIG_ENV}: {path!r} is not allowed; allowed: a readable TOML file ({error})"
        raise ConfigError(msg) from error
    names = [field.name for field in FIELDS]
    texts = {}
    for key, value in table.items():
        if key not in names:
            msg = f"{CONFIG_ENV}: {key!r} in {path} is not allowed; allowed: {', '.join(names)}"
            raise ConfigError(msg)
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        texts[key] = (text, f"the file {path}")
    return texts


def environment_of(settings: Settings) -> dict[str, str]:
    """The settings as the environment variables that give them, every one explicit."""
    values = {field.name: getattr(settings, field.name) for field in fields(settings)}
    values["trusted_proxies"] = ",".join(str(network) for network in settings.trusted_proxies)
    values["cors_origins"] = ",".join(settings.cors_origins)
    values["reflection_days"] = ",".join(f"{b}={d}" for b, d in settings.reflection_days)
    return {field.env: str(values[field.name]) for field in FIELDS}


def child_environment(settings: Settings, **overrides: str) -> dict[str, str]:
    """The environment of a child process: ours, with every setting explicit (no file)."""
    inherited = {name: value for name, value in os.environ.items() if name != CONFIG_ENV}
    return {**inherited, **environment_of(settings), **overrides}


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


def chain_key_path(settings: Settings) -> Path:
    """Where the checkpoint signing key lives: JOURNEY_CHAIN_KEY, else under the data dir."""
    return settings.chain_key


def trusted_proxies(environ: Mapping[str, str]) -> Proxies:
    """JOURNEY_TRUSTED_PROXIES of `environ`: the reverse proxies in front of the API, as
    addresses or CIDR networks (`10.0.0.5, 10.0.1.0/24, ::1`); only their X-Forwarded-For
    is believed (adapters/http/forwarded.py). None by default: the peer is the client."""
    field = next(field for field in FIELDS if field.name == "trusted_proxies")
    proxies: Proxies = _parsed(field, environ.get(field.env, ""), "the environment")
    return proxies


def retention_rules(settings: Settings) -> RetentionRules:
    """The retention periods the settings give (domain/retention/policy.py)."""
    return RetentionRules(
        settings.retention_years_after_closure, settings.retention_years_after_majority
    )


def reflection_lengths(settings: Settings) -> ReflectionLengths:
    """The reflection period's days per legal basis: the statutory ones, with any
    `reflection_days` of the settings instead."""
    overrides = {ReflectionBasis(basis): days for basis, days in settings.reflection_days}
    return ReflectionLengths.statutory().overridden(overrides)
