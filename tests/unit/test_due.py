"""The due read model, fed with real stored events (no NATS)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Engine, text

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from domain.vocab import (
    ApprovalSubject,
    ClosureReason,
    ConsentGiver,
    ConsentKind,
    FollowUpStatus,
    NoteCategory,
    RiskLevel,
    SupportPlanType,
)
from projections.catalog import point_views
from projections.due import Due
from services.commands.beneficiary import GiveConsent
from services.commands.case import (
    AddNote,
    Approve,
    AssessRisk,
    AssignCaseworker,
    Reopen,
    RequestApproval,
)
from services.commands.plan import (
    AchieveGoal,
    AddGoal,
    CompletePlan,
    DraftPlan,
    RecordFollowUp,
    ReviewPlan,
)
from tests.support.factories import (
    MANAGER,
    WORKER,
    case_in_service_provision,
    open_case,
    register,
    today_in_prishtina,
)
from tests.support.projecting import memory_engine, project

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


@pytest.fixture
def journey(clock: ScriptedClock) -> Iterator[Journey]:
    system = build("memory://", clock)
    yield system
    system.close()


def due_rows(journey: Journey, model: Due | None = None) -> list[dict[str, Any]]:
    engine = memory_engine()
    return read_due(engine, model or Due(), journey)


def read_due(engine: Engine, model: Due, journey: Journey) -> list[dict[str, Any]]:
    tables = project(journey, model, engine)
    with engine.begin() as conn:
        point_views(conn, model, tables)
        found = conn.execute(text("SELECT * FROM due ORDER BY case_number, kind, due_on"))
        return [dict(row) for row in found.mappings()]


def kinds(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(row["kind"] for row in rows)


def test_an_opened_case_owes_its_first_risk_assessment_and_contact(journey: Journey) -> None:
    open_case(journey, register(journey))
    contact, risk = due_rows(journey)
    assert (risk["kind"], risk["due_on"]) == ("risk_reassessment", "2026-03-05")
    assert (risk["case_number"], risk["beneficiary_code"]) == ("PVPT-C-2026-0001", "PVPT-2026-0001")
    assert risk["source"] == "first risk assessment"
    assert (risk["overdue"], risk["worker"]) == (1, None)
    assert (contact["kind"], contact["anchor_on"], contact["due_on"]) == (
        "no_contact",
        "2026-03-02",
        "2026-04-01",
    )


def test_the_no_contact_interval_is_read_when_the_view_is_made(journey: Journey) -> None:
    open_case(journey, register(journey))
    rows = due_rows(journey, Due(no_contact_days=10))
    (contact,) = [row for row in rows if row["kind"] == "no_contact"]
    assert contact["due_on"] == "2026-03-12"
    assert contact["source"] == "contact every 10 days"


def test_risk_reassessment_follows_the_level_and_a_note_is_contact(
    journey: Journey, clock: ScriptedClock
) -> None:
    clock.set(datetime.now(UTC))
    today = today_in_prishtina()
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.HIGH, assessed_on=today), actor=WORKER)
    journey.bus.execute(
        case_id, AddNote(category=NoteCategory.GENERAL, text="Called"), actor=WORKER
    )
    rows = {row["kind"]: row for row in due_rows(journey)}
    risk = rows["risk_reassessment"]
    assert (risk["due_on"], risk["anchor_on"]) == (
        (today + timedelta(days=7)).isoformat(),
        today.isoformat(),
    )
    assert (risk["overdue"], risk["days_overdue"], risk["source"]) == (
        0,
        0,
        "risk assessment (high)",
    )
    assert rows["no_contact"]["anchor_on"] == today.isoformat()


def test_the_worker_follows_reassignment(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    journey.bus.execute(case_id, AssignCaseworker(caseworker="era.pvpt"), actor=MANAGER)
    assert {row["worker"] for row in due_rows(journey)} == {"era.pvpt"}


def close(journey: Journey, case_id: UUID) -> None:
    subject, reason = ApprovalSubject.CLOSURE, ClosureReason.REINTEGRATED
    journey.bus.execute(
        case_id, RequestApproval(subject=subject, closure_reason=reason), actor=WORKER
    )
    journey.bus.execute(case_id, Approve(subject=subject), actor=MANAGER)


def test_a_closed_case_drops_its_items_and_reopened_gets_them_back(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    close(journey, case_id)
    assert due_rows(journey) == []
    journey.bus.execute(case_id, Reopen(reason="Back in touch"), actor=MANAGER)
    assert kinds(due_rows(journey)) == ["no_contact", "risk_reassessment"]


def completed_plan(journey: Journey, case_id: UUID, completed_on: date) -> UUID:
    plan_id = journey.bus.execute(None, DraftPlan(case_id=case_id), actor=WORKER).id
    far = date(2027, 12, 31)
    goal = AddGoal(type=SupportPlanType.LIVELIHOOD, description="Find work", target_date=far)
    journey.bus.execute(plan_id, goal, actor=WORKER)
    journey.bus.execute(plan_id, AchieveGoal(number=1), actor=WORKER)
    journey.bus.execute(plan_id, CompletePlan(completed_on=completed_on), actor=WORKER)
    return plan_id


def test_follow_ups_fall_due_in_their_windows_and_leave_once_visited(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    plan_id = completed_plan(journey, case_id, date(2026, 3, 2))
    visit = RecordFollowUp(month=3, status=FollowUpStatus.SUSTAINED, visited_on=date(2026, 6, 1))
    clock.set(datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    journey.bus.execute(plan_id, visit, actor=WORKER)
    rows = {row["kind"]: row for row in due_rows(journey)}
    assert "follow_up_3" not in rows
    six = rows["follow_up_6"]
    assert (six["due_on"], six["window_from"], six["window_to"]) == (
        "2026-09-02",
        "2026-08-02",
        "2026-10-02",
    )
    assert (six["overdue"], six["source"]) == (1, "plan completed 2026-03-02")
    assert rows["no_contact"]["anchor_on"] == "2026-06-01"


def test_a_plan_review_is_due_on_the_day_set_and_met_by_the_next(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    plan_id = journey.bus.execute(None, DraftPlan(case_id=case_id), actor=WORKER).id
    review = ReviewPlan(summary="On track", next_review_on=date(2026, 4, 1))
    journey.bus.execute(plan_id, review, actor=WORKER)
    (row,) = [r for r in due_rows(journey) if r["kind"] == "reintegration_plan_review"]
    assert (row["due_on"], row["source"]) == ("2026-04-01", "review of 2026-03-02")
    journey.bus.execute(plan_id, ReviewPlan(summary="Done", next_review_on=None), actor=WORKER)
    assert "reintegration_plan_review" not in kinds(due_rows(journey))


def test_the_per_worker_view_counts_overdue_and_due_soon(
    journey: Journey, clock: ScriptedClock
) -> None:
    case_id = case_in_service_provision(journey)
    open_case(journey, register(journey))  # unassigned: nothing since 2026-03-02
    clock.set(datetime.now(UTC))
    today = today_in_prishtina()
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.HIGH, assessed_on=today), actor=WORKER)
    engine, model = memory_engine(), Due()
    read_due(engine, model, journey)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT * FROM due_by_worker ORDER BY worker"))
        by_worker = [dict(row) for row in found.mappings()]
    assert by_worker == [
        {"worker": "(unassigned)", "open_items": 2, "overdue": 2, "due_soon": 0},
        {"worker": WORKER, "open_items": 2, "overdue": 0, "due_soon": 1},
    ]


def test_consent_given_without_renewal_owes_nothing(journey: Journey) -> None:
    beneficiary_id = register(journey)
    consent = GiveConsent(kind=ConsentKind.SERVICES, given_by=ConsentGiver.BENEFICIARY)
    journey.bus.execute(beneficiary_id, consent, actor=WORKER)
    open_case(journey, beneficiary_id)
    assert "guardian_consent_renewal" not in kinds(due_rows(journey))


def test_a_rebuild_gives_the_same_rows_whatever_the_batch_size(journey: Journey) -> None:
    case_id = case_in_service_provision(journey)
    completed_plan(journey, case_id, date(2026, 3, 2))
    close(journey, case_id)
    open_case(journey, register(journey))
    built = []
    for batch in (1, 7, 500):
        engine = memory_engine()
        tables = project(journey, Due(), engine, batch=batch)
        with engine.connect() as conn:
            built.append(
                {
                    view: sorted(map(repr, conn.execute(table.select()).all()))
                    for view, table in tables.items()
                }
            )
    assert built[0] == built[1] == built[2]
    assert len(built[0]["due_items"]) == 5  # 2 risk reassessments, 3 follow-ups
