"""The demo writes things up after they happened, as staff do: its journeys state field
dates in the past (docs/domain.md, Field dates), and every one is accepted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from domain.local_time import local_date
from tests.support.projecting import changes

FIELD_DATES = {
    "Case.RiskAssessed": "assessed_on",
    "ShelterStay.Admitted": "admitted_on",
    "ShelterStay.Discharged": "discharged_on",
    "Beneficiary.TraffickingStatusDecided": "decided_on",
    "ReintegrationPlan.Completed": "completed_on",
    "ReintegrationPlan.FollowUpRecorded": "visited_on",
    "Beneficiary.GuardianAppointed": "appointed_on",  # children (issue 14)
    "Case.BestInterestsAssessed": "assessed_on",
}


@pytest.fixture(scope="module")
def journey() -> Iterator[Journey]:
    clock = ScriptedClock(START)
    system = build("memory://", clock)
    Demo(system, clock, seed=11).run(60)
    yield system
    system.close()


def test_the_demo_states_days_before_the_day_it_records_them(journey: Journey) -> None:
    back_dated: dict[str, int] = dict.fromkeys(FIELD_DATES, 0)
    for change in changes(journey):
        field = FIELD_DATES.get(change.event_type)
        if field is None:
            continue
        stated: date = change.fields[field]
        assert stated <= local_date(change.at), change.event_type
        back_dated[change.event_type] += stated < local_date(change.at)
    assert all(back_dated.values()), back_dated
