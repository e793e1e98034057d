"""Turn-aways in the capacity read model (issue 15), fed with real stored events: counted
per facility, month and reason and per organisation referred to, in the month they
happened, whatever the batch sizes; a facility's municipality follows its relocation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Engine, MetaData

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.facility_turnaway import AgeGroup, TurnAwayReason
from domain.organisation import OrganisationKind
from domain.organisation_values import OrganisationDetails, OrganisationNames
from domain.vocab import FacilityKind, Gender, RiskLevel
from projections.capacity import Capacity
from projections.model import Change
from services.commands.case import AssessRisk
from services.commands.organisation import RegisterOrganisation
from services.commands.shelter import AdmitToShelter, RegisterFacility, RelocateFacility
from services.commands.turnaway import RecordTurnAway
from tests.support.factories import MANAGER, WORKER, open_case, register
from tests.support.projecting import changes, memory_engine, project, rows

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Tables = dict[str, list[dict[str, Any]]]


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


def partner(journey: Journey) -> UUID:
    command = RegisterOrganisation(
        key="interim-security-facility",
        names=OrganisationNames(english="Interim Security Facility"),
        details=OrganisationDetails(kind=OrganisationKind.SHELTER, country="XK"),
        active_from=date(2020, 1, 1),
    )
    return journey.bus.execute(None, command, actor=MANAGER).id


def full_shelter(journey: Journey) -> UUID:
    command = RegisterFacility(
        name="Shelter Gjakova",
        kind=FacilityKind.SHELTER,
        beds=1,
        effective_from=date(2026, 1, 1),
        municipality="02",
    )
    facility_id = journey.bus.execute(None, command, actor=MANAGER).id
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.MEDIUM), actor=WORKER)
    admission = AdmitToShelter(case_id=case_id, facility_id=facility_id)
    journey.bus.execute(None, admission, actor=WORKER)
    return facility_id


def turn_away(journey: Journey, facility_id: UUID, **fields: Any) -> None:
    journey.bus.execute(facility_id, RecordTurnAway(**fields), actor="shelter.staff")


def projected(journey: Journey, batch: int = 500) -> Tables:
    engine = memory_engine()
    tables = project(journey, Capacity(), engine, batch=batch)
    return {view: sorted(rows(engine, t), key=str) for view, t in tables.items()}


def a_month_of_turn_aways(journey: Journey, clock: ScriptedClock) -> tuple[UUID, UUID]:
    isf, facility_id = partner(journey), full_shelter(journey)
    no_bed = {"reason": TurnAwayReason.NO_BED, "referred_to": isf}
    turn_away(journey, facility_id, **no_bed, gender=Gender.FEMININE, age_group=AgeGroup.CHILD)
    clock.advance(days=1)
    turn_away(journey, facility_id, **no_bed, gender=Gender.MASCULINE, age_group=AgeGroup.ADULT)
    journey.bus.execute(facility_id, RelocateFacility(municipality="20"), actor=MANAGER)
    clock.advance(days=30)  # April; one written up late, of February
    turn_away(journey, facility_id, reason=TurnAwayReason.DECLINED_BY_PERSON)
    turn_away(
        journey,
        facility_id,
        reason=TurnAwayReason.OUTSIDE_MANDATE,
        turned_away_on=date(2026, 2, 20),
        referred_to=isf,
    )
    return facility_id, isf


def counts(tables: Tables) -> dict[tuple[str, str], tuple[int, ...]]:
    return {
        (r["month"], r["reason"]): (
            r["turn_aways"], r["referred"], r["children"], r["adults"], r["age_unknown"],
            r["women_and_girls"], r["men_and_boys"], r["gender_other_or_unknown"],
        )
        for r in tables["facility_turnaways_monthly"]
    }  # fmt: skip


def test_turn_aways_are_counted_per_month_and_reason_in_the_month_they_happened(
    journey: Journey, clock: ScriptedClock
) -> None:
    facility_id, isf = a_month_of_turn_aways(journey, clock)
    tables = projected(journey)
    assert counts(tables) == {
        ("2026-03", "no_bed"): (2, 2, 1, 1, 0, 1, 1, 0),
        ("2026-04", "declined_by_person"): (1, 0, 0, 0, 1, 0, 0, 1),
        ("2026-02", "outside_mandate"): (1, 1, 0, 0, 1, 0, 0, 1),
    }
    referrals = {
        (r["month"], r["organisation_id"]): r["turn_aways"]
        for r in tables["facility_turnaway_referrals"]
    }
    assert referrals == {("2026-03", str(isf)): 2, ("2026-02", str(isf)): 1}
    (facility,) = tables["facility_capacity"]
    assert (facility["municipality"], facility["municipality_name"]) == ("20", "Prizren")
    assert facility["facility_id"] == str(facility_id)
    assert facility["daily_through"] == date(2026, 4, 2)  # a turn-away writes the days on
    months = {r["month"]: r["municipality"] for r in tables["facility_turnaways_monthly"]}
    assert months == {"2026-03": "02", "2026-04": "20", "2026-02": "20"}


def test_batch_boundaries_do_not_change_the_turn_aways(
    journey: Journey, clock: ScriptedClock
) -> None:
    a_month_of_turn_aways(journey, clock)
    whole = projected(journey)
    for batch in (1, 2, 3):
        assert projected(journey, batch=batch) == whole


def test_a_turn_away_of_a_facility_never_registered_is_refused(
    journey: Journey, clock: ScriptedClock
) -> None:
    facility_id, _ = a_month_of_turn_aways(journey, clock)
    turned = [c for c in changes(journey) if c.event_type == "Facility.TurnedAway"]
    engine = memory_engine()
    with pytest.raises(LookupError, match=f"for facility {facility_id} that was never registered"):
        project_only(engine, turned[:1])


def project_only(engine: Engine, batch: list[Change]) -> None:
    metadata = MetaData()
    tables = Capacity().define(metadata, 1)
    metadata.create_all(engine)
    with engine.begin() as conn:
        Capacity().apply(conn, tables, batch)
