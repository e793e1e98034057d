"""What a grant records (issue 17): its donor, its terms (title, period, currency, budget
lines, indicators) and its attributions. Amounts are whole units of the grant's currency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import UUID

from domain.described import Described
from domain.funding.vocab import Disaggregation, IndicatorMeasure, RecordKind


@dataclass(frozen=True)
class Donor:
    """Who funds the grant: a registered organisation (by id), or, for a donor the registry
    does not hold, its name as typed. A donor is an organisation, never a person."""

    organisation_id: Annotated[
        UUID | None,
        Described(
            "The donor in the organisation registry; null for a donor not registered.",
            "f4d5371e-3929-56a0-870f-317ee8808f05",
        ),
    ] = None
    name: Annotated[
        str | None,
        Described(
            "For a registered donor: its English name in the registry (filled in when the "
            "grant is opened). Otherwise the donor's name, 1 to 200 characters.",
            "European Union Office in Kosovo",
        ),
    ] = None


@dataclass(frozen=True)
class BudgetLine:
    """A line of the grant's budget: what attributed work is charged to."""

    code: Annotated[str, Described("Its code in the budget (1 to 32 characters).", "1.2")]
    name: Annotated[
        str, Described("What it pays for (1 to 200 characters).", "Shelter running costs")
    ]
    amount: Annotated[
        int, Described("Its amount, whole units of the grant's currency; 0 or more.", 85000)
    ]


@dataclass(frozen=True)
class GrantIndicator:
    """An indicator the donor reports against: what it counts, the target, and how the
    donor asks it to be broken down."""

    code: Annotated[str, Described("Its code in the log frame (1 to 32 characters).", "1.1.a")]
    name: Annotated[
        str,
        Described(
            "How the proposal words it (1 to 200 characters).",
            "Victims of trafficking assisted with shelter and services",
        ),
    ]
    measure: Annotated[IndicatorMeasure, Described("What it counts.", "people_assisted")]
    target: Annotated[int, Described("The target over the grant's period; 1 to 100,000,000.", 60)]
    disaggregate_by: Annotated[
        Disaggregation | None,
        Described("How the donor asks it to be broken down; null for a total only.", "sex"),
    ] = None


@dataclass(frozen=True)
class GrantTerms:
    """A grant's donor, title, period, currency, budget lines and indicators: what is
    opened, and what a revision replaces as a whole."""

    donor: Annotated[
        Donor,
        Described("Who funds it.", {"organisation_id": None, "name": "European Union Office"}),
    ]
    title: Annotated[
        str,
        Described(
            "The action's title (1 to 200 characters).",
            "Direct assistance to victims of trafficking, 2026-2027",
        ),
    ]
    starts_on: Annotated[date, Described("The grant period's first day.", "2026-01-01")]
    ends_on: Annotated[
        date, Described("Its last day; at most 6 years after the first.", "2027-12-31")
    ]
    currency: Annotated[str, Described("ISO 4217 code of its amounts.", "EUR")]
    budget_lines: Annotated[
        tuple[BudgetLine, ...],
        Described(
            "Its budget lines, each code once; at most 100.",
            [{"code": "1.2", "name": "Shelter running costs", "amount": 85000}],
        ),
    ] = ()
    indicators: Annotated[
        tuple[GrantIndicator, ...],
        Described(
            "Its indicators, each code once; at most 100.",
            [
                {
                    "code": "1.1.a",
                    "name": "Victims assisted",
                    "measure": "people_assisted",
                    "target": 60,
                    "disaggregate_by": "sex",
                }
            ],
        ),
    ] = ()

    def budget_line(self, code: str) -> BudgetLine | None:
        return next((line for line in self.budget_lines if line.code == code), None)


@dataclass(frozen=True)
class Attribution:
    """A record attributed to the grant, by number within the grant: which record (and,
    for a service, its number in the care plan), the case and beneficiary it belongs to,
    the budget line it is charged to, and the days it counts from and (once ended) to."""

    number: Annotated[int, Described("Its number within the grant, from 1.", 1)]
    record_kind: Annotated[RecordKind, Described("Which kind of record.", "stay")]
    record_id: Annotated[
        UUID,
        Described(
            "The record's id (for a service: its care plan's id).",
            "0e7c2b1e-8f7a-4c3e-9b21-6a4f0e9d8c71",
        ),
    ]
    attributed_on: Annotated[
        date, Described("The first day it counts for the grant.", "2026-02-01")
    ]
    service_number: Annotated[
        int | None, Described("For a service: its number in the care plan.", None)
    ] = None
    case_id: Annotated[
        UUID | None,
        Described(
            "The case it belongs to (a case, a stay, a service); null for prevention work.",
            "5a4d3c2b-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
        ),
    ] = None
    person_id: Annotated[
        UUID | None,
        Described(
            "The beneficiary's id, for a case, a stay or a service; null for prevention work.",
            "7b6a5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
        ),
    ] = None
    budget_line: Annotated[
        str | None, Described("The budget line it is charged to; null for none.", "1.2")
    ] = None
    ended_on: Annotated[
        date | None, Described("The last day it counted; null while it goes on.", None)
    ] = None

    @property
    def record_key(self) -> tuple[RecordKind, UUID, int | None]:
        return (self.record_kind, self.record_id, self.service_number)


@dataclass(frozen=True)
class AttributedRecord:
    """What the workflow found of a record to attribute (not stored): its kind and ids,
    the case and beneficiary it belongs to, and the days it ran (`ends_on` None: goes on)."""

    kind: RecordKind
    record_id: UUID
    label: str  # how messages name it: "shelter stay 0e7c…", "service 2 of care plan …"
    starts_on: date
    ends_on: date | None = None
    service_number: int | None = None
    case_id: UUID | None = None
    person_id: UUID | None = None
