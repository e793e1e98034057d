"""Commands on a beneficiary (the person assisted)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from domain.beneficiary import Beneficiary
from domain.values import Guardian, PersonalData
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DecidingBody,
    ErasureBasis,
    ExploitationType,
    Gender,
    RecruitmentMethod,
    RelationshipToTrafficker,
    TraffickingScope,
    TraffickingStatus,
    Vulnerability,
)
from services.commands import Command, FieldDate, RecordCommand


class RegisterBeneficiary(Command, frozen=True):
    """The pseudonymous code (PVPT-YYYY-NNNN) is issued by the system."""

    personal: PersonalData
    gender: Gender
    age_at_identification: int
    citizenships: tuple[str, ...]
    scope: TraffickingScope
    languages: tuple[str, ...] = ()


class BeneficiaryCommand(RecordCommand, frozen=True):
    target: ClassVar[type[Beneficiary]] = Beneficiary


class UpdatePersonalData(BeneficiaryCommand, frozen=True):
    personal: PersonalData

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.update_personal_data(self.personal, actor=actor, at=at)


class DecideTraffickingStatus(BeneficiaryCommand, frozen=True):
    """`decided_on`: the day of the decision (today when left out)."""

    status: TraffickingStatus
    deciding_body: DecidingBody
    decided_on: FieldDate = None

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.decide_trafficking_status(
            self.status, self.deciding_body, self.decided_on, actor=actor, at=at
        )


class RecordExploitationProfile(BeneficiaryCommand, frozen=True):
    types: tuple[ExploitationType, ...]
    control_methods: tuple[ControlMethod, ...] = ()
    recruitment_methods: tuple[RecruitmentMethod, ...] = ()
    relationship: RelationshipToTrafficker | None = None
    vulnerabilities: tuple[Vulnerability, ...] = ()

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.record_exploitation_profile(
            self.types,
            self.control_methods,
            self.recruitment_methods,
            self.relationship,
            self.vulnerabilities,
            actor=actor,
            at=at,
        )


class AppointGuardian(BeneficiaryCommand, frozen=True):
    guardian: Guardian

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.appoint_guardian(self.guardian, actor=actor, at=at)


class GiveConsent(BeneficiaryCommand, frozen=True):
    """`given_on`: the day consent was given (today when left out)."""

    kind: ConsentKind
    given_by: ConsentGiver
    partner: str | None = None
    given_on: FieldDate = None

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.give_consent(
            self.kind, self.given_by, self.partner, self.given_on, actor=actor, at=at
        )


class WithdrawConsent(BeneficiaryCommand, frozen=True):
    """`withdrawn_on`: the day consent was withdrawn (today when left out), not
    before it was given."""

    kind: ConsentKind
    partner: str | None = None
    withdrawn_on: FieldDate = None

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.withdraw_consent(self.kind, self.partner, self.withdrawn_on, actor=actor, at=at)


class ErasePersonalData(Command, frozen=True):
    """Erase the person's identifying data (right to erasure) and destroy their keys.

    `reference` names the erasure request (e.g. DPO-2026-014); it is kept in the
    history, so it must not be a narrative.
    """

    legal_basis: ErasureBasis
    reference: str
