"""What a role may see of a record or an event: the one policy every read path uses.

It walks a value along the field classification (domain/classification.py) and
replaces every identifying field the role may not see by a stand-in, naming it
in `withheld` with the reason:

- PERSONAL fields (personal data, the guardian, every free text) go to roles with
  read:personal_data (services/access.py);
- SENSITIVE fields (a case note's text) go to roles that may read notes of the
  note's category;
- NON_IDENTIFYING fields go to every reader of the record.

Stand-ins: "withheld" for a text, one "withheld" per element of a list of texts,
null for anything else (personal data as a whole, a date of birth). A field the
classification does not know is withheld too (fail closed). Nulls are neither
shown nor withheld. `shown` names what identifying data the reader was shown, for
the access log: "personal" (personal data or the guardian), "free_text", or
"notes:<category>".

Used by the record views and as-of replay (adapters/http/routes/records.py), the
auditor's history export (adapters/audit/history_export.py) and `journey audit replay`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from domain.classification import (
    PERSON,
    SEALED_WHOLE,
    Entry,
    Field,
    Sensitivity,
    fields_of,
)
from domain.vocab import NoteCategory
from services.access import READ_PERSONAL_DATA, Role, allowed, may_read_note

WITHHELD = "withheld"  # what a withheld text reads as
UNCLASSIFIED = Field(Sensitivity.PERSONAL, "not classified: withheld until it is")
PERSONAL_SHOWN = "personal"
FREE_TEXT_SHOWN = "free_text"


@dataclass
class Disclosure:
    """What one walk withheld (path -> reason) and what identifying data it showed."""

    role: Role
    withheld: dict[str, str] = field(default_factory=dict)
    shown: set[str] = field(default_factory=set)

    def value(self, value: Any, path: str = "") -> Any:
        """`value` (a classified dataclass, or a list/tuple/dict of them) as the role may
        see it, of the same type; withheld fields are recorded under `path`."""
        if isinstance(value, list | tuple):
            items = [self.value(v, _join(path, str(i))) for i, v in enumerate(value)]
            return type(value)(items)
        if isinstance(value, dict):
            return {k: self.value(v, _join(path, _key(k))) for k, v in value.items()}
        entries = fields_of(type(value)) if dataclasses.is_dataclass(value) else None
        if entries is None:
            return value
        return dataclasses.replace(value, **self.fields(_fields(value), entries, path))

    def fields(
        self, values: dict[str, Any], entries: dict[str, Entry], path: str
    ) -> dict[str, Any]:
        """Each named field as the role may see it (an event's or a record's state)."""
        return {
            name: self._field(values, name, entries.get(name, UNCLASSIFIED), _join(path, name))
            for name, value in values.items()
        }

    def _field(self, values: dict[str, Any], name: str, entry: Entry, path: str) -> Any:
        value = values[name]
        if value is None:
            return None
        if isinstance(entry, type) and entry in SEALED_WHOLE:
            entry = PERSON
        if isinstance(entry, type):
            return self.value(value, path)
        category = values.get(entry.category_from) if entry.category_from else None
        entry, category = entry.for_sibling(category)
        if not self._may_see(entry, category):
            self.withheld[path] = entry.why
            return _stand_in(value)
        self._note_shown(entry, category)
        return value

    def _may_see(self, entry: Field, category: Any) -> bool:
        if entry.sensitivity is Sensitivity.NON_IDENTIFYING:
            return True
        if entry.sensitivity is Sensitivity.SENSITIVE:
            return may_read_note(self.role, NoteCategory(_plain(category)))
        return allowed(self.role, READ_PERSONAL_DATA)

    def _note_shown(self, entry: Field, category: Any) -> None:
        if entry.sensitivity is Sensitivity.SENSITIVE:
            self.shown.add(f"notes:{_plain(category)}")
        elif entry.sensitivity is Sensitivity.PERSONAL:
            self.shown.add(PERSONAL_SHOWN if entry is PERSON else FREE_TEXT_SHOWN)


def disclose_fields(
    values: dict[str, Any], cls: type[Any], role: Role
) -> tuple[dict[str, Any], Disclosure]:
    """The named fields of a classified type (an event's, or an aggregate's state) as
    `role` may see them, with what was withheld and shown."""
    disclosure = Disclosure(role)
    entries = fields_of(cls) or {}
    return disclosure.fields(values, entries, ""), disclosure


def aggregate_state(record: Any) -> dict[str, Any]:
    """A record's state by field name (leading underscores dropped, pending events left out)."""
    return {k.lstrip("_"): v for k, v in vars(record).items() if k != "_pending_events"}


def _fields(value: Any) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.init}


def _stand_in(value: Any) -> Any:
    if isinstance(value, str):
        return WITHHELD
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return type(value)(WITHHELD for _ in value)
    return None


def _plain(value: Any) -> str:
    return str(value.value if isinstance(value, Enum) else value)


def _key(key: Any) -> str:
    return _plain(key)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
