"""Retention through the application, on SQLite and PostgreSQL (docs/retention.md): cases
closed in 2019, a batch proposed, approved by another administrator and executed years
later; what is due, what the report says, and what a failure leaves behind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Engine, select

from adapters.privacy.keyring import data_keys
from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.beneficiary import Beneficiary
from domain.case_values import IncomingReferral
from domain.errors import InvalidInput, RuleViolated
from domain.justice_vocab import ProceedingsOutcome, ProceedingsRole, ProceedingsStage
from domain.retention.batch import BatchStatus, RetentionBatch
from domain.retention.policy import RetentionRules
from domain.values import ERASED_PERSON, PersonalData
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ErasureBasis,
    Gender,
    IncomingReferralReason,
    OrganisationType,
    TraffickingScope,
)
from projections.due.query import DueQuery, due_rows
from projections.retention import query as report_query
from services.commands.beneficiary import ErasePersonalData, RegisterBeneficiary
from services.commands.case import Approve, OpenCase, Reopen, RequestApproval
from services.commands.justice import AdvanceStage, OpenProceedings, RecordOutcome
from services.commands.retention import (
    ApproveRetentionErasure,
    ExecuteRetentionErasure,
    ProposeRetentionErasure,
)
from tests.support.factories import MANAGER, WORKER
from tests.support.http import catch_up

ADMIN, OTHER = "driton.hoxha", "vjosa.kelmendi"
RULES = RetentionRules()


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(datetime(2019, 3, 4, 9, 0, tzinfo=UTC))


def closed_in_2019(journey: Journey, clock: ScriptedClock, age: int = 30) -> tuple[UUID, UUID]:
    """A beneficiary registered and their case opened and closed in 2019."""
    run = journey.bus.execute
    personal = PersonalData("Mirlinda", "Gashi", date(2019 - age, 2, 1))
    beneficiary_id = run(
        None,
        RegisterBeneficiary(
            personal=personal,
            gender=Gender.FEMININE,
            age_at_identification=age,
            citizenships=("XK",),
            languages=("sq",),
            scope=TraffickingScope.DOMESTIC,
        ),
        actor=WORKER,
    ).id
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        clock().date(),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
    )
    case_id = run(None, OpenCase(beneficiary_id=beneficiary_id, referral=referral), actor=WORKER).id
    clock.advance(days=30)
    ask = RequestApproval(
        subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.DECLINED_SERVICES
    )
    run(case_id, ask, actor=WORKER)
    run(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)
    return beneficiary_id, case_id


def code(journey: Journey, beneficiary_id: UUID) -> str:
    return journey.app.load(Beneficiary, beneficiary_id).code


def approved_batch(journey: Journey, *codes: str) -> UUID:
    batch_id = journey.bus.execute(
        None, ProposeRetentionErasure(beneficiaries=codes), actor=ADMIN
    ).id
    journey.bus.execute(batch_id, ApproveRetentionErasure(comment="Checked."), actor=OTHER)
    return batch_id


def retention_items(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = due_rows(conn, DueQuery(kind="retention_end"), 30, RULES)
    return {row["beneficiary_code"]: row for row in rows}


def test_a_batch_erases_those_still_due_and_names_those_left_out(
    journey: Journey, clock: ScriptedClock, engine: Engine
) -> None:
    adult, _ = closed_in_2019(journey, clock)
    child, _ = closed_in_2019(journey, clock, age=14)  # 18 by 2023: kept to 2029
    comes_back, its_case = closed_in_2019(journey, clock)
    codes = {b: code(journey, b) for b in (adult, child, comes_back)}
    clock.advance(days=365 * 7 + 200)  # late 2026
    catch_up(journey, engine, "due")
    items = retention_items(engine)
    assert set(items) == {codes[adult], codes[comes_back]}  # the child's ends in 2029
    assert items[codes[adult]]["due_on"] in (date(2025, 1, 1), "2025-01-01")
    assert items[codes[adult]]["source"] == "retention after_closure"

    with pytest.raises(RuleViolated) as refused:
        journey.bus.execute(
            None, ProposeRetentionErasure(beneficiaries=(codes[adult], codes[child])), actor=ADMIN
        )
    assert refused.value.rule == "retention_not_ended"
    assert str(refused.value) == (
        "not due for erasure under the retention policy: "
        f"{codes[child]}: retention ends on 2029-01-01 (after_majority)"
    )

    batch_id = journey.bus.execute(
        None, ProposeRetentionErasure(beneficiaries=(codes[adult], codes[comes_back])), actor=ADMIN
    ).id
    with pytest.raises(RuleViolated) as four_eyes:
        journey.bus.execute(batch_id, ApproveRetentionErasure(), actor=ADMIN)
    assert four_eyes.value.rule == "four_eyes"
    journey.bus.execute(batch_id, ApproveRetentionErasure(), actor=OTHER)
    journey.bus.execute(its_case, Reopen(reason="She came back."), actor=MANAGER)

    journey.bus.execute(batch_id, ExecuteRetentionErasure(), actor=ADMIN)

    batch = journey.app.load(RetentionBatch, batch_id)
    assert batch.status is BatchStatus.EXECUTED
    assert batch.erased == (adult,)
    case_number = journey.queries.case(its_case).case_number
    assert [(e.beneficiary_code, e.reason) for e in batch.left_out] == [
        (codes[comes_back], f"case {case_number} is open")
    ]
    erased = journey.app.load(Beneficiary, adult)
    assert erased.erasure_basis is ErasureBasis.RETENTION_PERIOD_ENDED
    assert erased.personal == ERASED_PERSON
    assert (erased.gender, erased.age_at_identification) == (Gender.FEMININE, 30)  # statistics
    assert not journey.app.load(Beneficiary, comes_back).erased

    catch_up(journey, engine, "due", "retention")
    assert retention_items(engine) == {}
    with engine.connect() as conn:
        report = report_query.report(conn)
    [row] = report["batches"]
    assert (row["proposed_by"], row["decided_by"], row["executed_by"]) == (ADMIN, OTHER, ADMIN)
    assert (row["beneficiaries"], row["erased"], row["left_out"]) == (2, 1, 1)
    assert report["by_closure_year"] == [{"closure_year": 2019, "erased": 1}]
    assert report["by_rule"] == [{"rule": "after_closure", "erased": 1}]
    assert "Mirlinda" not in str(report)
    assert codes[adult] not in str(report)


def test_an_erasure_one_by_one_may_not_claim_the_retention_basis(
    journey: Journey, clock: ScriptedClock
) -> None:
    adult, _ = closed_in_2019(journey, clock)
    clock.advance(days=365 * 7)
    command = ErasePersonalData(ErasureBasis.RETENTION_PERIOD_ENDED, "DPO-2026-1")
    with pytest.raises(InvalidInput, match="retention_period_ended is given by a retention batch"):
        journey.bus.execute(adult, command, actor=MANAGER)


def _keys(journey: Journey) -> set[str]:
    mapper: Any = journey.app.mapper
    with mapper.keyring.engine.connect() as conn:
        rows = conn.execute(select(data_keys.c.record_id, data_keys.c.wrapped))
        return {str(r.record_id) for r in rows if r.wrapped is not None}


def test_a_failure_while_saving_erases_nobody_and_the_batch_stays_approved(
    journey: Journey, clock: ScriptedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = closed_in_2019(journey, clock)
    second, _ = closed_in_2019(journey, clock)
    clock.advance(days=365 * 7)
    batch_id = approved_batch(journey, code(journey, first), code(journey, second))
    keys = _keys(journey)
    saving: Callable[..., Any] = journey.app.commit

    def store_away(*_: Any) -> Any:
        raise ConnectionError("the store went away")

    monkeypatch.setattr(journey.app, "commit", store_away)
    with pytest.raises(ConnectionError):
        journey.bus.execute(batch_id, ExecuteRetentionErasure(), actor=ADMIN)
    monkeypatch.setattr(journey.app, "commit", saving)
    assert journey.app.load(RetentionBatch, batch_id).status is BatchStatus.APPROVED
    assert not journey.app.load(Beneficiary, first).erased
    assert not journey.app.load(Beneficiary, second).erased
    assert _keys(journey) == keys

    journey.bus.execute(batch_id, ExecuteRetentionErasure(), actor=ADMIN)  # run again
    assert journey.app.load(RetentionBatch, batch_id).erased == (first, second)


class _KeyStoreAway:
    def destroy(self, _: Any) -> None:
        raise ConnectionError("the key database went away")


def test_a_failure_destroying_keys_is_finished_by_running_it_again(
    journey: Journey, clock: ScriptedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = closed_in_2019(journey, clock)
    clock.advance(days=365 * 7)
    batch_id = approved_batch(journey, code(journey, first))
    monkeypatch.setattr(journey.app, "shredder", _KeyStoreAway())
    with pytest.raises(ConnectionError):
        journey.bus.execute(batch_id, ExecuteRetentionErasure(), actor=ADMIN)
    monkeypatch.undo()
    assert journey.app.load(Beneficiary, first).erased  # recorded, with the batch ...
    assert journey.app.load(RetentionBatch, batch_id).status is BatchStatus.EXECUTED
    assert str(first) in _keys(journey)  # ... but the key still there
    with pytest.raises(RuleViolated) as again:
        journey.bus.execute(batch_id, ExecuteRetentionErasure(), actor=ADMIN)
    assert again.value.rule == "batch_executed"
    assert str(again.value).endswith(
        "1 erased, 0 left out); the keys of those erased are destroyed"
    )
    assert str(first) not in _keys(journey)


def test_undecided_proceedings_hold_the_data_and_their_outcome_counts(
    journey: Journey, clock: ScriptedClock, engine: Engine
) -> None:
    run = journey.bus.execute
    beneficiary_id = run(
        None,
        RegisterBeneficiary(
            personal=PersonalData("Besa", "Kryeziu", date(1990, 2, 1)),
            gender=Gender.FEMININE,
            age_at_identification=29,
            citizenships=("XK",),
            languages=("sq",),
            scope=TraffickingScope.DOMESTIC,
        ),
        actor=WORKER,
    ).id
    referral = IncomingReferral(
        "Kosovo Police",
        OrganisationType.LAW_ENFORCEMENT,
        clock().date(),
        IncomingReferralReason.ADDITIONAL_SERVICES_REQUIRED,
    )
    case_id = run(None, OpenCase(beneficiary_id=beneficiary_id, referral=referral), actor=WORKER).id
    opened = OpenProceedings(
        case_id=case_id, role=ProceedingsRole.INJURED_PARTY, stage=ProceedingsStage.TRIAL
    )
    proceedings = run(None, opened, actor=MANAGER).id
    ask = RequestApproval(
        subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.REINTEGRATED
    )
    run(case_id, ask, actor=WORKER)
    run(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)
    code_ = code(journey, beneficiary_id)
    number = journey.queries.case(case_id).case_number
    clock.advance(days=365 * 7 + 200)
    catch_up(journey, engine, "due")
    assert code_ not in retention_items(engine)
    with pytest.raises(RuleViolated, match=f"{code_}: criminal proceedings of case {number} have"):
        run(None, ProposeRetentionErasure(beneficiaries=(code_,)), actor=ADMIN)

    run(
        proceedings,
        AdvanceStage(stage=ProceedingsStage.VERDICT, stage_on=date(2020, 2, 3)),
        actor=MANAGER,
    )
    outcome = RecordOutcome(outcome=ProceedingsOutcome.CONVICTION, decided_on=date(2020, 3, 2))
    run(proceedings, outcome, actor=MANAGER)
    catch_up(journey, engine, "due")
    item = retention_items(engine)[code_]  # decided in 2020: ended on 1 January 2026
    assert item["due_on"] in (date(2026, 1, 1), "2026-01-01")
    assert item["anchor_on"] in (date(2020, 3, 2), "2020-03-02")
    batch = run(None, ProposeRetentionErasure(beneficiaries=(code_,)), actor=ADMIN).id
    [candidate] = journey.app.load(RetentionBatch, batch).candidates
    assert (candidate.ends_on, candidate.closure_year) == (date(2026, 1, 1), 2019)
