"""Checks of what a grant records (domain/funding/values.py): each returns the value,
cleaned, or raises InvalidInput naming the field by its path (`terms.indicators[1].code`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import TypeVar

from domain import checks
from domain.errors import InvalidInput
from domain.funding.values import BudgetLine, Donor, GrantIndicator, GrantTerms

T = TypeVar("T")

MAX_GRANT_DAYS = 6 * 366
MAX_LINES = 100
MAX_AMOUNT = 10**12
MAX_TARGET = 100_000_000
# A grant's reference: letters, digits and . / _ - as donors write them ("EU-IPA-2026-014").
REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,62}[A-Za-z0-9]$")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_/]{0,31}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


def reference(value: str) -> str:
    """A grant's reference, as typed without surrounding spaces."""
    text = value.strip()
    if not REFERENCE.match(text):
        raise InvalidInput(
            "reference",
            "must be 2 to 64 letters, digits and . / _ - (like EU-IPA-2026-014), "
            "starting and ending with a letter or digit",
        )
    return text


def reference_key(value: str) -> str:
    """How references are compared: "eu-ipa-2026-014" and "EU-IPA-2026-014" are one grant,
    and a campaign's `grant` names it however it is cased."""
    return value.strip().upper()


def terms(value: GrantTerms) -> GrantTerms:
    if value.ends_on < value.starts_on:
        raise InvalidInput(
            "terms.ends_on", f"{value.ends_on} is before starts_on {value.starts_on}"
        )
    if (value.ends_on - value.starts_on).days > MAX_GRANT_DAYS:
        raise InvalidInput("terms.ends_on", "is more than 6 years after starts_on")
    if not CURRENCY.match(value.currency):
        raise InvalidInput("terms.currency", "must be an ISO 4217 code in capitals, like EUR")
    return replace(
        value,
        donor=donor(value.donor),
        title=checks.text("terms.title", value.title, max_length=200),
        budget_lines=_lines(value.budget_lines),
        indicators=_indicators(value.indicators),
    )


def donor(value: Donor) -> Donor:
    if value.organisation_id is None and value.name is None:
        raise InvalidInput("terms.donor", "names neither a registered organisation nor a name")
    name = checks.optional_text("terms.donor.name", value.name, max_length=200)
    return replace(value, name=name)


def _code(field: str, value: str) -> str:
    text = value.strip()
    if not CODE.match(text):
        raise InvalidInput(field, "must be 1 to 32 letters, digits and . - _ / (like 1.2)")
    return text


def _lines(lines: Sequence[BudgetLine]) -> tuple[BudgetLine, ...]:
    if len(lines) > MAX_LINES:
        raise InvalidInput("terms.budget_lines", f"has {len(lines)} lines; at most {MAX_LINES}")
    cleaned = []
    for i, line in enumerate(lines):
        path = f"terms.budget_lines[{i}]"
        if not 0 <= line.amount <= MAX_AMOUNT:
            raise InvalidInput(f"{path}.amount", f"must be 0 to {MAX_AMOUNT:,}, got {line.amount}")
        cleaned.append(
            BudgetLine(
                _code(f"{path}.code", line.code),
                checks.text(f"{path}.name", line.name, max_length=200),
                line.amount,
            )
        )
    return unique("terms.budget_lines", cleaned, lambda line: line.code.upper())


def _indicators(items: Sequence[GrantIndicator]) -> tuple[GrantIndicator, ...]:
    if len(items) > MAX_LINES:
        raise InvalidInput("terms.indicators", f"has {len(items)} indicators; at most {MAX_LINES}")
    cleaned = []
    for i, item in enumerate(items):
        path = f"terms.indicators[{i}]"
        if not 1 <= item.target <= MAX_TARGET:
            raise InvalidInput(f"{path}.target", f"must be 1 to {MAX_TARGET:,}, got {item.target}")
        cleaned.append(
            replace(
                item,
                code=_code(f"{path}.code", item.code),
                name=checks.text(f"{path}.name", item.name, max_length=200),
            )
        )
    return unique("terms.indicators", cleaned, lambda item: item.code.upper())


def unique(field: str, items: Sequence[T], key: Callable[[T], Hashable]) -> tuple[T, ...]:
    """`items` as a tuple; refused when one's key repeats an earlier one's."""
    seen: set[Hashable] = set()
    for index, item in enumerate(items):
        marker = key(item)
        if marker in seen:
            raise InvalidInput(f"{field}[{index}].code", "repeats an earlier entry's code")
        seen.add(marker)
    return tuple(items)
