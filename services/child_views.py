"""A beneficiary as a child, as a record view shows it: minor today or not, what that
is derived from, and the day they turn (or turned) 18 (domain/children.py).

The day they turn 18 is derived data: from the birth date it would give the birth date
away, so on the beneficiary it is withheld from roles that may not see personal data
(named in `withheld` as `child.adult_on`) and its showing is written to the access log
(as `child.adult_on`); on a case it is left out (null: the beneficiary's record has it),
the case saying only whether the person turned 18 since it was opened. From an age
estimate or the age at identification it is no more than an age, and shown.

For the same reason, a role without personal data is told whether a person whose age
comes from the birth date is a minor (and whether they turned 18 during the case) only
for the real today (`now`), also in a view as the record stood at an earlier moment
(`as_of`, `version`): asked for day after day, the answer would flip on the 18th
birthday and give the birth date away.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from msgspec import Meta

from domain.beneficiary import Beneficiary
from domain.vocab import AgeBasis
from services.access import READ_PERSONAL_DATA, allowed
from services.disclosure import Disclosure

FROM_BIRTH_DATE = "derived from the birth date (personal data)"
ADULT_ON_SHOWN = "child.adult_on"  # what the access log names when it was shown


class ChildStatus(msgspec.Struct, frozen=True):
    """Whether the person is a minor today, and when they turn (or turned) 18."""

    minor_today: Annotated[
        bool,
        Meta(
            description="under 18 today (Kosovo's calendar); in a view as it stood, on "
            "that day, except for roles without personal data when it is derived from the "
            "birth date: then on the real today",
            examples=[True],
        ),
    ]
    age_basis: Annotated[
        AgeBasis,
        Meta(
            description="what the day they turn 18 is derived from: birth_date, "
            "age_estimate (the latest) or age_at_identification",
            examples=["age_estimate"],
        ),
    ]
    adult_on: Annotated[
        date | None,
        Meta(
            description="the day they turn (or turned) 18; null when withheld (from the "
            "birth date, for roles without personal data) and, on a case, when it is "
            "derived from the birth date (the beneficiary's record has it)",
            examples=["2027-09-15"],
        ),
    ]
    turned_18_during_case: Annotated[
        bool | None,
        Meta(
            description="on a case: whether the person turned 18 after the case was opened "
            "(an adult since); null on the beneficiary",
            examples=[False],
        ),
    ] = None


def child_status(
    b: Beneficiary,
    seen: Disclosure,
    today: date,
    *,
    now: date | None = None,
    case_opened_on: date | None = None,
) -> ChildStatus:
    """`b` as a child on `today` (the view's day), or on `now` (the real today) when the
    role may not see the birth date it is derived from; what it withheld or showed is
    recorded in `seen`."""
    if b.age_basis is AgeBasis.BIRTH_DATE and not allowed(seen.role, READ_PERSONAL_DATA):
        today = now or today
    adult_on = b.adult_on
    minor = b.is_minor_on(today)
    if case_opened_on is not None:  # on a case: the day only when it is no birthday
        during = case_opened_on < adult_on <= today
        from_birth = b.age_basis is AgeBasis.BIRTH_DATE
        return ChildStatus(minor, b.age_basis, None if from_birth else adult_on, during)
    if b.age_basis is not AgeBasis.BIRTH_DATE:
        return ChildStatus(minor, b.age_basis, adult_on)
    if allowed(seen.role, READ_PERSONAL_DATA):
        seen.shown.add(ADULT_ON_SHOWN)
        return ChildStatus(minor, b.age_basis, adult_on)
    seen.withheld["child.adult_on"] = FROM_BIRTH_DATE
    return ChildStatus(minor, b.age_basis, None)
