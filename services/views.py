"""Records as a role may see them: the views the HTTP API and the CLI both show
(typed in services/case_views.py and services/record_views.py).

Every view goes through the disclosure policy (services/disclosure.py): fields
the role may not see are replaced by stand-ins and listed in `withheld`, path ->
reason. Each builder also returns what identifying data it showed, for the access
log ("personal", "free_text", "notes:<category>").
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, TypeVar

import msgspec

from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.case_values import CaseNote
from domain.classification import fields_of
from domain.day_centre import DayCentreEnrolment
from domain.day_centre_session import DayCentreSession
from domain.facility import Facility
from domain.local_time import local_date
from domain.plan import ReintegrationPlan
from domain.proceedings import CriminalProceedings
from domain.return_process import ReturnProcess
from domain.stay import ShelterStay
from domain.values import ConsentRecord, Document
from domain.vocab import NoteCategory
from services.access import Role, may_read_note
from services.beneficiary_views import BeneficiaryView
from services.care_plan_view import CarePlanView
from services.case_views import CaseNoteEntry, CaseView
from services.child_views import child_status
from services.day_centre_views import EnrolmentView, SessionView
from services.disclosure import Disclosure, aggregate_state, disclose_fields
from services.episode_views import episodes_on_record
from services.partner_names import PartnerNames
from services.proceedings_view import ProceedingsView
from services.record_views import FacilityView, PlanView, StayView
from services.reflection_views import reflection_view
from services.return_views import ReturnView

V = TypeVar("V", bound=msgspec.Struct)


def beneficiary_view(
    b: Beneficiary,
    role: Role,
    today: date | None = None,
    *,
    now: date | None = None,
    partners: PartnerNames | None = None,
) -> tuple[BeneficiaryView, set[str]]:
    """`today` (Kosovo's; now when not given) decides whether the person is a minor;
    `now` (the real today; the clock's when not given) when the role may not see the
    birth date it comes from (services/child_views.py); with `partners`, sharing consents'
    partners by their current names (services/partner_names.py)."""
    seen = Disclosure(role)
    state = aggregate_state(b)
    if partners is not None:
        state["consents"] = {k: partners.shown(r) for k, r in b.consents.items()}
    s = seen.fields(state, fields_of(Beneficiary) or {}, "")
    child = child_status(b, seen, today or _today(), now=now or _today())
    view = BeneficiaryView(
        b.id,
        b.version,
        b.code,
        s["personal"],
        s["guardian"],
        _personal_data_state(b, "personal" in seen.withheld),
        b.gender,
        b.age_at_identification,
        b.age_band,
        b.is_minor,
        b.citizenships,
        b.languages,
        b.scope,
        b.trafficking_status,
        b.deciding_body,
        s["exploitation"],
        list(s["consents"].values()),
        b.erased_on,
        b.erasure_basis,
        seen.withheld,
        s["identifications"],
        child=child,
        age_estimate=s["age_estimate"],
        guardian_appointment=s["guardian_appointment"],
        documents=_documents(s),
        episodes=episodes_on_record(s),
        background=s["background"],
        vulnerability_details=s["vulnerability_details"],
        died_on=b.died_on,
    )
    return view, seen.shown


def _personal_data_state(b: Beneficiary, withheld: bool) -> str:
    if b.erased:
        return "erased"
    return "withheld" if withheld else "shown"


def case_view(
    c: Case,
    role: Role,
    beneficiary: Beneficiary | None = None,
    today: date | None = None,
    *,
    now: date | None = None,
    partners: PartnerNames | None = None,
) -> tuple[CaseView, set[str]]:
    """The case with the notes `role` may read (the others counted, not shown); with its
    `beneficiary`, whether they are a child on `today` (Kosovo's; now when not given),
    or on `now` (the real today) as in `beneficiary_view`; with `partners`, the outgoing
    referrals' partners by their current names (services/partner_names.py)."""
    seen = Disclosure(role)
    notes = [n for n in c.notes if may_read_note(role, n.category)]
    state = {**aggregate_state(c), "notes": notes}
    if partners is not None:
        state["referrals"] = {k: partners.shown(r) for k, r in c.referrals.items()}
    s = seen.fields(state, fields_of(Case) or {}, "")
    opened_on = local_date(c.created_on)
    child = (
        None
        if beneficiary is None
        else child_status(
            beneficiary, seen, today or _today(), now=now or _today(), case_opened_on=opened_on
        )
    )
    view = CaseView(
        c.id,
        c.version,
        c.case_number,
        c.beneficiary_id,
        c.beneficiary_code,
        c.stage,
        s["caseworker"],
        c.risk_level,
        s["referral"],
        c.reflection_ends_on,
        {k.value: v for k, v in s["pending_approvals"].items()},
        c.closure_reason,
        c.reopen_count,
        s["services"],
        list(s["referrals"].values()),
        s["notes"],
        len(c.notes) - len(notes),
        c.created_on,
        seen.withheld,
        s["screenings_out"],
        c.rescreen_count,
        reflection_period=reflection_view(c.reflection),
        best_interests=s["best_interests"],
        child=child,
        care_plan_id=c.care_plan_id,
        services_consent_withdrawn_on=c.services_consent_withdrawn_on,
        documents=_documents(s),
    )
    return view, seen.shown


def _today() -> date:
    return local_date(datetime.now(UTC))


def _documents(state: dict[str, Any]) -> list[Document]:
    """A record's documents as disclosed, by number (documents, issue 14 section 7)."""
    return [document for _, document in sorted((state.get("documents") or {}).items())]


def stay_view(stay: ShelterStay, role: Role) -> tuple[StayView, set[str]]:
    return _typed_view(stay, role, StayView)


def plan_view(plan: ReintegrationPlan, role: Role) -> tuple[PlanView, set[str]]:
    return _typed_view(plan, role, PlanView)


def care_plan_view(plan: CarePlan, role: Role) -> tuple[CarePlanView, set[str]]:
    return _typed_view(plan, role, CarePlanView)


def proceedings_view(p: CriminalProceedings, role: Role) -> tuple[ProceedingsView, set[str]]:
    return _typed_view(p, role, ProceedingsView)


def return_view(process: ReturnProcess, role: Role) -> tuple[ReturnView, set[str]]:
    return _typed_view(process, role, ReturnView)


def facility_view(facility: Facility, role: Role) -> tuple[FacilityView, set[str]]:
    return _typed_view(facility, role, FacilityView)


def enrolment_view(enrolment: DayCentreEnrolment, role: Role) -> tuple[EnrolmentView, set[str]]:
    return _typed_view(enrolment, role, EnrolmentView)


def session_view(session: DayCentreSession, role: Role) -> tuple[SessionView, set[str]]:
    return _typed_view(session, role, SessionView)


def _typed_view(record: Any, role: Role, view: type[V]) -> tuple[V, set[str]]:
    """A record's state as `role` may see it, as the view type that names its fields."""
    fields, seen = disclose_fields(aggregate_state(record), type(record), role)
    plain = msgspec.to_builtins(fields, builtin_types=(datetime,))
    return msgspec.convert({**plain, "withheld": seen.withheld}, view), seen.shown


def consents_in_force(
    b: Beneficiary, role: Role, partners: PartnerNames | None = None
) -> tuple[list[ConsentRecord], set[str]]:
    """The beneficiary's consents in force, as `role` may see them; with `partners`, each
    sharing consent's partner by its current name (services/partner_names.py)."""
    seen = Disclosure(role)
    records = list(b.consents.values())
    if partners is not None:
        records = [partners.shown(record) for record in records]
    consents: list[ConsentRecord] = seen.value(records, "consents")
    return consents, seen.shown


def readable_notes(c: Case, role: Role, category: NoteCategory | None = None) -> list[CaseNote]:
    """The case's notes `role` may read (of `category` only, if given), oldest first."""
    return [
        n for n in c.notes if may_read_note(role, n.category) and category in (None, n.category)
    ]


def note_entries(notes: list[CaseNote], role: Role) -> tuple[list[CaseNoteEntry], set[str]]:
    """Notes as `role` may see them, and what that showed (for the access log)."""
    seen = Disclosure(role)
    shown: list[CaseNote] = seen.value(notes, "notes")
    return [CaseNoteEntry(**vars(n)) for n in shown], seen.shown
