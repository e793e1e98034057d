"""Value objects: frozen dataclasses, compared by value, serialised field by field.

Each field says what it means and gives an example (`Described`, for the API
description); none is constrained here: these types also decode stored events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from domain.described import Described
from domain.vocab import (
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DocumentMediaType,
    DocumentType,
    ExploitationType,
    FollowUpStatus,
    GoalStatus,
    GuardianKind,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    OutgoingReferralReason,
    RecruitmentMethod,
    ReferralStatus,
    RelationshipToTrafficker,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
    Vulnerability,
)

ERASED = "[erased]"  # what an erased text reads as, everywhere

# Descriptions shared by several value objects.
_STAFF = "User name of the staff member who {}."
_PARTNER_TYPE = "Kind of organisation (HTCDS org_Type)."
_NUMBER = "Its number within the {}: 1 for the first, then 2, 3, ... (never reused)."


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
class IncomingReferral:
    """HTCDS cas_ReferringOrganisation, cas_IncomingReferralDate, cas_ReasonForIncomingReferral."""

    organisation: Annotated[
        str,
        Described(
            "The organisation that referred the person to PVPT (1 to 200 characters).",
            "Kosovo Police",
        ),
    ]
    organisation_type: Annotated[
        OrganisationType,
        Described("Kind of referring organisation (HTCDS org_Type).", "LawEnforcement"),
    ]
    referred_on: Annotated[
        date, Described("The day the referral was made; not in the future.", "2026-03-02")
    ]
    reason: Annotated[
        IncomingReferralReason,
        Described("Why the person was referred (HTCDS picklist).", "AdditionalServicesRequired"),
    ]
    details: Annotated[
        str | None,
        Described(
            "What the referrer said about the situation; free text, personal data.",
            "Needs shelter tonight.",
        ),
    ] = None


@dataclass(frozen=True)
class PendingApproval:
    """A case manager's approval asked for and not yet given or refused."""

    requested_by: Annotated[
        str, Described(_STAFF.format("asked for the approval"), "besa.krasniqi")
    ]
    requested_at: Annotated[
        datetime, Described("When the approval was asked for (UTC).", "2026-03-02T09:30:00Z")
    ]
    closure_reason: Annotated[
        ClosureReason | None,
        Described("For a closure: why the case is to be closed.", "reintegrated"),
    ] = None


@dataclass(frozen=True)
class ServiceDelivery:
    """A service the beneficiary received, by PVPT or a partner."""

    service: Annotated[ServiceType, Described("Which kind of service.", "psychological")]
    provider: Annotated[str, Described("Who provided it: PVPT or the partner's name.", "PVPT")]
    delivered_on: Annotated[date, Described("The day it was delivered.", "2026-03-05")]
    outcome: Annotated[ServiceOutcome, Described("How it ended, or that it goes on.", "completed")]


@dataclass(frozen=True)
class OutgoingReferral:
    """HTCDS cas_ReferredOrganisation, cas_ReasonForOutgoingReferral, cas_OutgoingReferralDate."""

    number: Annotated[int, Described(_NUMBER.format("case's outgoing referrals"), 1)]
    partner: Annotated[str, Described("The partner organisation referred to.", "IOM Kosovo")]
    partner_type: Annotated[OrganisationType, Described(_PARTNER_TYPE, "NGO")]
    reason: Annotated[
        OutgoingReferralReason,
        Described("Why the case is referred (HTCDS picklist).", "AdditionalServicesRequired"),
    ]
    referred_on: Annotated[date, Described("The day of the referral.", "2026-03-10")]
    status: Annotated[
        ReferralStatus,
        Described(
            "In progress until the partner accepts or rejects it, or PVPT revokes it.",
            "in_progress",
        ),
    ] = ReferralStatus.IN_PROGRESS


@dataclass(frozen=True)
class CaseNote:
    """A note on a case; who may read it depends on its category."""

    number: Annotated[int, Described(_NUMBER.format("case's notes"), 1)]
    category: Annotated[
        NoteCategory,
        Described(
            "Confidentiality: general notes for every case reader; medical and "
            "psychological for clinicians; legal for lawyers and case managers.",
            "general",
        ),
    ]
    text: Annotated[
        str, Described("The note (up to 20,000 characters).", "Attended the first session.")
    ]
    written_by: Annotated[str, Described(_STAFF.format("wrote the note"), "besa.krasniqi")]
    written_at: Annotated[datetime, Described("When it was written (UTC).", "2026-03-05T14:10:00Z")]


@dataclass(frozen=True)
class Goal:
    """A goal of a reintegration plan."""

    number: Annotated[int, Described(_NUMBER.format("plan's goals"), 1)]
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
    recorded_by: Annotated[str, Described(_STAFF.format("recorded the consent"), "besa.krasniqi")]
    given_on: Annotated[date, Described("The day the consent was given.", "2026-03-02")]
    renew_by: Annotated[
        date | None,
        Described(
            "For a guardian's consent: the day it is to be renewed by (12 months after it "
            "was given); null for the person's own.",
            "2027-03-02",
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

    number: Annotated[int, Described(_NUMBER.format("record's documents"), 1)]
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
    attached_by: Annotated[str, Described(_STAFF.format("attached it"), "besa.krasniqi")]
    attached_on: Annotated[date, Described("The day it was attached (Kosovo).", "2026-03-05")]
    removed_on: Annotated[
        date | None,
        Described("The day it was removed (its content deleted); null while kept.", "2026-04-01"),
    ] = None
