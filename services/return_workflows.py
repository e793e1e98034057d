"""The workflows of a return or transfer across a border (domain/return_process.py):
each loads what the decision needs and saves every changed record in one commit.

- RequestReturn: the process and the case's `ReturnRequested`, together (one open per
  case); the process keeps the case's referral day (no request before it). Refused
  once the person's data was erased (rule personal_data_erased: the new record's key
  was never destroyed, services/erasure.py `require_not_erased`). A child's return (a
  minor on the day requested) needs a best-interests assessment for `return` made by
  then (rule best_interests_required, services/children_workflows.py).
- Work on a return is refused once its case is closed (rule case_closed), except its
  cancellation, which tidies a return left open.
- PlanReturn: the receiving and escorting organisations are registered and active on
  the planned day (services/organisations.py `registered_organisation`).
- ConfirmHandOver: the receiving organisation still active on the day of the hand-over;
  a child still a minor that day, assessed for `return` by then.
- ConfirmHandOver and CancelReturn: the process and the case's `ReturnEnded`,
  together; after a hand-over the case may close as repatriated or transferred.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.case import Case
from domain.return_process import ReturnProcess
from domain.vocab import BestInterestsDecision
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.children_workflows import require_best_interests_assessment
from services.commands.returns import (
    CancelReturn,
    ConfirmHandOver,
    PlanReturn,
    RequestReturn,
    ReturnCommand,
)
from services.erasure import require_not_erased
from services.organisations import registered_organisation


def request_return(ctx: Context, _: None, command: RequestReturn) -> CommandResult:
    case = ctx.app.load(Case, command.case_id)
    case.require_open("request a return or transfer")
    require_not_erased(ctx.app, case, "request a return or transfer")
    process = ReturnProcess.request(
        case.id,
        case.case_number,
        case.beneficiary_id,
        (
            command.direction,
            command.kind,
            command.destination_country,
            command.destination_municipality,
        ),
        requested_on=command.requested_on,
        consent=(command.voluntary, command.informed_consent_on),
        referred_on=case.referral.referred_on,
        actor=ctx.actor,
        at=ctx.at,
    )
    require_best_interests_assessment(ctx, case, BestInterestsDecision.RETURN, process.requested_on)
    case.link_return(process.id, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(process, case)


def open_return(ctx: Context, return_id: UUID, action: str) -> tuple[ReturnProcess, Case]:
    """The return (at the version expected) and its case, once the case is open."""
    process = ctx.app.load(ReturnProcess, return_id)
    check_version(process, ctx.expected_version)
    case = ctx.app.load(Case, process.case_id)
    case.require_open(action)
    return process, case


def return_work(ctx: Context, return_id: UUID, command: ReturnCommand) -> CommandResult:
    """A command the return decides alone (AssessReturnRisk, RecordTravelDocument)."""
    process, _ = open_return(ctx, return_id, "work on its return")
    command.run(process, ctx.actor, ctx.at)
    return ctx.app.commit(process)


def plan_return(ctx: Context, return_id: UUID, command: PlanReturn) -> CommandResult:
    process, _ = open_return(ctx, return_id, "plan its return")
    day = command.planned_on
    registered_organisation(
        ctx.app, command.receiving_organisation_id, field="receiving_organisation_id", on=day
    )
    if command.escort_organisation_id is not None:
        registered_organisation(
            ctx.app, command.escort_organisation_id, field="escort_organisation_id", on=day
        )
    process.plan(
        command.receiving_organisation_id,
        day,
        command.escort_organisation_id,
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(process)


def confirm_hand_over(ctx: Context, return_id: UUID, command: ConfirmHandOver) -> CommandResult:
    process, case = open_return(ctx, return_id, "confirm its return's hand-over")
    process.hand_over(command.handed_over_on, actor=ctx.actor, at=ctx.at)
    receiver, day = process.receiving_organisation_id, process.handed_over_on
    assert receiver is not None  # hand_over refuses it otherwise
    assert day is not None
    registered_organisation(ctx.app, receiver, field="receiving_organisation_id", on=day)
    require_best_interests_assessment(ctx, case, BestInterestsDecision.RETURN, day)
    case.end_return(process.id, True, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(process, case)


def cancel_return(ctx: Context, return_id: UUID, command: CancelReturn) -> CommandResult:
    process = ctx.app.load(ReturnProcess, return_id)
    check_version(process, ctx.expected_version)
    process.cancel(command.reason, command.note, command.cancelled_on, actor=ctx.actor, at=ctx.at)
    case = ctx.app.load(Case, process.case_id)
    case.end_return(process.id, False, actor=ctx.actor, at=ctx.at)
    return ctx.app.commit(process, case)


RETURN_WORKFLOWS: dict[type[Any], Workflow] = {
    **dict.fromkeys(ReturnCommand.__subclasses__(), return_work),
    RequestReturn: request_return,
    PlanReturn: plan_return,
    ConfirmHandOver: confirm_hand_over,
    CancelReturn: cancel_return,
}
