"""Erasure (the right to be forgotten): an event that says who, when and why, then
the person's data keys are destroyed, so no earlier event can reveal them again.
Each of their cases records the erasure too (saved together), so the case's own
history and timeline say when, by whom and on which legal basis.

The event is saved first and the keys destroyed after. If destroying fails (the
key database is away), the command fails and may simply be repeated: on an
already erased beneficiary it destroys the keys again and then reports that the
data was already erased. Keys of every record that may hold the person's
identifying data go: the beneficiary's, and each of their cases', stays', plans' and
day-centre enrolments' (sessions hold ids only).
"""

from __future__ import annotations

from uuid import UUID

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import RuleViolated
from services.app import CommandResult, JourneyApp, check_version
from services.bus import Context
from services.commands.beneficiary import ErasePersonalData


def erase_personal_data(
    ctx: Context, beneficiary_id: UUID, command: ErasePersonalData
) -> CommandResult:
    beneficiary = ctx.app.load(Beneficiary, beneficiary_id)
    check_version(beneficiary, ctx.expected_version)
    records = records_of(ctx.app, beneficiary)
    if beneficiary.erased:
        shred(ctx.app, records)
        raise RuleViolated(
            f"{beneficiary.label}'s personal data was already erased on "
            f"{beneficiary.erased_on}; its keys are destroyed",
            rule="personal_data_erased",
        )
    beneficiary.erase(command.legal_basis, command.reference, actor=ctx.actor, at=ctx.at)
    cases = [ctx.app.load(Case, case_id) for case_id in beneficiary.case_ids]
    for case in cases:
        case.record_erasure(command.legal_basis, command.reference, actor=ctx.actor, at=ctx.at)
    result = ctx.app.commit(beneficiary, *cases)
    shred(ctx.app, records)
    return result


def records_of(app: JourneyApp, beneficiary: Beneficiary) -> set[UUID]:
    """The beneficiary and every case, stay, plan and day-centre enrolment recorded for them."""
    records = {beneficiary.id}
    for case_id in beneficiary.case_ids:
        records.update(app.load(Case, case_id).record_ids)
    return records


def shred(app: JourneyApp, records: set[UUID]) -> None:
    if app.shredder is None:
        msg = "this application has no key store; personal data cannot be erased here"
        raise RuntimeError(msg)
    app.shredder.destroy(records)
