"""Controlled vocabularies of the case: referrals, risk, stages, approvals, notes,
closure, identification and screening (issue 14, section 1).

Where IOM's Human Trafficking Case Data Standard (HTCDS 2.0) has the field, the
enum values are its picklist value names, spelled exactly as in
`shared/reference/htcds-field-standards-2.0.csv` (the HTCDS field is named in
each docstring). The rest follow the sources in the brief (Primero, HMIS).
Gathered, with the other areas', by domain/vocab.py.
"""

from enum import StrEnum


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
