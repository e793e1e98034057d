"""How identifying each field of a person's HTCDS details is (issue 15): merged into
domain/classification.py's tables, which say what each class means.

The rest of HTCDS's name, phones and mailing address are personal data, inside
`PersonalData` (sealed whole). The background is non-identifying (HTCDS codes and a
count) except where the person lives and comes from: a municipality or country of a
person's life is a quasi-identifier (PERSON_PLACE), kept in read models and generalised
in anonymised exports. Staff's words on the person's vulnerabilities are free text
(personal); the day of a death is a plain date.
"""

from __future__ import annotations

from typing import Any

from domain.beneficiary import Beneficiary
from domain.parts.beneficiary_background import PersonBackground
from domain.sensitivity import FREE_TEXT, PERSON, PERSON_PLACE, PLAIN, PROFILE, Entry

PERSONAL_DATA_FIELDS: dict[str, Entry] = dict.fromkeys(
    (
        "salutation",
        "middle_name",
        "title",
        "home_phone",
        "mailing_street",
        "mailing_city",
        "mailing_state",
        "mailing_postal_code",
        "mailing_country",
        "mailing_latitude",
        "mailing_longitude",
    ),
    PERSON,
)

PERSON_VALUES: dict[type[Any], dict[str, Entry]] = {
    PersonBackground: {
        "marital_status": PROFILE,
        "number_of_children": PROFILE,
        "education": PROFILE,
        "primary_language": PROFILE,
        "secondary_language": PROFILE,
        "residence_country": PERSON_PLACE,
        "residence_municipality": PERSON_PLACE,
        "origin_municipality": PERSON_PLACE,
    },
}

PERSON_EVENTS: dict[type[Any], dict[str, Entry]] = {
    Beneficiary.BackgroundRecorded: {"background": PersonBackground},
    Beneficiary.VulnerabilitiesDescribed: {"details": FREE_TEXT},
    Beneficiary.DeathRecorded: {"died_on": PLAIN},
}

# The referring and the referred organisation's caseworkers: people's names.
REFERRAL_CONTACTS: dict[str, Entry] = {"contact_person": PERSON}

BENEFICIARY_PERSON_STATE: dict[str, Entry] = {
    "background": PersonBackground,
    "vulnerability_details": FREE_TEXT,
    "died_on": PLAIN,
}
