"""Value objects: frozen dataclasses, compared by value, serialised field by field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.vocab import (
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    ControlMethod,
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


@dataclass(frozen=True)
class PersonalData:
    """Everything that identifies the person, held as one value so it can be
    encrypted (and later shredded) on its own. Never copied into read models."""

    given_name: str
    family_name: str
    birth_date: date | None = None
    phone: str | None = None
    email: str | None = None
    identity_number: str | None = None
    address: str | None = None


ERASED_PERSON = PersonalData(ERASED, ERASED)


@dataclass(frozen=True)
class Guardian:
    kind: GuardianKind
    name: str
    contact: str | None = None


@dataclass(frozen=True)
class IncomingReferral:
    """HTCDS cas_ReferringOrganisation, cas_IncomingReferralDate, cas_ReasonForIncomingReferral."""

    organisation: str
    organisation_type: OrganisationType
    referred_on: date
    reason: IncomingReferralReason
    details: str | None = None


@dataclass(frozen=True)
class PendingApproval:
    requested_by: str
    requested_at: datetime
    closure_reason: ClosureReason | None = None


@dataclass(frozen=True)
class ServiceDelivery:
    service: ServiceType
    provider: str
    delivered_on: date
    outcome: ServiceOutcome


@dataclass(frozen=True)
class OutgoingReferral:
    """HTCDS cas_ReferredOrganisation, cas_ReasonForOutgoingReferral, cas_OutgoingReferralDate."""

    number: int
    partner: str
    partner_type: OrganisationType
    reason: OutgoingReferralReason
    referred_on: date
    status: ReferralStatus = ReferralStatus.IN_PROGRESS


@dataclass(frozen=True)
class CaseNote:
    number: int
    category: NoteCategory
    text: str
    written_by: str
    written_at: datetime


@dataclass(frozen=True)
class Goal:
    number: int
    type: SupportPlanType
    description: str
    target_date: date
    status: GoalStatus = GoalStatus.OPEN
    progress: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    """A follow-up: visited on `visited_on` (as stated), written up on `recorded_on`."""

    month: int
    status: FollowUpStatus
    recorded_on: date
    visited_on: date


@dataclass(frozen=True)
class ExploitationProfile:
    """HTCDS vic_TypeOfExploitation, vic_MethodsOfControl, vic_MethodOfRecruitment,
    vic_RelationshipToTrafficker, vic_Vulnerabilities (non-identifying)."""

    types: tuple[ExploitationType, ...]
    control_methods: tuple[ControlMethod, ...] = ()
    recruitment_methods: tuple[RecruitmentMethod, ...] = ()
    relationship: RelationshipToTrafficker | None = None
    vulnerabilities: tuple[Vulnerability, ...] = ()


@dataclass(frozen=True)
class ConsentRecord:
    """A consent in force: what, with whom (sharing only), by whom, recorded by whom, when."""

    kind: ConsentKind
    partner: str | None
    given_by: ConsentGiver
    recorded_by: str
    given_on: date


@dataclass(frozen=True)
class BedInventory:
    """HMIS bed inventory: `beds` from `start` to `end` (both nights included; None: open)."""

    beds: int
    start: date
    end: date | None = None
