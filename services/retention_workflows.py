"""The workflows of a retention batch (services/commands/retention.py; docs/retention.md):
each beneficiary is judged against the policy with the installation's periods (settings;
domain/retention/policy.py `RetentionRules`) when the batch is proposed and again when it
is executed. The domain reads no configuration: the rules are handed to it here.

Execution saves, in ONE commit, each still-due beneficiary's erasure, the erasure recorded
on each of their cases and the batch's `Executed` event (which also names the ones left
out and why); only then are the keys destroyed (services/erasure.py `shred`, ADR 14). So
a failure while deciding or saving leaves nothing erased and the batch approved, to be
executed again; a failure while destroying keys leaves the erasure recorded and the keys
in place, and executing the batch again destroys them.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.beneficiary import Beneficiary
from domain.retention.batch import (
    BatchStatus,
    LeftOut,
    RetentionBatch,
    RetentionCandidate,
    refuse_not_due,
)
from domain.retention.policy import RetentionRules
from domain.vocab import ErasureBasis
from services.app import CommandResult, check_version
from services.bus import Context, Workflow
from services.commands.retention import ExecuteRetentionErasure, ProposeRetentionErasure
from services.erasure import records_of, shred
from services.references import resolve
from services.retention import Judged, judge


def batch_reference(batch_id: UUID) -> str:
    """The request reference each erasure of the batch records."""
    return f"retention-batch/{batch_id}"


def retention_workflows(rules: RetentionRules) -> dict[type[Any], Workflow]:
    """The workflows of the retention commands, with these periods."""

    def propose(ctx: Context, _: None, command: ProposeRetentionErasure) -> CommandResult:
        ids = [
            resolve(Beneficiary, ref, f"beneficiaries[{index}]").id
            for index, ref in enumerate(command.beneficiaries)
        ]
        judged = [judge(ctx.app, beneficiary_id, rules) for beneficiary_id in ids]
        today = ctx.at.date()
        refuse_not_due(
            [
                (j.beneficiary.code, j.retention.why_not_due(today))
                for j in judged
                if not j.retention.due(today)
            ]
        )
        candidates = tuple(_candidate(j) for j in judged)
        return ctx.app.commit(RetentionBatch.propose(candidates, actor=ctx.actor, at=ctx.at))

    def execute(ctx: Context, batch_id: UUID, _: ExecuteRetentionErasure) -> CommandResult:
        batch = ctx.app.load(RetentionBatch, batch_id)
        check_version(batch, ctx.expected_version)
        if batch.status is BatchStatus.EXECUTED:
            _destroy_keys_again(ctx, batch)
        batch.require_approved()
        today, reference = ctx.at.date(), batch_reference(batch.id)
        erased, left_out, changed, records = [], [], [], set()
        for candidate in batch.candidates:
            judged = judge(ctx.app, candidate.beneficiary_id, rules)
            why_not = judged.retention.why_not_due(today)
            if why_not:
                left_out.append(
                    LeftOut(candidate.beneficiary_id, candidate.beneficiary_code, why_not)
                )
                continue
            basis = ErasureBasis.RETENTION_PERIOD_ENDED
            judged.beneficiary.erase(basis, reference, actor=ctx.actor, at=ctx.at)
            for case in judged.cases:
                case.record_erasure(basis, reference, actor=ctx.actor, at=ctx.at)
            changed += [judged.beneficiary, *judged.cases]
            erased.append(candidate.beneficiary_id)
            records |= records_of(ctx.app, judged.beneficiary)
        batch.record_execution(tuple(erased), tuple(left_out), actor=ctx.actor, at=ctx.at)
        result = ctx.app.commit(batch, *changed)
        shred(ctx.app, records)
        return result

    return {ProposeRetentionErasure: propose, ExecuteRetentionErasure: execute}


def _candidate(judged: Judged) -> RetentionCandidate:
    ends_on, rule = judged.retention.ends_on, judged.retention.rule
    assert ends_on is not None
    assert rule is not None
    return RetentionCandidate(
        judged.beneficiary.id, judged.beneficiary.code, rule, ends_on, judged.closure_year
    )


def _destroy_keys_again(ctx: Context, batch: RetentionBatch) -> None:
    """An executed batch executed again: its erasures are recorded; the keys may not all
    have been destroyed (the key store was away), so destroy them, then say so."""
    records: set[UUID] = set()
    for beneficiary_id in batch.erased:
        records |= records_of(ctx.app, ctx.app.load(Beneficiary, beneficiary_id))
    shred(ctx.app, records)
    batch.refuse_executed_again()
