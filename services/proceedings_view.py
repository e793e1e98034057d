"""The typed view of criminal proceedings (domain/proceedings.py), as a role may see it:
built by services/views.py through the disclosure policy (the references at police,
prosecution and court and a private lawyer's name withheld from roles without personal
data, as from auditors)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from msgspec import Meta

from domain.justice_vocab import (
    Cooperation,
    ProceedingsOutcome,
    ProceedingsRole,
    ProceedingsStage,
)
from domain.parts.proceedings_values import (
    CompensationClaim,
    Hearing,
    MeasureInForce,
    Representation,
)
from services.record_views import WITHHELD_DESCRIPTION, CaseRecordState

PERSONAL_WHY = "personal data"
HEARING_EXAMPLE = {
    "number": 1,
    "scheduled_on": "2026-05-12",
    "court_organisation_id": "5f0c3a9e-1b2d-5e4f-8a6b-7c9d0e1f2a3b",
    "status": "adjourned",
    "adjourned_to": 2,
    "changed_on": "2026-05-12",
}
CLAIM_EXAMPLE = {
    "number": 1,
    "kind": "state_programme",
    "filed_on": "2026-06-01",
    "claimed_cents": 500000,
    "status": "awarded",
    "decided_on": "2026-09-15",
    "awarded_cents": 350000,
    "paid_on": None,
    "paid_cents": None,
}


def _reference(where: str, example: str) -> Meta:
    return Meta(
        description=f"the reference at the {where}; null if not known (personal data: "
        '"withheld" from roles that may not see it)',
        examples=[example],
    )


class ProceedingsView(CaseRecordState, frozen=True):
    """Criminal proceedings in which the case's beneficiary is a victim or witness."""

    beneficiary_id: Annotated[
        UUID,
        Meta(
            description="the beneficiary taking part",
            examples=["0b9e4c1e-6f3a-5d2b-9a47-3c1f2e8d7a65"],
        ),
    ]
    police_reference: Annotated[str | None, _reference("police", "PD-2026/0142")]
    prosecution_reference: Annotated[str | None, _reference("prosecution", "PPS-TQ 77/2026")]
    court_reference: Annotated[str | None, _reference("court", "PKR 12/2026")]
    stage: Annotated[
        ProceedingsStage, Meta(description="where the proceedings stand", examples=["trial"])
    ]
    stage_on: Annotated[
        date, Meta(description="the day that stage was reached", examples=["2026-05-02"])
    ]
    opened_on: Annotated[
        date, Meta(description="the day of the first stage recorded", examples=["2026-03-01"])
    ]
    role: Annotated[
        ProceedingsRole, Meta(description="the beneficiary's part", examples=["injured_party"])
    ]
    cooperation: Annotated[
        Cooperation | None,
        Meta(
            description="the beneficiary's choice to cooperate; null before any (no "
            "assistance depends on it)",
            examples=["cooperates"],
        ),
    ]
    cooperation_on: Annotated[
        date | None, Meta(description="the day of that choice", examples=["2026-03-04"])
    ]
    outcome: Annotated[
        ProceedingsOutcome | None,
        Meta(description="the outcome; null while open", examples=[None]),
    ]
    outcome_on: Annotated[date | None, Meta(description="the day of the outcome", examples=[None])]
    outcome_stage: Annotated[
        ProceedingsStage | None,
        Meta(description="the stage the outcome was recorded at", examples=[None]),
    ]
    representation: Annotated[
        Representation | None,
        Meta(
            description="who represents the beneficiary; null if no one recorded",
            examples=[{"kind": "pvpt_lawyer", "since": "2026-03-05", "lawyer": "av.gashi"}],
        ),
    ]
    measures: Annotated[
        dict[str, MeasureInForce],
        Meta(
            description="protection measures by measure, ended ones with `ended_on`",
            examples=[
                {
                    "testimony_by_video_link": {
                        "measure": "testimony_by_video_link",
                        "granted_on": "2026-04-02",
                        "ended_on": None,
                    }
                }
            ],
        ),
    ]
    hearings: Annotated[
        dict[int, Hearing],
        Meta(description="the hearings by number", examples=[{"1": HEARING_EXAMPLE}]),
    ]
    claims: Annotated[
        dict[int, CompensationClaim],
        Meta(
            description="compensation claims by number (amounts in euro cents)",
            examples=[{"1": CLAIM_EXAMPLE}],
        ),
    ]
    withheld: Annotated[
        dict[str, str],
        Meta(description=WITHHELD_DESCRIPTION, examples=[{"police_reference": PERSONAL_WHY}]),
    ] = {}
