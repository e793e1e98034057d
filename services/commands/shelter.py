"""Commands on facilities and shelter stays."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from domain.facility import Facility
from domain.stay import ShelterStay
from domain.vocab import DischargeReason, ExitDestination, FacilityKind
from services.commands import Command, FieldDate, RecordCommand


class RegisterFacility(Command, frozen=True):
    name: str
    kind: FacilityKind
    beds: int
    effective_from: date


class ChangeCapacity(RecordCommand, frozen=True):
    target: ClassVar[type[Facility]] = Facility
    beds: int
    effective_from: date
    reason: str | None = None

    def run(self, record: Facility, actor: str, at: datetime) -> None:
        record.change_capacity(self.beds, self.effective_from, self.reason, actor=actor, at=at)


class AdmitToShelter(Command, frozen=True):
    """Takes a bed in the facility atomically with the admission; `admitted_on`: the
    day of the admission (today when left out), not before the case's referral."""

    case_id: UUID
    facility_id: UUID
    admitted_on: FieldDate = None


class TransferStay(Command, frozen=True):
    to_facility_id: UUID


class DischargeFromShelter(Command, frozen=True):
    """`discharged_on`: the day of the discharge (today when left out), not before
    the admission."""

    reason: DischargeReason
    destination: ExitDestination
    discharged_on: FieldDate = None


class StayCommand(RecordCommand, frozen=True):
    target: ClassVar[type[ShelterStay]] = ShelterStay


class StartLeave(StayCommand, frozen=True):
    expected_return: date
    reason: str

    def run(self, record: ShelterStay, actor: str, at: datetime) -> None:
        record.start_leave(self.expected_return, self.reason, actor=actor, at=at)


class ReturnFromLeave(StayCommand, frozen=True):
    def run(self, record: ShelterStay, actor: str, at: datetime) -> None:
        record.return_from_leave(actor=actor, at=at)
