"""Each read model declares the aggregate types it reads; events of other types
are never decoded for it. Fed only those types, every model builds exactly the
tables it builds from every event."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import MetaData

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from projections.capacity import Capacity
from projections.caseload import Caseload
from projections.model import Change, ReadModel
from projections.outcomes import Outcomes
from projections.outcomes.handlers import RECORDS
from projections.registry import read_models
from projections.timeline import CREATION_EVENT, Timeline
from tests.support.projecting import changes, memory_engine, rows


@pytest.fixture(scope="module")
def journey() -> Iterator[Journey]:
    clock = ScriptedClock(START)
    system = build("memory://", clock)
    # a seed whose 12 journeys (and the archive, issue 17's retention) feed every read model
    Demo(system, clock, seed=3, archive=True).run(12)
    yield system
    system.close()


def test_the_declared_types() -> None:
    assert Caseload.aggregate_types == {"Case"}
    day_centre = {"DayCentreEnrolment", "DayCentreSession"}
    assert Capacity.aggregate_types == {"Facility", "ShelterStay", *day_centre}
    assert set(RECORDS) == {"Case", "ShelterStay", "ReintegrationPlan"}
    # Beneficiary: its trafficking episodes (projections/outcomes/episodes.py, issue 15)
    assert Outcomes.aggregate_types == {*RECORDS, *day_centre, "Beneficiary"}
    assert Timeline.aggregate_types == set(CREATION_EVENT)
    assert ReadModel.aggregate_types is None


@pytest.mark.parametrize("name", sorted(read_models()))
def test_a_model_fed_only_its_types_builds_the_same_tables(journey: Journey, name: str) -> None:
    model = read_models()[name]
    assert model.aggregate_types is not None
    everything = changes(journey)
    read = [c for c in everything if c.aggregate_type in model.aggregate_types]
    assert 0 < len(read) < len(everything)
    assert _tables(model, everything) == _tables(model, read)


def _tables(model: ReadModel, batch: list[Change]) -> dict[str, list[str]]:
    engine = memory_engine()
    metadata = MetaData()
    tables = model.define(metadata, 1)
    metadata.create_all(engine)
    for start in range(0, len(batch), 500):
        with engine.begin() as conn:
            model.apply(conn, tables, batch[start : start + 500])
    return {view: sorted(map(repr, rows(engine, table))) for view, table in tables.items()}
