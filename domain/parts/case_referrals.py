"""Outgoing referrals of a case to partner organisations: in progress -> accepted |
rejected | revoked, and refused without the beneficiary's consent to sharing.

A part of `Case` (domain/case.py), which holds the events these commands record.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain import checks
from domain.errors import ConsentRequired, RuleViolated
from domain.parts.case_state import CaseState
from domain.values import OutgoingReferral
from domain.vocab import OrganisationType, OutgoingReferralReason, ReferralStatus


class Referrals:
    """The outgoing-referral commands of a case."""

    referrals: dict[int, OutgoingReferral]

    def refer_out(
        self: CaseState,
        partner: str,
        partner_type: OrganisationType,
        reason: OutgoingReferralReason,
        details: str | None = None,
        *,
        sharing_consented: bool,
        actor: str,
        at: datetime,
    ) -> int:
        """Refer to a partner; refused unless the beneficiary consents to sharing with it."""
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
            partner_type=partner_type,
            reason=reason,
            details=checks.optional_text("details", details),
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
