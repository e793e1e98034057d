"""Controlled vocabularies of the person: who they are, what they went through, their
consents and guardian.

Where IOM's Human Trafficking Case Data Standard (HTCDS 2.0) has the field, the
enum values are its picklist value names, spelled exactly as in
`shared/reference/htcds-field-standards-2.0.csv` (the HTCDS field is named in
each docstring). The rest follow the sources in the brief (Primero, HMIS).
Gathered, with the other areas', by domain/vocab.py.
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
    # the retention period ended (storage limitation, GDPR art. 5(1)(e); docs/retention.md):
    # given only by a retention batch (domain/retention/batch.py)
    RETENTION_PERIOD_ENDED = "retention_period_ended"


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
    partner organisation, anonymised reporting, or PVPT managing the personal data."""

    SERVICES = "services"
    SHARING = "sharing"  # with one named partner organisation
    ANONYMISED_REPORTING = "anonymised_reporting"
    # HTCDS vic_AgreementToManagePersonalData (issue 15): to PVPT keeping the person's data
    PERSONAL_DATA = "personal_data"


class ConsentGiver(StrEnum):
    """Who gave a consent: the beneficiary, or the guardian of a minor."""

    BENEFICIARY = "beneficiary"
    GUARDIAN = "guardian"


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
