"""Checks of what a beneficiary is registered with: the personal data cleaned, the CTDC
age band of an age at identification, citizenships as ISO codes without repeats."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TypeVar

from domain import checks
from domain.errors import InvalidInput
from domain.places import country_code
from domain.values import PersonalData
from domain.vocab import AgeBand

MAX_AGE = 120
T = TypeVar("T")

_AGE_BANDS = (  # lowest age of each CTDC band, oldest first
    (48, AgeBand.AGE_48_PLUS),
    (39, AgeBand.AGE_39_47),
    (30, AgeBand.AGE_30_38),
    (27, AgeBand.AGE_27_29),
    (24, AgeBand.AGE_24_26),
    (21, AgeBand.AGE_21_23),
    (18, AgeBand.AGE_18_20),
    (9, AgeBand.AGE_9_17),
    (0, AgeBand.AGE_0_8),
)


def age_band_for(age: int) -> AgeBand:
    """The CTDC age band of an age at identification (0..120)."""
    for lowest, band in _AGE_BANDS:
        if age >= lowest:
            return band
    raise InvalidInput("age_at_identification", f"must be 0..{MAX_AGE}, got {age}")


def clean_personal(personal: PersonalData, today: date) -> PersonalData:
    """Names non-blank and stripped, optional fields stripped or None, birth date not ahead."""
    if personal.birth_date is not None:
        checks.not_after("personal.birth_date", personal.birth_date, today, personal=True)
    cleaned = replace(
        personal,
        given_name=checks.text("personal.given_name", personal.given_name, max_length=100),
        family_name=checks.text("personal.family_name", personal.family_name, max_length=100),
        phone=checks.optional_text("personal.phone", personal.phone, max_length=50),
        email=checks.optional_text("personal.email", personal.email, max_length=200),
        identity_number=checks.optional_text(
            "personal.identity_number", personal.identity_number, max_length=50
        ),
        address=checks.optional_text("personal.address", personal.address, max_length=500),
    )
    return _htcds_personal(cleaned)


def _htcds_personal(personal: PersonalData) -> PersonalData:
    """Issue 15, the rest of HTCDS's name, phones and mailing address: the optional texts
    stripped (blank: None), the country and coordinates checked."""

    def text(name: str, most: int) -> str | None:
        return checks.optional_text(f"personal.{name}", getattr(personal, name), max_length=most)

    return replace(
        personal,
        salutation=text("salutation", 50),
        middle_name=text("middle_name", 100),
        title=text("title", 100),
        home_phone=text("home_phone", 50),
        mailing_street=text("mailing_street", 200),
        mailing_city=text("mailing_city", 100),
        mailing_state=text("mailing_state", 100),
        mailing_postal_code=text("mailing_postal_code", 20),
        mailing_country=country_code("personal.mailing_country", personal.mailing_country),
        mailing_latitude=_coordinate("latitude", personal.mailing_latitude, 90),
        mailing_longitude=_coordinate("longitude", personal.mailing_longitude, 180),
    )


def _coordinate(name: str, value: float | None, most: int) -> float | None:
    """A personal value is not repeated in the message."""
    if value is not None and not -most <= value <= most:
        raise InvalidInput(f"personal.mailing_{name}", f"must be -{most} to {most}")
    return value


def citizenship_codes(values: Iterable[str]) -> tuple[str, ...]:
    codes = unique(checks.countries("citizenships", values))
    if not codes:
        raise InvalidInput("citizenships", "name at least one citizenship (e.g. 'XK')")
    return codes


def unique(values: Iterable[T]) -> tuple[T, ...]:
    """Without repeats, in first-seen order."""
    return tuple(dict.fromkeys(values))
