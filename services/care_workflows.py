"""The care plan's workflows (domain/care_plan.py): each loads what the decision needs
and saves every changed record in one commit.

- Every command on a care plan is refused on a closed case (rule case_closed): its
  workflow loads the care plan through `open_care_plan`, the one check (the commands
  that decide on the care plan alone run through `care_plan_work`).
- StartCarePlan: the care plan and the case's `CarePlanStarted`, together (one per case);
  the care plan keeps the case's referral day (no assessment or review before it).
- PlanService, RecordDelivery, and the case's unplanned DeliverService: the beneficiary
  is loaded for the services consent in force (the day it was given); a service resting
  on consent is refused without it (ConsentRequired, rule consent_required).
- WithdrawConsent of kind services: the withdrawal, the care plans' open services resting
  on consent cancelled as of its day, the day-centre enrolments ended as of its day
  (services/day_centre_consent.py), and each case's `ServicesConsentWithdrawn` (the
  case shows it); GiveConsent of kind services again clears what the case shows.
- AddGoal on a reintegration plan naming a care-plan goal: checked against the case's
  care plan.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.beneficiary import Beneficiary
from domain.care_plan import CarePlan
from domain.case import Case
from domain.errors import RuleViolated
from domain.parts.beneficiary_consents import consent_key
from domain.plan import ReintegrationPlan
from domain.vocab import ConsentKind
from services import partner_workflows as partners
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.commands.beneficiary import GiveConsent, WithdrawConsent
from services.commands.care_plan import (
    CarePlanCommand,
    PlanService,
    RecordDelivery,
    StartCarePlan,
)
from services.commands.case import DeliverService
from services.commands.plan import AddGoal
from services.day_centre_consent import end_enrolments_for_withdrawal
from services.erasure import require_not_erased

A = TypeVar("A", bound=Aggregate)


def start_care_plan(ctx: Context, _: None, command: StartCarePlan) -> CommandResult:
    case = ctx.app.load(Case, command.case_id)
    require_not_erased(ctx.app, case, "start a care plan")
    plan = CarePlan.start(
        case.id,
        case.case_number,
        case.beneficiary_id,
        case.referral.referred_on,
        actor=ctx.actor,
        at=ctx.at,
    )
    case.link_care_plan(plan.id, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(plan, case)


def open_care_plan(ctx: Context, care_plan_id: UUID) -> CarePlan:
    """The care plan, once its case is open (rule case_closed): the one check that no
    care-plan work is done on a closed case."""
    plan = _load_checked(ctx, CarePlan, care_plan_id)
    ctx.app.load(Case, plan.case_id).require_open("work on its care plan")
    return plan


def care_plan_work(ctx: Context, care_plan_id: UUID, command: CarePlanCommand) -> CommandResult:
    """A command the care plan decides alone (AssessNeeds, ReviewCarePlan, ...)."""
    plan = open_care_plan(ctx, care_plan_id)
    command.run(plan, ctx.actor, ctx.at)
    return ctx.app.commit(plan)


def services_consent_given_on(beneficiary: Beneficiary) -> date | None:
    """The day the services consent in force was given; None when none is in force."""
    consent = beneficiary.consents.get(consent_key(ConsentKind.SERVICES))
    return None if consent is None else consent.given_on


def plan_service(ctx: Context, care_plan_id: UUID, command: PlanService) -> CommandResult:
    plan = open_care_plan(ctx, care_plan_id)
    beneficiary = ctx.app.load(Beneficiary, plan.beneficiary_id)
    partner = partners.provider(ctx, command.organisation_id, command.starts_on)
    plan.plan_service(
        command.service,
        (command.provider_kind, None if partner is None else partner.display_name),
        command.responsible,
        (command.starts_on, command.due_on),
        command.basis,
        command.domains,
        command.goal,
        consent_given_on=services_consent_given_on(beneficiary),
        organisation_id=command.organisation_id,
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(plan)


def record_delivery(ctx: Context, care_plan_id: UUID, command: RecordDelivery) -> CommandResult:
    plan = open_care_plan(ctx, care_plan_id)
    beneficiary = ctx.app.load(Beneficiary, plan.beneficiary_id)
    plan.record_delivery(
        command.number,
        command.attended,
        command.duration_minutes,
        command.delivered_by,
        command.delivered_on,
        command.provider,
        consent_given_on=services_consent_given_on(beneficiary),
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(plan)


def deliver_service(ctx: Context, case_id: UUID, command: DeliverService) -> CommandResult:
    case = _load_checked(ctx, Case, case_id)
    beneficiary = ctx.app.load(Beneficiary, case.beneficiary_id)
    case.deliver_service(
        command.service,
        command.provider,
        command.delivered_on,
        command.outcome,
        command.basis,
        consent_given_on=services_consent_given_on(beneficiary),
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(case)


def withdraw_consent(ctx: Context, beneficiary_id: UUID, command: WithdrawConsent) -> CommandResult:
    beneficiary = _load_checked(ctx, Beneficiary, beneficiary_id)
    partners.withdraw_consent(ctx, beneficiary, command)  # sharing: by organisation id
    if command.kind is not ConsentKind.SERVICES:
        return ctx.app.commit(beneficiary)
    day = command.withdrawn_on or ctx.at.date()  # the domain's default, checked by it
    changed: list[Aggregate] = []
    for case in _cases(ctx, beneficiary):
        stopped = 0
        if case.care_plan_id is not None:
            plan = ctx.app.load(CarePlan, case.care_plan_id)
            stopped = plan.stop_for_withdrawal(day, actor=ctx.actor, at=ctx.at)
            changed.append(plan)
        changed += end_enrolments_for_withdrawal(ctx, case, day)
        case.record_services_withdrawal(day, stopped, actor=ctx.actor, at=ctx.at)
        changed.append(case)
    return ctx.app.commit(beneficiary, *changed)


def give_consent(ctx: Context, beneficiary_id: UUID, command: GiveConsent) -> CommandResult:
    beneficiary = _load_checked(ctx, Beneficiary, beneficiary_id)
    partners.give_consent(ctx, beneficiary, command)  # sharing: a registered organisation
    if command.kind is not ConsentKind.SERVICES:
        return ctx.app.commit(beneficiary)
    day = command.given_on or ctx.at.date()
    cases = _cases(ctx, beneficiary)
    for case in cases:
        case.record_services_consent(day, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(beneficiary, *cases)


def add_goal(ctx: Context, plan_id: UUID, command: AddGoal) -> CommandResult:
    plan = _load_checked(ctx, ReintegrationPlan, plan_id)
    if command.care_goal is not None:
        case = ctx.app.load(Case, plan.case_id)
        if case.care_plan_id is None:
            raise RuleViolated(
                f"{case.label} has no care plan; there is no care-plan goal "
                f"{command.care_goal} to serve",
                rule="no_such_goal",
            )
        ctx.app.load(CarePlan, case.care_plan_id).require_goal(command.care_goal)
    command.run(plan, ctx.actor, ctx.at)
    return ctx.app.commit(plan)


def _cases(ctx: Context, beneficiary: Beneficiary) -> list[Case]:
    return [ctx.app.load(Case, case_id) for case_id in beneficiary.case_ids]


def _load_checked(ctx: Context, kind: type[A], record_id: UUID) -> A:
    record = ctx.app.load(kind, record_id)
    check_version(record, ctx.expected_version)
    return record


CARE_WORKFLOWS: dict[type[Any], Workflow] = {
    **dict.fromkeys(CarePlanCommand.__subclasses__(), care_plan_work),
    StartCarePlan: start_care_plan,
    PlanService: plan_service,
    RecordDelivery: record_delivery,
    DeliverService: deliver_service,
    WithdrawConsent: withdraw_consent,
    GiveConsent: give_consent,
    AddGoal: add_goal,
}
