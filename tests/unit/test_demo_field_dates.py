"""The demo writes things up after they happened, as staff do: its journeys state field
dates in the past (docs/domain.md, Field dates), and every one is accepted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from uuid import UUID

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
    "Beneficiary.IdentificationRecorded": "decided_on",
    "ReintegrationPlan.Completed": "completed_on",
    "ReintegrationPlan.FollowUpRecorded": "visited_on",
    "DayCentreEnrolment.Enrolled": "started_on",
    "DayCentreEnrolment.CourseCompleted": "completed_on",
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


def test_the_demo_runs_the_day_centre_as_a_programme(journey: Journey) -> None:
    """Enrolled shelter residents, attendance present and absent, courses completed,
    people who come back after the shelter; and no shelter admission into the centre."""
    seen = Counter(c.event_type for c in changes(journey))
    statuses = Counter(
        c.fields["status"].value
        for c in changes(journey)
        if c.event_type == "DayCentreSession.AttendanceRecorded"
    )
    assert seen["DayCentreEnrolment.CourseCompleted"] > 0
    assert seen["DayCentreSession.Cancelled"] > 0
    assert statuses["attended"] > 0
    assert statuses["absent"] > 0
    cases = [journey.queries.case(case_id) for case_id in _case_ids(journey)]
    both = [c for c in cases if c.stay_ids and c.enrolment_ids]
    assert both, "no shelter resident also enrolled"
    assert any(len(c.enrolment_ids) > 1 for c in both), "nobody came back after the shelter"
    centres = {
        c.aggregate_id
        for c in changes(journey)
        if c.event_type == "Facility.Registered"
        and c.fields["kind"].value == "day_rehabilitation_centre"
    }
    admitted_to = {
        c.fields["facility_id"] for c in changes(journey) if c.event_type == "ShelterStay.Admitted"
    }
    assert not centres & admitted_to


def _case_ids(journey: Journey) -> list[UUID]:
    return [c.aggregate_id for c in changes(journey) if c.event_type == "Case.Opened"]
