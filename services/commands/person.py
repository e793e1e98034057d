"""Commands on a beneficiary's HTCDS details (issue 15): background, vulnerabilities in
staff's words, death (domain/parts/beneficiary_background.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from domain.beneficiary import Beneficiary
from domain.htcds_vocab import EducationLevel, MaritalStatus
from domain.parts.beneficiary_background import DETAILS_LENGTH, MAX_CHILDREN, PersonBackground
from services.commands import FieldDate, day_of, free_text
from services.commands.beneficiary import BeneficiaryCommand

_LANGUAGE = r"^[a-z]{2,3}$"
_MUNICIPALITY = r"^[0-9]{2}$"
_COUNTRY = r"^[A-Z]{2}$"


class RecordBackground(BeneficiaryCommand, frozen=True):
    """Record, or replace as a whole, the person's background (HTCDS prs_MaritalStatus,
    prs_NumberOfChildren, prs_HighestLevelOfEducation, prs_PrimaryLanguage,
    prs_SecondaryLanguage, and where they live and come from). Nothing here names the
    person; the places are quasi-identifiers, generalised in anonymised exports."""

    marital_status: Annotated[
        MaritalStatus | None,
        msgspec.Meta(
            description="Marital status (HTCDS picklist); null if not known.", examples=["Single"]
        ),
    ] = None
    number_of_children: (
        Annotated[
            int,
            msgspec.Meta(
                ge=0,
                le=MAX_CHILDREN,
                description="How many children the person has "
                f"(0 to {MAX_CHILDREN}); null if not known.",
                examples=[1],
            ),
        ]
        | None
    ) = None
    education: Annotated[
        EducationLevel | None,
        msgspec.Meta(
            description="Highest level of education completed (HTCDS "
            "prs_HighestLevelOfEducation, ISCED 2011); null if not known.",
            examples=["PrimaryEducation"],
        ),
    ] = None
    primary_language: (
        Annotated[
            str,
            msgspec.Meta(
                pattern=_LANGUAGE,
                description="The language the person speaks best, "
                "as an ISO 639 code; it joins the person's languages.",
                examples=["sq"],
            ),
        ]
        | None
    ) = None
    secondary_language: (
        Annotated[
            str,
            msgspec.Meta(
                pattern=_LANGUAGE,
                description="Another language the person speaks (ISO 639), not the primary one.",
                examples=["sr"],
            ),
        ]
        | None
    ) = None
    residence_country: (
        Annotated[
            str,
            msgspec.Meta(
                pattern=_COUNTRY,
                description="Country the person lives in: ISO 3166-1 alpha-2, XK for Kosovo.",
                examples=["XK"],
            ),
        ]
        | None
    ) = None
    residence_municipality: (
        Annotated[
            str,
            msgspec.Meta(
                pattern=_MUNICIPALITY,
                description="Kosovo municipality the person "
                "lives in, as the Kosovo Agency of Statistics' code ('01'..'38'); only "
                "with XK as the country.",
                examples=["13"],
            ),
        ]
        | None
    ) = None
    origin_municipality: (
        Annotated[
            str,
            msgspec.Meta(
                pattern=_MUNICIPALITY,
                description="Kosovo municipality the person comes from (KAS code '01'..'38').",
                examples=["07"],
            ),
        ]
        | None
    ) = None

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        background = PersonBackground(
            self.marital_status,
            self.number_of_children,
            self.education,
            self.primary_language,
            self.secondary_language,
            self.residence_country,
            self.residence_municipality,
            self.origin_municipality,
        )
        record.record_background(background, actor=actor, at=at)


class DescribeVulnerabilities(BeneficiaryCommand, frozen=True):
    """Record, or replace, staff's own words on what made the person vulnerable (HTCDS
    vic_DetailsOfVulnerabilities). Personal data: shown only to roles that see it, never
    exported. The vulnerabilities as codes are in the exploitation profile."""

    details: Annotated[
        str,
        free_text(
            "What made the person vulnerable, in staff's words",
            "Left school at 14 to care for younger siblings; no income at home.",
            most=DETAILS_LENGTH,
        ),
    ]

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.describe_vulnerabilities(self.details, actor=actor, at=at)


class RecordDeath(BeneficiaryCommand, frozen=True):
    """Record that the person is known to have died (HTCDS prs_Deceased), once."""

    died_on: Annotated[FieldDate, day_of("the person died", also="nor before their birth date")] = (
        None
    )

    def run(self, record: Beneficiary, actor: str, at: datetime) -> None:
        record.record_death(self.died_on, actor=actor, at=at)
