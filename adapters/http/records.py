"""Records by id, shown field by field as the caller's role allows.

Personal data and confidential notes are included only for roles that need
them (services/access.py); each such read is written to the access log with
the fields shown. Responses carry the record's version as ETag.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, QueryParameter

from adapters.access_log import AccessEntry
from adapters.http.history import history_handlers, route_of
from adapters.identity import User
from adapters.replay import PERSONAL_FIELDS
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.plan import ReintegrationPlan
from domain.stay import ShelterStay
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
from services.access import (
    READ_BENEFICIARY,
    READ_CASE,
    READ_FACILITY,
    READ_HISTORY,
    READ_PERSONAL_DATA,
    READ_PLAN,
    READ_STAY,
    allowed,
    may_read_note,
)

WITHHELD = "withheld"


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


def beneficiary_view(b: Beneficiary, show_personal: bool) -> BeneficiaryView:
    return BeneficiaryView(
        b.id,
        b.version,
        b.code,
        b.personal if show_personal else None,
        b.guardian if show_personal else None,
        _personal_data_state(b, show_personal),
        b.gender.value,
        b.age_at_identification,
        b.age_band.value,
        b.is_minor,
        b.citizenships,
        b.languages,
        b.scope.value,
        b.trafficking_status.value,
        b.deciding_body.value if b.deciding_body else None,
        b.exploitation,
        list(b.consents.values()),
        b.erased_on,
        b.erasure_basis.value if b.erasure_basis else None,
    )


def _personal_data_state(b: Beneficiary, shown: bool) -> str:
    if b.erased:
        return "erased"
    return "shown" if shown else WITHHELD


def case_view(c: Case, notes: list[CaseNote]) -> CaseView:
    return CaseView(
        c.id,
        c.version,
        c.case_number,
        c.beneficiary_id,
        c.beneficiary_code,
        c.stage.value,
        c.caseworker,
        c.risk_level.value if c.risk_level else None,
        c.referral,
        c.reflection_ends_on,
        {k.value: v for k, v in c.pending_approvals.items()},
        c.closure_reason.value if c.closure_reason else None,
        c.reopen_count,
        c.services,
        list(c.referrals.values()),
        notes,
        len(c.notes) - len(notes),
        c.created_on,
    )


def _require(user: User, action: str) -> None:
    if not allowed(user.role, action):
        raise PermissionDeniedException(f"role {user.role.value} may not {action}")


def _with_etag(content: Any, version: int) -> Response[Any]:
    return Response(content, headers={"ETag": f'"{version}"'})


AsOf = Annotated[
    datetime | None,
    QueryParameter(
        description="the record as it stood at this moment (RFC 3339 with a time zone), "
        "by when its events were recorded; needs the read:history permission"
    ),
]
Version = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        description="the record as it stood after this many events; needs read:history. "
        "Not together with as_of",
    ),
]


def _past(user: User, as_of: datetime | None, version: int | None) -> None:
    """Reading an earlier state of a record is reading its history."""
    if as_of is not None or version is not None:
        _require(user, READ_HISTORY)


def log_beneficiary_read(request: Request[User, Any, Any], beneficiary_id: UUID) -> None:
    user = request.user
    request.app.state.access_log.record(
        AccessEntry(
            user.name,
            user.role.value,
            "beneficiary",
            str(beneficiary_id),
            PERSONAL_FIELDS,
            route_of(request),
        )
    )


def readable_notes(request: Request[User, Any, Any], case: Case) -> list[CaseNote]:
    """The notes the caller's role may read, their reading written to the access log."""
    user = request.user
    notes = [n for n in case.notes if may_read_note(user.role, n.category)]
    if notes:
        categories = sorted({f"notes:{n.category.value}" for n in notes})
        request.app.state.access_log.record(
            AccessEntry(
                user.name, user.role.value, "case", str(case.id), categories, route_of(request)
            )
        )
    return notes


@get("/api/v1/beneficiaries/{record_id:uuid}", sync_to_thread=True, tags=["beneficiaries"])
def get_beneficiary(
    request: Request[User, Any, Any],
    record_id: FromPath[UUID],
    as_of: AsOf = None,
    version: Version = None,
) -> Response[BeneficiaryView]:
    user, state = request.user, request.app.state
    _require(user, READ_BENEFICIARY)
    _past(user, as_of, version)
    beneficiary = state.journey.queries.at(Beneficiary, record_id, as_of, version)
    state.scope.allow_beneficiary(user, beneficiary)
    show = allowed(user.role, READ_PERSONAL_DATA)
    if show:
        log_beneficiary_read(request, record_id)
    return _with_etag(beneficiary_view(beneficiary, show), beneficiary.version)


@get("/api/v1/cases/{record_id:uuid}", sync_to_thread=True, tags=["cases"])
def get_case(
    request: Request[User, Any, Any],
    record_id: FromPath[UUID],
    as_of: AsOf = None,
    version: Version = None,
) -> Response[CaseView]:
    user, state = request.user, request.app.state
    _require(user, READ_CASE)
    _past(user, as_of, version)
    case = state.journey.queries.at(Case, record_id, as_of, version)
    state.scope.allow_case(user, case)
    return _with_etag(case_view(case, readable_notes(request, case)), case.version)


def plain_record(record: Any) -> dict[str, Any]:
    state = {k.lstrip("_"): v for k, v in vars(record).items() if k != "_pending_events"}
    return msgspec.to_builtins(state)  # type: ignore[no-any-return]


@get("/api/v1/facilities/{record_id:uuid}", sync_to_thread=True, tags=["facilities"])
def get_facility(
    request: Request[User, Any, Any], record_id: FromPath[UUID]
) -> Response[dict[str, Any]]:
    _require(request.user, READ_FACILITY)
    facility = request.app.state.journey.queries.facility(record_id)
    return _with_etag(plain_record(facility), facility.version)


@get("/api/v1/stays/{record_id:uuid}", sync_to_thread=True, tags=["stays"])
def get_stay(
    request: Request[User, Any, Any],
    record_id: FromPath[UUID],
    as_of: AsOf = None,
    version: Version = None,
) -> Response[dict[str, Any]]:
    _require(request.user, READ_STAY)
    _past(request.user, as_of, version)
    stay = request.app.state.journey.queries.at(ShelterStay, record_id, as_of, version)
    request.app.state.scope.check_case(request.user, stay.case_id)
    return _with_etag(plain_record(stay), stay.version)


@get("/api/v1/plans/{record_id:uuid}", sync_to_thread=True, tags=["plans"])
def get_plan(
    request: Request[User, Any, Any],
    record_id: FromPath[UUID],
    as_of: AsOf = None,
    version: Version = None,
) -> Response[dict[str, Any]]:
    _require(request.user, READ_PLAN)
    _past(request.user, as_of, version)
    plan = request.app.state.journey.queries.at(ReintegrationPlan, record_id, as_of, version)
    request.app.state.scope.check_case(request.user, plan.case_id)
    view = plain_record(plan)
    if not allowed(request.user.role, READ_PERSONAL_DATA):
        _withhold_plan_texts(view)
    return _with_etag(view, plan.version)


def _withhold_plan_texts(view: dict[str, Any]) -> None:
    """Goal descriptions, progress notes and the discontinuation reason are free texts,
    identifying like personal data: withheld from roles that do not see it (auditors)."""
    for goal in view["goals"].values():
        goal["description"] = WITHHELD
        goal["progress"] = [WITHHELD for _ in goal["progress"]]
    if view.get("discontinue_reason") is not None:
        view["discontinue_reason"] = WITHHELD


def record_handlers() -> list[HTTPRouteHandler]:
    return [get_beneficiary, get_case, get_facility, get_stay, get_plan, *history_handlers()]
