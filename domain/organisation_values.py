"""What the partner-organisation registry records (domain/organisation.py): the kinds of
organisation, the HTCDS org_Type each kind is, the names in our three languages, the
place and contact details (HTCDS org_Shipping*, org_Phone) and the periods of activity.

Every value here is about an organisation, never about a person: an organisation's
street, phone or coordinates are public facts of the organisation (ORGANISATION_PLACE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated

from domain import checks, places
from domain.described import Described
from domain.errors import InvalidInput
from domain.vocab import OrganisationType

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
MAX_NAME = 200
_PHONE = re.compile(r"^\+?[1-9]\d{1,14}$")  # HTCDS org_Phone: E.164
_PHONE_SEPARATORS = re.compile(r"[\s\-/().]")


class OrganisationKind(StrEnum):
    """What kind of organisation a partner is (our list; HTCDS's is coarser)."""

    POLICE = "police"
    PROSECUTION = "prosecution"
    COURT = "court"
    MINISTRY = "ministry"
    CENTRE_FOR_SOCIAL_WORK = "centre_for_social_work"
    LOCAL_GOVERNMENT = "local_government"
    SHELTER = "shelter"
    NGO = "ngo"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    EMBASSY = "embassy"
    HEALTH = "health"
    EDUCATION = "education"
    EMPLOYER = "employer"
    LEGAL_SERVICE = "legal_service"
    IMMIGRATION_SERVICE = "immigration_service"
    OTHER = "other"


_K, _T = OrganisationKind, OrganisationType
# HTCDS org_Type of each kind; None where HTCDS has no value that fits (an international
# organisation such as IOM is neither an NGO nor a government; an embassy is a foreign
# state's). A court and a prosecution office are the state's justice system: central
# government in HTCDS's terms, police are law enforcement. A shelter that is not an
# NGO's (the state's Interim Security Facility) states its type (`htcds_type`).
HTCDS_TYPES: dict[OrganisationKind, OrganisationType | None] = {
    _K.POLICE: _T.LAW_ENFORCEMENT,
    _K.PROSECUTION: _T.LAW_ENFORCEMENT,
    _K.COURT: _T.CENTRAL_GOVERNMENT_ORGANISATION,
    _K.MINISTRY: _T.CENTRAL_GOVERNMENT_ORGANISATION,
    _K.CENTRE_FOR_SOCIAL_WORK: _T.LOCAL_GOVERNMENT_ORGANISATION,
    _K.LOCAL_GOVERNMENT: _T.LOCAL_GOVERNMENT_ORGANISATION,
    _K.SHELTER: _T.NGO,
    _K.NGO: _T.NGO,
    _K.INTERNATIONAL_ORGANISATION: None,
    _K.EMBASSY: None,
    _K.HEALTH: _T.HEALTH_SERVICE_ORGANISATION,
    _K.EDUCATION: _T.SCHOOL_OR_COLLEGE,
    _K.EMPLOYER: _T.CORPORATE_BUSINESS,
    _K.LEGAL_SERVICE: _T.LEGAL_SERVICE,
    _K.IMMIGRATION_SERVICE: _T.IMMIGRATION_SERVICE,
    _K.OTHER: None,
}


@dataclass(frozen=True)
class OrganisationNames:
    """An organisation's name in Albanian, Serbian and English: at least one."""

    albanian: Annotated[
        str | None,
        Described(
            "The name in Albanian (1 to 200 characters), if it has one.",
            "Organizata Ndërkombëtare për Migracion",
        ),
    ] = None
    serbian: Annotated[
        str | None,
        Described(
            "The name in Serbian, Latin script (1 to 200 characters), if it has one.",
            "Međunarodna organizacija za migracije",
        ),
    ] = None
    english: Annotated[
        str | None,
        Described(
            "The name in English (1 to 200 characters), if it has one.",
            "International Organization for Migration, Kosovo",
        ),
    ] = None

    @property
    def display(self) -> str:
        """Albanian, else English, else Serbian."""
        shown = self.albanian or self.english or self.serbian
        assert shown is not None  # checked: at least one
        return shown

    def all(self) -> tuple[str, ...]:
        return tuple(n for n in (self.albanian, self.serbian, self.english) if n)


@dataclass(frozen=True)
class OrganisationDetails:
    """What an organisation is and where: its kind, place and contact (HTCDS org_*)."""

    kind: Annotated[OrganisationKind, Described("What kind of organisation it is.", "ngo")]
    country: Annotated[str, Described("Where it is: ISO 3166-1 alpha-2 code, XK for Kosovo.", "XK")]
    municipality: Annotated[
        str | None,
        Described("Its municipality's KAS code ('01'-'38'), only in Kosovo.", "19"),
    ] = None
    street: Annotated[
        str | None, Described("Street address (HTCDS org_ShippingStreet).", "Rr. Agim Ramadani 15")
    ] = None
    city: Annotated[str | None, Described("City or town (org_ShippingCity).", "Prishtinë")] = None
    state: Annotated[
        str | None, Described("State or province, abroad (org_ShippingState).", "Chișinău")
    ] = None
    postal_code: Annotated[
        str | None, Described("Postal code (org_ShippingPostalCode).", "10000")
    ] = None
    phone: Annotated[
        str | None, Described("Main phone number, E.164 (org_Phone).", "+38338123456")
    ] = None
    latitude: Annotated[
        float | None, Described("Latitude in degrees (org_ShippingLatitude).", 42.6629)
    ] = None
    longitude: Annotated[
        float | None, Described("Longitude in degrees (org_ShippingLongitude).", 21.1655)
    ] = None
    htcds_type: Annotated[
        OrganisationType | None,
        Described(
            "HTCDS org_Type when it is not the kind's usual one (a state-run shelter: "
            "CentralGovernmentOrganisation); null: the kind's.",
            "CentralGovernmentOrganisation",
        ),
    ] = None


@dataclass(frozen=True)
class ActivePeriod:
    """A period the organisation was active: from `start` to `end` (included)."""

    start: Annotated[date, Described("First day it was active.", "2020-01-01")]
    end: Annotated[date | None, Described("Last day it was active; null: still.", None)] = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


# ------------------------------------------------------------------ checks


def key(value: str) -> str:
    if not KEY.match(value):
        raise InvalidInput(
            "key", "is not a registry key: 2-63 of a-z 0-9 and '-', not starting with '-'"
        )
    return value


def names(value: OrganisationNames) -> OrganisationNames:
    """Each name 1 to 200 characters (blank: none), and at least one."""
    checked = OrganisationNames(
        checks.optional_text("names.albanian", value.albanian, max_length=MAX_NAME),
        checks.optional_text("names.serbian", value.serbian, max_length=MAX_NAME),
        checks.optional_text("names.english", value.english, max_length=MAX_NAME),
    )
    if not checked.all():
        raise InvalidInput("names", "at least one name, in Albanian, Serbian or English")
    return checked


def details(value: OrganisationDetails) -> OrganisationDetails:
    country = places.country("country", value.country)
    municipality = places.municipality_code("municipality", value.municipality)
    if municipality is not None and country != places.KOSOVO:
        raise InvalidInput(
            "municipality", f"only an organisation in Kosovo (XK) has one, not in {country}"
        )
    _coordinates(value.latitude, value.longitude)
    return OrganisationDetails(
        value.kind,
        country,
        municipality,
        checks.optional_text("street", value.street, max_length=200),
        checks.optional_text("city", value.city, max_length=100),
        checks.optional_text("state", value.state, max_length=100),
        checks.optional_text("postal_code", value.postal_code, max_length=20),
        _phone(value.phone),
        value.latitude,
        value.longitude,
        value.htcds_type,
    )


def _phone(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    compact = _PHONE_SEPARATORS.sub("", value)
    if not _PHONE.match(compact):
        raise InvalidInput("phone", "is not a phone number: up to 15 digits, '+' first (E.164)")
    return compact


def _coordinates(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise InvalidInput("latitude" if latitude is None else "longitude", "give both or none")
    if latitude is not None and not -90 <= latitude <= 90:
        raise InvalidInput("latitude", f"{latitude} is not between -90 and 90")
    if longitude is not None and not -180 <= longitude <= 180:
        raise InvalidInput("longitude", f"{longitude} is not between -180 and 180")
