"""Commands on the partner-organisation registry (domain/organisation.py), and the type
other commands name a registered organisation by (`OrganisationId`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from domain.organisation import Organisation, OrganisationDetails, OrganisationNames
from domain.organisation_values import KEY
from services.commands import Command, RecordCommand, free_text

# What other helpers' command bodies name a partner by (checked in the service with
# services.organisations.registered_organisation).
OrganisationId = Annotated[
    UUID,
    msgspec.Meta(
        description="The id of a registered partner organisation (GET /api/v1/organisations); "
        "it must be active on the day concerned.",
        examples=["f4d5371e-3929-56a0-870f-317ee8808f05"],
    ),
]
NAMES_EXAMPLE = {
    "albanian": "Qendra për Punë Sociale Prishtinë",
    "serbian": "Centar za socijalni rad Priština",
    "english": "Centre for Social Work Prishtinë",
}
DETAILS_EXAMPLE = {
    "kind": "centre_for_social_work",
    "country": "XK",
    "municipality": "19",
    "city": "Prishtinë",
    "postal_code": "10000",
}
Names = Annotated[
    OrganisationNames,
    msgspec.Meta(
        description="Its names in Albanian, Serbian (Latin script) and English, each 1 to 200 "
        "characters; at least one. A language it has no name in is left out.",
        examples=[NAMES_EXAMPLE],
    ),
]
Details = Annotated[
    OrganisationDetails,
    msgspec.Meta(
        description="Its kind, country (ISO 3166-1 alpha-2, XK for Kosovo), municipality "
        "(KAS code, only in Kosovo), address, phone (E.164) and coordinates (HTCDS org_*).",
        examples=[DETAILS_EXAMPLE],
    ),
]
Reason = Annotated[str, free_text("Why", "The ministry was reorganised.", optional=True)]


class RegisterOrganisation(Command, frozen=True):
    """Register a partner organisation under a stable key; its id is derived from the key.
    Refused when the key is already registered."""

    key: Annotated[
        str,
        msgspec.Meta(
            pattern=KEY.pattern,
            description="Its registry key: 2 to 63 of a-z, 0-9 and '-', for good (a rename "
            "keeps it).",
            examples=["csw-prishtine"],
        ),
    ]
    names: Names
    details: Details
    active_from: Annotated[
        date,
        msgspec.Meta(
            description="The first day it is active as a partner.", examples=["2020-01-01"]
        ),
    ]


class RenameOrganisation(RecordCommand, frozen=True):
    """Give an organisation new names; it keeps its identity, and its old names stay in
    its history. Refused when the names are the same (no_change)."""

    target: ClassVar[type[Organisation]] = Organisation
    names: Names
    reason: Reason | None = None

    def run(self, record: Organisation, actor: str, at: datetime) -> None:
        record.rename(self.names, self.reason, actor=actor, at=at)


class ChangeOrganisationDetails(RecordCommand, frozen=True):
    """Replace an organisation's kind, place and contact details (all of them: a field left
    out is cleared). Refused when nothing changes (no_change)."""

    target: ClassVar[type[Organisation]] = Organisation
    details: Details

    def run(self, record: Organisation, actor: str, at: datetime) -> None:
        record.change_details(self.details, actor=actor, at=at)


class DeactivateOrganisation(RecordCommand, frozen=True):
    """Record the last day an organisation is a partner (closed, merged, no longer
    working with PVPT). Refused when it is already deactivated."""

    target: ClassVar[type[Organisation]] = Organisation
    active_to: Annotated[
        date,
        msgspec.Meta(
            description="The last day it is active; not before it became active.",
            examples=["2026-12-31"],
        ),
    ]
    reason: Reason | None = None

    def run(self, record: Organisation, actor: str, at: datetime) -> None:
        record.deactivate(self.active_to, self.reason, actor=actor, at=at)


class ReactivateOrganisation(RecordCommand, frozen=True):
    """Make a deactivated organisation active again from a day after its last active day."""

    target: ClassVar[type[Organisation]] = Organisation
    active_from: Annotated[
        date,
        msgspec.Meta(
            description="The first day it is active again; after its last active day.",
            examples=["2027-03-01"],
        ),
    ]

    def run(self, record: Organisation, actor: str, at: datetime) -> None:
        record.reactivate(self.active_from, actor=actor, at=at)
