"""The parsers of setting values: each turns a setting's text into its typed value, or
raises `BadValue` saying what is allowed (adapters/settings/schema.py names them per field).
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import urlsplit

from domain.reflection import STARTABLE
from domain.retention.policy import MAX_YEARS

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
