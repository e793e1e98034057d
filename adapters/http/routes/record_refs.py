"""The path parameter by which a record route names its record: `ref`, a code, a
number or an id as services/references.py resolves it (422 naming `ref` when
malformed, 404 when unknown)."""

from __future__ import annotations

from typing import Annotated

from litestar.openapi.spec import Example
from litestar.params import PathParameter

from services.references import MAX_REF_LENGTH


def _ref(description: str, example: str) -> PathParameter:
    return PathParameter(
        description=description, max_length=MAX_REF_LENGTH, examples=[Example(value=example)]
    )


BeneficiaryRef = Annotated[
    str, _ref("the beneficiary's code, as on the file (PVPT-2026-0123), or id", "PVPT-2026-0123")
]
CaseRef = Annotated[
    str, _ref("the case's number, as on the file (PVPT-C-2026-0007), or id", "PVPT-C-2026-0007")
]
FacilityRef = Annotated[
    str, _ref("the facility's id (facilities have no code)", "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9")
]
StayRef = Annotated[
    str, _ref("the shelter stay's id (stays have no code)", "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
]
ReturnRef = Annotated[
    str,
    _ref("the return's id (returns have no code)", "3e9a1c5b-7d2f-4a6e-8b1c-0d3f5a7c9e2b"),
]
CarePlanRef = Annotated[
    str,
    _ref("the care plan's id (care plans have no code)", "7b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e"),
]
PlanRef = Annotated[
    str, _ref("the plan's id (plans have no code)", "4aa7d9db-5791-4070-8c10-b03590b07c82")
]
EnrolmentRef = Annotated[
    str,
    _ref(
        "the day-centre enrolment's id (enrolments have no code)",
        "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
    ),
]
SessionRef = Annotated[
    str,
    _ref(
        "the day-centre session's id (sessions have no code)",
        "3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
    ),
]
ProceedingsRef = Annotated[
    str,
    _ref(
        "the criminal proceedings' id (proceedings have no code of PVPT's)",
        "8e2d4c6a-0b1f-4e3d-9a5c-7b1d3f5e7a90",
    ),
]
OrganisationRef = Annotated[
    str,
    _ref(
        "the organisation's registry key (iom-kosovo) or id",
        "iom-kosovo",
    ),
]
PreventionCampaignRef = Annotated[
    str,
    _ref(
        "the prevention campaign's id (campaigns have no code)",
        "0e7c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71",
    ),
]
PreventionActivityRef = Annotated[
    str,
    _ref(
        "the prevention activity's id (activities have no code)",
        "5a3c1e7f-9b2d-4f6a-8c0e-2d4f6a8b0c1e",
    ),
]
GrantRef = Annotated[
    str,
    _ref(
        "the grant's reference (EU-IPA-2026-014, in any case) or id",
        "EU-IPA-2026-014",
    ),
]
RetentionBatchRef = Annotated[
    str,
    _ref(
        "the retention batch's id (batches have no code)",
        "2b8e4f1a-6c3d-4e5f-9a7b-1c2d3e4f5a6b",
    ),
]
