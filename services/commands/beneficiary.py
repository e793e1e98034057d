"""Commands on a beneficiary (the person assisted)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.beneficiary import Beneficiary
from domain.checks.person import MAX_AGE
from domain.parts.beneficiary_children import DECISION_REFERENCE
from domain.parts.beneficiary_personal import REFERENCE
from domain.values import Guardian, PersonalData
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DecidingBody,
    ErasureBasis,
    ExploitationType,
    Gender,
    GuardianAppointedBy,
    RecruitmentMethod,
    RelationshipToTrafficker,
    TraffickingScope,
    TraffickingStatus,
    Vulnerability,
)
from services.commands import Command, FieldDate, Partner, RecordCommand, day_of

PERSON_EXAMPLE = {
    "given_name": "Arta",
    "family_name": "Shembulli",
    "birth_date": "2009-04-17",
    "phone": "+38344123456",
}
Personal = Annotated[
    PersonalData,
    msgspec.Meta(
        description="Who the person is: names, birth date, contacts, identity number, "
        "address. Kept encrypted, shown only to roles that may see personal data.",
        examples=[PERSON_EXAMPLE],
    ),
]
ConsentKindField = Annotated[
    ConsentKind,
    msgspec.Meta(
        description="Consent to receive services, to share the case with one registered "
        "partner organisation (`sharing`, which names `organisation_id`), to anonymised "
        "reporting, or to PVPT managing the person's data (`personal_data`, HTCDS "
        "vic_AgreementToManagePersonalData).",
        examples=["sharing"],
    ),
]
ConsentOrganisation = Annotated[
    UUID,
    msgspec.Meta(
        description="For sharing consent, the registered partner organisation it is with "
        "(its id, GET /api/v1/organisations); consent covers exactly that organisation, "
        "whatever it is called later. Left out for the other kinds.",
        examples=["2c8e4f6a-1b3d-5e7f-9a0b-4c6d8e0f2a1b"],
    ),
]
UnregisteredPartner = Annotated[
    Partner,
    msgspec.Meta(
        description="Only to withdraw a sharing consent recorded before the organisations "
        "registry to a name no registered organisation matched (shown as 'unregistered: "
        "<name>'): that name, without the prefix. Otherwise left out."
    ),
]


class RegisterBeneficiary(Command, frozen=True):
    """Register a person PVPT assists. The system issues their pseudonymous code
    (PVPT-YYYY-NNNN), the name staff write on the paper file."""

    personal: Personal
    gender: Annotated[
        Gender, msgspec.Meta(description="Gender (HTCDS prs_Gender).", examples=["Feminine"])
    ]
    age_at_identification: Annotated[
        int,
        msgspec.Meta(
            ge=0,
            le=MAX_AGE,
            description="Age in years when identified as a possible victim; under 18 is a "
            "minor, who needs a guardian for consent.",
            examples=[16],
        ),
    ]
    citizenships: Annotated[
        tuple[str, ...],
        msgspec.Meta(
            description="Citizenships as ISO 3166-1 alpha-2 codes (XK for Kosovo); at least one.",
            examples=[["XK"], ["XK", "AL"]],
        ),
    ]
    scope: Annotated[
        TraffickingScope,
        msgspec.Meta(
            description="Trafficked within Kosovo (domestic) or across a border (international).",
            examples=["domestic"],
        ),
    ]
    languages: Annotated[
        tuple[str, ...],
        msgspec.Meta(
            description="Languages the person speaks, as ISO 639 codes (sq Albanian, sr "
            "Serbian, rom Romani); none when left out.",
            examples=[["sq"], ["sq", "sr"]],
        ),
    ] = ()


class BeneficiaryCommand(RecordCommand, frozen=True):
    target: ClassVar[type[Beneficiary]] = Beneficiary


class UpdatePersonalData(BeneficiaryCommand, frozen=True):
    """Replace the person's personal data with a corrected whole (fields left out are
    cleared). Refused once the personal data has been erased."""

    personal: Personal

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.update_personal_data(self.personal, actor=actor, at=at)


class DecideTraffickingStatus(BeneficiaryCommand, frozen=True):
    """Record an authority's decision on whether the person is a victim of trafficking,
    and who decided it: a formal decision in Kosovo, with no reference or indicators
    (`record-identification` records those, and preliminary decisions). A later decision
    is recorded too; the status shown is the latest formal decision in force."""

    status: Annotated[
        TraffickingStatus,
        msgspec.Meta(
            description="The decision: ActualVictimOfTrafficking or NotAVictimOfTrafficking "
            "(PossibleVictimOfTrafficking is where every person starts).",
            examples=["ActualVictimOfTrafficking"],
        ),
    ]
    deciding_body: Annotated[
        DecidingBody,
        msgspec.Meta(description="Who decided (HTCDS picklist).", examples=["Police"]),
    ]
    decided_on: Annotated[FieldDate, day_of("of the decision")] = None

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.decide_trafficking_status(
            self.status, self.deciding_body, self.decided_on, actor=actor, at=at
        )


class RecordExploitationProfile(BeneficiaryCommand, frozen=True):
    """Record, or replace as a whole, how the person was exploited, controlled and
    recruited (HTCDS codes; nothing here identifies the person)."""

    types: Annotated[
        tuple[ExploitationType, ...],
        msgspec.Meta(
            description="Types of exploitation suffered; at least one.",
            examples=[["SexualExploitation"], ["ForcedLabour", "ForcedBegging"]],
        ),
    ]
    control_methods: Annotated[
        tuple[ControlMethod, ...],
        msgspec.Meta(
            description="How the traffickers controlled the person; none when left out.",
            examples=[["DebtBondage", "WithholdsDocuments"]],
        ),
    ] = ()
    recruitment_methods: Annotated[
        tuple[RecruitmentMethod, ...],
        msgspec.Meta(
            description="How the person was recruited; none when left out.",
            examples=[["ThroughOnlineSocialNetworks"]],
        ),
    ] = ()
    relationship: Annotated[
        RelationshipToTrafficker | None,
        msgspec.Meta(
            description="How the person knew the trafficker; null when not known.",
            examples=["Acquainted"],
        ),
    ] = None
    vulnerabilities: Annotated[
        tuple[Vulnerability, ...],
        msgspec.Meta(
            description="What made the person vulnerable; none when left out.",
            examples=[["Poverty", "Migration"]],
        ),
    ] = ()

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.record_exploitation_profile(
            self.types,
            self.control_methods,
            self.recruitment_methods,
            self.relationship,
            self.vulnerabilities,
            actor=actor,
            at=at,
        )


class AppointGuardian(BeneficiaryCommand, frozen=True):
    """Record the guardian of a minor (under 18 on the day of the appointment), who then
    gives consent on their behalf. In Kosovo the Centre for Social Work is the
    guardianship authority (Law No. 2004/32 on Family; Law on Social and Family
    Services); its decision, or a court's, names its number."""

    guardian: Annotated[
        Guardian,
        msgspec.Meta(
            description="The guardian: kind, name and contact (personal data).",
            examples=[{"kind": "parent", "name": "Shpresa Shembulli", "contact": "+38349111222"}],
        ),
    ]
    appointed_by: Annotated[
        GuardianAppointedBy,
        msgspec.Meta(
            description="Who appointed the guardian: centre_for_social_work, court, or other "
            "(e.g. a parent, guardian by law); other when left out.",
            examples=["centre_for_social_work"],
        ),
    ] = GuardianAppointedBy.OTHER
    appointed_on: Annotated[
        FieldDate, day_of("of the appointment", also="and the person a minor then")
    ] = None
    reference: (
        Annotated[
            str,
            msgspec.Meta(
                pattern=DECISION_REFERENCE.pattern,
                description="The decision's number: 1-64 letters, digits and . / _ -; "
                "required when a Centre for Social Work or a court appointed the guardian.",
                examples=["QPS-PR-2026-041"],
            ),
        ]
        | None
    ) = None

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.appoint_guardian(
            self.guardian,
            self.appointed_by,
            self.appointed_on,
            self.reference,
            actor=actor,
            at=at,
        )


class GiveConsent(BeneficiaryCommand, frozen=True):
    """Record a consent the person (or, for a minor, their guardian) gave. Referring a
    case to a partner needs sharing consent with that partner."""

    kind: ConsentKindField
    given_by: Annotated[
        ConsentGiver,
        msgspec.Meta(
            description="Who gave it: the beneficiary, or the guardian for a minor.",
            examples=["beneficiary"],
        ),
    ]
    organisation_id: ConsentOrganisation | None = None
    given_on: Annotated[FieldDate, day_of("consent was given")] = None


class WithdrawConsent(BeneficiaryCommand, frozen=True):
    """Record that a consent in force was withdrawn; `organisation_id` names the
    organisation of a sharing consent."""

    kind: ConsentKindField
    organisation_id: ConsentOrganisation | None = None
    partner: UnregisteredPartner | None = None
    withdrawn_on: Annotated[
        FieldDate, day_of("consent was withdrawn", also="nor before it was given")
    ] = None


class ErasePersonalData(Command, frozen=True):
    """Erase the person's identifying data (right to erasure) and destroy their keys;
    it cannot be undone. The pseudonymous code and non-identifying data stay."""

    legal_basis: Annotated[
        ErasureBasis,
        msgspec.Meta(
            description="The ground of the erasure (GDPR art. 17(1); Kosovo's Law No. "
            "06/L-082, art. 18).",
            examples=["consent_withdrawn"],
        ),
    ]
    reference: Annotated[
        str,
        msgspec.Meta(
            pattern=REFERENCE.pattern,
            description="The erasure request's reference: 1-64 letters, digits and . / _ -. "
            "It stays in the history, so never a narrative or a name.",
            examples=["DPO-2026-014"],
        ),
    ]
