"""Workflows about a child that read the beneficiary to decide on the case: the
best-interests assessment (only of a child, on its day) and the placement rule an
admission to a shelter obeys (services/workflows.py)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.vocab import BestInterestsDecision
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.commands.children import AssessBestInterests


def assess_best_interests(
    ctx: Context, case_id: UUID, command: AssessBestInterests
) -> CommandResult:
    """Recorded on the case; the beneficiary is read (is the person a child that day?)."""
    case = ctx.app.load(Case, case_id)
    check_version(case, ctx.expected_version)
    beneficiary = ctx.app.load(Beneficiary, case.beneficiary_id)
    case.assess_best_interests(
        beneficiary,
        command.decision,
        command.recommendation,
        child_heard=command.child_heard,
        participants=command.participants,
        assessed_on=command.assessed_on,
        actor=ctx.actor,
        at=ctx.at,
    )
    return ctx.app.commit(case)


def require_best_interests_assessment(
    ctx: Context, case: Case, decision: BestInterestsDecision, on: date
) -> None:
    """A key decision about a child (a minor on `on`) only after a best-interests
    assessment for it (rule best_interests_required): a placement (the admission
    below), a return (services/return_workflows.py: at the request and the hand-over)."""
    beneficiary = ctx.app.load(Beneficiary, case.beneficiary_id)
    case.require_best_interests(decision, beneficiary, on)


def require_placement_assessment(ctx: Context, case: Case, admitted_on: date) -> None:
    """A child is admitted to a shelter only after an assessment for placement."""
    require_best_interests_assessment(ctx, case, BestInterestsDecision.PLACEMENT, admitted_on)


CHILDREN_WORKFLOWS: dict[type[Any], Workflow] = {
    AssessBestInterests: assess_best_interests,
}
