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
    # Not in HTCDS 2.0's picklist (identification: IOM, UNHCR pre-identify too); the
    # HTCDS export writes it as Other.
    INTERNATIONAL_ORGANISATION = "InternationalOrganization"


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
    NOT_A_VICTIM = "not_a_victim"  # stored before screening outcomes: read, no longer given
    DECEASED = "deceased"
    # screened out (identification): trafficking not confirmed, the case closes
    SCREENED_OUT_OTHER_NEED = "screened_out_other_need"
    SCREENED_OUT_INSUFFICIENT_INFORMATION = "screened_out_insufficient_info"
    SCREENED_OUT_DECLINED = "screened_out_declined"


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


# --- identification and screening (issue 14, section 1) ---------------------------


class IdentificationKind(StrEnum):
    """Preliminary: a first assessment by whoever meets the person (PVPT or another NGO,
    an international organisation, a police officer), presumed or possible victim, and
    a referral; formal: the decision of an authority of the referral mechanism (in
    Kosovo the police's anti-trafficking directorate or the Victims' Advocacy office;
    abroad, that country's mechanism). Kosovo SOP for victims of trafficking (2008)."""

    PRELIMINARY = "preliminary"
    FORMAL = "formal"


class RevisionGrounds(StrEnum):
    """Why an identification decision was revised."""

    APPEAL = "appeal"
    NEW_INFORMATION = "new_information"
    ERROR_CORRECTED = "error_corrected"


class ScreeningOutcome(StrEnum):
    """Why screening did not confirm a possible victim (it never means "not a victim"):
    another need than trafficking, too little information to say, or the person declined
    to be screened or assisted."""

    NOT_TRAFFICKING_OTHER_NEED = "not_trafficking_other_need"
    INSUFFICIENT_INFORMATION = "insufficient_information"
    DECLINED = "declined"


class OtherNeed(StrEnum):
    """The need a person screened out has instead, which the onward referral meets."""

    DOMESTIC_VIOLENCE = "domestic_violence"
    SEXUAL_VIOLENCE = "sexual_violence"
    LABOUR_DISPUTE = "labour_dispute"
    IRREGULAR_MIGRATION = "irregular_migration"
    ASYLUM = "asylum"
    CHILD_PROTECTION = "child_protection"
    HOMELESSNESS = "homelessness"
    SOCIAL_ASSISTANCE = "social_assistance"
    HEALTH = "health"


# --- day rehabilitation centre (issue 14, section 5) ---------------------------------


class DayCentreActivity(StrEnum):
    """What a day-centre session is (PVPT's long-term rehabilitation programme)."""

    VOCATIONAL_COURSE = "vocational_course"
    EDUCATION = "education"
    PSYCHOSOCIAL_GROUP = "psychosocial_group"
    INDIVIDUAL_COUNSELLING = "individual_counselling"
    CREATIVE_OCCUPATIONAL = "creative_occupational"
    LIFE_SKILLS = "life_skills"


class AttendanceStatus(StrEnum):
    """A participant's attendance at one session."""

    ATTENDED = "attended"
    ABSENT = "absent"
    EXCUSED = "excused"


class EnrolmentEndReason(StrEnum):
    """Why a day-centre enrolment ended."""

    COMPLETED = "completed"
    LEFT = "left"
    MOVED = "moved"
    OTHER = "other"
    WITHDREW_CONSENT = "withdrew_consent"  # day centre fixes: the services consent withdrawn


# --- children (issue 14, section 4): age estimates, guardian appointments, best interests


class AgeEstimateMethod(StrEnum):
    """How a person's age was estimated when no birth date is known or it is in doubt
    (UNHCR Best Interests Procedure Guidelines 2021; CoE Convention art. 10(3))."""

    IDENTITY_DOCUMENT = "identity_document"
    MEDICAL_EXAMINATION = "medical_examination"
    INTERVIEW = "interview"
    SELF_DECLARED = "self_declared"
    OTHER = "other"


class GuardianAppointedBy(StrEnum):
    """Who appointed a minor's guardian: in Kosovo the Centre for Social Work is the
    guardianship authority (Law No. 2004/32 on Family; Law on Social and Family
    Services); a court may decide it; other (e.g. a parent, guardian by law)."""

    CENTRE_FOR_SOCIAL_WORK = "centre_for_social_work"
    COURT = "court"
    OTHER = "other"


class BestInterestsDecision(StrEnum):
    """The key decision about a child a best-interests assessment is made for."""

    PLACEMENT = "placement"  # admission to a shelter, other care
    RETURN = "return"  # to the family, or to the country of origin
    OTHER = "other"


class BestInterestsParticipant(StrEnum):
    """Who took part in a best-interests assessment (by role, never by name)."""

    CHILD = "child"
    GUARDIAN = "guardian"
    CASEWORKER = "caseworker"
    CENTRE_FOR_SOCIAL_WORK = "centre_for_social_work"
    PSYCHOLOGIST = "psychologist"
    LAWYER = "lawyer"
    INTERPRETER = "interpreter"
    OTHER = "other"


class AgeBasis(StrEnum):
    """What a beneficiary's age (and so the day they turn 18) is derived from: the birth
    date when known, else the latest age estimate, else the age at identification."""

    BIRTH_DATE = "birth_date"
    AGE_ESTIMATE = "age_estimate"
    AGE_AT_IDENTIFICATION = "age_at_identification"


# --- care plan: needs assessment and planned services (issue 14, careplan) ---


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
