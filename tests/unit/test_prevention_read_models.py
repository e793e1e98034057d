"""The prevention read model fed with real stored events (tests/support/prevention_year.py):
activities with their figures, corrections that replace figures and move rows, a
withdrawal that leaves every count, campaign progress, referrals counted without the
case, and the same tables whatever the batch size."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.prevention.values import Indicator
from domain.prevention.vocab import Measure
from projections.catalog import point_views
from projections.prevention import Prevention
from projections.prevention.query import GroupFilter, Where, reach_summary, referral_summary
from services.commands.prevention import ReviseCampaign
from tests.support.prevention_year import (
    FERIZAJ,
    NOW,
    OFFICER,
    POST,
    PRE,
    PRIZREN,
    PUPILS_BY_SEX,
    Year,
    a_year,
    by_name,
    plan,
)
from tests.support.projecting import memory_engine, project, rows

Tables = dict[str, list[dict[str, Any]]]


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(NOW)


def projected(journey: Journey, batch: int = 500) -> Tables:
    engine = memory_engine()
    tables = project(journey, Prevention(), engine, batch=batch)
    return {view: sorted(rows(engine, table), key=repr) for view, table in tables.items()}


def test_an_activity_row_sums_its_figures(journey: Journey) -> None:
    year = a_year(journey)
    activities = by_name(year, projected(journey)["prevention_activities"])
    april = activities["prizren_april"]
    assert (april["people"], april["female"], april["male"], april["sex_not_recorded"]) == (
        26,
        14,
        12,
        0,
    )
    assert (april["month"], april["quarter"], april["district"]) == (
        "2026-04",
        "2026-Q2",
        "Prizren",
    )
    assert (april["pre_count"], april["pre_mean"], april["post_passed"]) == (26, 5.0, 18)
    assert (april["materials"], april["disclosures"], april["disclosures_to_assistance"]) == (
        26,
        2,
        1,
    )
    assert april["cases_opened"] == 1
    online = activities["online"]
    assert (online["people"], online["audience_views"], online["audience_impressions"]) == (
        0,
        22000,
        52000,
    )
    assert (online["municipality"], online["pre_count"]) == (None, None)


def test_corrections_replace_figures_and_move_rows(journey: Journey) -> None:
    year = a_year(journey)
    tables = projected(journey)
    corrected = by_name(year, tables["prevention_activities"])["corrected"]
    assert (corrected["held_on"].isoformat(), corrected["municipality"]) == ("2026-06-30", PRIZREN)
    assert (corrected["quarter"], corrected["people"], corrected["corrections"]) == (
        "2026-Q2",
        18,
        2,
    )
    lines = [r for r in tables["prevention_reach"] if r["activity_id"] == corrected["activity_id"]]
    assert sorted((r["sex"], r["people"], r["month"], r["municipality"]) for r in lines) == [
        ("female", 9, "2026-06", PRIZREN),
        ("male", 9, "2026-06", PRIZREN),
    ]


def test_a_withdrawn_activity_is_kept_flagged_and_counted_nowhere(journey: Journey) -> None:
    year = a_year(journey)
    tables = projected(journey)
    withdrawn = by_name(year, tables["prevention_activities"])["withdrawn"]
    assert (withdrawn["withdrawn"], withdrawn["people"]) == (1, 100)
    gone = str(year.activities["withdrawn"])
    for view in ("prevention_reach", "prevention_audience", "prevention_materials"):
        assert all(r["activity_id"] != gone for r in tables[view]), view
    (campaign,) = tables["prevention_campaigns"]
    assert campaign["activities"] == 8  # of 9 recorded for it
    assert campaign["people"] == 26 + 22 + 18 + 20 + 30 + 20 + 26


def test_campaign_progress_against_planned_indicators(journey: Journey) -> None:
    a_year(journey)
    indicators = {
        (r["measure"], r["source"]): r for r in projected(journey)["prevention_indicators"]
    }
    achieved = {key: (r["achieved"], r["target"]) for key, r in indicators.items()}
    assert achieved == {
        ("students_reached", None): (26 + 22 + 18 + 20 + 30, 200),
        ("municipalities_reached", None): (2, 4),  # Prizren and Ferizaj; online has none
        ("professionals_trained", None): (26, 40),
        ("media_audience", "views"): (22000, 20000),
        ("referrals_to_assistance", None): (2, 4),
        ("materials_distributed", None): (26, 100),
    }
    assert indicators[("media_audience", "views")]["share"] == pytest.approx(1.1)


def test_referrals_count_disclosures_and_cases_and_keep_no_case(journey: Journey) -> None:
    year = a_year(journey)
    tables = projected(journey)
    referrals = by_name(year, tables["prevention_referrals"])
    assert len(tables["prevention_referrals"]) == 4
    assert referrals["last_year"]["cases_opened"] == 1
    rows_2026 = [r for r in tables["prevention_referrals"] if r["held_on"].year == 2026]
    routes = sorted((r["route"], r["cases_opened"]) for r in rows_2026)
    assert routes == [("direct_assistance", 0), ("direct_assistance", 1), ("not_referred", 0)]
    columns = {name for view in tables.values() for row in view for name in row}
    assert not columns & {"case_id", "case_number", "beneficiary_id", "beneficiary_code"}


def test_the_pupils_question_in_sql(journey: Journey) -> None:
    a_year(journey)
    engine = memory_engine()
    model = Prevention()
    tables = project(journey, model, engine)
    with engine.begin() as conn:
        point_views(conn, model, tables)
        by_sex = conn.execute(
            text(
                "SELECT sex, SUM(people) FROM prevention_reach WHERE pupil = 1 "
                "AND municipality IN (:a, :b) AND quarter = '2026-Q2' GROUP BY sex"
            ),
            {"a": PRIZREN, "b": FERIZAJ},
        ).all()
        knowledge = conn.execute(
            text(
                "SELECT SUM(pre_count), SUM(pre_count * pre_mean), SUM(pre_passed), "
                "SUM(post_count), SUM(post_count * post_mean), SUM(post_passed) "
                "FROM prevention_knowledge WHERE activity_id IN (SELECT activity_id FROM "
                "prevention_reach WHERE pupil = 1 AND municipality IN ('20', '25') "
                "AND quarter = '2026-Q2')"
            )
        ).one()
    assert dict(by_sex) == PUPILS_BY_SEX
    assert knowledge[0::3] == (PRE["count"], POST["count"])
    assert knowledge[1::3] == (pytest.approx(PRE["weighted"]), pytest.approx(POST["weighted"]))
    assert knowledge[2::3] == (PRE["passed"], POST["passed"])


@pytest.mark.parametrize("batch", [1, 7])
def test_any_batch_size_builds_the_same_tables(journey: Journey, batch: int) -> None:
    year: Year = a_year(journey)
    assert year.activities
    assert projected(journey, batch) == projected(journey)


def test_the_summaries_answer_both_questions(journey: Journey) -> None:
    a_year(journey)
    engine = memory_engine()
    model = Prevention()
    tables = project(journey, model, engine)
    q2 = Where((PRIZREN, FERIZAJ), date(2026, 4, 1), date(2026, 6, 30))
    with engine.begin() as conn:
        point_views(conn, model, tables)
        pupils = reach_summary(conn, q2, GroupFilter.PUPILS)
        students = reach_summary(conn, q2, GroupFilter.STUDENTS)
        year = referral_summary(conn, Where(from_=date(2026, 1, 1), to=date(2026, 12, 31)))
    assert (pupils.by_sex, pupils.activities) == (PUPILS_BY_SEX, 3)
    assert students.people == pupils.people + 20  # and the university students
    pre, post = pupils.knowledge["pre"], pupils.knowledge["post"]
    assert (pre["count"], post["count"]) == (PRE["count"], POST["count"])
    assert pre["mean"] == pytest.approx(PRE["weighted"] / PRE["count"])
    assert post["pass_share"] == pytest.approx(POST["passed"] / POST["count"])
    assert post["score_share"] == pytest.approx(POST["weighted"] / POST["count"] / 10)
    assert (year.disclosures, year.referred, year.to_direct_assistance) == (3, 2, 2)
    assert year.cases_opened == 1
    assert year.by_route == {"direct_assistance": 2, "not_referred": 1}


def test_a_revised_plan_replaces_the_indicators_and_recounts(journey: Journey) -> None:
    year = a_year(journey)
    revised = replace(plan(), indicators=(Indicator(Measure.PARENTS_REACHED, 40),))
    command = ReviseCampaign(plan=revised, reason="Parents added by the donor")
    journey.bus.execute(year.campaign, command, actor=OFFICER)
    tables = projected(journey)
    (indicator,) = tables["prevention_indicators"]
    assert (indicator["measure"], indicator["achieved"], indicator["share"]) == (
        "parents_reached",
        20,
        0.5,
    )
    (campaign,) = tables["prevention_campaigns"]
    assert (campaign["revisions"], campaign["indicators"], campaign["activities"]) == (1, 1, 8)
