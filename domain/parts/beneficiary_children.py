"""A beneficiary as a child: minor status on each day (from the birth date, the latest
age estimate or the age at identification: domain/children.py), age estimates, and
the guardian appointed for a minor (by whom, on which day, under which decision).

A part of `Beneficiary` (domain/beneficiary.py), which holds the events these commands
record.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Protocol

from domain import checks
from domain.checks import field_dates
from domain.checks.person import MAX_AGE
from domain.children import (
    AgeEstimate,
    GuardianAppointment,
    adult_from,
    adult_on_birthday,
    age_basis,
)
from domain.errors import InvalidInput, RuleViolated
from domain.local_time import local_date
from domain.values import Guardian, PersonalData
from domain.vocab import AgeBasis, AgeEstimateMethod, GuardianAppointedBy, GuardianKind

DECISION_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,63}$")
_AUTHORITIES = (GuardianAppointedBy.CENTRE_FOR_SOCIAL_WORK, GuardianAppointedBy.COURT)


class ChildState(Protocol):
    """A Beneficiary, as its child commands see it."""

    personal: PersonalData
    age_at_identification: int
    age_estimate: AgeEstimate | None
    guardian: Guardian | None
    guardian_appointment: GuardianAppointment | None

    @property
    def created_on(self) -> datetime: ...

    @property
    def AgeEstimated(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def GuardianAppointed(self) -> type[Any]: ...  # noqa: N802 -- the event class

    @property
    def label(self) -> str: ...

    @property
    def adult_on(self) -> date: ...

    def is_minor_on(self, day: date) -> bool: ...

    def _require_not_erased(self, action: str) -> None: ...

    def _record(self, event_class: type[Any], actor: str, at: datetime, **fields: Any) -> None: ...


class Children:
    """Minor status by day, age estimates and the guardian's appointment."""

    @property
    def age_basis(self: ChildState) -> AgeBasis:
        """What the day they turn 18 is derived from (domain/children.py)."""
        return age_basis(self.personal.birth_date, self.age_estimate)

    @property
    def adult_on(self: ChildState) -> date:
        """The day the person turns 18 (or turned 18): personal when from the birth date."""
        if self.personal.birth_date is not None:
            return adult_on_birthday(self.personal.birth_date)
        if self.age_estimate is not None:
            return adult_from(self.age_estimate.age_years, self.age_estimate.estimated_on)
        return adult_from(self.age_at_identification, local_date(self.created_on))

    def is_minor_on(self: ChildState, day: date) -> bool:
        """Whether the person is under 18 on `day`."""
        return day < self.adult_on

    def estimate_age(
        self: ChildState,
        age_years: int,
        method: AgeEstimateMethod,
        estimated_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Estimated on `estimated_on` (today when not stated); the latest estimate counts
        when no birth date is known."""
        if not 0 <= age_years <= MAX_AGE:
            raise InvalidInput("age_years", f"must be 0..{MAX_AGE}, got {age_years}")
        day = field_dates.stated("estimated_on", estimated_on, at)
        if self.age_estimate == AgeEstimate(age_years, method, day):
            raise RuleViolated(f"{self.label} already has this age estimate", rule="no_change")
        self._record(
            self.AgeEstimated, actor, at, age_years=age_years, method=method, estimated_on=day
        )

    def appoint_guardian(
        self: ChildState,
        guardian: Guardian,
        appointed_by: GuardianAppointedBy = GuardianAppointedBy.OTHER,
        appointed_on: date | None = None,
        reference: str | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """Appointed on `appointed_on` (today when not stated), while the person is a minor;
        a Centre for Social Work's or a court's decision names its `reference`."""
        self._require_not_erased("appoint a guardian")
        day = field_dates.stated("appointed_on", appointed_on, at)
        if not self.is_minor_on(day):
            raise RuleViolated(
                f"{self.label} is not a minor on {day}; only a minor has a guardian appointed",
                rule="not_a_minor",
            )
        cleaned = _cleaned(guardian)
        appointment = GuardianAppointment(appointed_by, day, _reference(appointed_by, reference))
        if self.guardian == cleaned and _same_decision(self.guardian_appointment, appointment):
            raise RuleViolated(f"{self.label} already has this guardian", rule="no_change")
        self._record(
            self.GuardianAppointed,
            actor,
            at,
            guardian=cleaned,
            appointed_by=appointment.appointed_by,
            appointed_on=appointment.appointed_on,
            reference=appointment.reference,
        )


def _same_decision(current: GuardianAppointment | None, new: GuardianAppointment) -> bool:
    """The same appointer and decision number (the day restated or not)."""
    return current is not None and (current.appointed_by, current.reference) == (
        new.appointed_by,
        new.reference,
    )


def _cleaned(guardian: Guardian) -> Guardian:
    return replace(
        guardian,
        name=checks.text("guardian.name", guardian.name),
        contact=checks.optional_text("guardian.contact", guardian.contact, max_length=200),
    )


def _reference(appointed_by: GuardianAppointedBy, reference: str | None) -> str | None:
    """The decision's number: required of an authority's decision, optional otherwise."""
    if reference is None:
        if appointed_by in _AUTHORITIES:
            raise InvalidInput(
                "reference", f"a guardian appointed by the {appointed_by} has a decision number"
            )
        return None
    if not DECISION_REFERENCE.fullmatch(reference):
        raise InvalidInput(
            "reference", "a decision number of 1-64 letters, digits and . / _ - (QPS-PR-2026-041)"
        )
    return reference


def v1_appointed_by(kind: str) -> str:
    """Who appointed a guardian recorded before appointments were: the Centre for Social
    Work for an appointed legal guardian, as GuardianKind says; `other` for the rest."""
    if kind == GuardianKind.APPOINTED_LEGAL_GUARDIAN.value:
        return GuardianAppointedBy.CENTRE_FOR_SOCIAL_WORK.value
    return GuardianAppointedBy.OTHER.value


def upcast_snapshot_v1_v2(state: dict[str, Any]) -> None:
    """A beneficiary's snapshot taken before: no age estimate; a guardian's appointment as
    GuardianAppointed's upcast reads it, dated the snapshot's last change."""
    state["age_estimate"] = None
    guardian = state.get("guardian")
    if guardian is None:
        state["guardian_appointment"] = None
        return
    state["guardian_appointment"] = {
        "appointed_by": v1_appointed_by(guardian["kind"]),
        "appointed_on": field_dates.recorded_day({"timestamp": state["_modified_on"]}),
        "reference": None,
    }


def upcast_guardian_appointed_v1_v2(state: dict[str, Any]) -> None:
    """GuardianAppointed stored before: appointed by the Centre for Social Work for a legal
    guardian, `other` for a parent or relative; on the day recorded; no decision number."""
    state["appointed_by"] = v1_appointed_by(state["guardian"]["kind"])
    state["appointed_on"] = field_dates.recorded_day(state)
    state["reference"] = None
