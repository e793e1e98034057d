"""Commands of identification inside the national referral mechanism: recording and
revising a beneficiary's identification decisions, and screening a screened-out case
again (screening out itself is `ScreenOut`, services/commands/case.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.indicators import BY_CODE
from domain.parts.identification_checks import DECISION_REFERENCE, OFFICIAL_ROLE
from domain.parts.identification_values import KOSOVO, Decided
from domain.vocab import DecidingBody, IdentificationKind, RevisionGrounds, TraffickingStatus
from services.commands import FieldDate, day_of, free_text
from services.commands.beneficiary import BeneficiaryCommand
from services.commands.case import CaseCommand

Kind = Annotated[
    IdentificationKind,
    msgspec.Meta(
        description="preliminary: a pre-identification (PVPT or another NGO, an international "
        "organisation, a first-contact officer): PossibleVictimOfTrafficking (presumed "
        "victim) or NotAVictimOfTrafficking; formal: an authority's decision (in Kosovo the "
        "police's anti-trafficking directorate or the Victims' Advocacy office; abroad, "
        "that country's mechanism): ActualVictimOfTrafficking or NotAVictimOfTrafficking.",
        examples=["formal"],
    ),
]
Status = Annotated[
    TraffickingStatus,
    msgspec.Meta(
        description="The decision (HTCDS vic_TraffickingStatus); which ones a kind allows: "
        "see `kind`.",
        examples=["ActualVictimOfTrafficking"],
    ),
]
Body = Annotated[
    DecidingBody,
    msgspec.Meta(
        description="Who decided (HTCDS vic_TraffickingStatusDecisionMakingOrg, and "
        "InternationalOrganization, exported to HTCDS as Other). A formal decision is an "
        "authority's: not NGO nor InternationalOrganization.",
        examples=["Police"],
    ),
]
Country = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[A-Z]{2}$",
        description="The deciding mechanism's country, ISO 3166-1 alpha-2 (XK: Kosovo); XK "
        "when left out.",
        examples=["XK", "DE"],
    ),
]
OfficialRole = Annotated[
    str,
    msgspec.Meta(
        pattern=OFFICIAL_ROLE.pattern,
        description="The deciding official's role, never their name: 2 to 100 letters, "
        "spaces and , . ' ( ) / - (no digits). Kept as free text (withheld from roles "
        "that may not see personal data).",
        examples=["Anti-trafficking investigator"],
    ),
]
Reference = Annotated[
    str,
    msgspec.Meta(
        pattern=DECISION_REFERENCE.pattern,
        description="The decision's official reference number: 3 to 40 capitals, digits "
        "and . / -, with at least one digit. Required for a formal decision.",
        examples=["DHT-2026/0142"],
    ),
]
Indicators = Annotated[
    tuple[str, ...],
    msgspec.Meta(
        description="Indicators of trafficking checked, by code, from the list modelled on "
        "the ILO/European Commission Operational indicators of trafficking in human beings "
        "(2009), held in domain/indicators.py: "
        + ", ".join(BY_CODE)
        + ". None when left out; an unknown code is refused by name.",
        examples=[["dr.job_nature", "cd.documents", "cd.debt"]],
    ),
]


IdentifyingOrganisation = Annotated[
    UUID,
    msgspec.Meta(
        description="The organisation that identified the person, by its id in the registry "
        "(GET /api/v1/organisations; active on decided_on); optional.",
        examples=["2c8e4f6a-1b3d-5e7f-9a0b-4c6d8e0f2a1b"],
    ),
]


class RecordIdentification(BeneficiaryCommand, frozen=True):
    """Record an identification decision, preliminary or formal, with who decided it,
    where, its reference, its day and the indicators checked. Decisions are kept in full;
    the trafficking status is the latest formal decision in force, else the latest
    preliminary one, else PossibleVictimOfTrafficking."""

    kind: Kind
    status: Status
    deciding_body: Body
    country: Country = KOSOVO
    official_role: OfficialRole | None = None
    reference: Reference | None = None
    decided_on: Annotated[FieldDate, day_of("of the decision")] = None
    indicators: Indicators = ()
    organisation_id: IdentifyingOrganisation | None = None

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        decided = decision_of(self)
        record.record_identification(decided, actor=actor, at=at)


class ReviseIdentification(BeneficiaryCommand, frozen=True):
    """Revise a decision in force (on appeal, on new information, or to correct an
    error) by a new decision of the same kind; the revised one stays in the history, no
    longer in force."""

    number: Annotated[
        int,
        msgspec.Meta(
            ge=1,
            description="The number of the decision revised, as the beneficiary's "
            "`identifications` list it; it must be in force (not revised already).",
            examples=[2],
        ),
    ]
    kind: Kind
    status: Status
    grounds: Annotated[
        RevisionGrounds,
        msgspec.Meta(
            description="appeal, new_information or error_corrected.", examples=["appeal"]
        ),
    ]
    reason: Annotated[
        str,
        free_text(
            "Why the decision was revised, in staff's words", "The appeal panel found coercion."
        ),
    ]
    deciding_body: Body
    country: Country = KOSOVO
    official_role: OfficialRole | None = None
    reference: Reference | None = None
    decided_on: Annotated[
        FieldDate, day_of("of the revision", also="nor before the decision it revises")
    ] = None
    indicators: Indicators = ()
    organisation_id: IdentifyingOrganisation | None = None

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        decided = decision_of(self)
        record.revise_identification(
            self.number, decided, self.grounds, self.reason, actor=actor, at=at
        )


class Rescreen(CaseCommand, frozen=True):
    """Screen a screened-out case again, on new information: the case returns to stage
    screening (counted in `rescreen_count`)."""

    reason: Annotated[
        str,
        free_text(
            "What new information calls for screening again",
            "She came back: the employer kept her passport.",
        ),
    ]

    def run(self, record: Case, actor: str, at: datetime) -> None:
        record.rescreen(self.reason, actor=actor, at=at)


def decision_of(command: RecordIdentification | ReviseIdentification) -> Decided:
    """The decision a command states, as the beneficiary records it."""
    return Decided(
        command.kind,
        command.status,
        command.deciding_body,
        command.decided_on,
        command.country,
        command.official_role,
        command.reference,
        command.indicators,
        command.organisation_id,
    )
