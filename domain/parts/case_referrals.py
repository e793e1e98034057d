"""Outgoing referrals of a case to partner organisations: in progress -> accepted |
rejected | revoked, and refused without the beneficiary's consent to sharing.

A part of `Case` (domain/case.py), which names these events among its own (stored as
`Case.ReferredOut` and so on).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.case_values import OutgoingReferral
from domain.errors import ConsentRequired, RuleViolated
from domain.partners import give_organisation
from domain.parts.case_state import CaseState
from domain.vocab import OrganisationType, OutgoingReferralReason, ReferralStatus


class ReferredOut(JourneyAggregate.Event):
    class_version = 2  # v2: the registered organisation (`organisation_id`)
    number: int
    partner: str
    partner_type: OrganisationType | None  # v2: None where HTCDS has no type that fits
    reason: OutgoingReferralReason
    details: str | None
    organisation_id: UUID | None = None
    contact_person: str | None = None  # the partner's caseworker (issue 15)

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        give_organisation(state, "partner")

    def apply(self, case: CaseState) -> None:
        case.referrals[self.number] = OutgoingReferral(
            self.number,
            self.partner,
            self.partner_type,
            self.reason,
            self.timestamp.date(),
            organisation_id=self.organisation_id,
            contact_person=self.contact_person,
        )


class ReferralAccepted(JourneyAggregate.Event):
    number: int

    def apply(self, case: Referrals) -> None:
        case._set_referral_status(self.number, ReferralStatus.ACCEPTED)


class ReferralRejected(JourneyAggregate.Event):
    number: int
    comment: str | None

    def apply(self, case: Referrals) -> None:
        case._set_referral_status(self.number, ReferralStatus.REJECTED)


class ReferralRevoked(JourneyAggregate.Event):
    number: int
    reason: str

    def apply(self, case: Referrals) -> None:
        case._set_referral_status(self.number, ReferralStatus.REVOKED)


class Referrals:
    """The outgoing-referral commands of a case."""

    referrals: dict[int, OutgoingReferral]

    def refer_out(
        self: CaseState,
        organisation_id: UUID,
        partner: str,
        partner_type: OrganisationType | None,
        reason: OutgoingReferralReason,
        details: str | None = None,
        *,
        sharing_consented: bool,
        contact_person: str | None = None,
        actor: str,
        at: datetime,
    ) -> int:
        """Refer to a registered organisation (`partner`: its name in the registry that day,
        `partner_type`: its HTCDS type); refused unless the beneficiary consents to sharing
        with exactly that organisation."""
        self.require_open("refer to a partner")
        partner = checks.text("partner", partner)
        if not sharing_consented:
            raise ConsentRequired(
                f"beneficiary {self.beneficiary_code} has not consented to sharing with "
                f"{partner}; {self.label} cannot be referred there"
            )
        number = len(self.referrals) + 1
        self._record(
            self.ReferredOut,
            actor,
            at,
            number=number,
            partner=partner,
            organisation_id=organisation_id,
            partner_type=partner_type,
            reason=reason,
            details=checks.optional_text("details", details),
            contact_person=checks.optional_text("contact_person", contact_person, max_length=200),
        )
        return number

    def accept_referral(self: CaseState, number: int, *, actor: str, at: datetime) -> None:
        self._require_referral_in_progress(number)
        self._record(self.ReferralAccepted, actor, at, number=number)

    def reject_referral(
        self: CaseState, number: int, comment: str | None = None, *, actor: str, at: datetime
    ) -> None:
        self._require_referral_in_progress(number)
        comment = checks.optional_text("comment", comment)
        self._record(self.ReferralRejected, actor, at, number=number, comment=comment)

    def revoke_referral(
        self: CaseState, number: int, reason: str, *, actor: str, at: datetime
    ) -> None:
        self._require_referral_in_progress(number)
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.ReferralRevoked, actor, at, number=number, reason=reason)

    def _require_referral_in_progress(self: CaseState, number: int) -> None:
        referral = self.referrals.get(number)
        if referral is None:
            raise RuleViolated(
                f"{self.label} has no outgoing referral {number}", rule="no_such_referral"
            )
        if referral.status is not ReferralStatus.IN_PROGRESS:
            raise RuleViolated(
                f"referral {number} of {self.label} is already {referral.status.value}",
                rule="referral_settled",
            )

    def _set_referral_status(self, number: int, status: ReferralStatus) -> None:
        self.referrals[number] = replace(self.referrals[number], status=status)
