"""Commands on a case's outgoing referrals: referring the case to a registered partner
organisation (on the beneficiary's sharing consent, services/partner_workflows.py), and
the partner's answer or PVPT's withdrawal of a referral in progress."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from domain.case import Case
from domain.vocab import OutgoingReferralReason
from services.commands import Command, free_text
from services.commands.case import CaseCommand
from services.commands.organisation import OrganisationId

ReferralNumber = Annotated[
    int,
    msgspec.Meta(
        ge=1,
        description="The outgoing referral's number within the case (1 for the first), as "
        "the case lists its referrals.",
        examples=[1],
    ),
]


class ReferOut(Command, frozen=True):
    """Refer the case to a registered partner organisation. Refused unless the
    beneficiary has given sharing consent with exactly that organisation; its name and
    HTCDS type are the registry's on the day."""

    organisation_id: OrganisationId
    reason: Annotated[
        OutgoingReferralReason,
        msgspec.Meta(
            description="Why the case is referred (HTCDS picklist).",
            examples=["AdditionalServicesRequired"],
        ),
    ]
    details: (
        Annotated[
            str,
            free_text(
                "What the partner is asked to do",
                "Vocational training in tailoring in Prizren.",
                optional=True,
            ),
        ]
        | None
    ) = None
    contact_person: (
        Annotated[
            str,
            free_text(
                "The partner's caseworker who takes the person on (HTCDS "
                "cas_ReferredPrimaryCaseWorker); personal data",
                "Mira Berisha",
                most=200,
                optional=True,
            ),
        ]
        | None
    ) = None


class AcceptReferral(CaseCommand, frozen=True):
    """Record that the partner accepted an outgoing referral in progress."""

    number: ReferralNumber

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.accept_referral(self.number, actor=actor, at=at)


class RejectReferral(CaseCommand, frozen=True):
    """Record that the partner rejected an outgoing referral in progress."""

    number: ReferralNumber
    comment: (
        Annotated[
            str,
            free_text(
                "Why the partner rejected it",
                "No place on the course before September.",
                optional=True,
            ),
        ]
        | None
    ) = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.reject_referral(self.number, self.comment, actor=actor, at=at)


class RevokeReferral(CaseCommand, frozen=True):
    """Withdraw an outgoing referral in progress, saying why."""

    number: ReferralNumber
    reason: Annotated[
        str,
        free_text("Why PVPT withdraws the referral", "Sharing consent was withdrawn."),
    ]

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.revoke_referral(self.number, self.reason, actor=actor, at=at)
