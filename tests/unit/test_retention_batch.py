"""A retention batch (domain/retention/batch.py): given events -> when command -> then
events or a named refusal. Four eyes: who proposed does not decide."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate

from domain.errors import InvalidInput, RuleViolated
from domain.retention.batch import LeftOut, RetentionBatch, RetentionCandidate
from domain.retention.policy import RetentionRule
from tests.unit.dsl import at, given, history, then, when

ADMIN, OTHER = "driton.hoxha", "vjosa.kelmendi"
FIRST = RetentionCandidate(
    uuid4(), "PVPT-2019-0004", RetentionRule.AFTER_CLOSURE, date(2025, 1, 1), 2019
)
SECOND = RetentionCandidate(
    uuid4(), "PVPT-2019-0007", RetentionRule.AFTER_MAJORITY, date(2026, 1, 1), 2020
)


def proposed() -> list[Aggregate.Event]:
    return history(lambda: RetentionBatch.propose((FIRST, SECOND), actor=ADMIN, at=at()))


def approved() -> list[Aggregate.Event]:
    start = proposed()
    batch = given(RetentionBatch, start)
    return [*start, *when(batch, lambda b: b.approve(None, actor=OTHER, at=at(1)))]


def test_a_batch_is_proposed_with_its_beneficiaries() -> None:
    then(proposed(), (RetentionBatch.Proposed, {"candidates": (FIRST, SECOND), "actor": ADMIN}))


def test_an_empty_batch_or_one_naming_someone_twice_is_refused() -> None:
    with pytest.raises(InvalidInput, match="must name at least one beneficiary"):
        RetentionBatch.propose((), actor=ADMIN, at=at())
    with pytest.raises(InvalidInput, match="names a beneficiary twice"):
        RetentionBatch.propose((FIRST, FIRST), actor=ADMIN, at=at())


def test_another_administrator_approves_it() -> None:
    batch = given(RetentionBatch, proposed())
    events = when(batch, lambda b: b.approve("Checked.", actor=OTHER, at=at(1)))
    then(events, (RetentionBatch.Approved, {"comment": "Checked.", "actor": OTHER}))


def test_who_proposed_may_neither_approve_nor_reject() -> None:
    batch = given(RetentionBatch, proposed())
    with pytest.raises(
        RuleViolated, match=f"{ADMIN} proposed retention batch .* cannot also approve"
    ) as refused:
        batch.approve(None, actor=ADMIN, at=at(1))
    assert refused.value.rule == "four_eyes"
    with pytest.raises(RuleViolated, match="cannot also reject"):
        batch.reject("No.", actor=ADMIN, at=at(1))


def test_a_rejection_needs_a_reason_and_ends_the_batch() -> None:
    batch = given(RetentionBatch, proposed())
    with pytest.raises(InvalidInput, match="reason"):
        batch.reject("  ", actor=OTHER, at=at(1))
    events = when(batch, lambda b: b.reject("A claim is pending.", actor=OTHER, at=at(1)))
    then(events, (RetentionBatch.Rejected, {"reason": "A claim is pending."}))
    with pytest.raises(RuleViolated, match="is rejected; only a proposed batch is decided"):
        batch.approve(None, actor=OTHER, at=at(2))
    with pytest.raises(RuleViolated, match="is rejected; only an approved batch is executed"):
        batch.record_execution((FIRST.beneficiary_id,), (), actor=OTHER, at=at(2))


def test_a_batch_not_approved_is_not_executed() -> None:
    batch = given(RetentionBatch, proposed())
    with pytest.raises(
        RuleViolated, match="is proposed; only an approved batch is executed"
    ) as refused:
        batch.record_execution(
            (FIRST.beneficiary_id, SECOND.beneficiary_id), (), actor=OTHER, at=at(1)
        )
    assert refused.value.rule == "batch_not_approved"


def test_execution_names_those_erased_and_those_left_out() -> None:
    batch = given(RetentionBatch, approved())
    left = LeftOut(SECOND.beneficiary_id, SECOND.beneficiary_code, "case PVPT-C-2019-0007 is open")
    events = when(
        batch, lambda b: b.record_execution((FIRST.beneficiary_id,), (left,), actor=ADMIN, at=at(2))
    )
    then(
        events, (RetentionBatch.Executed, {"erased": (FIRST.beneficiary_id,), "left_out": (left,)})
    )
    with pytest.raises(RuleViolated, match="is executed; only an approved batch is executed"):
        batch.record_execution((FIRST.beneficiary_id,), (left,), actor=ADMIN, at=at(3))


def test_execution_accounts_for_every_beneficiary_once() -> None:
    batch = given(RetentionBatch, approved())
    with pytest.raises(InvalidInput, match="must account for every beneficiary of the batch once"):
        batch.record_execution((FIRST.beneficiary_id,), (), actor=ADMIN, at=at(2))
