"""Records as a role may see them: the views the HTTP API and the CLI both show.

Every view goes through the disclosure policy (services/disclosure.py): fields
the role may not see are replaced by stand-ins and listed in `withheld`, path ->
reason. Each builder also returns what identifying data it showed, for the access
log ("personal", "free_text", "notes:<category>").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.classification import fields_of
from domain.values import (
    CaseNote,
    ConsentRecord,
    ExploitationProfile,
    Guardian,
    IncomingReferral,
    OutgoingReferral,
    PendingApproval,
    PersonalData,
    ServiceDelivery,
)
from services.access import Role, may_read_note
from services.disclosure import Disclosure, aggregate_state, disclose_fields

WITHHELD_FIELD = "withheld"  # the key a record view lists its withheld fields under


class BeneficiaryView(msgspec.Struct, frozen=True):
    id: UUID
    version: int
    code: str
    personal: PersonalData | None
    guardian: Guardian | None
    personal_data: str  # "shown", "withheld" or "erased"
    gender: str
    age_at_identification: int
    age_band: str
    is_minor: bool
    citizenships: tuple[str, ...]
    languages: tuple[str, ...]
    scope: str
    trafficking_status: str
    deciding_body: str | None
    exploitation: ExploitationProfile | None
    consents: list[ConsentRecord]
    erased_on: date | None = None
    erasure_basis: str | None = None
    withheld: dict[str, str] = {}  # field path -> why it is withheld from this role


class CaseView(msgspec.Struct, frozen=True):
    id: UUID
    version: int
    case_number: str
    beneficiary_id: UUID
    beneficiary_code: str
    stage: str
    caseworker: str | None
    risk_level: str | None
    referral: IncomingReferral
    reflection_ends_on: date | None
    pending_approvals: dict[str, PendingApproval]
    closure_reason: str | None
    reopen_count: int
    services: list[ServiceDelivery]
    referrals: list[OutgoingReferral]
    notes: list[CaseNote]
    notes_withheld: int
    opened_at: datetime
    withheld: dict[str, str] = {}  # field path -> why it is withheld from this role


def beneficiary_view(b: Beneficiary, role: Role) -> tuple[BeneficiaryView, set[str]]:
    seen = Disclosure(role)
    s = seen.fields(aggregate_state(b), fields_of(Beneficiary) or {}, "")
    view = BeneficiaryView(
        b.id,
        b.version,
        b.code,
        s["personal"],
        s["guardian"],
        _personal_data_state(b, "personal" in seen.withheld),
        b.gender.value,
        b.age_at_identification,
        b.age_band.value,
        b.is_minor,
        b.citizenships,
        b.languages,
        b.scope.value,
        b.trafficking_status.value,
        b.deciding_body.value if b.deciding_body else None,
        s["exploitation"],
        list(s["consents"].values()),
        b.erased_on,
        b.erasure_basis.value if b.erasure_basis else None,
        seen.withheld,
    )
    return view, seen.shown


def _personal_data_state(b: Beneficiary, withheld: bool) -> str:
    if b.erased:
        return "erased"
    return "withheld" if withheld else "shown"


def case_view(c: Case, role: Role) -> tuple[CaseView, set[str]]:
    """The case with the notes `role` may read (the others counted, not shown)."""
    seen = Disclosure(role)
    notes = [n for n in c.notes if may_read_note(role, n.category)]
    s = seen.fields({**aggregate_state(c), "notes": notes}, fields_of(Case) or {}, "")
    view = CaseView(
        c.id,
        c.version,
        c.case_number,
        c.beneficiary_id,
        c.beneficiary_code,
        c.stage.value,
        s["caseworker"],
        c.risk_level.value if c.risk_level else None,
        s["referral"],
        c.reflection_ends_on,
        {k.value: v for k, v in s["pending_approvals"].items()},
        c.closure_reason.value if c.closure_reason else None,
        c.reopen_count,
        s["services"],
        list(s["referrals"].values()),
        s["notes"],
        len(c.notes) - len(notes),
        c.created_on,
        seen.withheld,
    )
    return view, seen.shown


def record_view(record: Any, role: Role) -> tuple[dict[str, Any], set[str]]:
    """Any record's state (a stay, a plan, a facility) as `role` may see it, JSON-ready,
    with its withheld fields listed under "withheld"."""
    fields, seen = disclose_fields(aggregate_state(record), type(record), role)
    # instants stay datetimes: the API writes them in UTC (adapters/http/instants.py)
    view: dict[str, Any] = msgspec.to_builtins(fields, builtin_types=(datetime,))
    view[WITHHELD_FIELD] = seen.withheld
    return view, seen.shown
