"""Checks of what a beneficiary is registered with: the personal data cleaned, the CTDC
age band of an age at identification, citizenships as ISO codes without repeats."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TypeVar

from domain import checks
from domain.errors import InvalidInput
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
    return replace(
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


def citizenship_codes(values: Iterable[str]) -> tuple[str, ...]:
    codes = unique(checks.countries("citizenships", values))
    if not codes:
        raise InvalidInput("citizenships", "name at least one citizenship (e.g. 'XK')")
    return codes


def unique(values: Iterable[T]) -> tuple[T, ...]:
    """Without repeats, in first-seen order."""
    return tuple(dict.fromkeys(values))
