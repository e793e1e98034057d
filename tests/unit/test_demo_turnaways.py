"""The demo's shelters turn people away (issue 15): capacity shows turn-aways per facility
and month, for want of a bed, as too risky (referred to the Interim Security Facility) and
declined; and every facility is in a municipality."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from adapters.run.demo.turnaways import ISF
from domain.organisation import organisation_id
from projections.capacity import Capacity
from tests.support.projecting import memory_engine, project, rows


@pytest.fixture(scope="module")
def capacity() -> dict[str, list[dict[str, Any]]]:
    clock = ScriptedClock(START)
    journey = build("memory://", clock)
    Demo(journey, clock).run(120)
    engine = memory_engine()
    tables = project(journey, Capacity(), engine)
    journey.close()
    return {name: rows(engine, table) for name, table in tables.items()}


def test_the_demo_shelters_turn_people_away_for_each_main_reason(
    capacity: dict[str, list[dict[str, Any]]],
) -> None:
    months = capacity["facility_turnaways_monthly"]
    by_reason = Counter[str]()
    for row in months:
        by_reason[row["reason"]] += row["turn_aways"]
    assert {"no_bed", "risk_too_high", "declined_by_person"} <= set(by_reason), by_reason
    assert len({(r["facility_id"], r["month"]) for r in months}) > 10
    assert all(r["municipality"] in {"19", "20"} for r in months)


def test_high_risk_people_are_referred_to_the_interim_security_facility(
    capacity: dict[str, list[dict[str, Any]]],
) -> None:
    referred = {r["organisation_id"] for r in capacity["facility_turnaway_referrals"]}
    assert str(organisation_id(ISF)) in referred


def test_every_demo_facility_is_in_a_municipality(
    capacity: dict[str, list[dict[str, Any]]],
) -> None:
    places = {r["name"]: r["municipality_name"] for r in capacity["facility_capacity"]}
    assert places == {
        "Shelter Prishtina": "Prishtinë",
        "Shelter Prizren": "Prizren",
        "Day Rehabilitation Centre Prishtina": "Prishtinë",
    }
