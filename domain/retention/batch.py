"""A retention batch: the personal data of beneficiaries whose retention period ended,
erased together with a second administrator's approval (four eyes, as a case's approvals
in domain/parts/case_approvals.py; docs/retention.md, ADR 37).

proposed -> approved -> executed, or proposed -> rejected (with the reason). The one who
proposed may not decide; anyone allowed may execute an approved batch. The batch names
each beneficiary by id and pseudonymous code with the rule that ended their retention and
the year of their last closure: nothing that identifies them. The services check each
beneficiary against the policy (domain/retention/policy.py) when the batch is proposed
and again when it is executed; at execution the ones no longer due are left out, with
the reason, in the same event that says which were erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from domain import checks
from domain.base import JourneyAggregate
from domain.described import Described
from domain.errors import InvalidInput, RuleViolated
from domain.retention.policy import RetentionRule

MAX_BATCH = 500
_ID = "6a1f0c2e-8b4d-4f6a-9c3e-2d7b5e1a9f40"


class BatchStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXECUTED = "executed"


@dataclass(frozen=True)
class RetentionCandidate:
    """One beneficiary of a batch, as the policy judged them when it was proposed."""

    beneficiary_id: Annotated[UUID, Described("The beneficiary.", _ID)]
    beneficiary_code: Annotated[str, Described("Their pseudonymous code.", "PVPT-2019-0004")]
    rule: Annotated[RetentionRule, Described("The rule that ended retention.", "after_closure")]
    ends_on: Annotated[date, Described("The day retention ended.", "2025-01-01")]
    closure_year: Annotated[
        int | None, Described("The year of their last case closure; null if none.", 2019)
    ]


@dataclass(frozen=True)
class LeftOut:
    """A beneficiary of the batch not erased at execution, and why (written by the system)."""

    beneficiary_id: Annotated[UUID, Described("The beneficiary.", _ID)]
    beneficiary_code: Annotated[str, Described("Their pseudonymous code.", "PVPT-2019-0004")]
    reason: Annotated[
        str, Described("Why, in the system's words.", "case PVPT-C-2019-0004 is open")
    ]


class RetentionBatch(JourneyAggregate):
    candidates: tuple[RetentionCandidate, ...]
    status: BatchStatus
    proposed_by: str
    decided_by: str | None
    erased: tuple[UUID, ...]
    left_out: tuple[LeftOut, ...]

    def __init__(self) -> None:
        self.decided_by = None
        self.erased, self.left_out = (), ()

    @property
    def label(self) -> str:
        return f"retention batch {self.id}"

    # ----------------------------------------------------------------- events

    class Proposed(JourneyAggregate.Created):
        candidates: tuple[RetentionCandidate, ...]

        def apply(self, batch: RetentionBatch) -> None:
            batch.candidates, batch.status = self.candidates, BatchStatus.PROPOSED
            batch.proposed_by = self.actor

    class Approved(JourneyAggregate.Event):
        comment: str | None

        def apply(self, batch: RetentionBatch) -> None:
            batch.status, batch.decided_by = BatchStatus.APPROVED, self.actor

    class Rejected(JourneyAggregate.Event):
        reason: str

        def apply(self, batch: RetentionBatch) -> None:
            batch.status, batch.decided_by = BatchStatus.REJECTED, self.actor

    class Executed(JourneyAggregate.Event):
        """Saved with the erasure events of every beneficiary in `erased` (one commit)."""

        erased: tuple[UUID, ...]
        left_out: tuple[LeftOut, ...]

        def apply(self, batch: RetentionBatch) -> None:
            batch.status = BatchStatus.EXECUTED
            batch.erased, batch.left_out = self.erased, self.left_out

    # --------------------------------------------------------------- commands

    @classmethod
    def propose(
        cls,
        candidates: tuple[RetentionCandidate, ...],
        *,
        actor: str,
        at: datetime,
        id: UUID | None = None,
    ) -> RetentionBatch:
        if not candidates:
            raise InvalidInput("beneficiaries", "must name at least one beneficiary")
        if len(candidates) > MAX_BATCH:
            raise InvalidInput(
                "beneficiaries", f"names {len(candidates)}; a batch holds at most {MAX_BATCH}"
            )
        ids = [c.beneficiary_id for c in candidates]
        if len(set(ids)) != len(ids):
            raise InvalidInput("beneficiaries", "names a beneficiary twice")
        batch: RetentionBatch = cls._start(cls.Proposed, actor, at, id=id, candidates=candidates)
        return batch

    def approve(self, comment: str | None, *, actor: str, at: datetime) -> None:
        self._check_decider(actor, "approve")
        comment = checks.optional_text("comment", comment)
        self._record(self.Approved, actor, at, comment=comment)

    def reject(self, reason: str, *, actor: str, at: datetime) -> None:
        self._check_decider(actor, "reject")
        reason = checks.text("reason", reason, max_length=2000)
        self._record(self.Rejected, actor, at, reason=reason)

    def _check_decider(self, actor: str, action: str) -> None:
        if self.status is not BatchStatus.PROPOSED:
            raise RuleViolated(
                f"{self.label} is {self.status.value}; only a proposed batch is decided",
                rule="batch_decided",
            )
        if actor == self.proposed_by:
            raise RuleViolated(
                f"{actor} proposed {self.label} and cannot also {action} it",
                rule="four_eyes",
            )

    def require_approved(self) -> None:
        """Refuse (rule batch_not_approved) to execute a batch not approved, or executed."""
        if self.status is not BatchStatus.APPROVED:
            raise RuleViolated(
                f"{self.label} is {self.status.value}; only an approved batch is executed",
                rule="batch_not_approved",
            )

    def record_execution(
        self, erased: tuple[UUID, ...], left_out: tuple[LeftOut, ...], *, actor: str, at: datetime
    ) -> None:
        self.require_approved()
        named = {c.beneficiary_id for c in self.candidates}
        done = set(erased) | {entry.beneficiary_id for entry in left_out}
        if done != named or len(erased) + len(left_out) != len(named):
            raise InvalidInput("erased", "must account for every beneficiary of the batch once")
        self._record(self.Executed, actor, at, erased=erased, left_out=left_out)

    def refuse_executed_again(self) -> None:
        """Refuse (rule batch_executed) to execute a batch again: the services have
        destroyed its erased beneficiaries' keys again first."""
        raise RuleViolated(
            f"{self.label} was executed already ({len(self.erased)} erased, "
            f"{len(self.left_out)} left out); the keys of those erased are destroyed",
            rule="batch_executed",
        )


def refuse_not_due(not_due: list[tuple[str, str]]) -> None:
    """Refuse (rule retention_not_ended) a proposal naming beneficiaries not due, each by
    code with why (`Retention.why_not_due`); nothing is proposed."""
    if not_due:
        raise RuleViolated(
            "not due for erasure under the retention policy: "
            + "; ".join(f"{code}: {why}" for code, why in not_due),
            rule="retention_not_ended",
        )
