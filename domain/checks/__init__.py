"""Small validators shared by the aggregates; each raises InvalidInput naming the field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from domain import places
from domain.errors import InvalidInput

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")  # ISO 639-1 or 639-2
# A staff user's name, as `journey users add` takes it (adapters/privacy/accounts.py).
USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")


def text(field: str, value: str, *, max_length: int = 200) -> str:
    stripped = value.strip()
    if not stripped:
        raise InvalidInput(field, "must not be blank")
    if len(stripped) > max_length:
        raise InvalidInput(field, f"is {len(stripped)} characters; at most {max_length}")
    return stripped


def optional_text(field: str, value: str | None, *, max_length: int = 2000) -> str | None:
    if value is None or not value.strip():
        return None
    return text(field, value, max_length=max_length)


def user_name(field: str, value: str) -> str:
    """A staff user's name (never a person's name in free text: it is not sealed)."""
    if not USER_NAME.match(value):
        raise InvalidInput(
            field, "is not a staff user name: 2-100 of a-z 0-9 . _ - (e.g. besa.krasniqi)"
        )
    return value


def countries(field: str, values: Iterable[str]) -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes, and XK for Kosovo (domain/places.py)."""
    return places.countries(field, values)


def languages(field: str, values: Iterable[str]) -> tuple[str, ...]:
    codes = tuple(values)
    for code in codes:
        if not _LANGUAGE.match(code):
            raise InvalidInput(field, f"{code!r} is not an ISO 639 code (e.g. 'sq', 'srp')")
    return codes


def positive(field: str, value: int) -> int:
    if value <= 0:
        raise InvalidInput(field, f"must be positive, got {value}")
    return value


def not_after(field: str, value: date, limit: date, *, personal: bool = False) -> date:
    """Refuse a date after `limit`; a personal value is not repeated in the message."""
    if value > limit:
        shown = "the date given" if personal else value.isoformat()
        raise InvalidInput(field, f"{shown} is in the future")
    return value
