"""Partner organisations as records name them: by the registry's id, beside the name.

Every event that names a partner (a referral in or out, a sharing consent, a service
planned with a partner, an identification decision's organisation, a screening-out's
onward referral) carries `organisation_id` (the registry's, domain/organisation.py)
beside the name the registry gave it on that day. The id is what matches: sharing
consent with an organisation covers exactly that organisation, whatever it is called
later, and never another that happens to share a word of its name.

Events stored before the registry named partners by free text only. They are read
with an id found through `domain/reference/organisation_aliases.csv` (columns name,key:
a name as staff wrote it, and the registry key it means), matched after trimming and
without regard to case. A name no alias matches keeps no id: it stays visible as
"unregistered: <name>" and matches no registered organisation.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.organisation import organisation_id

ALIASES = Path(__file__).parent / "reference" / "organisation_aliases.csv"
UNREGISTERED = "unregistered"


def _fold(name: str) -> str:
    return name.strip().casefold()


@cache
def aliases() -> dict[str, str]:
    """The folded names of the alias file, each to its registry key."""
    with ALIASES.open(encoding="utf-8", newline="") as file:
        return {_fold(row["name"]): row["key"].strip() for row in csv.DictReader(file)}


def organisation_named(name: str | None) -> UUID | None:
    """The registered organisation a stored free-text name means, or None."""
    if name is None:
        return None
    key = aliases().get(_fold(name))
    return None if key is None else organisation_id(key)


def unregistered(name: str) -> str:
    """How a partner named only by free text is shown: 'unregistered: <name>'."""
    return f"{UNREGISTERED}: {name}"


def label(name: str, organisation: UUID | None) -> str:
    """The name as recorded, marked when it names no registered organisation."""
    return name if organisation is not None else unregistered(name)


def give_organisation(state: dict[str, Any], name_field: str) -> None:
    """Give a stored event's (or value's) state the `organisation_id` its name means."""
    found = organisation_named(state.get(name_field))
    state["organisation_id"] = None if found is None else str(found)


def upcast_organisation(name_field: str) -> Callable[[dict[str, Any]], None]:
    """An event's upcast giving it the id its free-text name (`name_field`) means."""

    def upcast(state: dict[str, Any]) -> None:
        give_organisation(state, name_field)

    return staticmethod(upcast)
