"""The case file a caseworker opens, and a case's notes a page at a time.

`GET /api/v1/cases/{ref}/file`: the case (as `GET /api/v1/cases/{ref}`, from the
event store) with what belongs to it: the beneficiary's consents in force (store),
its outgoing referrals (in the case), its shelter stays (read model `shelter_stays`,
capacity), its reintegration plans (read model `reintegration_outcomes`,
outcomes), its day-centre enrolments (read model `day_centre_enrolments`, capacity)
and what is due on it (read model `due`), each with its id to open it by. The read
models follow the store with a lag: `related_complete` says whether every stay, plan
and enrolment the case knows of is listed, and `?wait_for_position=` waits for a write
of one's own. Its ETag is the case's version then the body's digest
(adapters/http/caching.py), so a command on the case takes it as If-Match.

`GET /api/v1/cases/{ref}/notes`: the notes of categories the role may read,
oldest first, a page at a time, from the event store.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import QueryParameter
from msgspec import Meta

from adapters.audit import history_export
from adapters.http.routes.day_centre_lists import ENROLMENTS, DayCentreEnrolmentRow
from adapters.http.routes.due import DUE_EXAMPLE, DueItem, due_of_case
from adapters.http.routes.history import require, route_of
from adapters.http.routes.outcomes import PLAN_OUTCOMES, PlanOutcome
from adapters.http.routes.paging import (
    PAGING_ONLY,
    Page,
    PageRequest,
    R,
    View,
    decode_cursor,
    encode_cursor,
    equal,
    page_request,
    view_page,
)
from adapters.http.routes.parameters import DEFAULT_WAIT_SECONDS, MAX_LIMIT, WaitFor, WaitTimeout
from adapters.http.routes.proceedings import case_proceedings
from adapters.http.routes.record_refs import CaseRef
from adapters.http.routes.stay_lists import STAYS, StayRow
from adapters.privacy.accounts import User
from domain.case import Case
from domain.local_time import local_date
from domain.return_process import ReturnProcess
from domain.vocab import NoteCategory
from services.access import READ_BENEFICIARY, READ_CASE, READ_ENROLMENT, READ_PLAN, READ_STAY, Role
from services.beneficiary_views import ConsentsInForce
from services.case_views import CaseNoteEntry, CaseView
from services.partner_names import PartnerNames
from services.proceedings_view import ProceedingsView
from services.queries import Queries
from services.record_views import example_of
from services.references import find
from services.return_views import ReturnView
from services.views import (
    case_view,
    consents_in_force,
    note_entries,
    readable_notes,
    return_view,
)

NOTES_LIST = "case_notes"  # the cursor's list name
CASE_LINK = {"case_id": "0b7c5d1e-3f4a-5b6c-8d7e-9f0a1b2c3d4e", "case_number": "PVPT-C-2026-0007"}
STAY_EXAMPLE = {
    "stay_id": "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    **CASE_LINK,
    "facility_id": "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
    "facility_name": "Shelter Prishtina",
    "admitted_on": "2026-03-02",
    "discharged_on": None,
    "length_of_stay_days": None,
    "days_so_far": 7,
    "transfers": 0,
    "on_leave": 0,
    "discharge_reason": None,
    "exit_destination": None,
    "updated_at": "2026-03-09T14:40:00Z",
    "position": 1042,
}
PLAN_EXAMPLE = {
    "plan_id": "4aa7d9db-5791-4070-8c10-b03590b07c82",
    **CASE_LINK,
    "status": "active",
    "goals_total": 3,
    "goals_achieved": 1,
    "goals_abandoned": 0,
    "goals_open": 2,
    "goal_types": "Education,Livelihood",
    "drafted_on": "2026-04-01",
    "completed_on": None,
    "discontinued_on": None,
    "follow_up_3m": None,
    "follow_up_6m": None,
    "follow_up_12m": None,
    "position": 1107,
}

ENROLMENT_EXAMPLE = {
    "enrolment_id": "7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
    **CASE_LINK,
    "facility_id": "9a3f6c2d-1e8b-5f47-a2c9-6d4e1b7f3a58",
    "facility_name": "Day Rehabilitation Centre Prishtina",
    "started_on": "2026-03-05",
    "ended_on": None,
    "end_reason": None,
    "updated_at": "2026-03-05T10:00:00Z",
    "position": 1120,
}


class CaseFile(msgspec.Struct, frozen=True):
    """A case with what belongs to it: the view a caseworker opens."""

    case: Annotated[
        CaseView,
        Meta(
            description="the case, current (outgoing referrals in `case.referrals`)",
            examples=[example_of(CaseView)],
        ),
    ]
    consents: ConsentsInForce
    stays: Annotated[
        list[StayRow],
        Meta(
            description="the case's shelter stays by admission day (capacity read model)",
            examples=[[STAY_EXAMPLE]],
        ),
    ]
    plans: Annotated[
        list[PlanOutcome],
        Meta(
            description="the case's reintegration plans by drafting day (outcomes read model)",
            examples=[[PLAN_EXAMPLE]],
        ),
    ]
    due: Annotated[
        list[DueItem],
        Meta(
            description="what is due on the case and not yet met, by due day (due read "
            "model; empty while the case is closed)",
            examples=[[DUE_EXAMPLE]],
        ),
    ]
    related_complete: Annotated[
        bool,
        Meta(
            description="true when every stay, plan and day-centre enrolment the case knows "
            "of is listed; false while a read model has yet to apply one (retry, or use "
            "`wait_for_position`)",
            examples=[True],
        ),
    ]
    enrolments: Annotated[
        list[DayCentreEnrolmentRow],
        Meta(
            description="the case's day-centre enrolments by start day (capacity read model)",
            examples=[[ENROLMENT_EXAMPLE]],
        ),
    ]
    proceedings: Annotated[
        list[ProceedingsView],
        Meta(
            description="the case's criminal proceedings, oldest first, as "
            "`getProceedings` answers each (event store, current); empty for a role "
            "without read:proceedings",
            examples=[[]],
        ),
    ] = []
    returns: Annotated[
        list[ReturnView],
        Meta(
            description="the case's returns and transfers across a border, oldest first "
            "(event store, current)",
            examples=[[example_of(ReturnView)]],
        ),
    ] = []


@get(
    "/api/v1/cases/{ref:str}/file",
    sync_to_thread=True,
    tags=["cases"],
    operation_id="getCaseFile",
    summary="A case with its stays, plans, referrals, consents and what is due",
    description="The case as `getCase` answers it (event store, current) with the "
    "beneficiary's consents in force (current), and the case's shelter stays, "
    "reintegration plans and what is due on it from the read models, which follow the "
    "store by moments: "
    "`related_complete` is false while one lags; pass the `position` a command returned "
    "as `wait_for_position` to see your own write. Needs read:case, read:beneficiary, "
    "read:stay, read:plan and read:enrolment (its day-centre enrolments are listed too); "
    "caseworkers: their own cases only. Fields the role may not "
    "see are withheld as in `getCase`. Its ETag is the case's version then the body's "
    "digest, like `getCase`'s: a command on the case takes it as If-Match.",
)
def get_case_file(
    request: Request[User, Any, Any],
    ref: CaseRef,
    wait_for_position: WaitFor = None,
    wait_timeout: WaitTimeout = DEFAULT_WAIT_SECONDS,
) -> Response[CaseFile]:
    user, state = request.user, request.app.state
    require(user, READ_CASE, READ_BENEFICIARY, READ_STAY, READ_PLAN, READ_ENROLMENT)
    case = find(state.journey.queries, Case, ref)
    state.scope.allow_case(user, case)
    beneficiary = state.journey.queries.beneficiary(case.beneficiary_id)
    today = local_date(state.journey.bus.clock())
    partners = PartnerNames(state.journey.queries.app)  # current names (services/partner_names.py)
    view, case_shown = case_view(case, user.role, beneficiary, today, partners=partners)
    consents, consents_shown = consents_in_force(beneficiary, user.role, partners)
    wait = page_request(
        limit=MAX_LIMIT, wait_for_position=wait_for_position, wait_timeout=wait_timeout
    )
    stays, all_stays = _of_case(request, STAYS, case.id, wait)
    plans, all_plans = _of_case(request, PLAN_OUTCOMES, case.id, wait)
    shown = {("case", case.id): case_shown, ("beneficiary", beneficiary.id): consents_shown}
    _log(request, shown)
    enrolments, all_enrolments = _of_case(request, ENROLMENTS, case.id, wait)
    listed = {s.stay_id for s in stays} | {p.plan_id for p in plans}
    listed |= {e.enrolment_id for e in enrolments}
    known = {*case.stay_ids, *case.plan_ids, *case.enrolment_ids}
    complete = all_stays and all_plans and all_enrolments and listed >= known
    due = due_of_case(request, case.id, wait)
    proceedings = case_proceedings(request, case)  # issue 15, justice
    returns = _returns(state.journey.queries, case, user.role)
    file = CaseFile(view, consents, stays, plans, due, complete, enrolments, proceedings, returns)
    return Response(file, headers={"ETag": f'"{case.version}"'})  # caching.py adds the digest


def _returns(queries: Queries, case: Case, role: Role) -> list[ReturnView]:
    """The case's returns across a border, from the store (no personal data in them)."""
    return [return_view(queries.app.load(ReturnProcess, r), role)[0] for r in case.return_ids]


def _of_case(
    request: Request[User, Any, Any], view: View[R], case_id: UUID, wait: PageRequest
) -> tuple[list[R], bool]:
    """The rows of one case in a read model's view, and whether that was all of them."""
    page = view_page(request, view, equal(view.rows, case_id=case_id), wait)
    return page.items, page.next_cursor is None


def _log(request: Request[User, Any, Any], shown: dict[tuple[str, UUID], set[str]]) -> None:
    user = request.user
    records = {record: fields for record, fields in shown.items() if fields}
    log = request.app.state.access_log
    history_export.log_shown(log, user.name, user.role, records, route_of(request))


@get(
    "/api/v1/cases/{ref:str}/notes",
    sync_to_thread=True,
    tags=["cases"],
    dependencies=PAGING_ONLY,
    operation_id="listCaseNotes",
    summary="A case's notes, a page at a time",
    description="The notes of the case in categories the role may read (medical and "
    "psychological: clinicians; legal: lawyers and case managers; general: roles that see "
    "personal data), oldest first, from the event store (current). Notes of other "
    "categories are left out (`notes_withheld` of `getCase` counts them). Needs read:case; "
    "caseworkers: their own cases only. Each page that shows notes is in the access log.",
)
def list_case_notes(
    request: Request[User, Any, Any],
    ref: CaseRef,
    page: NamedDependency[PageRequest],
    category: Annotated[
        NoteCategory | None, QueryParameter(description="only notes of this category")
    ] = None,
) -> Page[CaseNoteEntry]:
    user, state = request.user, request.app.state
    require(user, READ_CASE)
    case = find(state.journey.queries, Case, ref)
    state.scope.allow_case(user, case)
    after = 0 if page.cursor is None else decode_cursor(NOTES_LIST, page.cursor, [int])[0]
    readable = [n for n in readable_notes(case, user.role, category) if n.number > after]
    entries, shown = note_entries(readable[: page.limit], user.role)
    _log(request, {("case", case.id): shown})
    if len(readable) <= page.limit:
        return Page(entries, None)
    return Page(entries, encode_cursor(NOTES_LIST, [entries[-1].number]))


def case_file_handlers() -> list[HTTPRouteHandler]:
    return [get_case_file, list_case_notes]
