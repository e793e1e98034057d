"""Commands of retention (issue 17, section 5; docs/retention.md): an administrator
proposes a batch of beneficiaries whose retention period ended, a different
administrator approves it (or rejects it with the reason), then the batch is executed:
each beneficiary's personal data is erased, on the legal basis `retention_period_ended`.
Their workflows (services/retention_workflows.py) check each beneficiary against the
policy when the batch is proposed and again when it is executed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

import msgspec

from domain.retention.batch import MAX_BATCH, RetentionBatch
from services.commands import Command, RecordCommand, free_text


class ProposeRetentionErasure(Command, frozen=True):
    """Propose erasing the personal data of beneficiaries whose retention period ended
    (`GET /api/v1/retention/due`, `journey retention due`). Each is checked against the
    retention policy now: the whole proposal is refused, naming each beneficiary that is
    not due and why (a case open, criminal proceedings without outcome, the day retention
    ends), so that nothing is proposed by mistake. Another administrator decides it."""

    beneficiaries: Annotated[
        tuple[str, ...],
        msgspec.Meta(
            description=f"The beneficiaries, by code or id (1 to {MAX_BATCH}, each once).",
            examples=[["PVPT-2019-0004", "PVPT-2020-0011"]],
        ),
    ]


class ApproveRetentionErasure(RecordCommand, frozen=True):
    """Approve a proposed batch: only an administrator other than the one who proposed it
    (four eyes). Nothing is erased until the batch is executed."""

    target: ClassVar[type[RetentionBatch]] = RetentionBatch
    comment: (
        Annotated[str, free_text("A comment", "Checked against the paper files.", optional=True)]
        | None
    ) = None

    def run(self, record: RetentionBatch, actor: str, at: datetime) -> None:
        record.approve(self.comment, actor=actor, at=at)


class RejectRetentionErasure(RecordCommand, frozen=True):
    """Reject a proposed batch, with the reason: only an administrator other than the one
    who proposed it. Nothing is erased; a new batch may be proposed."""

    target: ClassVar[type[RetentionBatch]] = RetentionBatch
    reason: Annotated[
        str, free_text("Why", "Two of them have a civil claim pending; propose without them.")
    ]

    def run(self, record: RetentionBatch, actor: str, at: datetime) -> None:
        record.reject(self.reason, actor=actor, at=at)


class ExecuteRetentionErasure(Command, frozen=True):
    """Execute an approved batch: each beneficiary is checked against the policy again;
    those still due are erased (legal basis `retention_period_ended`, reference
    `retention-batch/<id>`), all in one transaction with the batch's record of what was
    erased and which were left out and why (a case reopened since, say). If saving fails,
    nothing is erased and the batch stays approved; if destroying the keys fails after
    saving, run it again: it destroys them and answers that the batch was executed."""
