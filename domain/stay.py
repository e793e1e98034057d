"""Shelter stay: a case's time in a facility (HMIS entry date, exit date, exit destination).

admitted -> (transferred | on leave -> returned)* -> discharged. Admission, transfer
and discharge also record a bed event on the facility concerned; every check on
both records runs first, so a refusal leaves neither record half-changed.

Only shelters take residents (rule `not_a_shelter`): a day rehabilitation centre is a
programme (domain/day_centre.py); stays stored in one before that rule keep loading,
moving out and being discharged (legacy, docs/domain.md).

Admission and discharge days are field dates (domain.checks.field_dates): stated by staff,
today when not stated, never in the future; an admission is not before the case's
referral, a discharge not before the admission.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate, check_actor_and_time
from domain.case import CASE_NUMBER
from domain.checks import field_dates
from domain.errors import InvalidInput, RuleViolated
from domain.facility import Facility
from domain.local_time import local_date
from domain.vocab import DischargeReason, ExitDestination, FacilityKind, RiskLevel


class ShelterStay(JourneyAggregate):
    class_version = 2  # v2: the day the stay entered its facility (`in_facility_since`)
    case_id: UUID
    case_number: str
    facility_id: UUID
    admitted_on: date
    in_facility_since: date
    on_leave: bool
    expected_return: date | None
    discharged_on: date | None
    discharge_reason: DischargeReason | None
    exit_destination: ExitDestination | None
    transfers: int

    def __init__(self) -> None:
        self.on_leave = False
        self.expected_return = None
        self.discharged_on = None
        self.discharge_reason = None
        self.exit_destination = None
        self.transfers = 0

    @property
    def label(self) -> str:
        return f"stay of case {self.case_number}"

    @property
    def is_discharged(self) -> bool:
        return self.discharged_on is not None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before: since the admission (a transfer's day is not known)."""
        state["in_facility_since"] = state["admitted_on"]

    # ----------------------------------------------------------------- events

    class Admitted(JourneyAggregate.Created):
        case_id: UUID
        case_number: str
        facility_id: UUID
        admitted_on: date

        def apply(self, stay: ShelterStay) -> None:
            stay.case_id = self.case_id
            stay.case_number = self.case_number
            stay.facility_id = self.facility_id
            stay.admitted_on = self.admitted_on
            stay.in_facility_since = self.admitted_on

    class Transferred(JourneyAggregate.Event):
        from_facility_id: UUID
        to_facility_id: UUID

        def apply(self, stay: ShelterStay) -> None:
            stay.facility_id = self.to_facility_id
            stay.in_facility_since = local_date(self.timestamp)
            stay.transfers += 1

    class LeaveStarted(JourneyAggregate.Event):
        expected_return: date
        reason: str

        def apply(self, stay: ShelterStay) -> None:
            stay.on_leave = True
            stay.expected_return = self.expected_return

    class ReturnedFromLeave(JourneyAggregate.Event):
        def apply(self, stay: ShelterStay) -> None:
            stay.on_leave = False
            stay.expected_return = None

    class Discharged(JourneyAggregate.Event):
        reason: DischargeReason
        destination: ExitDestination
        discharged_on: date

        def apply(self, stay: ShelterStay) -> None:
            stay.on_leave = False
            stay.expected_return = None
            stay.discharged_on = self.discharged_on
            stay.discharge_reason = self.reason
            stay.exit_destination = self.destination

    # --------------------------------------------------------------- commands

    @classmethod
    def admit(
        cls,
        case_id: UUID,
        case_number: str,
        facility: Facility,
        risk_level: RiskLevel | None,
        case_closed: bool,
        *,
        admitted_on: date | None = None,
        referred_on: date | None = None,
        stay_id: UUID | None = None,
        actor: str,
        at: datetime,
    ) -> ShelterStay:
        """Admit a case on `admitted_on` (today when not stated; not before the case's
        referral on `referred_on`) and take a bed: both records get an event, or neither."""
        _check_admissible(case_number, facility, risk_level, case_closed)
        day = field_dates.stated(
            "admitted_on",
            admitted_on,
            at,
            not_before=referred_on,
            depends_on=f"the referral of case {case_number}",
        )
        stay_id = stay_id or cls.create_id()
        # The bed is taken from now on, whatever day the admission states.
        facility.check_can_occupy(stay_id, on=at.date(), stay_label=f"stay of case {case_number}")
        check_actor_and_time(actor, at)
        stay: ShelterStay = cls._start(
            cls.Admitted,
            actor,
            at,
            id=stay_id,
            case_id=case_id,
            case_number=case_number,
            facility_id=facility.id,
            admitted_on=day,
        )
        facility.occupy(stay.id, actor=actor, at=at)
        return stay

    def transfer(self, to: Facility, from_: Facility, *, actor: str, at: datetime) -> None:
        """Move to another facility: release the bed in `from_`, take one in `to`."""
        self._require_in_stay("be transferred")
        self._require_not_on_leave()
        self._require_at(from_, "be transferred")
        if to.id == from_.id:
            raise RuleViolated(
                f"{self.label} is already in {to.label}; a transfer needs another facility",
                rule="same_facility",
            )
        require_shelter(to, f"{self.label} cannot be transferred to it")
        to.check_can_occupy(self.id, on=at.date(), stay_label=self.label)
        check_actor_and_time(actor, at)
        self._record(self.Transferred, actor, at, from_facility_id=from_.id, to_facility_id=to.id)
        from_.release(self.id, actor=actor, at=at)
        to.occupy(self.id, actor=actor, at=at)

    def start_leave(self, expected_return: date, reason: str, *, actor: str, at: datetime) -> None:
        """Temporary leave: the resident keeps the bed."""
        self._require_in_stay("start a leave")
        self._require_not_on_leave()
        reason = checks.text("reason", reason, max_length=2000)
        if expected_return < at.date():
            raise InvalidInput(
                "expected_return",
                f"{expected_return.isoformat()} is before the leave starts "
                f"({at.date().isoformat()})",
            )
        self._record(self.LeaveStarted, actor, at, expected_return=expected_return, reason=reason)

    def return_from_leave(self, *, actor: str, at: datetime) -> None:
        self._require_in_stay("return from leave")
        if not self.on_leave:
            raise RuleViolated(f"{self.label} is not on leave", rule="not_on_leave")
        self._record(self.ReturnedFromLeave, actor, at)

    def discharge(
        self,
        facility: Facility,
        reason: DischargeReason,
        destination: ExitDestination,
        discharged_on: date | None = None,
        *,
        actor: str,
        at: datetime,
    ) -> None:
        """End the stay on `discharged_on` (today when not stated) and free the bed;
        allowed during a leave (absconded residents)."""
        self._require_in_stay("be discharged")
        self._require_at(facility, "be discharged")
        moved = f"the transfer of {self.label} to {facility.label}"
        day = field_dates.stated(
            "discharged_on",
            discharged_on,
            at,
            not_before=self.in_facility_since,
            depends_on=moved if self.transfers else f"the admission of {self.label}",
        )
        check_actor_and_time(actor, at)
        self._record(
            self.Discharged,
            actor,
            at,
            reason=reason,
            destination=destination,
            discharged_on=day,
        )
        facility.release(self.id, actor=actor, at=at)

    # ---------------------------------------------------------------- helpers

    def _require_in_stay(self, action: str) -> None:
        if self.discharged_on is not None:
            raise RuleViolated(
                f"{self.label} was discharged on {self.discharged_on.isoformat()}; "
                f"it cannot {action}",
                rule="discharged",
            )

    def _require_not_on_leave(self) -> None:
        if self.on_leave:
            raise RuleViolated(
                f"{self.label} is on leave; record the return first", rule="on_leave"
            )

    def _require_at(self, facility: Facility, action: str) -> None:
        if facility.id != self.facility_id:
            raise RuleViolated(
                f"{self.label} is in facility {self.facility_id}, not in {facility.label}; "
                f"it cannot {action} from there",
                rule="wrong_facility",
            )
        facility.check_can_release(self.id, stay_label=self.label)


def _check_admissible(
    case_number: str, facility: Facility, risk_level: RiskLevel | None, case_closed: bool
) -> None:
    if not CASE_NUMBER.match(case_number):
        raise InvalidInput("case_number", f"{case_number!r} is not like PVPT-C-2026-0001")
    case = f"case {case_number}"
    require_shelter(facility, f"{case} cannot be admitted to it")
    if case_closed:
        raise RuleViolated(
            f"{case} is closed; reopen it before admitting it to {facility.label}",
            rule="case_closed",
        )
    if risk_level is None:
        raise RuleViolated(
            f"{case} has no risk assessment; assess risk before admitting it to {facility.label}",
            rule="risk_assessment_required",
        )
    if risk_level is RiskLevel.HIGH:
        raise RuleViolated(
            f"{case} is high risk and cannot be admitted to {facility.label}: in Kosovo "
            "high-risk cases go to the state's Interim Security Facility; PVPT shelters "
            "take low and medium risk",
            rule="high_risk",
        )


def require_shelter(facility: Facility, consequence: str) -> None:
    """Refuse a bed in a day rehabilitation centre: from issue 14 on, a day centre is a
    programme with enrolments and sessions (domain/day_centre.py). Stays stored in one
    before keep loading, moving out and being discharged (legacy)."""
    if facility.kind is not FacilityKind.SHELTER:
        raise RuleViolated(
            f"{facility.label} is a day rehabilitation centre, not a shelter; {consequence}: "
            "enrol the case in its programme instead",
            rule="not_a_shelter",
        )
