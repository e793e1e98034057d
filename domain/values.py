"""Value objects: frozen dataclasses, compared by value, serialised field by field.

Each field says what it means and gives an example (`Described`, for the API
description); none is constrained here: these types also decode stored events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import UUID

from domain.described import Described
from domain.vocab import (
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DocumentMediaType,
    DocumentType,
    ExploitationType,
    FollowUpStatus,
    GoalStatus,
    GuardianKind,
    NoteCategory,
    RecruitmentMethod,
    RelationshipToTrafficker,
    SupportPlanType,
    Vulnerability,
)

ERASED = "[erased]"  # what an erased text reads as, everywhere

# Descriptions shared by several value objects.
STAFF_WHO = "User name of the staff member who {}."
_PARTNER_TYPE = "Kind of organisation (HTCDS org_Type)."
NUMBER_WITHIN = "Its number within the {}: 1 for the first, then 2, 3, ... (never reused)."


@dataclass(frozen=True)
class PersonalData:
    """Everything that identifies the person, held as one value so it can be
    encrypted (and later shredded) on its own. Never copied into read models."""

    given_name: Annotated[
        str,
        Described("The person's given name, as on their documents (1 to 100 characters).", "Arta"),
    ]
    family_name: Annotated[
        str, Described("The person's family name (1 to 100 characters).", "Shembulli")
    ]
    birth_date: Annotated[
        date | None, Described("Date of birth, if known; not in the future.", "2009-04-17")
    ] = None
    phone: Annotated[
        str | None,
        Described("A phone number to reach the person safely (up to 50).", "+38344123456"),
    ] = None
    email: Annotated[
        str | None, Described("An e-mail address of the person (up to 200).", "arta@example.org")
    ] = None
    identity_number: Annotated[
        str | None,
        Described(
            "Personal number of an identity document, e.g. Kosovo's 10 digits (up to 50).",
            "1234567890",
        ),
    ] = None
    address: Annotated[
        str | None,
        Described(
            "Where the person lives or can be reached (up to 500).", "Rr. Shembulli 1, Prishtinë"
        ),
    ] = None
    # issue 15 (HTCDS in full): the rest of HTCDS's name, phones and mailing address;
    # defaults, so personal data stored before decodes unchanged. `phone` is the mobile.
    salutation: Annotated[
        str | None, Described("How to address the person, e.g. Ms, Mr (up to 50).", "Ms")
    ] = None
    middle_name: Annotated[
        str | None, Described("A middle name, if the person has one (up to 100).", "Drita")
    ] = None
    title: Annotated[
        str | None,
        Described("The person's position within an organisation (up to 100).", "Nurse"),
    ] = None
    home_phone: Annotated[
        str | None, Described("A landline at home, if safe to use (up to 50).", "+38338123456")
    ] = None
    mailing_street: Annotated[
        str | None,
        Described("Street and number of the mailing address (up to 200).", "Rr. Shembulli 1"),
    ] = None
    mailing_city: Annotated[
        str | None, Described("City or village of the mailing address (up to 100).", "Prishtinë")
    ] = None
    mailing_state: Annotated[
        str | None,
        Described("State, province or region of a mailing address abroad (up to 100).", "Tirana"),
    ] = None
    mailing_postal_code: Annotated[
        str | None, Described("Postal code of the mailing address (up to 20).", "10000")
    ] = None
    mailing_country: Annotated[
        str | None,
        Described("Country of the mailing address: ISO 3166-1 alpha-2 (XK for Kosovo).", "XK"),
    ] = None
    mailing_latitude: Annotated[
        float | None, Described("Latitude of the mailing address (-90 to 90).", 42.6629)
    ] = None
    mailing_longitude: Annotated[
        float | None, Described("Longitude of the mailing address (-180 to 180).", 21.1655)
    ] = None


ERASED_PERSON = PersonalData(ERASED, ERASED)


@dataclass(frozen=True)
class Guardian:
    """The guardian of a minor beneficiary, who gives consent on their behalf."""

    kind: Annotated[
        GuardianKind,
        Described(
            "Parent, relative, or a legal guardian appointed by the Centre for Social Work.",
            "parent",
        ),
    ]
    name: Annotated[
        str, Described("The guardian's full name (1 to 200 characters).", "Shpresa Shembulli")
    ]
    contact: Annotated[
        str | None,
        Described("How to reach the guardian: phone or address (up to 200).", "+38349111222"),
    ] = None


@dataclass(frozen=True)
class Goal:
    """A goal of a reintegration plan."""

    number: Annotated[int, Described(NUMBER_WITHIN.format("plan's goals"), 1)]
    type: Annotated[SupportPlanType, Described("Kind of support (HTCDS spl_Type).", "Education")]
    description: Annotated[
        str,
        Described("What the goal is, in staff's words.", "Finish the hairdressing course in Pejë."),
    ]
    target_date: Annotated[date, Described("The day it should be reached by.", "2026-09-30")]
    status: Annotated[GoalStatus, Described("Open until achieved or abandoned.", "open")] = (
        GoalStatus.OPEN
    )
    progress: Annotated[
        tuple[str, ...],
        Described("Progress notes, oldest first.", ["Enrolled; attends twice a week."]),
    ] = ()
    care_goal: Annotated[
        int | None,
        Described("The number of the care-plan goal it serves; null if it stands alone.", 1),
    ] = None


@dataclass(frozen=True)
class FollowUp:
    """A follow-up: visited on `visited_on` (as stated), written up on `recorded_on`."""

    month: Annotated[
        int, Described("Which follow-up: 3, 6 or 12 months after the plan's completion.", 3)
    ]
    status: Annotated[FollowUpStatus, Described("How the person was found doing.", "sustained")]
    recorded_on: Annotated[date, Described("The day the visit was written up.", "2026-12-04")]
    visited_on: Annotated[
        date, Described("The day of the visit, as staff stated it.", "2026-12-01")
    ]


@dataclass(frozen=True)
class ExploitationProfile:
    """HTCDS vic_TypeOfExploitation, vic_MethodsOfControl, vic_MethodOfRecruitment,
    vic_RelationshipToTrafficker, vic_Vulnerabilities (non-identifying)."""

    types: Annotated[
        tuple[ExploitationType, ...],
        Described("Types of exploitation suffered; at least one.", ["SexualExploitation"]),
    ]
    control_methods: Annotated[
        tuple[ControlMethod, ...],
        Described(
            "How the traffickers controlled the person.", ["DebtBondage", "WithholdsDocuments"]
        ),
    ] = ()
    recruitment_methods: Annotated[
        tuple[RecruitmentMethod, ...],
        Described("How the person was recruited.", ["ThroughOnlineSocialNetworks"]),
    ] = ()
    relationship: Annotated[
        RelationshipToTrafficker | None,
        Described("How the person knew the trafficker, if known.", "Acquainted"),
    ] = None
    vulnerabilities: Annotated[
        tuple[Vulnerability, ...],
        Described("What made the person vulnerable.", ["Poverty", "Migration"]),
    ] = ()


@dataclass(frozen=True)
class ConsentRecord:
    """A consent in force: what, with whom (sharing only), by whom, recorded by whom, when."""

    kind: Annotated[
        ConsentKind,
        Described(
            "To services, to sharing with one partner, or to anonymised reporting.", "sharing"
        ),
    ]
    partner: Annotated[
        str | None,
        Described("For sharing: the partner organisation; otherwise null.", "IOM Kosovo"),
    ]
    given_by: Annotated[
        ConsentGiver, Described("The beneficiary, or for a minor their guardian.", "beneficiary")
    ]
    recorded_by: Annotated[
        str, Described(STAFF_WHO.format("recorded the consent"), "besa.krasniqi")
    ]
    given_on: Annotated[date, Described("The day the consent was given.", "2026-03-02")]
    renew_by: Annotated[
        date | None,
        Described(
            "For a guardian's consent: the day it is to be renewed by (12 months after it "
            "was given); null for the person's own.",
            "2027-03-02",
        ),
    ] = None
    organisation_id: Annotated[
        UUID | None,
        Described(
            "For sharing: the registered organisation the consent is with (its id in the "
            "organisations registry); null for the other kinds, and for a consent recorded "
            "before the registry to a name no registered organisation matched.",
            "0b6f5a3e-2f1d-5c3e-9a57-1d2e3f4a5b6c",
        ),
    ] = None


@dataclass(frozen=True)
class BedInventory:
    """HMIS bed inventory: `beds` from `start` to `end` (both nights included; None: open)."""

    beds: Annotated[int, Described("Beds (or day places) in the facility in this period.", 12)]
    start: Annotated[date, Described("The first night of the period.", "2026-01-01")]
    end: Annotated[
        date | None, Described("The last night of the period; null while it lasts.", "2026-06-30")
    ] = None


# --- documents (issue 14, section 7) ---------------------------------------------------


@dataclass(frozen=True)
class Document:
    """A file attached to a beneficiary or a case; its content is kept apart, encrypted
    with the record's key, and read through its own route by the roles its category allows."""

    number: Annotated[int, Described(NUMBER_WITHIN.format("record's documents"), 1)]
    document_type: Annotated[DocumentType, Described("What the document is.", "consent_form")]
    category: Annotated[
        NoteCategory,
        Described(
            "Confidentiality, as a case note's: general documents for every reader of the "
            "person's data; medical and psychological for clinicians; legal for lawyers and "
            "case managers.",
            "general",
        ),
    ]
    media_type: Annotated[
        DocumentMediaType,
        Described("The file's kind, as its content shows (not its name).", "application/pdf"),
    ]
    size: Annotated[int, Described("The file's size in bytes.", 48213)]
    sha256: Annotated[
        str,
        Described(
            "SHA-256 of the file's content (lowercase hex), to check a download against.",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ),
    ]
    filename: Annotated[
        str, Described("The name the file was uploaded under.", "consent-2026-03-05.pdf")
    ]
    content_id: Annotated[
        UUID,
        Described(
            "Where its encrypted content is kept (the document store's key).",
            "2f1c6d0e-8a4b-4c3d-9e2f-1a0b9c8d7e6f",
        ),
    ]
    attached_by: Annotated[str, Described(STAFF_WHO.format("attached it"), "besa.krasniqi")]
    attached_on: Annotated[date, Described("The day it was attached (Kosovo).", "2026-03-05")]
    removed_on: Annotated[
        date | None,
        Described("The day it was removed (its content deleted); null while kept.", "2026-04-01"),
    ] = None
