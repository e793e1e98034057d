"""The typed views of a case and a case's note, as a role may see them (built in
services/views.py; the HTTP API and the CLI show these). A beneficiary's view:
services/beneficiary_views.py.

Value objects inside them (IncomingReferral, OutgoingReferral, CaseNote, ...) are
described where they are defined (domain/case_values.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from domain.case_values import (
    CaseNote,
    IncomingReferral,
    OutgoingReferral,
    PendingApproval,
    ServiceDelivery,
)
from domain.children import BestInterestsAssessment
from domain.parts.case_screening import ScreeningOut
from domain.vocab import ClosureReason, NoteCategory, RiskLevel, Stage
from services.beneficiary_views import BeneficiaryCode, BeneficiaryId
from services.child_views import ChildStatus
from services.document_views import DocumentsOnRecord
from services.record_views import (
    FREE_TEXT_WHY,
    WITHHELD_DESCRIPTION,
    CaseId,
    CaseNumber,
    RecordVersion,
)
from services.reflection_views import ReflectionPeriodView

SCREENING_OUT_EXAMPLE = {
    "outcome": "not_trafficking_other_need",
    "other_need": "domestic_violence",
    "onward_referral": {"partner": "Women's Shelter Gjakova", "partner_type": "NGO"},
    "screened_on": "2026-03-04",
}
CaseWithheld = Annotated[
    dict[str, str],
    Meta(description=WITHHELD_DESCRIPTION, examples=[{"referral.details": FREE_TEXT_WHY}]),
]


class CaseView(msgspec.Struct, frozen=True):
    """A case: stage, caseworker, risk, the incoming referral, approvals, services,
    outgoing referrals and the notes the role may read."""

    id: CaseId
    version: RecordVersion
    case_number: CaseNumber
    beneficiary_id: BeneficiaryId
    beneficiary_code: BeneficiaryCode
    stage: Annotated[Stage, Meta(description="where the case stands", examples=["screening"])]
    caseworker: Annotated[
        str | None,
        Meta(description="user name of the assigned caseworker", examples=["besa.krasniqi"]),
    ]
    risk_level: Annotated[
        RiskLevel | None,
        Meta(description="the latest risk assessment; null before any", examples=["medium"]),
    ]
    referral: Annotated[
        IncomingReferral,
        Meta(
            description="who referred the person, when and why (HTCDS cas_Incoming*)",
            examples=[
                {
                    "organisation": "Kosovo Police",
                    "organisation_type": "LawEnforcement",
                    "referred_on": "2026-03-01",
                    "reason": "AdditionalServicesRequired",
                    "details": "withheld",
                }
            ],
        ),
    ]
    reflection_ends_on: Annotated[
        date | None,
        Meta(
            description="last day of the reflection period (its end, or its early end); null "
            "without one; `reflection_period` has the rest",
            examples=["2026-05-31"],
        ),
    ]
    pending_approvals: Annotated[
        dict[str, PendingApproval],
        Meta(
            description="approvals requested and not yet decided, by subject "
            "(assessment, case_plan, closure)",
            examples=[{}],
        ),
    ]
    closure_reason: Annotated[
        ClosureReason | None, Meta(description="why it closed; null if open", examples=[None])
    ]
    reopen_count: Annotated[int, Meta(ge=0, description="times reopened", examples=[0])]
    services: Annotated[
        list[ServiceDelivery],
        Meta(description="services delivered, oldest first", examples=[[]]),
    ]
    referrals: Annotated[
        list[OutgoingReferral],
        Meta(
            description="outgoing referrals to partners, by number, with their status",
            examples=[
                [
                    {
                        "number": 1,
                        "partner": "IOM",
                        "partner_type": "NGO",
                        "reason": "Other",
                        "referred_on": "2026-03-05",
                        "status": "in_progress",
                    }
                ]
            ],
        ),
    ]
    notes: Annotated[
        list[CaseNote],
        Meta(description="the notes of categories the role may read, oldest first", examples=[[]]),
    ]
    notes_withheld: Annotated[
        int,
        Meta(
            ge=0, description="notes of categories the role may not read (not shown)", examples=[2]
        ),
    ]
    opened_at: Annotated[
        datetime,
        Meta(description="when the case was opened (UTC)", examples=["2026-03-02T09:15:00Z"]),
    ]
    withheld: CaseWithheld = {}
    screenings_out: Annotated[
        list[ScreeningOut],
        Meta(
            description="each time screening did not confirm a possible victim: the outcome, "
            "the other need and the onward referral, oldest first",
            examples=[[SCREENING_OUT_EXAMPLE]],
        ),
    ] = []
    rescreen_count: Annotated[
        int, Meta(ge=0, description="times screened again on new information", examples=[0])
    ] = 0
    reflection_period: Annotated[
        ReflectionPeriodView | None,
        Meta(
            description="the reflection and recovery period (the latest), null without one",
            examples=[
                {
                    "legal_basis": "kosovo_sop",
                    "started_on": "2026-03-02",
                    "length_days": 90,
                    "ends_on": "2026-05-31",
                    "extended": False,
                    "extended_by_days": 0,
                    "ended_early": False,
                    "ended_on": None,
                    "end_reason": None,
                    "running": True,
                    "days_left": 41,
                }
            ],
        ),
    ] = None
    best_interests: Annotated[
        list[BestInterestsAssessment],
        Meta(
            description="the child's best-interests assessments, oldest first "
            "(recommendations withheld as personal data)",
            examples=[[]],
        ),
    ] = []
    child: Annotated[
        ChildStatus | None,
        Meta(
            description="the beneficiary as a child: minor today, adult since "
            "(`turned_18_during_case`)",
            examples=[
                {
                    "minor_today": False,
                    "age_basis": "age_at_identification",
                    "adult_on": "2026-09-15",
                    "turned_18_during_case": True,
                }
            ],
        ),
    ] = None
    # care plans (issue 14, careplan)
    care_plan_id: Annotated[
        UUID | None,
        Meta(
            description="the case's care plan (GET /api/v1/care-plans/{id}); null before one",
            examples=["4aa7d9db-5791-4070-8c10-b03590b07c82"],
        ),
    ] = None
    services_consent_withdrawn_on: Annotated[
        date | None,
        Meta(
            description="the day the beneficiary withdrew their services consent, while it "
            "is withdrawn (services resting on consent stop: no planning, no delivery dated "
            "after it); null when not withdrawn",
            examples=[None],
        ),
    ] = None
    documents: DocumentsOnRecord = []  # documents (issue 14, section 7)


class CaseNoteEntry(msgspec.Struct, frozen=True):
    """A note of a case, in a category the caller's role may read."""

    number: Annotated[int, Meta(ge=1, description="the note's number in the case", examples=[3])]
    category: Annotated[
        NoteCategory,
        Meta(description="general, medical, psychological or legal", examples=["general"]),
    ]
    text: Annotated[
        str,
        Meta(
            description='what staff wrote ("[erased]" after the person\'s erasure)',
            examples=["Called her aunt; she will visit on Sunday."],
        ),
    ]
    written_by: Annotated[
        str, Meta(description="user name of the author", examples=["besa.krasniqi"])
    ]
    written_at: Annotated[
        datetime,
        Meta(description="when it was written (UTC)", examples=["2026-03-04T16:20:00Z"]),
    ]
