"""Controlled vocabularies.

Where IOM's Human Trafficking Case Data Standard (HTCDS 2.0) has the field, the
enum values are its picklist value names, spelled exactly as in
`shared/reference/htcds-field-standards-2.0.csv` (the HTCDS field is named in
each docstring). The rest follow the sources in the brief (Primero, HMIS).
"""

from enum import StrEnum


class Gender(StrEnum):
    """HTCDS prs_Gender."""

    FEMININE = "Feminine"
    MASCULINE = "Masculine"
    TRANSGENDER_FEMININE = "TransgenderFeminine"
    TRANSGENDER_MASCULINE = "TransgenderMasculine"
    NON_CONFORMING = "NonConforming"
    NON_SPECIFIED_UNKNOWN = "NonSpecifiedUnknown"


class TraffickingStatus(StrEnum):
    """HTCDS vic_TraffickingStatus."""

    POSSIBLE = "PossibleVictimOfTrafficking"
    ACTUAL = "ActualVictimOfTrafficking"
    NOT_A_VICTIM = "NotAVictimOfTrafficking"


class ErasureBasis(StrEnum):
    """Why personal data is erased: the grounds of the right to erasure (GDPR art. 17(1),
    mirrored by Kosovo's Law No. 06/L-082 on the Protection of Personal Data, art. 18)."""

    NO_LONGER_NECESSARY = "no_longer_necessary"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    OBJECTION = "objection"
    UNLAWFULLY_PROCESSED = "unlawfully_processed"
    LEGAL_OBLIGATION = "legal_obligation"
    COURT_ORDER = "court_order"


class DecidingBody(StrEnum):
    """HTCDS vic_TraffickingStatusDecisionMakingOrg."""

    POLICE = "Police"
    NGO = "NGO"
    COURT_OR_PROSECUTION = "CourtOrProsecution"
    NON_POLICE_GOVERNMENTAL = "NonPoliceGovernmentalOrganization"
    OTHER = "Other"


class RelationshipToTrafficker(StrEnum):
    """HTCDS vic_RelationshipToTrafficker (the standard's own spelling)."""

    FAMILIAL = "Familial"
    ACQUAINTED = "Acquainted"
    UNACQUAINTED = "Unaquainted"


class RecruitmentMethod(StrEnum):
    """HTCDS vic_MethodOfRecruitment."""

    AT_A_PLACE_OF_BUSINESS = "AtAPlaceOfBusiness"
    AT_AN_EDUCATIONAL_INSTITUTION = "AtAnEducationalInstitution"
    AT_WORK = "AtWork"
    THROUGH_ONLINE_SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks"
    THROUGH_AN_ONLINE_ADVERTISEMENT = "ThroughAnOnlineAdvertisement"
    THROUGH_A_TELEVISION_ADVERT = "ThroughATelevisionAdvert"
    THROUGH_A_NEWSPAPER_ADVERT = "ThroughANewspaperAdvert"
    THROUGH_FAMILY_OR_FAMILY_EVENTS = "ThroughFamilyOrFamilyEvents"
    THROUGH_FRIENDS_OR_SOCIAL_EVENTS = "ThroughFriendsOrSocialEvents"
    OTHER = "Other"


class ControlMethod(StrEnum):
    """HTCDS vic_MethodsOfControl."""

    PHYSICAL_THREATS = "PhysicalThreats"
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement"
    THREATENS_CHILDREN_FAMILY = "ThreatensChildrenFamily"
    DEBT_BONDAGE = "DebtBondage"
    FALSE_PROMISES = "FalsePromises"
    PHYSICAL_ABUSE = "PhysicalAbuse"
    SEXUAL_ABUSE = "SexualAbuse"
    TAKES_EARNINGS = "TakesEarnings"
    RESTRICTS_FINANCIAL_ACCESS = "RestrictsFinancialAccess"
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare"
    WITHHOLDS_NECESSITIES = "WithholdsNecessities"
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse"
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance"
    EXCESSIVE_WORKING_HOURS = "ExcessiveWorkingHours"
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments"
    OTHER = "Other"


class ExploitationType(StrEnum):
    """HTCDS vic_TypeOfExploitation."""

    FORCED_LABOUR = "ForcedLabour"
    SEXUAL_EXPLOITATION = "SexualExploitation"
    CHILD_LABOUR = "ChildLabour"
    FORCED_MARRIAGE = "ForcedMarriage"
    SERVITUDE = "Servitude"
    FORCED_MILITARY_BY_NON_STATE_ACTORS = "ForcedMilitaryByNonStateActors"
    ORGAN_REMOVAL = "OrganRemoval"
    FORCED_BEGGING = "ForcedBegging"
    FORCED_ADOPTION = "ForcedAdoption"
    SURROGACY = "Surrogacy"
    OTHER = "Other"


class Vulnerability(StrEnum):
    """HTCDS vic_Vulnerabilities."""

    ADDICTION = "Addiction"
    SOCIAL_GROUP = "SocialGroup"
    DISCRIMINATION = "Discrimination"
    POVERTY = "Poverty"
    DISABILITY_AND_PHYSICAL_HEALTH = "DisabilityAndPhysicalHealth"
    MENTAL_HEALTH = "MentalHealth"
    MIGRATION = "Migration"
    HOMELESSNESS = "Homelessness"
    ABUSE_SOCIAL_MEDIA = "AbuseSocialMedia"
    ABUSE_PHYSICAL = "AbusePhysical"
    EDUCATION = "Education"
    WORK_ENVIRONMENT = "WorkEnvironment"


class OrganisationType(StrEnum):
    """HTCDS org_Type (referring and partner organisations)."""

    NGO = "NGO"
    LAW_ENFORCEMENT = "LawEnforcement"
    HEALTH_SERVICE_ORGANISATION = "HealthServiceOrganisation"
    CENTRAL_GOVERNMENT_ORGANISATION = "CentralGovernmentOrganisation"
    LOCAL_GOVERNMENT_ORGANISATION = "LocalGovernmentOrganisation"
    IMMIGRATION_SERVICE = "ImmigrationService"
    LEGAL_SERVICE = "LegalService"
    CORPORATE_BUSINESS = "CorporateBusiness"
    SCHOOL_OR_COLLEGE = "SchoolOrCollege"


class IncomingReferralReason(StrEnum):
    """HTCDS cas_ReasonForIncomingReferral."""

    ADDITIONAL_SERVICES_REQUIRED = "AdditionalServicesRequired"
    MIGRATION_OR_CHANGE_OF_LOCATION = "MigrationOrChangeOfLocation"
    OTHER = "Other"


class OutgoingReferralReason(StrEnum):
    """HTCDS cas_ReasonForOutgoingReferral."""

    ADDITIONAL_SERVICES_REQUIRED = "AdditionalServicesRequired"
    MIGRATION_OR_CHANGE_OF_LOCATION = "MigrationOrChangeOfLocation"
    OTHER = "Other"


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


class AgeBand(StrEnum):
    """Age at identification, in the bands CTDC publishes."""

    AGE_0_8 = "0-8"
    AGE_9_17 = "9-17"
    AGE_18_20 = "18-20"
    AGE_21_23 = "21-23"
    AGE_24_26 = "24-26"
    AGE_27_29 = "27-29"
    AGE_30_38 = "30-38"
    AGE_39_47 = "39-47"
    AGE_48_PLUS = "48+"


class ConsentKind(StrEnum):
    """What a consent covers: receiving services, sharing the case with one named
    partner organisation, or anonymised reporting."""

    SERVICES = "services"
    SHARING = "sharing"  # with one named partner organisation
    ANONYMISED_REPORTING = "anonymised_reporting"


class ConsentGiver(StrEnum):
    """Who gave a consent: the beneficiary, or the guardian of a minor."""

    BENEFICIARY = "beneficiary"
    GUARDIAN = "guardian"


class RiskLevel(StrEnum):
    """The assessed risk to the person (PVPT shelters take low and medium)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Stage(StrEnum):
    """Where a case stands, from intake to closure (docs/domain.md, the case's
    lifecycle)."""

    INTAKE = "intake"
    SCREENING = "screening"
    REFLECTION_PERIOD = "reflection_period"
    ASSESSMENT = "assessment"
    CASE_PLAN = "case_plan"
    SERVICE_PROVISION = "service_provision"
    REINTEGRATION = "reintegration"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class ApprovalSubject(StrEnum):
    """What a case manager approves: the assessment, the case plan, or the closure."""

    ASSESSMENT = "assessment"
    CASE_PLAN = "case_plan"
    CLOSURE = "closure"


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


class ReferralStatus(StrEnum):
    """Where an outgoing referral stands: in progress until the partner accepts or
    rejects it, or PVPT revokes it."""

    IN_PROGRESS = "in_progress"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    REVOKED = "revoked"


class NoteCategory(StrEnum):
    """A case note's confidentiality: general notes are read by every case reader;
    medical, psychological and legal ones by those roles only."""

    GENERAL = "general"
    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"
    LEGAL = "legal"


class ClosureReason(StrEnum):
    """Why a case was closed."""

    REINTEGRATED = "reintegrated"
    REPATRIATED = "repatriated"
    REFERRED_OR_TRANSFERRED = "referred_or_transferred"
    LOST_CONTACT = "lost_contact"
    DECLINED_SERVICES = "declined_services"
    NOT_A_VICTIM = "not_a_victim"
    DECEASED = "deceased"


class FacilityKind(StrEnum):
    """A shelter (residents stay the night) or a day rehabilitation centre."""

    SHELTER = "shelter"
    DAY_REHABILITATION_CENTRE = "day_rehabilitation_centre"


class DischargeReason(StrEnum):
    """Why a shelter stay ended."""

    COMPLETED_PROGRAMME = "completed_programme"
    LEFT_VOLUNTARILY = "left_voluntarily"
    MOVED_FOR_SAFETY = "moved_for_safety"
    REPATRIATED = "repatriated"
    RULES_BREACHED = "rules_breached"
    DECEASED = "deceased"
    OTHER = "other"


class ExitDestination(StrEnum):
    """Where a resident went on discharge (after HMIS exit destinations)."""

    FAMILY = "family"
    INDEPENDENT_LIVING = "independent_living"
    OTHER_SHELTER = "other_shelter"
    STATE_SECURITY_FACILITY = "state_security_facility"
    FOSTER_OR_INSTITUTIONAL_CARE = "foster_or_institutional_care"
    COUNTRY_OF_ORIGIN = "country_of_origin"
    HOSPITAL = "hospital"
    UNKNOWN = "unknown"


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


class TraffickingScope(StrEnum):
    """Whether the person was trafficked within Kosovo or across a border."""

    DOMESTIC = "domestic"
    INTERNATIONAL = "international"


class GuardianKind(StrEnum):
    """Who a minor's guardian is: a parent, a relative, or a legal guardian appointed by
    the Centre for Social Work."""

    PARENT = "parent"
    RELATIVE = "relative"
    APPOINTED_LEGAL_GUARDIAN = "appointed_legal_guardian"  # by the Centre for Social Work


# --- documents (issue 14, section 7) ---------------------------------------------------


class DocumentType(StrEnum):
    """What a document attached to a beneficiary or a case is."""

    CONSENT_FORM = "consent_form"
    IDENTITY_DOCUMENT = "identity_document"
    TRAVEL_DOCUMENT = "travel_document"
    MEDICAL_REPORT = "medical_report"
    PSYCHOLOGICAL_REPORT = "psychological_report"
    COURT_DOCUMENT = "court_document"
    OTHER = "other"


class DocumentMediaType(StrEnum):
    """The kinds of file accepted as documents, as their content shows (never as their
    name or the upload's Content-Type says)."""

    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"
