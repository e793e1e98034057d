"""The registry of partner organisations as a file: the one shipped with the package
(domain/reference/organisations.toml) or one of an NGO's own, in the same format, and
its import into the store.

An import is idempotent: a key not yet registered is registered; a registered key whose
names differ in the file is renamed (it keeps its identity); a registered key whose names
are the same is left as it is. Nothing else of a registered organisation is changed by an
import (staff may have corrected its details since).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic

from domain import organisation_values as check
from domain.errors import InvalidInput
from domain.organisation import Organisation, OrganisationNames
from services.app import JourneyApp
from services.bus import CommandBus
from services.commands.organisation import RegisterOrganisation, RenameOrganisation
from services.organisations import find_organisation

SHIPPED = "organisations.toml"
_PAGE = 1000
DEFAULT_ACTIVE_FROM = date(2015, 1, 1)
IMPORT_REASON = "Registry import: the name in the registry file changed."
_NAMES = ("albanian", "serbian", "english")
_DETAILS = (
    "kind",
    "country",
    "municipality",
    "street",
    "city",
    "state",
    "postal_code",
    "phone",
    "latitude",
    "longitude",
    "htcds_type",
)


@dataclass
class ImportReport:
    """What an import did, by key."""

    registered: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def shipped_text() -> str:
    return resources.files("domain.reference").joinpath(SHIPPED).read_text(encoding="utf-8")


def read_registry(path: Path | None = None) -> list[RegisterOrganisation]:
    """The entries of a registry file (the shipped one when `path` is None), as commands."""
    text = shipped_text() if path is None else path.read_text(encoding="utf-8")
    return parse_registry(text)


def parse_registry(text: str) -> list[RegisterOrganisation]:
    """Every `[[organisation]]` of a registry file, each checked as registering it would be
    (so an import stores nothing from a file with one bad entry); InvalidInput naming the
    entry and the field."""
    try:
        entries = tomllib.loads(text).get("organisation", [])
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput("file", f"is not a registry file (TOML): {error}") from None
    commands = [_command(number, entry) for number, entry in enumerate(entries, start=1)]
    _unique([c.key for c in commands])
    return commands


def _command(number: int, entry: Mapping[str, Any]) -> RegisterOrganisation:
    where = f"organisation {number} ({entry.get('key', 'no key')})"
    unknown = set(entry) - {"key", "active_from", *_NAMES, *_DETAILS}
    if unknown:
        raise InvalidInput(where, f"has fields a registry entry has not: {sorted(unknown)}")
    body = {
        "key": entry.get("key"),
        "names": {k: entry[k] for k in _NAMES if k in entry},
        "details": {k: entry[k] for k in _DETAILS if k in entry},
        "active_from": entry.get("active_from", DEFAULT_ACTIVE_FROM),
    }
    try:
        command = msgspec.convert(body, RegisterOrganisation, builtin_types=(date,))
        check.key(command.key)
        check.names(command.names)
        check.details(command.details)
    except msgspec.ValidationError as error:
        raise InvalidInput(where, str(error)) from None
    except InvalidInput as error:  # checked before anything is imported: all or nothing
        raise InvalidInput(where, error.message) from None
    return command


def _unique(keys: Iterable[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise InvalidInput("key", f"{key!r} is in the file twice")
        seen.add(key)


def import_registry(
    bus: CommandBus, commands: Iterable[RegisterOrganisation], *, actor: str
) -> ImportReport:
    """Register what is new and rename what the file names otherwise (module docstring)."""
    report = ImportReport()
    for command in commands:
        existing = find_organisation(bus.app, command.key)
        if existing is None:
            bus.execute(None, command, actor=actor)
            report.registered.append(command.key)
        elif _names_differ(existing.names, command.names):
            rename = RenameOrganisation(names=command.names, reason=IMPORT_REASON)
            bus.execute(existing.id, rename, actor=actor)
            report.renamed.append(command.key)
        else:
            report.unchanged.append(command.key)
    return report


def _names_differ(stored: OrganisationNames, given: OrganisationNames) -> bool:
    """Compared as the domain keeps them (trimmed; blank is none)."""

    def kept(value: str | None) -> str | None:
        return (value or "").strip() or None

    return any(kept(getattr(stored, n)) != kept(getattr(given, n)) for n in _NAMES)


def registered_organisations(app: JourneyApp) -> list[Organisation]:
    """Every registered organisation, from the store (current), ordered by key."""
    topic = get_topic(Organisation.Registered)
    ids: list[UUID] = []
    start = 1
    while batch := app.recorder.select_notifications(start=start, limit=_PAGE, topics=[topic]):
        ids += [UUID(str(n.originator_id)) for n in batch]
        start = batch[-1].id + 1
    return sorted((app.load(Organisation, i) for i in ids), key=lambda o: o.key)
