"""A record by the reference staff use: the one resolver every route and the CLI use.

- A beneficiary by the pseudonymous code on the paper file (`PVPT-2026-0123`) or its id;
- a case by its number (`PVPT-C-2026-0007`) or its id;
- a partner organisation by its registry key (`iom-kosovo`) or its id;
- a grant by its reference (`EU-IPA-2026-014`, in any case) or its id;
- a facility, a shelter stay, a reintegration plan, a care plan, a day-centre
  enrolment or session, a prevention campaign or activity or a retention batch by its id only (they
  have no code).

A code maps to its record's id directly, without a lookup (domain/sequence.py
`record_id`, docs/adr/0005). Codes are read as staff type them: letters in any
case, the number with or without extra leading zeros (`pvpt-2026-123` is
`PVPT-2026-0123`). An id is a UUID.

A reference that is neither is an InvalidInput naming the field (`ref` in a
route's path: 422) and the shape expected, never repeating what was typed (it may be
a person's name); a well-formed one that names no record is a RecordNotFound (404)
saying which code or id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.errors import InvalidInput, RecordNotFound
from domain.facility import Facility
from domain.funding.checks import REFERENCE
from domain.funding.grant import Grant, grant_id
from domain.organisation import Organisation, organisation_id
from domain.organisation_values import KEY
from domain.plan import ReintegrationPlan
from domain.prevention.activity import PreventionActivity
from domain.prevention.campaign import Campaign
from domain.proceedings import CriminalProceedings
from domain.retention.batch import RetentionBatch
from domain.return_process import ReturnProcess
from domain.sequence import BENEFICIARY_PREFIX, CASE_PREFIX, record_id
from domain.stay import ShelterStay
from services.queries import Queries

A = TypeVar("A", bound=Aggregate)

REF_FIELD = "ref"  # the path parameter every record route names its reference by
MAX_REF_LENGTH = 64


@dataclass(frozen=True)
class Coded:
    """How a kind of record is known by code: its prefix and what staff call the code."""

    prefix: str
    called: str  # "code", "number"
    example: str


CODED: dict[type[Aggregate], Coded] = {
    Beneficiary: Coded(BENEFICIARY_PREFIX, "code", "PVPT-2026-0123"),
    Case: Coded(CASE_PREFIX, "number", "PVPT-C-2026-0007"),
}
NAMES: dict[type[Aggregate], str] = {
    Beneficiary: "beneficiary",
    Case: "case",
    Facility: "facility",
    ShelterStay: "shelter stay",
    ReintegrationPlan: "reintegration plan",
    DayCentreEnrolment: "day-centre enrolment",
    DayCentreSession: "day-centre session",
    CarePlan: "care plan",  # issue 14, careplan
    CriminalProceedings: "criminal proceedings",  # issue 15, justice
    ReturnProcess: "return",  # issue 15, return
    Organisation: "organisation",  # issue 15: by id or registry key
    Campaign: "prevention campaign",  # issue 16
    PreventionActivity: "prevention activity",
    Grant: "grant",  # issue 17: by id or reference
    RetentionBatch: "retention batch",  # issue 17
}
_CODE_NAMES = {BENEFICIARY_PREFIX: "a beneficiary's code", CASE_PREFIX: "a case number"}
_CODE = re.compile(r"^(?P<prefix>PVPT(?:-C)?)-(?P<year>\d{4})-(?P<number>\d{1,9})$")


@dataclass(frozen=True)
class Reference:
    """A resolved reference: the record's kind and id, and its code when given by one."""

    kind: type[Aggregate]
    id: UUID
    code: str | None = None


def resolve(kind: type[Aggregate], ref: str, field: str = REF_FIELD) -> Reference:
    """The record of `kind` that `ref` names; InvalidInput naming `field` if malformed."""
    text = ref.strip()
    if len(text) > MAX_REF_LENGTH:
        raise InvalidInput(field, f"is {len(text)} characters long; a reference has at most 64")
    code = _parse_code(text)
    if code is not None:
        return _by_code(kind, *code, field)
    try:
        return Reference(kind, UUID(text))
    except ValueError:
        if kind is Organisation and KEY.match(text):
            return Reference(kind, organisation_id(text))
        if kind is Grant and REFERENCE.match(text):
            return Reference(kind, grant_id(text))
        raise InvalidInput(field, f"is not {_expected(kind)}") from None


def issued_code(kind: type[Aggregate], typed: str | None, field: str) -> str | None:
    """A code (or case number) as it was issued, from the way staff type it
    (`pvpt-c-2026-7` -> `PVPT-C-2026-0007`), for filtering a list by it; InvalidInput
    naming `field` when it is not a code of `kind`. None stays None (no filter)."""
    if typed is None:
        return None
    code = _parse_code(typed.strip())
    if code is None:
        coded = CODED[kind]
        raise InvalidInput(field, f"is not a {NAMES[kind]} {coded.called} ({coded.example})")
    return _by_code(kind, *code, field).code


def issued_case_number(typed: str | None, field: str = "case_number") -> str | None:
    return issued_code(Case, typed, field)


def issued_beneficiary_code(typed: str | None, field: str = "beneficiary_code") -> str | None:
    return issued_code(Beneficiary, typed, field)


def find(
    queries: Queries,
    kind: type[A],
    ref: str,
    as_of: datetime | None = None,
    version: int | None = None,
    *,
    field: str = REF_FIELD,
) -> A:
    """The record `ref` names: now, after `version` events, or as recorded by `as_of`."""
    reference = resolve(kind, ref, field)
    try:
        return queries.at(kind, reference.id, as_of, version)
    except RecordNotFound:
        if (by_code := unknown(queries, reference)) is None:
            raise
        raise by_code from None


def unknown(queries: Queries, reference: Reference) -> RecordNotFound | None:
    """The refusal naming the code a record was asked for by, when no record has the
    id that code maps to; None when it was asked for by id, or when it exists (and the
    RecordNotFound at hand is about something else, or about an earlier moment)."""
    if reference.code is None or queries.times(reference.id).exists:
        return None
    coded = CODED[reference.kind]
    return RecordNotFound(f"no {NAMES[reference.kind]} with {coded.called} {reference.code}")


def _parse_code(text: str) -> tuple[str, str] | None:
    """The prefix and the code as it was issued (`PVPT-2026-0123`); None if not a code."""
    match = _CODE.fullmatch(text.upper())
    if match is None:
        return None
    return match["prefix"], f"{match['prefix']}-{match['year']}-{int(match['number']):04d}"


def _by_code(kind: type[Aggregate], prefix: str, code: str, field: str) -> Reference:
    coded = CODED.get(kind)
    if coded is None or coded.prefix != prefix:
        raise InvalidInput(field, f"{code} is {_CODE_NAMES[prefix]}, not {_expected(kind)}")
    return Reference(kind, record_id(code), code)


def _expected(kind: type[Aggregate]) -> str:
    name = NAMES[kind]
    coded = CODED.get(kind)
    if kind is Organisation:
        return "an organisation's registry key (iom-kosovo) or id (a UUID)"
    if kind is Grant:
        return "a grant's reference (EU-IPA-2026-014) or id (a UUID)"
    if coded is None:
        return f"a {name} id (a UUID; a {name} has no code)"
    return f"a {name} {coded.called} ({coded.example}) or id (a UUID)"
