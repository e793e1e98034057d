"""The names partners are shown by on the read paths that read records from the store.

A record keeps the registry's name of the day it named a partner (a referral, a
consent), and its id. Views of records (a case, a case file, a beneficiary's consents)
show the organisation's name as the registry has it NOW, read from the Organisation
record itself (the store, as the record being shown): a rename keeps identity, and the
same case reads the same organisation's current name in every view. A partner named
before the registry by a name no alias matched shows as "unregistered: <name>".
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol, TypeVar
from uuid import UUID

from domain.errors import RecordNotFound
from domain.organisation import Organisation
from domain.partners import unregistered
from services.app import JourneyApp


class NamesAPartner(Protocol):
    @property
    def partner(self) -> str | None: ...

    @property
    def organisation_id(self) -> UUID | None: ...


N = TypeVar("N", bound=NamesAPartner)


class PartnerNames:
    """Current names of registered organisations, each looked up once per view."""

    def __init__(self, app: JourneyApp) -> None:
        self.app = app
        self.known: dict[UUID, str] = {}

    def name(self, recorded: str, organisation_id: UUID | None) -> str:
        """The registry's current name; the recorded one marked when it names none."""
        if organisation_id is None:
            return unregistered(recorded)
        if organisation_id not in self.known:
            self.known[organisation_id] = self._current(organisation_id, recorded)
        return self.known[organisation_id]

    def shown(self, value: N) -> N:
        """`value` (a referral, a consent) with its partner as shown now."""
        if value.partner is None:
            return value
        return replace(value, partner=self.name(value.partner, value.organisation_id))  # type: ignore[type-var]

    def _current(self, organisation_id: UUID, recorded: str) -> str:
        try:
            return self.app.load(Organisation, organisation_id).display_name
        except RecordNotFound:  # named by an alias the registry has not registered yet
            return recorded
