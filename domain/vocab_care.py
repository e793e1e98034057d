"""Controlled vocabularies of care: services, reintegration plans, follow-ups, the needs
assessment and planned services (issue 14, careplan).

Where IOM's Human Trafficking Case Data Standard (HTCDS 2.0) has the field, the
enum values are its picklist value names, spelled exactly as in
`shared/reference/htcds-field-standards-2.0.csv` (the HTCDS field is named in
each docstring). The rest follow the sources in the brief (Primero, HMIS).
Gathered, with the other areas', by domain/vocab.py.
"""

from enum import StrEnum


class SupportPlanType(StrEnum):
    """HTCDS spl_Type (goal types of a reintegration plan)."""

    EDUCATION = "Education"
    FINANCIAL = "Financial"
    HEALTH = "Health"
    LABOUR_EXPLOITATION_REHABILITATION = "LabourExploitationRehabilitation"
    LEGAL = "Legal"
    LIVELIHOOD = "Livelihood"
    RIGHTS_BASED_TRAINING = "RightsBasedTraining"
    SEXUAL_EXPLOITATION_REHABILITATION = "SexualExploitationRehabilitation"
    SOCIAL_CARE = "SocialCare"


class ServiceType(StrEnum):
    """The kind of service delivered to a beneficiary."""

    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"
    LEGAL = "legal"
    EDUCATION = "education"
    VOCATIONAL_TRAINING = "vocational_training"
    EMPLOYMENT = "employment"
    HOUSING = "housing"
    FAMILY_MEDIATION = "family_mediation"
    FINANCIAL = "financial"
    REPATRIATION = "repatriation"


class ServiceOutcome(StrEnum):
    """How a delivered service went."""

    COMPLETED = "completed"
    ONGOING = "ongoing"
    DECLINED = "declined"
    NOT_AVAILABLE = "not_available"


class GoalStatus(StrEnum):
    """Where a reintegration plan's goal stands: open until achieved or abandoned."""

    OPEN = "open"
    ACHIEVED = "achieved"
    ABANDONED = "abandoned"


class PlanStatus(StrEnum):
    """Where a reintegration plan stands: active until completed or discontinued."""

    ACTIVE = "active"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"


class FollowUpStatus(StrEnum):
    """How a follow-up visit found the person doing after reintegration."""

    SUSTAINED = "sustained"
    AT_RISK = "at_risk"
    RE_TRAFFICKED = "re_trafficked"
    LOST_CONTACT = "lost_contact"


class NeedDomain(StrEnum):
    """A domain of a needs assessment (docs/domain.md, Needs assessment and the care plan;
    the areas of the Kosovo Minimum Standards of Care 2010 and the IOM direct-assistance
    handbook)."""

    SAFETY_RISK = "safety_risk"
    PHYSICAL_HEALTH = "physical_health"
    MENTAL_HEALTH = "mental_health"
    LEGAL_DOCUMENTATION = "legal_documentation"
    ACCOMMODATION = "accommodation"
    EDUCATION = "education"
    EMPLOYMENT_LIVELIHOOD = "employment_livelihood"
    FAMILY_SOCIAL_NETWORK = "family_social_network"
    FINANCES = "finances"
    CHILD_SPECIFIC = "child_specific"


class NeedLevel(StrEnum):
    """How much need a domain shows: none, low, medium, high, or immediate (to be met
    at once: the IOM handbook's immediate assistance, before longer-term planning)."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    IMMEDIATE = "immediate"


class ProviderKind(StrEnum):
    """Who provides a planned service: PVPT's own team, or a partner organisation."""

    PVPT = "pvpt"
    PARTNER = "partner"


class ServiceBasis(StrEnum):
    """Why a service may be given: the beneficiary's services consent, or a lawful basis
    other than consent, recorded as such (the lawful bases of Kosovo's Law No. 06/L-082
    on Protection of Personal Data, as in the GDPR: vital interests, legal obligation)."""

    CONSENT = "consent"
    EMERGENCY_MEDICAL_CARE = "emergency_medical_care"
    VITAL_INTERESTS = "vital_interests"
    LEGAL_OBLIGATION = "legal_obligation"


class ServiceAchievement(StrEnum):
    """What a planned service achieved, once it is done."""

    ACHIEVED = "achieved"
    PARTIALLY_ACHIEVED = "partially_achieved"
    NOT_ACHIEVED = "not_achieved"


class PlannedServiceStatus(StrEnum):
    """Where a planned service stands: planned (deliveries may be recorded) until its
    outcome is recorded (concluded) or it is cancelled."""

    PLANNED = "planned"
    CONCLUDED = "concluded"
    CANCELLED = "cancelled"


# HTCDS spl_Type of each kind of service: how the planned services count in HTCDS terms.
SUPPORT_TYPE_OF_SERVICE: dict[ServiceType, SupportPlanType] = {
    ServiceType.MEDICAL: SupportPlanType.HEALTH,
    ServiceType.PSYCHOLOGICAL: SupportPlanType.HEALTH,
    ServiceType.LEGAL: SupportPlanType.LEGAL,
    ServiceType.EDUCATION: SupportPlanType.EDUCATION,
    ServiceType.VOCATIONAL_TRAINING: SupportPlanType.LIVELIHOOD,
    ServiceType.EMPLOYMENT: SupportPlanType.LIVELIHOOD,
    ServiceType.HOUSING: SupportPlanType.SOCIAL_CARE,
    ServiceType.FAMILY_MEDIATION: SupportPlanType.SOCIAL_CARE,
    ServiceType.FINANCIAL: SupportPlanType.FINANCIAL,
    ServiceType.REPATRIATION: SupportPlanType.SOCIAL_CARE,
}
