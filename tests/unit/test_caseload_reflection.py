"""The caseload's reflection period columns: stored screenings-in (the legacy 90-day
period, stage reflection_period) and periods recorded on their own project the same."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from adapters.run.bootstrap import Journey, build
from domain.case import Case
from domain.reflection import ReflectionBasis, ReflectionEndReason
from projections.caseload import Caseload
from projections.catalog import point_views
from services.commands.case import AssessRisk, AssignCaseworker, ScreenIn, StartScreening
from services.commands.reflection import (
    EndReflectionPeriod,
    ExtendReflectionPeriod,
    StartReflectionPeriod,
)
from tests.support.factories import MANAGER, WORKER, open_case, register, today_in_prishtina
from tests.support.projecting import memory_engine, project


@pytest.fixture
def journey() -> Iterator[Journey]:
    system = build("memory://")  # the real clock: the view counts days left from today
    yield system
    system.close()


def screened(journey: Journey, *, legacy: bool = False) -> Any:
    case_id = open_case(journey, register(journey))
    run = journey.bus.execute
    run(case_id, AssignCaseworker(caseworker=WORKER), actor=MANAGER)
    run(case_id, AssessRisk(level="low"), actor=WORKER)  # type: ignore[arg-type]
    run(case_id, StartScreening(), actor=WORKER)
    if not legacy:
        run(case_id, ScreenIn(), actor=WORKER)
        return case_id
    case = journey.app.load(Case, case_id)  # as a ScreenedIn of class_version 2 was stored
    day = today_in_prishtina() - timedelta(days=10)
    at = journey.bus.now()
    ends = day + timedelta(days=90)
    case._record(case.ScreenedIn, WORKER, at, reflection_ends_on=ends, screened_on=day)
    journey.app.commit(case)
    return case_id


def caseload(journey: Journey) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    engine = memory_engine()
    tables = project(journey, Caseload(), engine)
    with engine.begin() as conn:
        point_views(conn, Caseload(), tables)
        found = conn.execute(text("SELECT * FROM caseload")).mappings()
        by_case = {row["case_id"]: dict(row) for row in found}
        totals = conn.execute(text("SELECT * FROM caseload_by_worker")).mappings()
        return by_case, [dict(row) for row in totals]


def test_a_case_screened_in_now_is_in_assessment_with_no_period(journey: Journey) -> None:
    case_id = screened(journey)
    by_case, _ = caseload(journey)
    row = by_case[str(case_id)]
    assert row["stage"] == "assessment"
    assert row["reflection_basis"] is None
    assert row["reflection_days_left"] is None


def test_a_stored_screening_in_keeps_its_stage_and_90_day_period(journey: Journey) -> None:
    case_id = screened(journey, legacy=True)
    by_case, totals = caseload(journey)
    row = by_case[str(case_id)]
    assert row["stage"] == "reflection_period"
    assert row["reflection_basis"] == "legacy_screening"
    started = today_in_prishtina() - timedelta(days=10)
    assert str(row["reflection_started_on"]) == started.isoformat()
    assert str(row["reflection_ends_on"]) == (started + timedelta(days=90)).isoformat()
    assert row["reflection_days_left"] == 80
    assert [(t["reflection_period"], t["in_reflection_period"]) for t in totals] == [(1, 1)]


def test_a_period_started_extended_and_ended_early(journey: Journey) -> None:
    case_id = screened(journey)
    run = journey.bus.execute
    run(case_id, StartReflectionPeriod(legal_basis=ReflectionBasis.KOSOVO_SOP), actor=WORKER)
    row = caseload(journey)[0][str(case_id)]
    assert (row["reflection_basis"], row["reflection_days_left"]) == ("kosovo_sop", 90)
    extension = ExtendReflectionPeriod(reason="still in hospital", extra_days=30)
    run(case_id, extension, actor=MANAGER)
    row = caseload(journey)[0][str(case_id)]
    assert (row["reflection_extended_days"], row["reflection_days_left"]) == (30, 120)
    ended = EndReflectionPeriod(reason=ReflectionEndReason.DECIDED_TO_COOPERATE)
    run(case_id, ended, actor=WORKER)
    by_case, totals = caseload(journey)
    row = by_case[str(case_id)]
    assert str(row["reflection_ended_on"]) == today_in_prishtina().isoformat()
    assert row["reflection_end_reason"] == "decided_to_cooperate"
    assert row["reflection_days_left"] is None
    assert row["stage"] == "assessment"
    assert [t["in_reflection_period"] for t in totals] == [0]


def test_installation_lengths_come_from_the_settings() -> None:
    from adapters.settings import Settings, reflection_lengths  # noqa: PLC0415

    settings = Settings.for_url("memory://")
    changed = Settings(settings.database_url, reflection_days=(("law_on_foreigners", 60),))
    lengths = reflection_lengths(changed)
    assert lengths.days_for(ReflectionBasis.LAW_ON_FOREIGNERS) == 60
    assert lengths.days_for(ReflectionBasis.KOSOVO_SOP) == 90
