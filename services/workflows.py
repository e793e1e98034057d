"""Commands that create a record or involve several, each saved atomically.

Each workflow loads what it needs, lets the aggregates decide, and commits every
changed aggregate in one `save`: the case with its code sequence, the stay with
its facility's bed, the referral after the beneficiary's consent was checked.
"""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import RecordNotFound
from domain.facility import Facility
from domain.plan import ReintegrationPlan
from domain.reflection import ReflectionLengths
from domain.retention.policy import RetentionRules
from domain.sequence import BENEFICIARY_PREFIX, CASE_PREFIX, CodeSequence, sequence_id
from domain.stay import ShelterStay
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.care_workflows import CARE_WORKFLOWS
from services.children_workflows import CHILDREN_WORKFLOWS, require_placement_assessment
from services.commands.beneficiary import ErasePersonalData, RegisterBeneficiary
from services.commands.case import OpenCase
from services.commands.plan import DraftPlan
from services.commands.shelter import (
    AdmitToShelter,
    DischargeFromShelter,
    RegisterFacility,
    TransferStay,
)
from services.day_centre_workflows import DAY_CENTRE_WORKFLOWS  # day centre (issue 14)
from services.erasure import erase_personal_data, require_not_erased
from services.funding_workflows import FUNDING_WORKFLOWS
from services.justice_workflows import JUSTICE_WORKFLOWS
from services.organisations import ORGANISATION_WORKFLOWS
from services.partner_workflows import PARTNER_WORKFLOWS, registered_referrer
from services.prevention_workflows import PREVENTION_WORKFLOWS, require_disclosure
from services.reflection_workflows import reflection_workflows
from services.retention_workflows import retention_workflows  # retention (issue 17)
from services.return_workflows import RETURN_WORKFLOWS  # returns (issue 15)
from services.turnaway_workflows import TURN_AWAY_WORKFLOWS


def next_code(ctx: Context, prefix: str) -> tuple[str, CodeSequence]:
    """The next code of the year, and the sequence to save with the new record."""
    try:
        sequence = ctx.app.load(CodeSequence, sequence_id(prefix, ctx.at.year))
    except RecordNotFound:
        sequence = CodeSequence.start(prefix, ctx.at.year, actor=ctx.actor, at=ctx.at)
    return sequence.issue(actor=ctx.actor, at=ctx.at), sequence


def register_beneficiary(ctx: Context, _: None, command: RegisterBeneficiary) -> CommandResult:
    code, sequence = next_code(ctx, BENEFICIARY_PREFIX)
    beneficiary = Beneficiary.register(
        code,
        command.personal,
        command.gender,
        command.age_at_identification,
        command.citizenships,
        command.languages,
        command.scope,
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(beneficiary, sequence)


def open_case(ctx: Context, _: None, command: OpenCase) -> CommandResult:
    """The case, its number and the beneficiary's link to it are saved together."""
    beneficiary = ctx.app.load(Beneficiary, command.beneficiary_id)
    referral = registered_referrer(ctx, command.referral)
    require_disclosure(ctx.app, referral.prevention_disclosure)  # from prevention (issue 16)
    number, sequence = next_code(ctx, CASE_PREFIX)
    case = Case.open(number, beneficiary.id, beneficiary.code, referral, actor=ctx.actor, at=ctx.at)
    beneficiary.link_case(case.id, number, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(case, sequence, beneficiary)


def draft_plan(ctx: Context, _: None, command: DraftPlan) -> CommandResult:
    case = ctx.app.load(Case, command.case_id)
    require_not_erased(ctx.app, case, "draft a reintegration plan")
    plan = ReintegrationPlan.draft(case.id, case.case_number, actor=ctx.actor, at=ctx.at)
    case.link_plan(plan.id, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(plan, case)


def register_facility(ctx: Context, _: None, command: RegisterFacility) -> CommandResult:
    facility = Facility.register(
        command.name,
        command.kind,
        command.beds,
        command.effective_from,
        municipality=command.municipality,
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(facility)


def admit(ctx: Context, _: None, command: AdmitToShelter) -> CommandResult:
    """The stay, the facility's bed and the case's active stay are saved together,
    or not at all; a concurrent risk reassessment or closure of the case conflicts.
    A child is admitted only after a best-interests assessment for placement."""
    case = ctx.app.load(Case, command.case_id)
    require_not_erased(ctx.app, case, "admit to a shelter")
    facility = ctx.app.load(Facility, command.facility_id)
    stay = ShelterStay.admit(
        case.id,
        case.case_number,
        facility,
        case.risk_level,
        case.is_closed,
        admitted_on=command.admitted_on,
        referred_on=case.referral.referred_on,
        actor=ctx.actor,
        at=ctx.at,
    )
    require_placement_assessment(ctx, case, stay.admitted_on)  # children: a child's placement
    case.start_stay(stay.id, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(stay, facility, case)


def transfer(ctx: Context, stay_id: UUID, command: TransferStay) -> CommandResult:
    stay = _load_checked(ctx, ShelterStay, stay_id)
    origin = ctx.app.load(Facility, stay.facility_id)
    destination = ctx.app.load(Facility, command.to_facility_id)
    stay.transfer(destination, origin, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(stay, origin, destination)


def discharge(ctx: Context, stay_id: UUID, command: DischargeFromShelter) -> CommandResult:
    stay = _load_checked(ctx, ShelterStay, stay_id)
    facility = ctx.app.load(Facility, stay.facility_id)
    case = ctx.app.load(Case, stay.case_id)
    stay.discharge(
        facility,
        command.reason,
        command.destination,
        command.discharged_on,
        actor=ctx.actor,
        at=ctx.at,
    )
    case.end_stay(stay.id, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(stay, facility, case)


A = TypeVar("A", bound=Aggregate)


def _load_checked(ctx: Context, kind: type[A], record_id: UUID) -> A:
    record = ctx.app.load(kind, record_id)
    check_version(record, ctx.expected_version)
    return record


WORKFLOWS: dict[type[Any], Workflow] = {
    RegisterBeneficiary: register_beneficiary,
    ErasePersonalData: erase_personal_data,
    OpenCase: open_case,
    DraftPlan: draft_plan,
    RegisterFacility: register_facility,
    AdmitToShelter: admit,
    TransferStay: transfer,
    DischargeFromShelter: discharge,
    # reflection period: the statutory lengths (adapters/run/bootstrap.py gives the settings')
    **reflection_workflows(ReflectionLengths.statutory()),
    # day rehabilitation centre (issue 14, section 5)
    **DAY_CENTRE_WORKFLOWS,
    **CHILDREN_WORKFLOWS,  # children (issue 14): services/children_workflows.py
    # care plans and the services consent (issue 14, careplan): services/care_workflows.py
    **CARE_WORKFLOWS,
    **TURN_AWAY_WORKFLOWS,  # turn-aways (issue 15): services/turnaway_workflows.py
    **ORGANISATION_WORKFLOWS,  # partner organisations (issue 15): services/organisations.py
    **JUSTICE_WORKFLOWS,  # criminal proceedings (issue 15): services/justice_workflows.py
    **RETURN_WORKFLOWS,  # returns across a border (issue 15): services/return_workflows.py
    **PARTNER_WORKFLOWS,  # partners by id (issue 15): services/partner_workflows.py
    **PREVENTION_WORKFLOWS,  # prevention (issue 16): services/prevention_workflows.py
    **FUNDING_WORKFLOWS,  # grants (issue 17): services/funding_workflows.py
    # retention (issue 17): the default periods (adapters/run/bootstrap.py gives the settings')
    **retention_workflows(RetentionRules()),
}
