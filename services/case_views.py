"""The typed views of a beneficiary, a case and a case's note, as a role may see them
(built in services/views.py; the HTTP API and the CLI show these).

Value objects inside them (PersonalData, IncomingReferral, ConsentRecord, ...)
are described where they are defined (domain/values.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from domain.children import AgeEstimate, BestInterestsAssessment, GuardianAppointment
from domain.parts.beneficiary_identification import IdentificationDecision
from domain.parts.case_screening import ScreeningOut
from domain.values import (
    CaseNote,
    ConsentRecord,
    Document,
    ExploitationProfile,
    Guardian,
    IncomingReferral,
    OutgoingReferral,
    PendingApproval,
    PersonalData,
    ServiceDelivery,
)
from domain.vocab import (
    AgeBand,
    ClosureReason,
    DecidingBody,
    ErasureBasis,
    Gender,
    NoteCategory,
    RiskLevel,
    Stage,
    TraffickingScope,
    TraffickingStatus,
)
from services.child_views import ChildStatus
from services.record_views import (
    FREE_TEXT_WHY,
    WITHHELD_DESCRIPTION,
    CaseId,
    CaseNumber,
    RecordVersion,
)
from services.reflection_views import ReflectionPeriodView

BeneficiaryId = Annotated[
    UUID,
    Meta(
        description="the beneficiary's id (derived from the code)",
        examples=["2f1c8a4e-7b3d-5e9f-a0c1-d2e3f4a5b6c7"],
    ),
]
BeneficiaryCode = Annotated[
    str,
    Meta(
        description="the pseudonymous code on the person's file; carries no personal data",
        examples=["PVPT-2026-0123"],
    ),
]
CONSENT_EXAMPLE = {
    "kind": "sharing",
    "partner": "IOM",
    "given_by": "guardian",
    "recorded_by": "besa.krasniqi",
    "given_on": "2026-03-02",
}
ConsentsInForce = Annotated[
    list[ConsentRecord],
    Meta(
        description="the beneficiary's consents in force (withdrawn ones are gone)",
        examples=[[CONSENT_EXAMPLE]],
    ),
]
IDENTIFICATION_EXAMPLE = {
    "number": 2,
    "kind": "formal",
    "status": "ActualVictimOfTrafficking",
    "deciding_body": "Police",
    "country": "XK",
    "official_role": "withheld",
    "reference": "DHT-2026/0142",
    "decided_on": "2026-03-09",
    "indicators": ["dr.job_nature", "cd.documents"],
    "recorded_by": "besa.krasniqi",
    "revises": None,
    "grounds": None,
    "reason": None,
    "revised_by": None,
}
SCREENING_OUT_EXAMPLE = {
    "outcome": "not_trafficking_other_need",
    "other_need": "domestic_violence",
    "onward_referral": {"partner": "Women's Shelter Gjakova", "partner_type": "NGO"},
    "screened_on": "2026-03-04",
}
PersonWithheld = Annotated[
    dict[str, str],
    Meta(description=WITHHELD_DESCRIPTION, examples=[{"personal": "personal data"}]),
]
CaseWithheld = Annotated[
    dict[str, str],
    Meta(description=WITHHELD_DESCRIPTION, examples=[{"referral.details": FREE_TEXT_WHY}]),
]
PersonalDataState = Annotated[
    str,
    Meta(
        description='"shown", "withheld" (the role may not see personal data) or "erased"',
        examples=["shown"],
    ),
]


# documents (issue 14, section 7): what is attached, file names withheld by category
DOCUMENT_EXAMPLE = {
    "number": 1,
    "document_type": "consent_form",
    "category": "general",
    "media_type": "application/pdf",
    "size": 48213,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "filename": "consent-2026-03-05.pdf",
    "content_id": "2f1c6d0e-8a4b-4c3d-9e2f-1a0b9c8d7e6f",
    "attached_by": "besa.krasniqi",
    "attached_on": "2026-03-05",
}
DocumentsOnRecord = Annotated[
    list[Document],
    Meta(
        description="the documents attached, removed ones included (`removed_on`); the "
        "content through GET .../documents/{number}; a file name is withheld from a role "
        "that may not read its category",
        examples=[[DOCUMENT_EXAMPLE]],
    ),
]


class BeneficiaryView(msgspec.Struct, frozen=True):
    """A person assisted (HTCDS victim): non-identifying data, consents, and — for roles
    that may see it — personal data."""

    id: BeneficiaryId
    version: RecordVersion
    code: BeneficiaryCode
    personal: Annotated[
        PersonalData | None,
        Meta(description="names, birth date, contacts; null when withheld", examples=[None]),
    ]
    guardian: Annotated[
        Guardian | None,
        Meta(description="the guardian of a minor; null if none or withheld", examples=[None]),
    ]
    personal_data: PersonalDataState
    gender: Annotated[Gender, Meta(description="HTCDS prs_Gender", examples=["Feminine"])]
    age_at_identification: Annotated[
        int, Meta(ge=0, le=120, description="age in years when identified", examples=[16])
    ]
    age_band: Annotated[AgeBand, Meta(description="CTDC's age band", examples=["9-17"])]
    is_minor: Annotated[bool, Meta(description="under 18 when identified", examples=[True])]
    citizenships: Annotated[
        tuple[str, ...],
        Meta(description="ISO 3166-1 alpha-2 (XK: Kosovo)", examples=[["XK"]]),
    ]
    languages: Annotated[
        tuple[str, ...], Meta(description="ISO 639 language codes", examples=[["sq", "sr"]])
    ]
    scope: Annotated[
        TraffickingScope,
        Meta(description="trafficked within Kosovo or across a border", examples=["domestic"]),
    ]
    trafficking_status: Annotated[
        TraffickingStatus,
        Meta(description="HTCDS vic_TraffickingStatus", examples=["PossibleVictimOfTrafficking"]),
    ]
    deciding_body: Annotated[
        DecidingBody | None,
        Meta(
            description="who decided the decision in force; null before any decision",
            examples=[None],
        ),
    ]
    exploitation: Annotated[
        ExploitationProfile | None,
        Meta(description="types of exploitation and control; null until recorded", examples=[None]),
    ]
    consents: ConsentsInForce
    erased_on: Annotated[
        date | None,
        Meta(description="day the personal data was erased; null if not", examples=[None]),
    ] = None
    erasure_basis: Annotated[
        ErasureBasis | None,
        Meta(description="the legal ground of the erasure; null if not erased", examples=[None]),
    ] = None
    withheld: PersonWithheld = {}
    identifications: Annotated[
        list[IdentificationDecision],
        Meta(
            description="every identification decision, oldest first, revised ones too "
            "(`revised_by` names the revision); `trafficking_status` is derived from them: "
            "the latest formal decision in force, else the latest preliminary one",
            examples=[[IDENTIFICATION_EXAMPLE]],
        ),
    ] = []
    child: Annotated[
        ChildStatus | None,
        Meta(
            description="minor today or not, and the day they turn (or turned) 18",
            examples=[{"minor_today": True, "age_basis": "age_estimate", "adult_on": "2028-03-04"}],
        ),
    ] = None
    age_estimate: Annotated[
        AgeEstimate | None,
        Meta(description="the latest age estimate; null if none", examples=[None]),
    ] = None
    guardian_appointment: Annotated[
        GuardianAppointment | None,
        Meta(
            description="who appointed the guardian, when, under which decision; null if none",
            examples=[None],
        ),
    ] = None
    documents: DocumentsOnRecord = []  # documents (issue 14, section 7)


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
