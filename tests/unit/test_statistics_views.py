"""The statistics views' computed columns (age band and child or adult today, who is
left out and why, shelter days to today), the same rows whatever the batch size, no
personal value in any row, and an event of a record never seen refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import MetaData, text

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.vocab import RiskLevel
from projections.catalog import point_views
from projections.model import Change
from projections.statistics import Statistics
from services.commands.case import AssessRisk
from tests.support.casework import admit, discharge
from tests.support.factories import (
    WORKER,
    case_in_service_provision,
    facility,
    open_case,
    today_in_prishtina,
)
from tests.support.projecting import memory_engine
from tests.support.survivor import SECRETS, survivor
from tests.unit.test_statistics import (
    START,
    planned_services,
    presumed_then_refused,
    register_albanian,
    tables,
    views,
)


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(START)


def test_the_view_counts_shelter_days_to_today(journey: Journey) -> None:
    case_id = open_case(journey, register_albanian(journey, age=30))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.LOW), actor=WORKER)
    admit(journey, case_id, facility(journey))
    (case,) = views(journey, "stat_cases")
    assert case["shelter_days"] == (today_in_prishtina() - START.date()).days


def person_row(registered_on: date, age: int, **columns: Any) -> dict[str, Any]:
    """A stat_people row with only what the view's computed columns read."""
    row: dict[str, Any] = dict.fromkeys(_PEOPLE_COLUMNS)
    row.update(person_id=str(uuid4()), registered_on=registered_on, sex="Feminine")
    row.update(age_at_identification=age, citizenship_group="Kosovo", international=0)
    row.update(reporting_consent=1, erased=0, re_trafficked=0, cases=1, position=1)
    return {**row, **columns}


_PEOPLE_COLUMNS = [c.name for c in Statistics().define(MetaData(), 1)["stat_people"].columns]


def test_the_view_bands_the_age_today_from_the_years_since_registration() -> None:
    """Today in Prishtina: 16 three years and a day ago is 19 now; 17 a day short of a
    year ago is 17 still; 40 years' registration of a 10-year-old is 50."""
    today = today_in_prishtina()
    ago = {
        "teen_grown": person_row(_years_before(today, 3) - timedelta(days=1), 16),
        "still_child": person_row(_years_before(today, 1) + timedelta(days=1), 17),
        "long_ago": person_row(_years_before(today, 40), 10),
        "erased": person_row(today, 30, erased=1),
        "no_consent": person_row(today, 30, reporting_consent=0),
        "no_case": person_row(today, 30, cases=0),
    }
    engine = memory_engine()
    model = Statistics()
    metadata = MetaData()
    built = model.define(metadata, 1)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(built["stat_people"].insert(), list(ago.values()))
        point_views(conn, model, built)
        found = {
            r["person_id"]: r for r in conn.execute(text("SELECT * FROM stat_people")).mappings()
        }
    by_name = {name: found[row["person_id"]] for name, row in ago.items()}
    assert [by_name[n]["age_band_today"] for n in ("teen_grown", "still_child", "long_ago")] == [
        "18-20",
        "9-17",
        "48+",
    ]
    assert by_name["still_child"]["child_or_adult_today"] == "child"
    assert by_name["teen_grown"]["child_or_adult_today"] == "adult"
    assert [by_name[n]["excluded_because"] for n in ("erased", "no_consent", "no_case")] == [
        "personal_data_erased",
        "no_anonymised_reporting_consent",
        "no_case",
    ]
    assert by_name["long_ago"]["excluded_because"] is None


def test_the_published_select_keeps_counted_people_only_with_months_on_sqlite_too() -> None:
    """The reporting schema is PostgreSQL's; its SELECT is written for both databases."""
    counted = person_row(date(2025, 11, 3), 30)
    refused = person_row(date(2025, 11, 3), 30, reporting_consent=0)
    engine = memory_engine()
    model = Statistics()
    metadata = MetaData()
    built = model.define(metadata, 1)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(built["stat_people"].insert(), [counted, refused])
        point_views(conn, model, built)
        published = model.reporting_sql("stat_people", "main", "sqlite")
        assert published is not None
        rows = conn.execute(text(published)).mappings().all()
        excluded = conn.execute(text("SELECT reason, people FROM stat_exclusions")).all()
    assert [(r["person_id"], r["registered_month"]) for r in rows] == [
        (counted["person_id"], "2025-11")
    ]
    assert list(rows[0]) == list(model.reporting_views["stat_people"])
    assert [tuple(row) for row in excluded] == [("no_anonymised_reporting_consent", 1)]


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


def test_batch_boundaries_do_not_change_the_rows(journey: Journey, clock: ScriptedClock) -> None:
    person = register_albanian(journey)
    presumed_then_refused(journey, person)
    case_id = case_in_service_provision(journey)
    planned_services(journey, case_id)
    stay = admit(journey, case_id, facility(journey))
    clock.advance(days=3)
    discharge(journey, stay)
    first = tables(journey, batch=1)
    assert first == tables(journey, batch=4) == tables(journey, batch=500)
    assert all(first[view] for view in ("stat_people", "stat_cases", "stat_facts", "stat_stays"))


def test_no_personal_value_reaches_any_row(journey: Journey) -> None:
    found = survivor(journey)
    text_of_rows = repr(tables(journey))
    code = journey.queries.beneficiary(found.beneficiary).code
    number = journey.queries.case(found.case).case_number
    for secret in (*SECRETS, code, number):
        assert secret not in text_of_rows


def test_an_event_of_a_record_never_seen_is_refused() -> None:
    stay_id = uuid4()
    change = Change(
        1, 1, "ShelterStay", stay_id, 2, "ShelterStay.Discharged", START, WORKER,
        {"discharged_on": START.date()},
    )  # fmt: skip
    engine = memory_engine()
    metadata = MetaData()
    built = Statistics().define(metadata, 1)
    metadata.create_all(engine)
    with engine.begin() as conn, pytest.raises(LookupError) as refused:
        Statistics().apply(conn, built, [change])
    assert str(refused.value) == (
        f"ShelterStay.Discharged of stay or enrolment {stay_id} that was never started"
    )
