"""Where each of the 83 HTCDS 2.0 fields lives in our model, and whether the HTCDS
export carries it (issue 15; docs/htcds-fields.md is generated from this table by
`python -m scripts.render_htcds_fields`; docs/adr/0028-htcds-in-full.md says why).

A home is an importable dotted path `module.Class.attribute` (a dataclass field, an
annotated attribute, a property, or an event's field): tests/unit/test_htcds_fields.py
resolves every one against the reference CSV (docs/reference/htcds-field-standards-2.0.csv)
and checks that every picklist value of the CSV is a value of the enum the home holds.
`how`: FULL when the home holds the field as HTCDS means it; DERIVED when it is computed
from what we keep (a status from the stage, a flag from a date, a country from the
places of an episode). `also`: other homes of the same fact (the exploitation profile
and the episodes), which the export unites.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class How(StrEnum):
    FULL = "full"
    DERIVED = "derived"


class Export(StrEnum):
    """What the HTCDS export does with a field (projections/htcds_export.py)."""

    VALUES = "values"  # the HTCDS values as they are
    GENERALISED = "generalised"  # a quasi-identifier: generalised (k-anonymity)
    WITHHELD_IDENTIFYING = "withheld: identifying"  # an empty column
    WITHHELD_FREE_TEXT = "withheld: free text"  # staff's words may name people
    WITHHELD_PARTNER = "withheld: names a partner"  # its type is exported instead
    WITHHELD_STAFF = "withheld: names a staff member"
    WITHHELD_DATE = "withheld: exact date"  # the year of identification is exported
    NOT_EXPORTED = "not exported"  # not an HTCDS core field

    @property
    def withheld(self) -> bool:
        return self.value.startswith("withheld")


@dataclass(frozen=True)
class Home:
    path: str
    how: How = How.FULL
    export: Export = Export.NOT_EXPORTED
    note: str = ""
    also: tuple[str, ...] = ()
    picklist: str = ""  # a derived field's enum, when the home holds another one


_PD = "domain.values.PersonalData."
_B = "domain.beneficiary.Beneficiary."
_BG = "domain.parts.beneficiary_background.PersonBackground."
_ORG = "domain.organisation_values.OrganisationDetails."
_EP = "domain.episode_values.TraffickingEpisode."
_PL = "domain.episode_values.EpisodePlace."
_PROFILE = "domain.values.ExploitationProfile."
_IN = "domain.case_values.IncomingReferral."
_OUT = "domain.case_values.OutgoingReferral."
_ID, _FREE = Export.WITHHELD_IDENTIFYING, Export.WITHHELD_FREE_TEXT
_D = How.DERIVED
_WITH_EXACT_TYPE = "exported only where the exploitation type is exact"


def _personal(name: str, export: Export = _ID, note: str = "") -> Home:
    return Home(_PD + name, export=export, note=note)


ORGANISATION: dict[str, Home] = {
    "org_Name": Home(
        "domain.organisation.Organisation.names", note="in Albanian, Serbian and English"
    ),
    "org_ShippingCity": Home(_ORG + "city"),
    "org_ShippingCountry": Home(_ORG + "country", note="ISO 3166-1 alpha-2, XK for Kosovo"),
    "org_ShippingState": Home(_ORG + "state"),
    "org_ShippingStreet": Home(_ORG + "street"),
    "org_ShippingPostalCode": Home(_ORG + "postal_code"),
    "org_ShippingLongitude": Home(_ORG + "longitude"),
    "org_ShippingLatitude": Home(_ORG + "latitude"),
    "org_Phone": Home(_ORG + "phone"),
    "org_Type": Home(
        "domain.organisation.Organisation.htcds_type",
        _D,
        note="from the organisation's kind unless stated; the export has the referring "
        "organisation's type as pvpt_ReferringOrganisationType",
    ),
}

PERSON: dict[str, Home] = {
    "prs_Salutation": _personal("salutation"),
    "prs_FirstName": _personal("given_name"),
    "prs_MiddleName": _personal("middle_name", Export.NOT_EXPORTED),
    "prs_SecondName": _personal("family_name"),
    "prs_Birthdate": _personal("birth_date", note="the export has the CTDC age band"),
    "prs_Gender": Home(_B + "gender", export=Export.GENERALISED),
    "prs_Deceased": Home(_B + "deceased", _D, note="from the recorded day of death (died_on)"),
    "prs_MaritalStatus": Home(_BG + "marital_status"),
    "prs_NumberOfChildren": Home(_BG + "number_of_children"),
    "prs_PrimaryLanguage": Home(_BG + "primary_language", note="ISO 639; joins `languages`"),
    "prs_SecondaryLanguage": Home(_BG + "secondary_language", note="ISO 639; joins `languages`"),
    "prs_HighestLevelOfEducation": Home(_BG + "education"),
    "prs_Citizenship": Home(_B + "citizenships", export=Export.GENERALISED),
    "prs_IdentityNumber": _personal("identity_number", Export.NOT_EXPORTED),
    "prs_Title": _personal("title"),
    "prs_Email": _personal("email"),
    "prs_HomePhone": _personal("home_phone"),
    "prs_MobilePhone": _personal("phone", note="the person's one phone before issue 15"),
    "prs_MailingCity": _personal("mailing_city"),
    "prs_MailingCountry": _personal(
        "mailing_country", note="the country of residence is exported generalised"
    ),
    "prs_MailingState": _personal("mailing_state"),
    "prs_MailingStreet": _personal("mailing_street"),
    "prs_MailingPostalCode": _personal("mailing_postal_code"),
    "prs_MailingLongitude": _personal("mailing_longitude", Export.NOT_EXPORTED),
    "prs_MailingLatitude": _personal("mailing_latitude", Export.NOT_EXPORTED),
}

VICTIM: dict[str, Home] = {
    "vic_AgreementToManagePersonalData": Home(
        _B + "consents", _D, note="a consent of kind personal_data in force"
    ),
    "vic_TraffickingStatus": Home(
        _B + "trafficking_status", _D, Export.VALUES, "from the identification decisions"
    ),
    "vic_TraffickingStatusDecisionMakingOrg": Home(
        _B + "deciding_body", export=Export.VALUES, note="international organisation: Other"
    ),
    "vic_RelationshipToTrafficker": Home(
        _PROFILE + "relationship", export=Export.VALUES, also=(_EP + "relationship",)
    ),
    "vic_AgeWhenTrafficked": Home(_EP + "age_when_trafficked", note="per episode"),
    "vic_RecruitmentWebsitesAndApps": Home(_EP + "recruitment_platforms"),
    "vic_MethodOfRecruitment": Home(
        _PROFILE + "recruitment_methods", export=Export.VALUES, also=(_EP + "recruitment_methods",)
    ),
    "vic_LocationOfRecruitment": Home(
        _PL + "country",
        _D,
        Export.GENERALISED,
        "the countries of the episodes' recruitment places; exported as regions",
        (_PL + "municipality",),
    ),
    "vic_MethodsOfControl": Home(
        _PROFILE + "control_methods", export=Export.VALUES, also=(_EP + "control_methods",)
    ),
    "vic_TypeOfExploitation": Home(
        _PROFILE + "types", export=Export.GENERALISED, also=(_EP + "exploitation_types",)
    ),
    "vic_ForcedLabourIndustry": Home(
        _EP + "forced_labour_industries", export=Export.VALUES, note=_WITH_EXACT_TYPE
    ),
    "vic_TypeOfSexExploitation": Home(
        _EP + "sexual_exploitation_types", export=Export.VALUES, note=_WITH_EXACT_TYPE
    ),
    "vic_LocationOfExploitation": Home(
        _PL + "country",
        _D,
        Export.GENERALISED,
        "the countries of the episodes' exploitation places; exported as regions",
        (_PL + "municipality",),
    ),
    "vic_ExploitationWebsitesAndApps": Home(_EP + "exploitation_platforms"),
    "vic_Vulnerabilities": Home(_PROFILE + "vulnerabilities", export=Export.VALUES),
    "vic_DetailsOfVulnerabilities": Home(_B + "vulnerability_details", export=_FREE),
    "per_RoleInProcess": Home("domain.episode_values.Perpetrator.roles", note="per episode"),
    "per_RoleDetails": Home("domain.episode_values.Perpetrator.details", note="per episode"),
}

CASE: dict[str, Home] = {
    "cas_Status": Home(
        "domain.case.Case.stage",
        _D,
        Export.VALUES,
        "from the stage and closure reason",
        picklist="domain.htcds_vocab.CaseStatus",
    ),
    "cas_ReasonForCaseClosure": Home(
        "domain.case.Case.closure_reason", _D, Export.VALUES, "a reason code, not a text"
    ),
    "cas_CaseOwner": Home("domain.case.Case.caseworker", export=Export.WITHHELD_STAFF),
    "cas_ReferringOrganisation": Home(
        _IN + "organisation_id", export=Export.WITHHELD_PARTNER, also=(_IN + "organisation",)
    ),
    "cas_IncomingReferralDate": Home(_IN + "referred_on", export=Export.WITHHELD_DATE),
    "cas_ReferringPrimaryCaseWorker": Home(_IN + "contact_person", export=_ID),
    "cas_ReasonForIncomingReferral": Home(_IN + "reason", export=Export.VALUES),
    "cas_IncomingReferralDetails": Home(_IN + "details", export=_FREE),
    "cas_ReferredOrganisation": Home(
        _OUT + "organisation_id", export=Export.WITHHELD_PARTNER, also=(_OUT + "partner",)
    ),
    "cas_ReferredPrimaryCaseWorker": Home(_OUT + "contact_person", export=_ID),
    "cas_ReasonForOutgoingReferral": Home(
        _OUT + "reason", export=Export.VALUES, note="every outgoing referral's"
    ),
    "cas_OutgoingReferralDate": Home(_OUT + "referred_on", export=Export.WITHHELD_DATE),
    "cas_OutgoingReferralDetails": Home("domain.case.Case.ReferredOut.details", export=_FREE),
    "cco_CaseComment": Home("domain.case_values.CaseNote.text", note="read by its category"),
}

EVENTS: dict[str, Home] = {
    "hte_Longitude": Home(_PL + "longitude"),
    "hte_Latitude": Home(_PL + "latitude"),
    "hte_City": Home(_PL + "city"),
    "hte_Country": Home(_PL + "country"),
    "hte_State": Home(_PL + "state"),
    "hte_Street": Home(_PL + "street"),
    "hte_PostalCode": Home(_PL + "postal_code"),
    "hte_Date": Home(_PL + "on"),
    "hte_Type": Home(_PL + "type"),
    "hte_Description": Home(_PL + "description", also=(_EP + "description",)),
}

SUPPORT_PLAN: dict[str, Home] = {
    "spl_Objectives": Home("domain.values.Goal.description", _D, note="the plan's goals"),
    "spl_ActionPlan": Home(
        "domain.care_plan.CarePlan.services", _D, note="the care plan's planned services"
    ),
    "spl_PlannedEndDate": Home(
        "domain.values.Goal.target_date", _D, note="the latest goal's target date"
    ),
    "spl_ActualEndDate": Home("domain.plan.ReintegrationPlan.completed_on"),
    "spl_Type": Home(
        "domain.values.Goal.type",
        export=Export.VALUES,
        note="its two rehabilitation goals exported only where the exploitation type is exact",
        also=("domain.parts.care_plan_values.PlannedService.support_type",),
    ),
    "con_Consent": Home(
        _B + "consents", _D, Export.VALUES, "true while a consent to services is in force"
    ),
}

FIELDS: dict[str, Home] = {**ORGANISATION, **PERSON, **VICTIM, **CASE, **EVENTS, **SUPPORT_PLAN}


def withheld() -> dict[str, Export]:
    """The export's always-empty columns, and why."""
    return {name: home.export for name, home in FIELDS.items() if home.export.withheld}
