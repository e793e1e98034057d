"""How identifying each field of a return across a border is (domain/return_process.py),
and of the case's return events and cross-border referral (domain/parts/case_return.py):
merged into domain/classification.py's tables. The destination country and municipality
are the person's places (PERSON_PLACE: quasi-identifiers); the risk summary and the
cancellation note are free text staff write (PERSONAL); the foreign mechanism's
reference identifies the person in another state's records (PERSONAL); the rest is
codes, dates, ids of records and of registered organisations."""

from __future__ import annotations

from typing import Any

from domain.case import Case
from domain.return_process import ReturnProcess
from domain.sensitivity import CARE_TEXT, CODE, PERSON, PERSON_PLACE, PLAIN, Entry

RP = ReturnProcess

RETURN_EVENTS: dict[type[Any], dict[str, Entry]] = {
    RP.Requested: {
        "case_id": PLAIN,
        "case_number": CODE,
        "beneficiary_id": PLAIN,
        "direction": PLAIN,
        "kind": PLAIN,
        "destination_country": PERSON_PLACE,
        "destination_municipality": PERSON_PLACE,
        "requested_on": PLAIN,
        "voluntary": PLAIN,
        "informed_consent_on": PLAIN,
    },
    RP.RiskAssessed: {"level": PLAIN, "assessed_on": PLAIN, "summary": CARE_TEXT},
    RP.TravelDocumentRecorded: {"document": PLAIN, "status": PLAIN, "recorded_on": PLAIN},
    RP.Planned: {
        "escort_organisation_id": PLAIN,
        "receiving_organisation_id": PLAIN,
        "planned_on": PLAIN,
    },
    RP.HandedOver: {"handed_over_on": PLAIN, "receiving_organisation_id": PLAIN},
    RP.Cancelled: {"reason": PLAIN, "cancelled_on": PLAIN, "note": CARE_TEXT},
    Case.ReturnRequested: {"return_id": PLAIN},
    Case.ReturnEnded: {"return_id": PLAIN, "handed_over": PLAIN},
}

RETURN_STATES: dict[type[Any], dict[str, Entry]] = {
    ReturnProcess: {
        "case_id": PLAIN,
        "case_number": CODE,
        "beneficiary_id": PLAIN,
        "direction": PLAIN,
        "kind": PLAIN,
        "destination_country": PERSON_PLACE,
        "destination_municipality": PERSON_PLACE,
        "requested_on": PLAIN,
        "informed_consent_on": PLAIN,
        "status": PLAIN,
        "risk_level": PLAIN,
        "risk_assessed_on": PLAIN,
        "documents": PLAIN,
        "escort_organisation_id": PLAIN,
        "receiving_organisation_id": PLAIN,
        "planned_on": PLAIN,
        "handed_over_on": PLAIN,
        "cancelled_on": PLAIN,
        "cancel_reason": PLAIN,
    },
}
# What the case's state gains: its returns, ever, still open and handed over.
CASE_RETURN_STATE: dict[str, Entry] = {
    "return_ids": PLAIN,
    "open_return_ids": PLAIN,
    "handed_over_return_ids": PLAIN,
}
# What a referral gains: the referring country and the foreign mechanism's reference.
CROSS_BORDER_REFERRAL: dict[str, Entry] = {
    "referring_country": PERSON_PLACE,
    "foreign_reference": PERSON,
}
