"""The caseload read model, fed with real stored events (no NATS)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.vocab import ApprovalSubject, ClosureReason, RiskLevel
from projections.caseload import Caseload
from projections.catalog import point_views
from services.commands.case import Approve, AssessRisk, AssignCaseworker, Reopen, RequestApproval
from tests.support.factories import MANAGER, WORKER, case_in_service_provision, open_case, register
from tests.support.projecting import memory_engine, project, rows

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def journey() -> Iterator[Journey]:
    system = build("memory://", ScriptedClock(START))
    yield system
    system.close()


def test_an_opened_case_is_due_its_first_risk_assessment_in_three_days(journey: Journey) -> None:
    open_case(journey, register(journey))
    engine = memory_engine()
    (row,) = rows(engine, project(journey, Caseload(), engine)["caseload"])
    assert row["case_number"] == "PVPT-C-2026-0001"
    assert row["beneficiary_code"] == "PVPT-2026-0001"
    assert (row["stage"], row["caseworker"], row["risk_level"]) == ("intake", None, None)
    assert row["next_review_due"] == date(2026, 3, 5)


def test_stage_worker_and_risk_follow_the_case(journey: Journey) -> None:
    case_id = case_in_service_provision(journey, RiskLevel.HIGH)
    journey.bus.execute(case_id, AssignCaseworker(caseworker="era.pvpt"), actor=MANAGER)
    engine = memory_engine()
    (row,) = rows(engine, project(journey, Caseload(), engine)["caseload"])
    assert (row["stage"], row["caseworker"], row["risk_level"]) == (
        "service_provision",
        "era.pvpt",
        "high",
    )
    assert row["next_review_due"] == row["risk_assessed_on"] + timedelta(days=7)


def test_the_view_shows_open_cases_and_totals_per_worker(journey: Journey) -> None:
    closed = case_in_service_provision(journey)
    for subject, reason in ((ApprovalSubject.CLOSURE, ClosureReason.REINTEGRATED),):
        journey.bus.execute(
            closed, RequestApproval(subject=subject, closure_reason=reason), actor=WORKER
        )
        journey.bus.execute(closed, Approve(subject=subject), actor=MANAGER)
    case_in_service_provision(journey)
    open_case(journey, register(journey))
    engine = memory_engine()
    tables = project(journey, Caseload(), engine)
    with engine.begin() as conn:
        point_views(conn, Caseload(), tables)
        open_numbers = conn.execute(text("SELECT case_number FROM caseload")).scalars().all()
        totals = conn.execute(text("SELECT * FROM caseload_by_worker ORDER BY caseworker"))
        by_worker = [dict(r) for r in totals.mappings()]
    assert sorted(open_numbers) == ["PVPT-C-2026-0002", "PVPT-C-2026-0003"]
    assert [
        (r["caseworker"], r["open_cases"], r["service_provision"], r["intake"]) for r in by_worker
    ] == [("(unassigned)", 1, 0, 1), (WORKER, 1, 1, 0)]
    assert by_worker[1]["caseload_band"] == "<10"


def test_a_reopened_case_is_open_again(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    journey.bus.execute(
        case_id,
        RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=ClosureReason.LOST_CONTACT),
        actor=WORKER,
    )
    journey.bus.execute(case_id, Approve(subject=ApprovalSubject.CLOSURE), actor=MANAGER)
    journey.bus.execute(case_id, Reopen(reason="found again"), actor=WORKER)
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.LOW), actor=WORKER)
    engine = memory_engine()
    (row,) = rows(engine, project(journey, Caseload(), engine)["caseload"])
    assert (row["stage"], row["risk_level"]) == ("service_provision", "low")


def test_batch_boundaries_do_not_change_the_result(journey: Journey) -> None:
    for _ in range(5):
        case_in_service_provision(journey)
    one, many = memory_engine(), memory_engine()
    assert rows(one, project(journey, Caseload(), one, batch=1)["caseload"], "case_id") == rows(
        many, project(journey, Caseload(), many, batch=500)["caseload"], "case_id"
    )
