"""The typed view of a beneficiary, as a role may see it (built in services/views.py;
the HTTP API and the CLI show it): non-identifying data, consents, identification
decisions, and — for roles that may see them — personal data.

Value objects inside it (PersonalData, ConsentRecord, IdentificationDecision, ...) are
described where they are defined (domain/values.py, domain/parts/identification_values.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from domain.children import AgeEstimate, GuardianAppointment
from domain.parts.beneficiary_background import PersonBackground
from domain.parts.identification_values import IdentificationDecision
from domain.values import ConsentRecord, ExploitationProfile, Guardian, PersonalData
from domain.vocab import (
    AgeBand,
    DecidingBody,
    ErasureBasis,
    Gender,
    TraffickingScope,
    TraffickingStatus,
)
from services.child_views import ChildStatus
from services.document_views import DocumentsOnRecord
from services.episode_views import EpisodesOnRecord
from services.record_views import WITHHELD_DESCRIPTION, RecordVersion

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
PersonWithheld = Annotated[
    dict[str, str],
    Meta(description=WITHHELD_DESCRIPTION, examples=[{"personal": "personal data"}]),
]
PersonalDataState = Annotated[
    str,
    Meta(
        description='"shown", "withheld" (the role may not see personal data) or "erased"',
        examples=["shown"],
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
    episodes: EpisodesOnRecord = []  # trafficking episodes (issue 15)
    # a person's HTCDS details (issue 15, domain/parts/beneficiary_background.py)
    background: Annotated[
        PersonBackground | None,
        Meta(
            description="marital status, children, education, languages, where the person "
            "lives and comes from (HTCDS); null until recorded",
            examples=[None],
        ),
    ] = None
    vulnerability_details: Annotated[
        str | None,
        Meta(
            description="what made the person vulnerable, in staff's words (HTCDS "
            "vic_DetailsOfVulnerabilities); personal: null when withheld",
            examples=[None],
        ),
    ] = None
    died_on: Annotated[
        date | None,
        Meta(
            description="the day the person died (HTCDS prs_Deceased); null if not known "
            "to have died",
            examples=[None],
        ),
    ] = None
