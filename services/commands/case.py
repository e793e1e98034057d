"""Commands on a case that need nothing but the case itself (its outgoing referrals:
services/commands/referrals.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.case import Case
from domain.case_values import IncomingReferral
from domain.parts.case_screening import OnwardReferral
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    NoteCategory,
    OtherNeed,
    RiskLevel,
    ScreeningOutcome,
    ServiceBasis,
    ServiceOutcome,
    ServiceType,
)
from services.commands import Command, FieldDate, RecordCommand, day_of, free_text

Subject = Annotated[
    ApprovalSubject,
    msgspec.Meta(
        description="What is approved: the assessment, the case plan, or the closure.",
        examples=["case_plan"],
    ),
]


class OpenCase(Command, frozen=True):
    """Open a case for a registered beneficiary on an incoming referral. The system
    issues its case number (PVPT-C-YYYY-NNNN); the case starts at intake."""

    beneficiary_id: Annotated[
        UUID,
        msgspec.Meta(
            description="The id of the beneficiary the case is for.",
            examples=["0b9e4c1e-6f3a-5d2b-9a47-3c1f2e8d7a65"],
        ),
    ]
    referral: Annotated[
        IncomingReferral,
        msgspec.Meta(
            description="Who referred the person to PVPT, when and why (HTCDS).",
            examples=[
                {
                    "organisation": "Kosovo Police",
                    "organisation_type": "LawEnforcement",
                    "referred_on": "2026-03-02",
                    "reason": "AdditionalServicesRequired",
                }
            ],
        ),
    ]


class CaseCommand(RecordCommand, frozen=True):
    target: ClassVar[type[Case]] = Case


class AssignCaseworker(CaseCommand, frozen=True):
    """Assign the case to a caseworker, who then sees it in their caseload and works
    on it."""

    caseworker: Annotated[
        str,
        free_text("The caseworker's user name", "besa.krasniqi", most=100),
    ]

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.assign_caseworker(self.caseworker, actor=actor, at=at)


class AssessRisk(CaseCommand, frozen=True):
    """Record a risk assessment, at intake or again later. High-risk cases go to the
    state's Interim Security Facility; PVPT takes low and medium."""

    level: Annotated[
        RiskLevel,
        msgspec.Meta(
            description="The risk to the person: low, medium or high (PVPT shelters take "
            "low and medium).",
            examples=["medium"],
        ),
    ]
    rationale: (
        Annotated[
            str,
            free_text(
                "Why this level, in staff's words",
                "Trafficker knows the family's address in Gjilan.",
                optional=True,
            ),
        ]
        | None
    ) = None
    assessed_on: Annotated[
        FieldDate, day_of("of the assessment", also="nor before the referral")
    ] = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.assess_risk(self.level, self.rationale, self.assessed_on, actor=actor, at=at)


class StartScreening(CaseCommand, frozen=True):
    """Move the case from intake to screening: is the person a possible victim?"""

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.start_screening(actor=actor, at=at)


class ScreenIn(CaseCommand, frozen=True):
    """Screening found a possible victim: the 90-day reflection and recovery period
    starts on the day of the screening."""

    screened_on: Annotated[
        FieldDate,
        day_of(
            "of the screening",
            also="nor before the referral; the reflection period runs 90 days from it",
        ),
    ] = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.screen_in(self.screened_on, actor=actor, at=at)


class ScreenOut(CaseCommand, frozen=True):
    """Screening did not confirm a possible victim of trafficking (which does not mean
    "not a victim"): record why, and the onward referral made (or why none was); the
    case closes as screened out, and can be screened again (`rescreen`)."""

    outcome: Annotated[
        ScreeningOutcome,
        msgspec.Meta(
            description="not_trafficking_other_need (another need, named in `other_need`), "
            "insufficient_information, or declined (the person declined screening or help).",
            examples=["not_trafficking_other_need"],
        ),
    ]
    rationale: Annotated[
        str,
        free_text(
            "Why the person was screened out",
            "Came for work abroad of her own choice; no sign of coercion.",
        ),
    ]
    other_need: Annotated[
        OtherNeed | None,
        msgspec.Meta(
            description="The person's need instead: required for not_trafficking_other_need, "
            "left out otherwise.",
            examples=["domestic_violence"],
        ),
    ] = None
    onward_referral: Annotated[
        OnwardReferral | None,
        msgspec.Meta(
            description="Where the person was referred on (no case data is shared): the "
            "partner and its HTCDS org_Type. Left out only with `no_referral_reason`.",
            examples=[{"partner": "Women's Shelter Gjakova", "partner_type": "NGO"}],
        ),
    ] = None
    no_referral_reason: (
        Annotated[
            str,
            free_text(
                "Why no onward referral was made (only without `onward_referral`)",
                "She declined any referral.",
                optional=True,
            ),
        ]
        | None
    ) = None
    screened_on: Annotated[
        FieldDate, day_of("of the screening", also="nor before the referral")
    ] = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.screen_out(
            self.outcome,
            self.rationale,
            other_need=self.other_need,
            onward_referral=self.onward_referral,
            no_referral_reason=self.no_referral_reason,
            screened_on=self.screened_on,
            actor=actor,
            at=at,
        )


class StartAssessment(CaseCommand, frozen=True):
    """Move the case from the reflection period to the assessment of needs."""

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.start_assessment(actor=actor, at=at)


class RequestApproval(CaseCommand, frozen=True):
    """Ask a case manager to approve the assessment, the case plan, or the closure
    (with its reason)."""

    subject: Subject
    closure_reason: Annotated[
        ClosureReason | None,
        msgspec.Meta(
            description="Why the case is to be closed: required when the subject is "
            "closure, left out otherwise.",
            examples=["reintegrated"],
        ),
    ] = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.request_approval(self.subject, self.closure_reason, actor=actor, at=at)


class Approve(CaseCommand, frozen=True):
    """Approve what was asked for: an approved assessment moves the case to its plan,
    an approved plan to service provision, an approved closure closes it."""

    subject: Subject
    comment: (
        Annotated[
            str,
            free_text(
                "A comment on the approval", "Plan agreed with the beneficiary.", optional=True
            ),
        ]
        | None
    ) = None

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.approve(self.subject, self.comment, actor=actor, at=at)


class Reject(CaseCommand, frozen=True):
    """Refuse what was asked for, saying why; it can be asked for again."""

    subject: Subject
    comment: Annotated[
        str,
        free_text("Why it is refused", "The plan has no education goal; she asked for one."),
    ]

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.reject(self.subject, self.comment, actor=actor, at=at)


class StartReintegration(CaseCommand, frozen=True):
    """Move the case from service provision to reintegration."""

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.start_reintegration(actor=actor, at=at)


class StartFollowUp(CaseCommand, frozen=True):
    """Move the case from reintegration to follow-up and monitoring."""

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.start_follow_up(actor=actor, at=at)


class Reopen(CaseCommand, frozen=True):
    """Reopen a closed case at the stage it was closed from, saying why."""

    reason: Annotated[
        str,
        free_text("Why the case is reopened", "She came back to the shelter asking for help."),
    ]

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.reopen(self.reason, actor=actor, at=at)


class DeliverService(Command, frozen=True):
    """Record a service the beneficiary received outside the care plan (unplanned);
    clinicians record medical and psychological services, lawyers legal ones. Refused
    on a closed case, and without the beneficiary's services consent in force on the
    day of delivery unless `basis` names a lawful basis other than consent."""

    service: Annotated[
        ServiceType,
        msgspec.Meta(
            description="Which kind of service: medical, psychological, legal, education, "
            "vocational training, employment, housing, family mediation, financial, "
            "repatriation.",
            examples=["legal"],
        ),
    ]
    provider: Annotated[
        str,
        free_text("Who provided it: PVPT or the partner's name", "PVPT", most=200),
    ]
    delivered_on: Annotated[
        date,
        msgspec.Meta(
            description="The day it was delivered; not in the future.", examples=["2026-03-05"]
        ),
    ]
    outcome: Annotated[
        ServiceOutcome,
        msgspec.Meta(
            description="How it went: completed, ongoing, declined by the beneficiary, or "
            "not available.",
            examples=["completed"],
        ),
    ]
    basis: Annotated[
        ServiceBasis,
        msgspec.Meta(
            description="Why it may be given: `consent` (the beneficiary's services consent "
            "in force, checked) or a lawful basis other than consent, recorded as such "
            "(emergency_medical_care, vital_interests, legal_obligation).",
            examples=["consent"],
        ),
    ] = ServiceBasis.CONSENT


class AddNote(CaseCommand, frozen=True):
    """Add a note to the case. Its category decides who may write and read it:
    medical and psychological by clinicians, legal by lawyers and case managers."""

    category: Annotated[
        NoteCategory,
        msgspec.Meta(
            description="Confidentiality: general notes are read by every case reader; "
            "medical, psychological and legal ones by those roles only.",
            examples=["general"],
        ),
    ]
    text: Annotated[
        str,
        free_text(
            "The note", "Attended the first counselling session; sleeps better.", most=20_000
        ),
    ]

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.add_note(self.category, self.text, actor=actor, at=at)
