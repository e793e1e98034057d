"""Records by code, number or id, shown field by field as the caller's role allows.

A beneficiary is found by the code on the paper file (`PVPT-2026-0123`) or its id,
a case by its number (`PVPT-C-2026-0007`) or its id, a facility, a stay or a plan
by its id (services/references.py: a malformed reference is a 422 naming `ref`,
an unknown one a 404).

Every view goes through the one disclosure policy (services/views.py,
services/disclosure.py): personal data, free texts and confidential notes are
shown only to roles that may see them, withheld fields are listed with the
reason, and each read that showed identifying data is written to the access
log. Responses carry the record's version as ETag, which adapters/http/caching.py
qualifies with a digest of the body (the body depends on the role, not only the version).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from litestar import Request, Response, get
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter

from adapters.audit import history_export
from adapters.http.routes.case_file import case_file_handlers
from adapters.http.routes.history import history_handlers, route_of
from adapters.http.routes.record_refs import (
    BeneficiaryRef,
    CarePlanRef,
    CaseRef,
    EnrolmentRef,
    FacilityRef,
    PlanRef,
    ReturnRef,
    SessionRef,
    StayRef,
)
from adapters.privacy.accounts import User
from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.facility import Facility
from domain.local_time import local_date
from domain.plan import ReintegrationPlan
from domain.return_process import ReturnProcess
from domain.stay import ShelterStay
from services.access import (
    READ_BENEFICIARY,
    READ_CARE_PLAN,
    READ_CASE,
    READ_ENROLMENT,
    READ_FACILITY,
    READ_HISTORY,
    READ_PLAN,
    READ_SESSION,
    READ_STAY,
    allowed,
)
from services.beneficiary_views import BeneficiaryView
from services.care_plan_view import CarePlanView
from services.case_views import CaseView
from services.day_centre_views import EnrolmentView, SessionView
from services.partner_names import PartnerNames
from services.record_views import FacilityView, PlanView, StayView
from services.references import find
from services.return_views import ReturnView
from services.views import (
    beneficiary_view,
    care_plan_view,
    case_view,
    enrolment_view,
    facility_view,
    plan_view,
    return_view,
    session_view,
    stay_view,
)

A = TypeVar("A", bound=Aggregate)
V = TypeVar("V")


def _require(user: User, action: str) -> None:
    if not allowed(user.role, action):
        raise PermissionDeniedException(f"role {user.role.value} may not {action}")


def with_etag(content: Any, version: int) -> Response[Any]:
    return Response(content, headers={"ETag": f'"{version}"'})


AsOf = Annotated[
    datetime | None,
    QueryParameter(
        description="the record as it stood at this moment (RFC 3339 with a time zone, "
        "not in the future), by when its events were recorded; needs the read:history "
        "permission"
    ),
]
MAX_VERSION = 2**31 - 1  # no record has that many events; beyond, the store's integer overflows
Version = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        le=MAX_VERSION,
        description="the record as it stood after this many events; needs read:history. "
        "Not together with as_of",
    ),
]


def _past(user: User, as_of: datetime | None, version: int | None) -> None:
    """Reading an earlier state of a record is reading its history."""
    if as_of is not None or version is not None:
        _require(user, READ_HISTORY)


def load_record(
    request: Request[User, Any, Any],
    action: str,
    kind: type[A],
    ref: str,
    *,
    as_of: datetime | None = None,
    version: int | None = None,
) -> A:
    """The record `ref` names, now or as it stood, once the role may read it."""
    _require(request.user, action)
    _past(request.user, as_of, version)
    return find(request.app.state.journey.queries, kind, ref, as_of=as_of, version=version)


def _day(request: Request[User, Any, Any], as_of: datetime | None) -> date:
    """The day a view counts as today: `as_of`'s, or the clock's (Kosovo's calendar)."""
    return local_date(as_of or request.app.state.journey.bus.clock())


def _answer(
    request: Request[User, Any, Any], record_type: str, record: Any, view: tuple[V, set[str]]
) -> Response[V]:
    """The view, with the record's version as ETag; what it showed goes to the access log."""
    shown_view, shown = view
    log_shown(request, record_type, record.id, shown)
    return with_etag(shown_view, record.version)


def log_shown(
    request: Request[User, Any, Any], record: str, record_id: UUID, shown: set[str]
) -> None:
    """Write the identifying data a read showed to the access log (nothing shown: no row)."""
    user = request.user
    history_export.log_shown(
        request.app.state.access_log,
        user.name,
        user.role,
        {(record, record_id): shown} if shown else {},
        route_of(request),
    )


PAST = " With `as_of` or `version` (needs read:history): as it stood then."
SCOPE = " Caseworkers: only for their own cases (403 otherwise)."
WITHHOLDING = " Fields the role may not see are withheld and named in `withheld`."


@get(
    "/api/v1/beneficiaries/{ref:str}",
    sync_to_thread=True,
    tags=["beneficiaries"],
    operation_id="getBeneficiary",
    summary="A beneficiary by code or id",
    description="The person: pseudonymous code, non-identifying data, consents in force "
    "and, for roles that may see it, personal data; from the event store (current). Needs "
    "read:beneficiary; caseworkers: beneficiaries of their own cases or with no case yet."
    + WITHHOLDING
    + PAST,
)
def get_beneficiary(
    request: Request[User, Any, Any],
    ref: BeneficiaryRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[BeneficiaryView]:
    beneficiary = load_record(
        request, READ_BENEFICIARY, Beneficiary, ref, as_of=as_of, version=version
    )
    request.app.state.scope.allow_beneficiary(request.user, beneficiary)
    now = _day(request, None)  # a child's status from the birth date: services/child_views.py
    partners = PartnerNames(request.app.state.journey.queries.app)  # services/partner_names.py
    view = beneficiary_view(
        beneficiary, request.user.role, _day(request, as_of), now=now, partners=partners
    )
    return _answer(request, "beneficiary", beneficiary, view)


@get(
    "/api/v1/cases/{ref:str}",
    sync_to_thread=True,
    tags=["cases"],
    operation_id="getCase",
    summary="A case by number or id",
    description="The case: stage, caseworker, risk, incoming referral, pending approvals, "
    "services, outgoing referrals and the notes the role may read (`notes_withheld` counts "
    "the others); from the event store (current). Needs read:case." + SCOPE + WITHHOLDING + PAST,
)
def get_case(
    request: Request[User, Any, Any],
    ref: CaseRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[CaseView]:
    case = load_record(request, READ_CASE, Case, ref, as_of=as_of, version=version)
    request.app.state.scope.allow_case(request.user, case)
    moment = as_of or (case.modified_on if version is not None else None)  # as it stood
    queries = request.app.state.journey.queries
    beneficiary = queries.at(Beneficiary, case.beneficiary_id, moment, None)  # a child?
    day, now = _day(request, moment), _day(request, None)
    partners = PartnerNames(queries.app)  # current names (services/partner_names.py)
    view = case_view(case, request.user.role, beneficiary, day, now=now, partners=partners)
    return _answer(request, "case", case, view)


@get(
    "/api/v1/facilities/{ref:str}",
    sync_to_thread=True,
    tags=["facilities"],
    operation_id="getFacility",
    summary="A facility by id",
    description="A shelter or day rehabilitation centre: its beds now, its bed inventory "
    "over time and the stays in it; from the event store (current). Needs read:facility.",
)
def get_facility(request: Request[User, Any, Any], ref: FacilityRef) -> Response[FacilityView]:
    facility = load_record(request, READ_FACILITY, Facility, ref)
    return _answer(request, "facility", facility, facility_view(facility, request.user.role))


@get(
    "/api/v1/stays/{ref:str}",
    sync_to_thread=True,
    tags=["stays"],
    operation_id="getStay",
    summary="A shelter stay by id",
    description="A shelter stay: case, facility, admission, leave, transfers and discharge; "
    "from the event store (current). Needs read:stay." + SCOPE + PAST,
)
def get_stay(
    request: Request[User, Any, Any],
    ref: StayRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[StayView]:
    stay = load_record(request, READ_STAY, ShelterStay, ref, as_of=as_of, version=version)
    request.app.state.scope.check_case(request.user, stay.case_id)
    return _answer(request, "stay", stay, stay_view(stay, request.user.role))


@get(
    "/api/v1/plans/{ref:str}",
    sync_to_thread=True,
    tags=["plans"],
    operation_id="getPlan",
    summary="A reintegration plan by id",
    description="A reintegration plan: its goals with progress, reviews, completion and "
    "follow-ups; from the event store (current). Needs read:plan." + SCOPE + WITHHOLDING + PAST,
)
def get_plan(
    request: Request[User, Any, Any],
    ref: PlanRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[PlanView]:
    plan = load_record(request, READ_PLAN, ReintegrationPlan, ref, as_of=as_of, version=version)
    request.app.state.scope.check_case(request.user, plan.case_id)
    return _answer(request, "plan", plan, plan_view(plan, request.user.role))


@get(
    "/api/v1/enrolments/{ref:str}",
    sync_to_thread=True,
    tags=["enrolments"],
    operation_id="getEnrolment",
    summary="A day-centre enrolment by id",
    description="A case's enrolment in a day rehabilitation centre: start, courses "
    "completed, end; from the event store (current). Needs read:enrolment."
    + SCOPE
    + WITHHOLDING
    + PAST,
)
def get_enrolment(
    request: Request[User, Any, Any],
    ref: EnrolmentRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[EnrolmentView]:
    enrolment = load_record(
        request, READ_ENROLMENT, DayCentreEnrolment, ref, as_of=as_of, version=version
    )
    request.app.state.scope.check_case(request.user, enrolment.case_id)
    return _answer(request, "enrolment", enrolment, enrolment_view(enrolment, request.user.role))


@get(
    "/api/v1/sessions/{ref:str}",
    sync_to_thread=True,
    tags=["sessions"],
    operation_id="getSession",
    summary="A day-centre session by id",
    description="A session of a day rehabilitation centre: activity, facilitator, places "
    "and each participant's attendance (by enrolment and case id); from the event store "
    "(current). Needs read:session. A caseworker sees the attendance of the cases "
    "assigned to them only (`withheld` says when others' were left out); the title is "
    "free text." + WITHHOLDING + PAST,
)
def get_session(
    request: Request[User, Any, Any],
    ref: SessionRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[SessionView]:
    session = load_record(
        request, READ_SESSION, DayCentreSession, ref, as_of=as_of, version=version
    )
    view, shown = session_view(session, request.user.role)
    scoped = request.app.state.scope.scope_attendance(request.user, view)
    return _answer(request, "session", session, (scoped, shown))


@get(
    "/api/v1/care-plans/{ref:str}",
    sync_to_thread=True,
    tags=["care-plans"],
    operation_id="getCarePlan",
    summary="A care plan by id",
    description="A case's care plan: its needs assessments (every version), goals, planned "
    "services with deliveries and outcomes, and reviews; from the event store (current). "
    "Needs read:care_plan." + SCOPE + WITHHOLDING + PAST,
)
def get_care_plan(
    request: Request[User, Any, Any],
    ref: CarePlanRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[CarePlanView]:
    plan = load_record(request, READ_CARE_PLAN, CarePlan, ref, as_of=as_of, version=version)
    request.app.state.scope.check_case(request.user, plan.case_id)
    return _answer(request, "care_plan", plan, care_plan_view(plan, request.user.role))


@get(
    "/api/v1/returns/{ref:str}",
    sync_to_thread=True,
    tags=["returns"],
    operation_id="getReturn",
    summary="A return across a border by id",
    description="A case's return or transfer across a border: direction, destination, the "
    "preparation (risk, travel documents, organisations, planned day) and how it ended; "
    "from the event store (current). Needs read:case (the case file lists them too)."
    + SCOPE
    + WITHHOLDING
    + PAST,
)
def get_return(
    request: Request[User, Any, Any],
    ref: ReturnRef,
    as_of: AsOf = None,
    version: Version = None,
) -> Response[ReturnView]:
    process = load_record(request, READ_CASE, ReturnProcess, ref, as_of=as_of, version=version)
    request.app.state.scope.check_case(request.user, process.case_id)
    return _answer(request, "return", process, return_view(process, request.user.role))


def record_handlers() -> list[HTTPRouteHandler]:
    return [
        get_beneficiary,
        get_case,
        get_facility,
        get_stay,
        get_plan,
        get_enrolment,
        get_session,
        get_care_plan,
        get_return,
        *history_handlers(),
        *case_file_handlers(),
    ]
