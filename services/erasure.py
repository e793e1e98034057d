"""Erasure (the right to be forgotten): an event that says who, when and why, then
the person's data keys are destroyed, so no earlier event can reveal them again.
Each of their cases records the erasure too (saved together), so the case's own
history and timeline say when, by whom and on which legal basis.

The event is saved first and the keys destroyed after. If destroying fails (the
key database is away), the command fails and may simply be repeated: on an
already erased beneficiary it destroys the keys again and then reports that the
data was already erased. Keys of every record that may hold the person's
identifying data go: the beneficiary's, and each of their cases' and of every record
linked to a case (`Case.linked_records`: stays, plans, day-centre enrolments, care
plan, criminal proceedings, returns); sessions hold ids only.

A record linked to a case after the erasure would get a fresh key that no erasure
destroyed: a workflow creating one refuses it first (`require_not_erased`, rule
personal_data_erased).
"""

from __future__ import annotations

from uuid import UUID

from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import InvalidInput, RuleViolated
from domain.vocab import ErasureBasis
from services.app import CommandResult, JourneyApp, check_version
from services.bus import Context
from services.commands.beneficiary import ErasePersonalData


def erase_personal_data(
    ctx: Context, beneficiary_id: UUID, command: ErasePersonalData
) -> CommandResult:
    if command.legal_basis is ErasureBasis.RETENTION_PERIOD_ENDED:
        raise InvalidInput(
            "legal_basis",
            "retention_period_ended is given by a retention batch (journey retention), which "
            "checks the retention policy and needs a second administrator's approval",
        )
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


def require_not_erased(app: JourneyApp, case: Case, action: str) -> Beneficiary:
    """The case's beneficiary, unless their personal data was erased (rule
    personal_data_erased): called before a new record is linked to the case, whose
    key no erasure destroyed, so nothing identifying may go into it."""
    beneficiary = app.load(Beneficiary, case.beneficiary_id)
    if beneficiary.erased:
        raise RuleViolated(
            f"{beneficiary.label}'s personal data was erased on {beneficiary.erased_on}; "
            f"cannot {action} for them",
            rule="personal_data_erased",
        )
    return beneficiary


def records_of(app: JourneyApp, beneficiary: Beneficiary) -> set[UUID]:
    """The beneficiary, each of their cases and every record linked to one
    (`Case.record_ids`)."""
    records = {beneficiary.id}
    for case_id in beneficiary.case_ids:
        records.update(app.load(Case, case_id).record_ids)
    return records


def shred(app: JourneyApp, records: set[UUID]) -> None:
    if app.shredder is None:
        msg = "this application has no key store; personal data cannot be erased here"
        raise RuntimeError(msg)
    app.shredder.destroy(records)
