"""How identifying each field of a beneficiary is (domain/beneficiary.py): its events,
its state, and the value objects it holds (personal data, guardian, exploitation
profile, consents, age estimate, identification decisions). Assembled with the other
aggregates' tables by domain/classification.py, which says what each class means; a
person's HTCDS details (issue 15) are in domain/person_classification.py, documents in
domain/document_classification.py."""

from __future__ import annotations

from typing import Any

from domain.beneficiary import Beneficiary
from domain.children import AgeEstimate, GuardianAppointment
from domain.parts.identification_values import IdentificationDecision
from domain.sensitivity import CODE, FREE_TEXT, ORGANISATION, PERSON, PLAIN, PROFILE, STAFF, Entry
from domain.values import ConsentRecord, Document, ExploitationProfile, Guardian, PersonalData

B = Beneficiary

# An identification decision: the official's role is free text staff type: it names no
# victim, but a role in a small unit can point at one official and staff may type a name
# despite the field's pattern, so it is PERSONAL like every other staff text. A
# decision's reference is an authority's file number, pseudonymous like a case number
# (CODE); indicators are codes of a list.
_DECISION: dict[str, Entry] = {
    "number": PLAIN,
    "kind": PLAIN,
    "status": PLAIN,
    "deciding_body": PLAIN,
    "country": PLAIN,
    "official_role": FREE_TEXT,
    "reference": CODE,
    "decided_on": PLAIN,
    "indicators": PLAIN,
}

BENEFICIARY_EVENTS: dict[type[Any], dict[str, Entry]] = {
    B.Registered: {
        "code": CODE,
        "personal": PersonalData,
        "gender": PROFILE,
        "age_at_identification": PROFILE,
        "citizenships": PROFILE,
        "languages": PROFILE,
        "scope": PROFILE,
    },
    B.PersonalDataUpdated: {"personal": PersonalData},
    B.TraffickingStatusDecided: {
        "status": PLAIN,
        "deciding_body": PLAIN,
        "decided_on": PLAIN,
        "status_in_force": PLAIN,
    },
    B.ExploitationProfileRecorded: {"profile": ExploitationProfile},
    B.GuardianAppointed: {
        "guardian": Guardian,
        "appointed_by": PLAIN,
        "appointed_on": PLAIN,
        "reference": CODE,
    },
    B.ConsentGiven: {
        "kind": PLAIN,
        "partner": ORGANISATION,
        "given_by": PLAIN,
        "given_on": PLAIN,
        "renew_by": PLAIN,
    },
    B.ConsentWithdrawn: {"kind": PLAIN, "partner": ORGANISATION, "withdrawn_on": PLAIN},
    B.CaseOpened: {"case_id": PLAIN, "case_number": CODE},
    B.SharedWithPartner: {
        "partner": ORGANISATION,
        "case_number": CODE,
        "referral_number": PLAIN,
    },
    B.PersonalDataErased: {"legal_basis": PLAIN, "reference": CODE},
    B.AgeEstimated: {"age_years": PROFILE, "method": PLAIN, "estimated_on": PLAIN},
    B.IdentificationRecorded: {**_DECISION, "status_in_force": PLAIN},
    B.IdentificationRevised: {
        **_DECISION,
        "status_in_force": PLAIN,
        "revises": PLAIN,
        "grounds": PLAIN,
        "reason": FREE_TEXT,
    },
}
BENEFICIARY_STATES: dict[type[Any], dict[str, Entry]] = {
    Beneficiary: {
        "code": CODE,
        "personal": PersonalData,
        "gender": PROFILE,
        "age_at_identification": PROFILE,
        "age_band": PROFILE,
        "is_minor": PROFILE,
        "citizenships": PROFILE,
        "languages": PROFILE,
        "scope": PROFILE,
        "trafficking_status": PLAIN,
        "deciding_body": PLAIN,
        "status_decided_on": PLAIN,
        "exploitation": ExploitationProfile,
        "guardian": Guardian,
        "guardian_appointment": GuardianAppointment,
        "age_estimate": AgeEstimate,
        "consents": ConsentRecord,
        "case_ids": PLAIN,
        "erased_on": PLAIN,
        "erasure_basis": PLAIN,
        "documents": Document,  # documents (issue 14, section 7)
        "identifications": IdentificationDecision,
    },
}
BENEFICIARY_VALUES: dict[type[Any], dict[str, Entry]] = {
    PersonalData: dict.fromkeys(
        (
            "given_name",
            "family_name",
            "birth_date",
            "phone",
            "email",
            "identity_number",
            "address",
        ),
        PERSON,
    ),
    Guardian: {"kind": PLAIN, "name": PERSON, "contact": PERSON},
    ExploitationProfile: dict.fromkeys(
        ("types", "control_methods", "recruitment_methods", "relationship", "vulnerabilities"),
        PROFILE,
    ),
    ConsentRecord: {
        "kind": PLAIN,
        "partner": ORGANISATION,
        "given_by": PLAIN,
        "recorded_by": STAFF,
        "given_on": PLAIN,
        "renew_by": PLAIN,  # 12 months on: nothing derived from the birth date (domain/children.py)
    },
    AgeEstimate: {"age_years": PROFILE, "method": PLAIN, "estimated_on": PLAIN},
    GuardianAppointment: {"appointed_by": PLAIN, "appointed_on": PLAIN, "reference": CODE},
    IdentificationDecision: {
        **_DECISION,
        "recorded_by": STAFF,
        "revises": PLAIN,
        "grounds": PLAIN,
        "reason": FREE_TEXT,
        "revised_by": PLAIN,
    },
}
