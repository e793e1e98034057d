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


def require_placement_assessment(ctx: Context, case: Case, admitted_on: date) -> None:
    """A child (a minor on `admitted_on`) is placed only after a best-interests
    assessment for placement (rule best_interests_required)."""
    beneficiary = ctx.app.load(Beneficiary, case.beneficiary_id)
    case.require_best_interests(BestInterestsDecision.PLACEMENT, beneficiary, admitted_on)


CHILDREN_WORKFLOWS: dict[type[Any], Workflow] = {
    AssessBestInterests: assess_best_interests,
}
