"""Controlled vocabularies, gathered: `from domain.vocab import X` finds every one.

Where IOM's Human Trafficking Case Data Standard (HTCDS 2.0) has the field, the
enum values are its picklist value names, spelled exactly as in
`shared/reference/htcds-field-standards-2.0.csv` (the HTCDS field is named in
each docstring). The rest follow the sources in the brief (Primero, HMIS).

Each area's enums live in a module of its own: domain/vocab_person.py (the person),
vocab_case.py (the case, identification and screening), vocab_care.py (services and
plans), vocab_facility.py (shelters and the day centre), vocab_children.py and
vocab_documents.py. Newer areas keep theirs beside their aggregate (e.g.
domain/justice_vocab.py, domain/episode_vocab.py) and are not gathered here.
"""

from domain.vocab_care import (
    SUPPORT_TYPE_OF_SERVICE,
    FollowUpStatus,
    GoalStatus,
    NeedDomain,
    NeedLevel,
    PlannedServiceStatus,
    PlanStatus,
    ProviderKind,
    ServiceAchievement,
    ServiceBasis,
    ServiceOutcome,
    ServiceType,
    SupportPlanType,
)
from domain.vocab_case import (
    ApprovalSubject,
    ClosureReason,
    IdentificationKind,
    IncomingReferralReason,
    NoteCategory,
    OrganisationType,
    OtherNeed,
    OutgoingReferralReason,
    ReferralStatus,
    RevisionGrounds,
    RiskLevel,
    ScreeningOutcome,
    Stage,
)
from domain.vocab_children import (
    AgeBasis,
    AgeEstimateMethod,
    BestInterestsDecision,
    BestInterestsParticipant,
    GuardianAppointedBy,
)
from domain.vocab_documents import (
    DocumentMediaType,
    DocumentType,
)
from domain.vocab_facility import (
    AttendanceStatus,
    DayCentreActivity,
    DischargeReason,
    EnrolmentEndReason,
    ExitDestination,
    FacilityKind,
)
from domain.vocab_person import (
    AgeBand,
    ConsentGiver,
    ConsentKind,
    ControlMethod,
    DecidingBody,
    ErasureBasis,
    ExploitationType,
    Gender,
    GuardianKind,
    RecruitmentMethod,
    RelationshipToTrafficker,
    TraffickingScope,
    TraffickingStatus,
    Vulnerability,
)

__all__ = [
    "SUPPORT_TYPE_OF_SERVICE",
    "AgeBand",
    "AgeBasis",
    "AgeEstimateMethod",
    "ApprovalSubject",
    "AttendanceStatus",
    "BestInterestsDecision",
    "BestInterestsParticipant",
    "ClosureReason",
    "ConsentGiver",
    "ConsentKind",
    "ControlMethod",
    "DayCentreActivity",
    "DecidingBody",
    "DischargeReason",
    "DocumentMediaType",
    "DocumentType",
    "EnrolmentEndReason",
    "ErasureBasis",
    "ExitDestination",
    "ExploitationType",
    "FacilityKind",
    "FollowUpStatus",
    "Gender",
    "GoalStatus",
    "GuardianAppointedBy",
    "GuardianKind",
    "IdentificationKind",
    "IncomingReferralReason",
    "NeedDomain",
    "NeedLevel",
    "NoteCategory",
    "OrganisationType",
    "OtherNeed",
    "OutgoingReferralReason",
    "PlanStatus",
    "PlannedServiceStatus",
    "ProviderKind",
    "RecruitmentMethod",
    "ReferralStatus",
    "RelationshipToTrafficker",
    "RevisionGrounds",
    "RiskLevel",
    "ScreeningOutcome",
    "ServiceAchievement",
    "ServiceBasis",
    "ServiceOutcome",
    "ServiceType",
    "Stage",
    "SupportPlanType",
    "TraffickingScope",
    "TraffickingStatus",
    "Vulnerability",
]
