"""Organisation: a partner in the registry (issue 15, section 1; docs/domain.md).

An organisation is known by a stable key ("iom-kosovo", "csw-prishtine"), and its id is
derived from the key (`organisation_id`), so the shipped registry, the demo and every
server agree on it without a lookup. A rename keeps the identity: the old names stay in
the history (`Renamed.previous`), and what referred to the organisation by id still
does. Its kind gives its HTCDS org_Type (`htcds_type`); it is active from one day,
can be deactivated on another and reactivated later (`is_active_on`). The day it becomes
active may be ahead, but not more than `AHEAD` months (a planned last day may be further).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from domain import checks
from domain import organisation_values as check
from domain.base import JourneyAggregate
from domain.checks import field_dates
from domain.errors import InvalidInput, RuleViolated
from domain.organisation_values import (
    HTCDS_TYPES,
    ActivePeriod,
    OrganisationDetails,
    OrganisationKind,
    OrganisationNames,
)
from domain.sequence import derived_id
from domain.vocab import OrganisationType

AHEAD = 12  # months: how far ahead an organisation's active_from may be

__all__ = [
    "ActivePeriod",
    "Organisation",
    "OrganisationDetails",
    "OrganisationKind",
    "OrganisationNames",
    "organisation_id",
]


def organisation_id(key: str) -> UUID:
    """The id of the organisation registered under `key`."""
    return derived_id(f"organisation:{key}")


class Organisation(JourneyAggregate):
    key: str
    names: OrganisationNames
    details: OrganisationDetails
    periods: list[ActivePeriod]

    def __init__(self) -> None:
        self.periods = []

    @property
    def label(self) -> str:
        return f"organisation {self.key}"

    @property
    def display_name(self) -> str:
        """The name staff see: Albanian, else English, else Serbian."""
        return self.names.display

    @property
    def kind(self) -> OrganisationKind:
        return self.details.kind

    @property
    def htcds_type(self) -> OrganisationType | None:
        """HTCDS org_Type: the one stated, else the kind's (None: HTCDS has none that fits)."""
        return self.details.htcds_type or HTCDS_TYPES[self.details.kind]

    @property
    def active_from(self) -> date:
        return self.periods[0].start

    @property
    def active_to(self) -> date | None:
        return self.periods[-1].end

    def is_active_on(self, day: date) -> bool:
        return any(period.covers(day) for period in self.periods)

    def require_active_on(self, day: date, field: str) -> None:
        """Refuse (rule organisation_inactive) naming `field` unless active on `day`."""
        if not self.is_active_on(day):
            raise RuleViolated(
                f"{field}: {self.display_name} ({self.label}) is not active on {day.isoformat()}",
                rule="organisation_inactive",
            )

    @staticmethod
    def require_new_key(key: str, existing: Organisation | None) -> None:
        """Refuse (rule already_registered) a key an organisation is registered under."""
        if existing is not None:
            raise RuleViolated(
                f"key: {key!r} is already registered, as {existing.display_name}",
                rule="already_registered",
            )

    # ----------------------------------------------------------------- events

    class Registered(JourneyAggregate.Created):
        key: str
        names: OrganisationNames
        details: OrganisationDetails
        active_from: date

        def apply(self, organisation: Organisation) -> None:
            organisation.key = self.key
            organisation.names = self.names
            organisation.details = self.details
            organisation.periods = [ActivePeriod(self.active_from)]

    class Renamed(JourneyAggregate.Event):
        names: OrganisationNames
        previous: OrganisationNames
        reason: str | None

        def apply(self, organisation: Organisation) -> None:
            organisation.names = self.names

    class DetailsChanged(JourneyAggregate.Event):
        details: OrganisationDetails

        def apply(self, organisation: Organisation) -> None:
            organisation.details = self.details

    class Deactivated(JourneyAggregate.Event):
        active_to: date
        reason: str | None

        def apply(self, organisation: Organisation) -> None:
            *earlier, current = organisation.periods
            organisation.periods = [*earlier, replace(current, end=self.active_to)]

    class Reactivated(JourneyAggregate.Event):
        active_from: date

        def apply(self, organisation: Organisation) -> None:
            organisation.periods = [*organisation.periods, ActivePeriod(self.active_from)]

    # --------------------------------------------------------------- commands

    @classmethod
    def register(
        cls,
        key: str,
        names: OrganisationNames,
        details: OrganisationDetails,
        active_from: date,
        *,
        actor: str,
        at: datetime,
    ) -> Organisation:
        key = check.key(key)
        organisation: Organisation = cls._start(
            cls.Registered,
            actor,
            at,
            id=organisation_id(key),
            key=key,
            names=check.names(names),
            details=check.details(details),
            active_from=field_dates.not_too_far_ahead("active_from", active_from, at, AHEAD),
        )
        return organisation

    def rename(
        self, names: OrganisationNames, reason: str | None = None, *, actor: str, at: datetime
    ) -> None:
        names = check.names(names)
        if names == self.names:
            raise RuleViolated(f"{self.label} already has these names", rule="no_change")
        reason = checks.optional_text("reason", reason)
        self._record(self.Renamed, actor, at, names=names, previous=self.names, reason=reason)

    def change_details(self, details: OrganisationDetails, *, actor: str, at: datetime) -> None:
        details = check.details(details)
        if details == self.details:
            raise RuleViolated(f"{self.label} already has these details", rule="no_change")
        self._record(self.DetailsChanged, actor, at, details=details)

    def deactivate(
        self, active_to: date, reason: str | None = None, *, actor: str, at: datetime
    ) -> None:
        if self.active_to is not None:
            raise RuleViolated(
                f"{self.label} is already deactivated from {self.active_to.isoformat()}",
                rule="already_deactivated",
            )
        start = self.periods[-1].start
        if active_to < start:
            raise InvalidInput(
                "active_to",
                f"{active_to.isoformat()} is before {start.isoformat()}, when {self.label} "
                "became active",
            )
        reason = checks.optional_text("reason", reason)
        self._record(self.Deactivated, actor, at, active_to=active_to, reason=reason)

    def reactivate(self, active_from: date, *, actor: str, at: datetime) -> None:
        last = self.active_to
        if last is None:
            raise RuleViolated(f"{self.label} is active", rule="not_deactivated")
        if active_from <= last:
            raise InvalidInput(
                "active_from",
                f"{active_from.isoformat()} is not after {last.isoformat()}, the last day "
                f"{self.label} was active",
            )
        field_dates.not_too_far_ahead("active_from", active_from, at, AHEAD)
        self._record(self.Reactivated, actor, at, active_from=active_from)
