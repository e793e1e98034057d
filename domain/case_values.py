"""The value objects a case holds: the referral in (`IncomingReferral`), the approvals
pending, the services delivered, the referrals out and the notes.

Frozen dataclasses like those of domain/values.py (each field `Described` for the API);
stored field by field (adapters/store/codec.py), so their module is no part of any
stored data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from domain.described import Described
from domain.disclosure_ref import DisclosureRef
from domain.values import NUMBER_WITHIN, STAFF_WHO
from domain.vocab import (
    ClosureReason,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    OutgoingReferralReason,
    ReferralStatus,
    ServiceOutcome,
    ServiceType,
)


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
        OrganisationType | None,
        Described(
            "Kind of referring organisation (HTCDS org_Type); required without "
            "`organisation_id`. Ignored when `organisation_id` is given: the registry's type "
            "is recorded, null where HTCDS has none that fits (an international "
            "organisation, an embassy).",
            "LawEnforcement",
        ),
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
    # cross-border (issue 15, return): a referral from another country's mechanism
    referring_country: Annotated[
        str | None,
        Described(
            "For a referral from abroad: the referring country (ISO 3166-1 alpha-2); "
            "null for a referral from within Kosovo.",
            "DE",
        ),
    ] = None
    foreign_reference: Annotated[
        str | None,
        Described(
            "For a referral from abroad: the foreign mechanism's reference for the person "
            "(personal data: it identifies them in another state's records).",
            "NRM-DE-2026-0413",
        ),
    ] = None
    organisation_id: Annotated[
        UUID | None,
        Described(
            "The referring organisation's id in the organisations registry. When given, "
            "the referral records the registry's name and HTCDS type of that day in "
            "`organisation` and `organisation_type`, whatever was sent there (the type null "
            "where the registry has none); null for a referrer the registry does not hold, "
            "or one recorded before the registry to a name no registered organisation matched.",
            "2c8e4f6a-1b3d-5e7f-9a0b-4c6d8e0f2a1b",
        ),
    ] = None
    # HTCDS cas_ReferringPrimaryCaseWorker (issue 15): a name, personal data
    contact_person: Annotated[
        str | None,
        Described(
            "The referring organisation's caseworker for the person (up to 200); personal data.",
            "Toger Lule",
        ),
    ] = None
    # prevention (issue 16): a referral that came from a disclosure at a prevention activity
    prevention_disclosure: Annotated[
        DisclosureRef | None,
        Described(
            "For a referral from PVPT's own prevention work: the activity and the number of "
            "the disclosure made there (POST /api/v1/prevention/activities/{id}/disclosures); "
            "null otherwise.",
            {"activity_id": "5d0c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71", "number": 1},
        ),
    ] = None


@dataclass(frozen=True)
class PendingApproval:
    """A case manager's approval asked for and not yet given or refused."""

    requested_by: Annotated[
        str, Described(STAFF_WHO.format("asked for the approval"), "besa.krasniqi")
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

    number: Annotated[int, Described(NUMBER_WITHIN.format("case's outgoing referrals"), 1)]
    partner: Annotated[
        str,
        Described(
            "The partner organisation referred to: its name in the registry on the day of "
            "the referral ('unregistered: <name>' for a referral recorded before the "
            "registry to a name no registered organisation matched).",
            "IOM Kosovo",
        ),
    ]
    partner_type: Annotated[
        OrganisationType | None,
        Described(
            "Kind of organisation (HTCDS org_Type), as the registry typed it on the day of "
            "the referral; null where HTCDS has no type that fits (an international "
            "organisation, an embassy).",
            "NGO",
        ),
    ]
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
    organisation_id: Annotated[
        UUID | None,
        Described(
            "The registered organisation referred to (its id in the organisations "
            "registry); null for a referral recorded before the registry to a name no "
            "registered organisation matched.",
            "0b6f5a3e-2f1d-5c3e-9a57-1d2e3f4a5b6c",
        ),
    ] = None
    # HTCDS cas_ReferredPrimaryCaseWorker (issue 15): a name, personal data
    contact_person: Annotated[
        str | None,
        Described(
            "The partner's caseworker who takes the person on (up to 200); personal data.",
            "Mira Berisha",
        ),
    ] = None


@dataclass(frozen=True)
class CaseNote:
    """A note on a case; who may read it depends on its category."""

    number: Annotated[int, Described(NUMBER_WITHIN.format("case's notes"), 1)]
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
    written_by: Annotated[str, Described(STAFF_WHO.format("wrote the note"), "besa.krasniqi")]
    written_at: Annotated[datetime, Described("When it was written (UTC).", "2026-03-05T14:10:00Z")]
