"""The demo fills the four statistics views with every kind of fact (issue 17), and each
person's row agrees with the beneficiary record the domain rebuilds from the same events:
sex, age, citizenship, cases, reporting consent, erasure and identification status."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from domain.beneficiary import Beneficiary
from domain.vocab import ConsentKind
from projections.statistics import Statistics
from tests.support.projecting import memory_engine, project, rows

FACTS = {
    "referred",
    "presumed_identified",
    "formally_identified",
    "case_opened",
    "service_planned",
    "service_delivered",
    "stay_started",
    "stay_ended",
    "day_centre_attended",
    "plan_drafted",
    "plan_completed",
    "follow_up_scheduled",
    "follow_up_done",
    "case_closed",
    "re_trafficked",
    "justice_outcome",
    "return_completed",
}


@pytest.fixture(scope="module")
def demo() -> Iterator[Journey]:
    clock = ScriptedClock(START)
    journey = build("memory://", clock)
    Demo(journey, clock, seed=3).run(40)  # 40 journeys of this seed have every fact
    yield journey
    journey.close()


@pytest.fixture(scope="module")
def views(demo: Journey) -> dict[str, list[dict[str, Any]]]:
    engine = memory_engine()
    return {
        view: rows(engine, table) for view, table in project(demo, Statistics(), engine).items()
    }


def _beneficiaries(journey: Journey) -> list[Beneficiary]:
    notifications = journey.app.recorder.select_notifications(
        1, 10**6, topics=("domain.beneficiary:Beneficiary.Registered",)
    )
    return [journey.queries.beneficiary(UUID(str(n.originator_id))) for n in notifications]


@pytest.mark.slow
def test_the_demo_fills_every_view_with_every_fact(views: dict[str, list[dict[str, Any]]]) -> None:
    for view in ("stat_people", "stat_cases", "stat_facts", "stat_stays"):
        assert views[view], view
    assert {fact["fact"] for fact in views["stat_facts"]} == FACTS
    assert {stay["kind"] for stay in views["stat_stays"]} == {"shelter", "day_centre"}
    assert len({fact["fact_id"] for fact in views["stat_facts"]}) == len(views["stat_facts"])


@pytest.mark.slow
def test_each_person_row_agrees_with_the_beneficiary_record(
    demo: Journey, views: dict[str, list[dict[str, Any]]]
) -> None:
    people = {row["person_id"]: row for row in views["stat_people"]}
    beneficiaries = _beneficiaries(demo)
    assert len(people) == len(beneficiaries) == 40
    for b in beneficiaries:
        row = people[str(b.id)]
        assert (row["sex"], row["age_at_identification"]) == (
            b.gender.value,
            b.age_at_identification,
        )
        assert (row["age_band_at_identification"], row["minor_at_identification"]) == (
            b.age_band.value,
            int(b.is_minor),
        )
        assert row["citizenships"] == ";".join(b.citizenships)
        assert row["international"] == int("XK" not in b.citizenships)
        assert row["cases"] == len(b.case_ids)
        assert row["reporting_consent"] == int(b.has_consent(ConsentKind.ANONYMISED_REPORTING))
        assert row["erased"] == int(b.erased)
        status = b.trafficking_status.value if b.identifications else None
        assert row["identification_status"] == status
        origin = b.background.origin_municipality if b.background else None
        assert row["municipality_of_origin"] == origin
