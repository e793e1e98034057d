"""Fields the lists share, each with its description and an example (the OpenAPI
description shows them on every list that answers with them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from msgspec import Meta

CASE_NUMBER = r"^PVPT-C-[0-9]{4}-[0-9]{4,}$"
BENEFICIARY_CODE = r"^PVPT-[0-9]{4}-[0-9]{4,}$"
# A filter takes a code as staff type it: any letter case, the number with or without
# its leading zeros (services/references.py issued_code makes it the issued form).
CASE_NUMBER_AS_TYPED = r"^\s*[Pp][Vv][Pp][Tt]-[Cc]-[0-9]{4}-[0-9]{1,9}\s*$"
BENEFICIARY_CODE_AS_TYPED = r"^\s*[Pp][Vv][Pp][Tt]-[0-9]{4}-[0-9]{1,9}\s*$"
_CASE_ID = "3f9a7c1e-2b4d-4e8f-9a1b-5c6d7e8f9a0b"

CaseId = Annotated[UUID, Meta(description="the case's id", examples=[_CASE_ID])]
CaseNumber = Annotated[
    str,
    Meta(pattern=CASE_NUMBER, description="the case's number", examples=["PVPT-C-2026-0007"]),
]
BeneficiaryCode = Annotated[
    str,
    Meta(
        pattern=BENEFICIARY_CODE,
        description="the beneficiary's pseudonymous code (on the paper file)",
        examples=["PVPT-2026-0123"],
    ),
]
Caseworker = (
    Annotated[
        str,
        Meta(
            max_length=100,
            description="the assigned caseworker's user name; null until assigned",
            examples=["besa.krasniqi"],
        ),
    ]
    | None
)
StageName = Annotated[
    str,
    Meta(
        description="the case's stage: intake, screening, reflection_period, assessment, "
        "case_plan, service_provision, reintegration, follow_up, closed",
        examples=["service_provision"],
    ),
]
RiskLevelName = Annotated[
    str | None,
    Meta(
        description="latest risk assessment: low, medium, high; null until assessed",
        examples=["medium"],
    ),
]
OpenedOn = Annotated[date, Meta(description="day the case was opened", examples=["2026-03-02"])]
LastActivityAt = Annotated[
    datetime,
    Meta(description="time of the case's latest event (UTC)", examples=["2026-03-09T10:15:00Z"]),
]
RiskAssessedOn = Annotated[
    date | None,
    Meta(
        description="day of the latest risk assessment, as staff stated it", examples=["2026-03-03"]
    ),
]
NextReviewDue = Annotated[
    date,
    Meta(
        description="day the risk is due to be reassessed (7/30/90 days after a high/"
        "medium/low assessment; 3 days after opening before the first)",
        examples=["2026-04-02"],
    ),
]
Position = Annotated[
    int,
    Meta(ge=0, description="store position of the latest event the row reflects", examples=[1042]),
]
FacilityId = Annotated[
    UUID, Meta(description="the facility's id", examples=["7d1e0c2a-9b8f-4a3e-8c7d-6b5a4f3e2d1c"])
]
FacilityName = Annotated[
    str, Meta(max_length=200, description="the facility's name", examples=["Shelter Prishtina"])
]
Count = Annotated[int, Meta(ge=0, description="a count", examples=[3])]
Share = (
    Annotated[
        float, Meta(ge=0, description="a ratio (1.0 = 100 %); null when undefined", examples=[0.75])
    ]
    | None
)
Day = Annotated[date, Meta(description="a calendar day in Prishtina", examples=["2026-03-02"])]
OptionalDay = Annotated[
    date | None,
    Meta(
        description="a calendar day in Prishtina; null when not (yet) reached",
        examples=["2026-05-30"],
    ),
]
UpdatedAt = Annotated[
    datetime,
    Meta(
        description="time of the latest event the row reflects (UTC)",
        examples=["2026-03-09T10:15:00Z"],
    ),
]
PlanId = Annotated[
    UUID,
    Meta(
        description="the reintegration plan's id", examples=["5b2c8e1f-7a6d-4c3b-9e8f-1a2b3c4d5e6f"]
    ),
]
