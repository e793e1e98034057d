"""A beneficiary's own data: the identifying data (`personal`, updated and erased) and
the exploitation profile.

Erasure (the right to be forgotten) records who, when, on which legal basis and under
which request reference; from then on the personal data and the guardian's name and
contact read as "[erased]" and nothing identifying can be recorded again.

A part of `Beneficiary` (domain/beneficiary.py), which names these events among its own
(stored as `Beneficiary.PersonalDataErased` and so on).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Protocol

from domain.base import JourneyAggregate
from domain.checks.person import clean_personal, unique
from domain.errors import InvalidInput, RuleViolated
from domain.values import ERASED, ERASED_PERSON, ExploitationProfile, Guardian, PersonalData
from domain.vocab import (
    ControlMethod,
    ErasureBasis,
    ExploitationType,
    RecruitmentMethod,
    RelationshipToTrafficker,
    Vulnerability,
)

REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,63}$")


class PersonState(Protocol):
    """A Beneficiary, as its personal-data commands see it."""

    personal: PersonalData
    guardian: Guardian | None
    exploitation: ExploitationProfile | None
    erased_on: date | None
    erasure_basis: ErasureBasis | None

    @property
    def PersonalDataUpdated(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def ExploitationProfileRecorded(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def PersonalDataErased(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    @property
    def erased(self) -> bool: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...

    def _require_not_erased(self, action: str) -> None: ...


class PersonalDataUpdated(JourneyAggregate.Event):
    personal: PersonalData

    def apply(self, b: PersonState) -> None:
        b.personal = self.personal


class ExploitationProfileRecorded(JourneyAggregate.Event):
    profile: ExploitationProfile

    def apply(self, b: PersonState) -> None:
        b.exploitation = self.profile


class PersonalDataErased(JourneyAggregate.Event):
    """The person's identifying data was erased (their keys are destroyed with it)."""

    legal_basis: ErasureBasis
    reference: str

    def apply(self, b: PersonState) -> None:
        b.personal = ERASED_PERSON
        if b.guardian is not None:
            b.guardian = replace(b.guardian, name=ERASED, contact=None)
        b.erased_on = self.timestamp.date()
        b.erasure_basis = self.legal_basis


class PersonalRecord:
    """The personal-data, exploitation-profile and erasure commands of a beneficiary."""

    def erase(
        self: PersonState, legal_basis: ErasureBasis, reference: str, *, actor: str, at: datetime
    ) -> None:
        """Erase the person's identifying data; `reference` names the request (no narrative)."""
        self._require_not_erased("erase the personal data")
        if not REFERENCE.fullmatch(reference):
            raise InvalidInput(
                "reference",
                "a request reference of 1-64 letters, digits and . / _ - "
                "(e.g. DPO-2026-014), not a narrative",
            )
        self._record(
            self.PersonalDataErased, actor, at, legal_basis=legal_basis, reference=reference
        )

    def update_personal_data(
        self: PersonState, personal: PersonalData, *, actor: str, at: datetime
    ) -> None:
        self._require_not_erased("update the personal data")
        cleaned = clean_personal(personal, at.date())
        if cleaned == self.personal:
            raise RuleViolated(
                f"{self.label} already has this personal data; nothing to update", rule="no_change"
            )
        self._record(self.PersonalDataUpdated, actor, at, personal=cleaned)

    def record_exploitation_profile(
        self: PersonState,
        types: tuple[ExploitationType, ...],
        control_methods: tuple[ControlMethod, ...] = (),
        recruitment_methods: tuple[RecruitmentMethod, ...] = (),
        relationship: RelationshipToTrafficker | None = None,
        vulnerabilities: tuple[Vulnerability, ...] = (),
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Record (or replace) the exploitation profile; at least one exploitation type."""
        if not types:
            raise InvalidInput("types", "name at least one type of exploitation")
        profile = ExploitationProfile(
            unique(types),
            unique(control_methods),
            unique(recruitment_methods),
            relationship,
            unique(vulnerabilities),
        )
        if profile == self.exploitation:
            raise RuleViolated(
                f"{self.label} already has this exploitation profile", rule="no_change"
            )
        self._record(self.ExploitationProfileRecorded, actor, at, profile=profile)

    def _require_not_erased(self: PersonState, action: str) -> None:
        if self.erased:
            raise RuleViolated(
                f"{self.label}'s personal data was erased on {self.erased_on}; cannot {action}",
                rule="personal_data_erased",
            )
