"""ReintegrationPlan: goals, reviews, completion or discontinuation, follow-ups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from domain.errors import (
    DateInFuture,
    DateOutsideWindow,
    DateTooEarly,
    DomainError,
    InvalidInput,
    RuleViolated,
)
from domain.plan import ReintegrationPlan
from domain.values import FollowUp, Goal
from domain.vocab import FollowUpStatus, GoalStatus, PlanStatus, SupportPlanType
from tests.unit.dsl import T0, at, given, history, then, when

Plan = ReintegrationPlan
Command = Callable[[Plan], object]
Events = list[Aggregate.Event]

CASE_ID = UUID("6f1c2d3e-0000-4000-8000-000000000003")
PLAN_ID = UUID("6f1c2d3e-0000-4000-8000-0000000000aa")
CASE_NUMBER = "PVPT-C-2026-0003"
LABEL = f"reintegration plan of case {CASE_NUMBER}"
WORKER = "arta.krasniqi"
TODAY = T0.date()


# ------------------------------------------------------------------ commands


def drafted() -> Plan:
    return Plan.draft(CASE_ID, CASE_NUMBER, plan_id=PLAN_ID, actor=WORKER, at=at())


def add_goal(
    day: float = 0,
    goal_type: SupportPlanType = SupportPlanType.EDUCATION,
    description: str = "Enrol in secondary school",
    target_in_days: int = 90,
) -> Command:
    target = (at(day) + timedelta(days=target_in_days)).date()
    return lambda p: p.add_goal(goal_type, description, target, actor=WORKER, at=at(day))


def progress(number: int, day: float = 0, note: str = "Attended first week") -> Command:
    return lambda p: p.record_progress(number, note, actor=WORKER, at=at(day))


def achieve(number: int, day: float = 0) -> Command:
    return lambda p: p.achieve_goal(number, actor=WORKER, at=at(day))


def abandon(number: int, day: float = 0, reason: str = "Moved abroad") -> Command:
    return lambda p: p.abandon_goal(number, reason, actor=WORKER, at=at(day))


def review(day: float = 0, summary: str = "On track", next_on: date | None = None) -> Command:
    return lambda p: p.review(summary, next_on, actor=WORKER, at=at(day))


def complete(day: float = 0, on: date | None = None) -> Command:
    return lambda p: p.complete(on, actor=WORKER, at=at(day))


def discontinue(day: float = 0, reason: str = "Lost contact") -> Command:
    return lambda p: p.discontinue(reason, actor=WORKER, at=at(day))


def follow_up(
    month: int,
    day: float,
    status: FollowUpStatus = FollowUpStatus.SUSTAINED,
    visited: date | None = None,
) -> Command:
    return lambda p: p.record_follow_up(month, status, visited, actor=WORKER, at=at(day))


# ------------------------------------------------------------------ histories


def with_goals(count: int = 1) -> Events:
    return history(drafted, *(add_goal() for _ in range(count)))


def completed_on_day(day: int) -> Events:
    return history(drafted, add_goal(), achieve(1, day), complete(day))


def completed() -> Events:
    return completed_on_day(10)


def discontinued() -> Events:
    return history(drafted, add_goal(), discontinue(10))


CLOSED = pytest.mark.parametrize("closed", [completed, discontinued], ids=["completed", "disc"])


# -------------------------------------------------------------------- refusals


def refused_by_rule(plan: Plan, command: Command, rule: str) -> RuleViolated:
    with pytest.raises(RuleViolated) as caught:
        command(plan)
    assert type(caught.value) is RuleViolated
    assert caught.value.rule == rule
    assert LABEL in caught.value.message
    assert not plan.collect_events()
    return caught.value


def refused_input(plan: Plan, command: Command, field: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        command(plan)
    assert caught.value.field == field
    assert caught.value.message.startswith(f"{field}: ")
    assert not plan.collect_events()
    return caught.value


# ----------------------------------------------------------------------- draft


def test_draft_records_drafted_and_starts_active() -> None:
    events = history(drafted)
    then(
        events,
        (
            Plan.Drafted,
            {
                "originator_id": PLAN_ID,
                "case_id": CASE_ID,
                "case_number": CASE_NUMBER,
                "actor": WORKER,
                "timestamp": T0,
            },
        ),
    )
    replayed = given(Plan, events)
    assert replayed.status is PlanStatus.ACTIVE
    assert replayed.label == LABEL
    assert (replayed.goals_total, replayed.reviews_count, replayed.follow_ups) == (0, 0, {})


def test_draft_without_plan_id_makes_a_fresh_one() -> None:
    first = Plan.draft(CASE_ID, CASE_NUMBER, actor=WORKER, at=at())
    second = Plan.draft(CASE_ID, CASE_NUMBER, actor=WORKER, at=at())
    assert isinstance(first.id, UUID)
    assert first.id != second.id


def test_draft_refuses_a_malformed_case_number() -> None:
    with pytest.raises(InvalidInput) as caught:
        Plan.draft(CASE_ID, "C-3", actor=WORKER, at=at())
    assert caught.value.field == "case_number"


@pytest.mark.parametrize(
    ("actor", "moment", "field"),
    [(" ", at(), "actor"), (WORKER, datetime(2026, 3, 2, 9, 0), "at")],
)
def test_draft_refuses_missing_actor_or_time_zone(actor: str, moment: datetime, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Plan.draft(CASE_ID, CASE_NUMBER, actor=actor, at=moment)
    assert caught.value.field == field


def test_a_clock_a_little_behind_the_last_change_is_accepted() -> None:
    """Order is the version's, not the timestamp's (servers' clocks may differ)."""
    plan = given(Plan, history(drafted, add_goal(day=5)))
    events = when(plan, progress(1, day=4))
    assert [e.originator_version for e in events] == [plan.version]


# -------------------------------------------------------------------- add_goal


def test_add_goal_numbers_goals_from_one() -> None:
    plan = given(Plan, with_goals(1))
    events = when(plan, add_goal(1, SupportPlanType.LIVELIHOOD, "  Find a job  ", 0))
    then(
        events,
        (
            Plan.GoalAdded,
            {
                "number": 2,
                "type": SupportPlanType.LIVELIHOOD,
                "description": "Find a job",
                "target_date": at(1).date(),
            },
        ),
    )
    assert plan.goals[2] == Goal(2, SupportPlanType.LIVELIHOOD, "Find a job", at(1).date())
    assert (plan.goals_total, plan.goals_open) == (2, 2)


def test_add_goal_returns_the_number() -> None:
    plan = given(Plan, with_goals(2))
    assert add_goal()(plan) == 3


def test_add_goal_refuses_a_target_date_in_the_past() -> None:
    plan = given(Plan, with_goals(0))
    error = refused_input(plan, add_goal(target_in_days=-1), "target_date")
    assert (TODAY - timedelta(days=1)).isoformat() in error.message


def test_add_goal_refuses_a_blank_description() -> None:
    plan = given(Plan, with_goals(0))
    refused_input(plan, add_goal(description="  "), "description")


@CLOSED
def test_add_goal_refused_on_a_closed_plan(closed: Callable[[], Events]) -> None:
    plan = given(Plan, closed())
    error = refused_by_rule(plan, add_goal(day=20), "plan_closed")
    assert f"is {plan.status.value}" in error.message


# ------------------------------------------------------------- record_progress


def test_record_progress_appends_notes_to_the_goal() -> None:
    plan = given(Plan, history(drafted, add_goal(), progress(1, 1, "Enrolled")))
    events = when(plan, progress(1, 2, "  Passed exams "))
    then(events, (Plan.GoalProgressRecorded, {"number": 1, "note": "Passed exams"}))
    assert plan.goals[1].progress == ("Enrolled", "Passed exams")
    assert plan.goals[1].status is GoalStatus.OPEN


def test_record_progress_refuses_an_unknown_goal() -> None:
    plan = given(Plan, with_goals(1))
    error = refused_by_rule(plan, progress(2), "no_such_goal")
    assert "goal 2" in error.message


@pytest.mark.parametrize("settle", [achieve, abandon])
def test_record_progress_refuses_a_settled_goal(settle: Callable[[int], Command]) -> None:
    plan = given(Plan, history(drafted, add_goal(), settle(1)))
    refused_by_rule(plan, progress(1), "goal_settled")


def test_record_progress_refuses_a_blank_note() -> None:
    plan = given(Plan, with_goals(1))
    refused_input(plan, progress(1, note=""), "note")


@CLOSED
def test_record_progress_refused_on_a_closed_plan(closed: Callable[[], Events]) -> None:
    plan = given(Plan, closed())
    refused_by_rule(plan, progress(1, day=20), "plan_closed")


# ----------------------------------------------------------------- achieve_goal


def test_achieve_goal_settles_it() -> None:
    plan = given(Plan, with_goals(2))
    then(when(plan, achieve(2, 3)), (Plan.GoalAchieved, {"number": 2, "actor": WORKER}))
    assert plan.goals[2].status is GoalStatus.ACHIEVED
    assert (plan.goals_open, plan.goals_achieved, plan.goals_abandoned) == (1, 1, 0)


def test_achieve_goal_refuses_an_unknown_goal() -> None:
    plan = given(Plan, with_goals(0))
    refused_by_rule(plan, achieve(1), "no_such_goal")


@pytest.mark.parametrize(("settle", "status"), [(achieve, "achieved"), (abandon, "abandoned")])
def test_achieve_goal_refuses_a_settled_goal(settle: Callable[[int], Command], status: str) -> None:
    plan = given(Plan, history(drafted, add_goal(), settle(1)))
    error = refused_by_rule(plan, achieve(1), "goal_settled")
    assert f"goal 1 of {LABEL} is already {status}" in error.message


@CLOSED
def test_achieve_goal_refused_on_a_closed_plan(closed: Callable[[], Events]) -> None:
    plan = given(Plan, closed())
    refused_by_rule(plan, achieve(1, day=20), "plan_closed")


# ----------------------------------------------------------------- abandon_goal


def test_abandon_goal_records_the_reason() -> None:
    plan = given(Plan, with_goals(1))
    then(
        when(plan, abandon(1, 2, " No longer wanted ")),
        (Plan.GoalAbandoned, {"number": 1, "reason": "No longer wanted"}),
    )
    assert plan.goals[1].status is GoalStatus.ABANDONED
    assert (plan.goals_open, plan.goals_achieved, plan.goals_abandoned) == (0, 0, 1)


def test_abandon_goal_refuses_an_unknown_goal() -> None:
    plan = given(Plan, with_goals(1))
    refused_by_rule(plan, abandon(7), "no_such_goal")


@pytest.mark.parametrize("settle", [achieve, abandon])
def test_abandon_goal_refuses_a_settled_goal(settle: Callable[[int], Command]) -> None:
    plan = given(Plan, history(drafted, add_goal(), settle(1)))
    refused_by_rule(plan, abandon(1), "goal_settled")


def test_abandon_goal_refuses_a_blank_reason() -> None:
    plan = given(Plan, with_goals(1))
    refused_input(plan, abandon(1, reason=" "), "reason")


@CLOSED
def test_abandon_goal_refused_on_a_closed_plan(closed: Callable[[], Events]) -> None:
    plan = given(Plan, closed())
    refused_by_rule(plan, abandon(1, day=20), "plan_closed")


# ----------------------------------------------------------------------- review


def test_review_counts_and_schedules_the_next_one() -> None:
    next_on = TODAY + timedelta(days=30)
    plan = given(Plan, history(drafted, review(1, next_on=next_on)))
    events = when(plan, review(2, " Good progress ", next_on + timedelta(days=1)))
    then(
        events,
        (Plan.Reviewed, {"summary": "Good progress", "next_review_on": next_on + timedelta(1)}),
    )
    assert (plan.reviews_count, plan.next_review_on) == (2, next_on + timedelta(days=1))
    assert plan.last_reviewed_on == at(2).date()


def test_review_without_a_next_date_clears_it() -> None:
    plan = given(Plan, history(drafted, review(1, next_on=TODAY + timedelta(days=30))))
    then(when(plan, review(2)), (Plan.Reviewed, {"next_review_on": None}))
    assert plan.next_review_on is None


def test_review_refuses_a_next_date_in_the_past() -> None:
    plan = given(Plan, with_goals(0))
    refused_input(plan, review(1, next_on=TODAY), "next_review_on")


def test_review_refuses_a_blank_summary() -> None:
    plan = given(Plan, with_goals(0))
    refused_input(plan, review(summary=""), "summary")


@CLOSED
def test_review_refused_on_a_closed_plan(closed: Callable[[], Events]) -> None:
    plan = given(Plan, closed())
    refused_by_rule(plan, review(20), "plan_closed")


# --------------------------------------------------------------------- complete


def test_complete_with_achieved_and_abandoned_goals() -> None:
    plan = given(Plan, history(drafted, add_goal(), add_goal(), achieve(1, 1), abandon(2, 2)))
    then(when(plan, complete(40)), (Plan.Completed, {"completed_on": at(40).date()}))
    assert plan.status is PlanStatus.COMPLETED
    assert plan.completed_on == at(40).date()


def test_complete_refuses_a_plan_without_goals() -> None:
    plan = given(Plan, with_goals(0))
    refused_by_rule(plan, complete(1), "no_goals")


def test_complete_refuses_open_goals_and_says_how_many() -> None:
    plan = given(Plan, history(drafted, add_goal(), add_goal(), add_goal(), achieve(1)))
    error = refused_by_rule(plan, complete(1), "goals_open")
    assert "2 open goal" in error.message


def test_complete_refuses_when_nothing_was_achieved() -> None:
    plan = given(Plan, history(drafted, add_goal(), abandon(1)))
    error = refused_by_rule(plan, complete(1), "nothing_achieved")
    assert "discontinue" in error.message


def test_complete_on_a_stated_earlier_day_keeps_both_days() -> None:
    plan = given(Plan, history(drafted, add_goal(), achieve(1, 1)))
    events = when(plan, complete(40, on=date(2026, 3, 20)))
    then(events, (Plan.Completed, {"completed_on": date(2026, 3, 20), "timestamp": at(40)}))
    assert plan.completed_on == date(2026, 3, 20)


def test_complete_refuses_a_day_in_the_future() -> None:
    plan = given(Plan, history(drafted, add_goal(), achieve(1, 1)))
    error = refused_input(plan, complete(2, on=at(3).date()), "completed_on")
    assert isinstance(error, DateInFuture)
    assert (error.rule, error.stated, error.today) == ("date_in_future", at(3).date(), at(2).date())
    assert at(3).date().isoformat() in error.message


@CLOSED
def test_complete_refused_on_a_closed_plan(closed: Callable[[], Events]) -> None:
    plan = given(Plan, closed())
    refused_by_rule(plan, complete(20), "plan_closed")


# ------------------------------------------------------------------ discontinue


def test_discontinue_even_with_open_goals() -> None:
    plan = given(Plan, with_goals(2))
    then(
        when(plan, discontinue(5, " Moved abroad ")),
        (Plan.Discontinued, {"reason": "Moved abroad"}),
    )
    assert plan.status is PlanStatus.DISCONTINUED
    assert (plan.discontinued_on, plan.discontinue_reason) == (at(5).date(), "Moved abroad")
    assert plan.goals_open == 2


def test_discontinue_refuses_a_blank_reason() -> None:
    plan = given(Plan, with_goals(1))
    refused_input(plan, discontinue(reason=""), "reason")


@CLOSED
def test_discontinue_refused_on_a_closed_plan(closed: Callable[[], Events]) -> None:
    plan = given(Plan, closed())
    refused_by_rule(plan, discontinue(20), "plan_closed")


# ------------------------------------------------------------- record_follow_up


# Completed on 2 March 2026 (day 0): each follow-up's window, a month either side of its due day.
WINDOWS = {
    3: (date(2026, 5, 2), date(2026, 7, 2)),
    6: (date(2026, 8, 2), date(2026, 10, 2)),
    12: (date(2027, 2, 2), date(2027, 4, 2)),
}
WRITTEN_UP = 400  # days after completion: every window has passed, nothing is in the future


@pytest.mark.parametrize("month", [3, 6, 12])
def test_record_follow_up_on_the_first_and_last_day_of_its_window(month: int) -> None:
    for visited in WINDOWS[month]:
        plan = given(Plan, completed_on_day(0))
        events = when(plan, follow_up(month, WRITTEN_UP, FollowUpStatus.AT_RISK, visited))
        then(
            events,
            (
                Plan.FollowUpRecorded,
                {
                    "month": month,
                    "status": FollowUpStatus.AT_RISK,
                    "visited_on": visited,
                    "recorded_on": at(WRITTEN_UP).date(),
                    "timestamp": at(WRITTEN_UP),
                },
            ),
        )
        assert plan.follow_ups == {
            month: FollowUp(month, FollowUpStatus.AT_RISK, at(WRITTEN_UP).date(), visited)
        }


def test_record_follow_up_without_a_visit_day_was_visited_today() -> None:
    plan = given(Plan, completed_on_day(0))
    then(
        when(plan, follow_up(3, 92)),
        (Plan.FollowUpRecorded, {"visited_on": at(92).date(), "recorded_on": at(92).date()}),
    )


def test_record_follow_up_for_every_month() -> None:
    events = history(
        lambda: given(Plan, completed_on_day(0)),
        follow_up(3, 90),
        follow_up(6, 180, FollowUpStatus.LOST_CONTACT),
        follow_up(12, 365, FollowUpStatus.RE_TRAFFICKED),
    )
    plan = given(Plan, [*completed_on_day(0), *events])
    assert sorted(plan.follow_ups) == [3, 6, 12]
    assert plan.follow_ups[12].status is FollowUpStatus.RE_TRAFFICKED


@pytest.mark.parametrize("before", [with_goals, discontinued])
def test_record_follow_up_refused_before_completion(before: Callable[[], Events]) -> None:
    plan = given(Plan, before())
    refused_by_rule(plan, follow_up(3, 400), "not_completed")


@pytest.mark.parametrize("month", [0, 1, 4, 24, -3])
def test_record_follow_up_refuses_other_months(month: int) -> None:
    plan = given(Plan, completed_on_day(0))
    refused_input(plan, follow_up(month, 400), "month")


def test_record_follow_up_refuses_a_second_one_for_the_month() -> None:
    plan = given(
        Plan,
        [
            *completed_on_day(0),
            *history(lambda: given(Plan, completed_on_day(0)), follow_up(6, 170)),
        ],
    )
    error = refused_by_rule(plan, follow_up(6, 200), "follow_up_recorded")
    assert at(170).date().isoformat() in error.message


@pytest.mark.parametrize("month", [3, 6, 12])
def test_record_follow_up_refuses_a_visit_outside_its_window(month: int) -> None:
    first, last = WINDOWS[month]
    for visited in (first - timedelta(days=1), last + timedelta(days=1)):
        plan = given(Plan, completed_on_day(0))
        error = refused_input(plan, follow_up(month, WRITTEN_UP, visited=visited), "visited_on")
        assert isinstance(error, DateOutsideWindow)
        assert (error.rule, error.window) == ("date_outside_window", (first, last))
        for day in (visited, first, last, TODAY):
            assert day.isoformat() in error.message


def test_record_follow_up_refuses_a_visit_before_the_completion() -> None:
    plan = given(Plan, completed_on_day(10))
    error = refused_input(plan, follow_up(3, 100, visited=at(9).date()), "visited_on")
    assert isinstance(error, DateTooEarly)
    assert (error.rule, error.stated, error.earliest) == (
        "date_too_early",
        at(9).date(),
        at(10).date(),
    )
    assert at(10).date().isoformat() in error.message


def test_record_follow_up_refuses_a_visit_in_the_future() -> None:
    plan = given(Plan, completed_on_day(0))
    error = refused_input(plan, follow_up(3, 70, visited=at(71).date()), "visited_on")
    assert isinstance(error, DateInFuture)


def test_record_follow_up_written_up_late_for_a_plan_completed_on_paper() -> None:
    """A paper file entered months later: completion and visit both back-dated."""
    plan = given(Plan, history(drafted, add_goal(), achieve(1)))
    then(when(plan, complete(300, on=date(2026, 3, 31))), (Plan.Completed, {}))
    events = when(plan, follow_up(3, 300, visited=date(2026, 6, 30)))
    then(events, (Plan.FollowUpRecorded, {"month": 3, "visited_on": date(2026, 6, 30)}))


# ------------------------------------------------------------------- properties

Step = tuple[str, int, int]
STEPS = st.tuples(
    st.sampled_from(
        ["add", "progress", "achieve", "abandon", "review", "complete", "discontinue", "follow"]
    ),
    st.integers(min_value=1, max_value=4),  # goal number, or follow-up month index
    st.integers(min_value=0, max_value=120),  # days since the previous step
)


def command_for(kind: str, number: int, day: int) -> Command:
    commands: dict[str, Callable[[], Command]] = {
        "add": lambda: add_goal(day, target_in_days=number * 10),
        "progress": lambda: progress(number, day),
        "achieve": lambda: achieve(number, day),
        "abandon": lambda: abandon(number, day),
        "review": lambda: review(day),
        "complete": lambda: complete(day),
        "discontinue": lambda: discontinue(day),
        "follow": lambda: follow_up((3, 6, 12, 12)[number - 1], day),
    }
    return commands[kind]()


def run_step(plan: Plan, command: Command) -> list[Aggregate.Event]:
    try:
        command(plan)
    except DomainError:
        assert not plan.collect_events()
        return []
    events = list(plan.collect_events())
    assert len(events) == 1
    return events  # type: ignore[return-value]


@settings(max_examples=150, deadline=None, database=None)
@for_all(st.lists(STEPS, max_size=25))
def test_random_commands_keep_the_plan_consistent(steps: list[Step]) -> None:
    plan = drafted()
    recorded: Events = list(plan.collect_events())  # type: ignore[arg-type]
    day = 0
    for kind, number, gap in steps:
        status_before, total_before = plan.status, plan.goals_total
        day += gap
        recorded += run_step(plan, command_for(kind, number, day))
        assert plan.goals_total == plan.goals_open + plan.goals_achieved + plan.goals_abandoned
        assert plan.goals_total >= total_before
        assert status_before is PlanStatus.ACTIVE or plan.status is status_before
        assert plan.follow_ups == {} or plan.status is PlanStatus.COMPLETED
    replayed = given(Plan, recorded)
    assert (replayed.goals, replayed.status) == (plan.goals, plan.status)
    assert replayed.follow_ups == plan.follow_ups
