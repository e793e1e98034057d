"""How identifying each field of the partner-organisation registry is
(domain/organisation.py): merged into domain/classification.py's tables. Everything
is about an organisation, not a person — its names (ORGANISATION), its place, address,
phone and coordinates (ORGANISATION_PLACE: public facts of an organisation, unlike a
person's address) — except the reasons staff write for a rename or a deactivation,
free text that may name people (FREE_TEXT)."""

from __future__ import annotations

from typing import Any

from domain.organisation import Organisation
from domain.organisation_values import ActivePeriod, OrganisationDetails, OrganisationNames
from domain.sensitivity import (
    FREE_TEXT,
    ORGANISATION,
    ORGANISATION_PLACE,
    PLAIN,
    Entry,
)

ORG = Organisation

ORGANISATION_VALUES: dict[type[Any], dict[str, Entry]] = {
    OrganisationNames: dict.fromkeys(("albanian", "serbian", "english"), ORGANISATION),
    OrganisationDetails: {
        "kind": PLAIN,
        "htcds_type": PLAIN,
        **dict.fromkeys(
            (
                "country",
                "municipality",
                "street",
                "city",
                "state",
                "postal_code",
                "phone",
                "latitude",
                "longitude",
            ),
            ORGANISATION_PLACE,
        ),
    },
    ActivePeriod: {"start": PLAIN, "end": PLAIN},
}

ORGANISATION_EVENTS: dict[type[Any], dict[str, Entry]] = {
    ORG.Registered: {
        "key": PLAIN,
        "names": OrganisationNames,
        "details": OrganisationDetails,
        "active_from": PLAIN,
    },
    ORG.Renamed: {"names": OrganisationNames, "previous": OrganisationNames, "reason": FREE_TEXT},
    ORG.DetailsChanged: {"details": OrganisationDetails},
    ORG.Deactivated: {"active_to": PLAIN, "reason": FREE_TEXT},
    ORG.Reactivated: {"active_from": PLAIN},
}

ORGANISATION_STATES: dict[type[Any], dict[str, Entry]] = {
    Organisation: {
        "key": PLAIN,
        "names": OrganisationNames,
        "details": OrganisationDetails,
        "periods": ActivePeriod,
    },
}
