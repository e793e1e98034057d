"""Every setting of `journey`: its field, environment variable, option, allowed values.

`FIELDS` is the one list: adapters/settings/__init__.py builds `Settings` from it, and
docs/settings.md is generated from it (`python -m adapters.settings.table`, checked by a test).
A parser turns the text of a setting into its typed value or raises `BadValue` saying
what is allowed; adapters/settings/__init__.py names the setting and the value around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import urlsplit

from domain.reflection import STARTABLE
from domain.retention.policy import (
    DEFAULT_YEARS_AFTER_CLOSURE,
    DEFAULT_YEARS_AFTER_MAJORITY,
    MAX_YEARS,
)

MAX_REPLICAS = 5
MAX_REFLECTION_DAYS = 365
Proxies = tuple[IPv4Network | IPv6Network, ...]
Origins = tuple[str, ...]
ReflectionDays = tuple[tuple[str, int], ...]


class BadValue(ValueError):
    """A setting's text is not allowed; the message says what is (`item`: the bad part)."""

    def __init__(self, allowed: str, item: str | None = None) -> None:
        super().__init__(allowed)
        self.item = item


@dataclass(frozen=True)
class Field:
    name: str  # the Settings attribute, and the key in a --config file
    kind: Callable[[str], object]
    allowed: str
    default: str  # as the docs show it
    description: str

    @property
    def env(self) -> str:
        return f"JOURNEY_{self.name.upper()}"

    @property
    def option(self) -> str:
        return f"--{self.name.replace('_', '-')}"


def text(value: str) -> str:
    return value.strip()


def whole(least: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value.strip())
        except ValueError:
            number = least - 1
        if number < least:
            raise BadValue(f"a whole number of at least {least}")
        return number

    return parse


def retention_years(value: str) -> int:
    """Whole years 1 to MAX_YEARS (domain/retention/policy.py)."""
    years = whole(1)(value)
    if years > MAX_YEARS:
        raise BadValue(f"a whole number of years from 1 to {MAX_YEARS}")
    return years


def positive(value: str) -> float:
    try:
        number = float(value.strip())
    except ValueError:
        number = 0.0
    if not number > 0:
        raise BadValue("a number greater than 0")
    return number


def replicas(value: str) -> int:
    choices = [str(n) for n in range(1, MAX_REPLICAS + 1)]
    if value.strip() not in choices:
        raise BadValue(f"one of {', '.join(choices)}")
    return int(value)


def url_of(*schemes: str, example: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        value = value.strip()
        if value and urlsplit(value).scheme not in schemes:
            raise BadValue(f"a URL of scheme {', '.join(schemes)} (e.g. {example})")
        return value

    return parse


def nats_urls(value: str) -> str:
    value = value.strip()
    parts = [part.strip() for part in value.split(",")] if value else []
    for part in parts:
        split = urlsplit(part)
        if split.scheme not in ("nats", "tls", "ws", "wss") or not split.hostname:
            allowed = "nats://host:port, or a comma-separated list of them (a cluster)"
            raise BadValue(allowed, part)
    return ",".join(parts)


def directory(value: str) -> Path:
    path = Path(value.strip())
    if not value.strip() or path.is_file():
        raise BadValue("a directory (not an existing file)")
    return path


def optional_directory(value: str) -> Path:
    return directory(value) if value.strip() else Path()  # not given: derived


def one_of(*choices: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value.strip() not in choices:
            raise BadValue("one of " + ", ".join(choices))
        return value.strip()

    return parse


def file_path(value: str) -> Path:
    if not value.strip():
        return Path()  # not given: derived (adapters/settings/__init__.py)
    path = Path(value.strip())
    if path.is_dir():
        raise BadValue("a file's path (not a directory)")
    return path


def proxies(value: str) -> Proxies:
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ip_network(item, strict=False))
        except ValueError as error:
            allowed = "IP addresses or networks, comma-separated (e.g. 10.0.0.5, 10.0.1.0/24, ::1)"
            raise BadValue(allowed, item) from error
    return tuple(networks)


def origins(value: str) -> Origins:
    allowed = (
        "web origins, comma-separated, each scheme://host[:port] with no path "
        "(e.g. https://ui.pvpt.example, http://localhost:5173); not *"
    )
    found = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        split = urlsplit(item.lower())
        try:
            split.port  # noqa: B018 - raises ValueError on a malformed port
        except ValueError:
            raise BadValue(allowed, item) from None
        whole = split.scheme in ("http", "https") and split.hostname and not split.username
        if not whole or split.path or split.query or split.fragment or "*" in item:
            raise BadValue(allowed, item)
        found.append(item.lower())
    return tuple(found)


def reflection_days(value: str) -> ReflectionDays:
    """`kosovo_sop=90, law_on_foreigners=60`: days per legal basis (domain/reflection.py)."""
    bases = [basis.value for basis in STARTABLE]
    allowed = (
        f"basis=days pairs, comma-separated, each basis one of {', '.join(bases)} and days "
        f"1 to {MAX_REFLECTION_DAYS} (e.g. kosovo_sop=90, law_on_foreigners=60)"
    )
    pairs = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        basis, _, days = (part.strip() for part in item.partition("="))
        if basis not in bases or not days.isdigit():
            raise BadValue(allowed, item)
        if not 1 <= int(days) <= MAX_REFLECTION_DAYS:
            raise BadValue(allowed, item)
        pairs.append((basis, int(days)))
    return tuple(pairs)


STORE = url_of("sqlite", "postgresql", "postgres", "memory", example="sqlite:///journey.db")
READ = url_of("sqlite", "postgresql", "postgres", example="postgresql://host/db")

FIELDS = (
    Field(
        "data_dir",
        directory,
        "a directory",
        "`./journey-data`",
        "where the embedded default keeps its files",
    ),
    Field(
        "database_url",
        STORE,
        "`sqlite:///path.db`, `postgresql://user:pw@host:5432/db?schema=name&pool_size=5`, "
        "`memory://`",
        "`sqlite:///$JOURNEY_DATA_DIR/journey.db`",
        "the event store",
    ),
    Field(
        "read_database_url",
        READ,
        "`sqlite:///path.db`, `postgresql://…`",
        "the store's PostgreSQL, or `read.db` beside the SQLite store",
        "the read models' database",
    ),
    Field(
        "nats_url",
        nats_urls,
        "`nats://host:port`, comma-separated for a cluster",
        "an embedded nats-server started by `journey up`",
        "an external NATS",
    ),
    Field("nats_stream", text, "a stream name", "`JOURNEY_EVENTS`", "the event stream"),
    Field("nats_prefix", text, "a subject prefix", "`journey.events`", "its subjects' prefix"),
    Field("nats_replicas", replicas, f"1 to {MAX_REPLICAS}", "`1`", "its replicas"),
    Field(
        "master_key_file",
        file_path,
        "a file's path",
        "`master.key` beside the SQLite store / in the data dir, generated, mode 0600",
        "the master key that wraps the per-record data keys "
        "(keep it in your secret store, apart from backups)",
    ),
    Field(
        "chain_key",
        file_path,
        "a file's path (PEM)",
        "`keys/chain-signing-key.pem` under the data dir, generated",
        "the Ed25519 key that signs the hash chain's checkpoints",
    ),
    Field(
        "erasure_log",
        file_path,
        "a file's path",
        "`erasures.log` in the data dir",
        "the erasure register, one line per erased record",
    ),
    Field(
        "checkpoint_every",
        whole(1),
        "a whole number ≥ 1",
        "`1000`",
        "events between signed checkpoints",
    ),
    Field(
        "checkpoint_seconds",
        positive,
        "a number > 0",
        "`60`",
        "a checkpoint at the latest this many seconds after new events",
    ),
    Field(
        "checkpoint_stream",
        text,
        "a stream name",
        "`JOURNEY_CHECKPOINTS`",
        "the stream the signed checkpoints are published to",
    ),
    Field(
        "checkpoint_subject",
        text,
        "a subject",
        "`journey.checkpoints`",
        "the checkpoints' subject",
    ),
    Field(
        "trusted_proxies",
        proxies,
        "addresses or CIDR networks, comma-separated",
        "none: the header is ignored",
        "reverse proxies whose `X-Forwarded-For` names the client "
        "([deployment](deployment.md#behind-a-reverse-proxy))",
    ),
    Field(
        "cors_origins",
        origins,
        "exact origins `scheme://host[:port]`, comma-separated; not `*`",
        "none: no browser script of another origin may call the API",
        "web origins whose scripts may call the API from a browser (a staff UI served from "
        "another origin; [CORS](api.md#cors-calling-the-api-from-a-browser))",
    ),
    Field(
        "db_connect_timeout",
        whole(1),
        "whole seconds ≥ 1",
        "`3`",
        "seconds to connect to PostgreSQL, and to wait for a pooled connection, before a "
        "request is answered 503 ([health checks](deployment.md#health-checks))",
    ),
    Field(
        "db_statement_timeout",
        whole(0),
        "whole seconds ≥ 0 (`0`: no limit)",
        "`5`",
        "seconds one statement of the API may take, lock waits included",
    ),
    # issue 14: what is due
    Field(
        "no_contact_days",
        whole(1),
        "whole days ≥ 1",
        "`30`",
        "days without contact after which an open case's `no_contact` item is overdue; "
        "applied when the due list is read, no rebuild "
        "([due](read-models/due.md))",
    ),
    # issue 17, section 5: retention of personal data (docs/retention.md)
    Field(
        "retention_years_after_closure",
        retention_years,
        f"whole years 1 to {MAX_YEARS}",
        f"`{DEFAULT_YEARS_AFTER_CLOSURE}`",
        "whole calendar years a beneficiary's personal data is kept after the year of the "
        "last activity on their closed cases (or of their proceedings' outcome); it may be "
        "erased from the 1 January after; applied when the due list is read and when a "
        "retention batch is proposed or executed ([retention](retention.md))",
    ),
    Field(
        "retention_years_after_majority",
        retention_years,
        f"whole years 1 to {MAX_YEARS}",
        f"`{DEFAULT_YEARS_AFTER_MAJORITY}`",
        "for a person who was a minor when identified: whole calendar years their data is "
        "kept, at least, after the year they turned 18 ([retention](retention.md))",
    ),
    Field(
        "reflection_days",
        reflection_days,
        "`basis=days` pairs, comma-separated (e.g. `kosovo_sop=90, law_on_foreigners=60`); "
        f"days 1 to {MAX_REFLECTION_DAYS}",
        "the statutory lengths: `kosovo_sop=90`, `law_04_l_218=30`, `law_on_foreigners=30`, "
        "`coe_convention_art_13=30`",
        "the length of a reflection and recovery period per legal basis, where this "
        "installation's law or practice differs from the defaults "
        "([domain](domain.md#reflection-and-recovery-period))",
    ),
    # documents (issue 14, section 7; ADR 0023)
    Field(
        "document_store",
        one_of("auto", "directory", "database"),
        "`auto`, `directory`, `database`",
        "`auto`",
        "where documents' encrypted contents are kept: `directory` (files under "
        "`document_dir`), `database` (a table in the event store's database); `auto`: "
        "`database` on PostgreSQL, else `directory`",
    ),
    Field(
        "document_dir",
        optional_directory,
        "a directory",
        "`$JOURNEY_DATA_DIR/documents`",
        "the `directory` document store's directory",
    ),
    Field(
        "document_max_bytes",
        whole(1),
        "a whole number of bytes ≥ 1",
        "`10485760` (10 MiB)",
        "the largest document accepted (a larger upload is 413 `document-too-large`)",
    ),
    # period reports (issue 17; ADR 0034)
    Field(
        "report_min_cell",
        whole(2),
        "a whole number ≥ 2",
        "`5`",
        "the period reports' small-cell threshold: counts of people from 1 to this - 1 are "
        "suppressed, with secondary suppression ([reports](reports.md#disclosure-control))",
    ),
    Field(
        "session_idle_minutes",
        whole(1),
        "whole minutes ≥ 1",
        "`15`",
        "minutes without a request after which a console session ends (shared office "
        "computers; [sign-in](sign-in.md#the-consoles-session))",
    ),
    Field(
        "stop_grace_seconds",
        whole(1),
        "whole seconds ≥ 1",
        "`10`",
        "seconds `journey up` gives its processes, once told to stop, to exit by themselves "
        "before it kills them ([journey up](deployment.md#one-machine-journey-up))",
    ),
)
