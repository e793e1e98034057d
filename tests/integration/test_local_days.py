"""The rule for time on both databases (docs/time.md): instants are stored in UTC and
read back aware; every calendar day a read model shows is the day in Prishtina, also
around midnight and the summer-time changes, whatever the session's time zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Column, Connection, Engine, Integer, MetaData, Table, insert, text

from adapters.audit.access_log import AccessEntry, AccessLog
from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.store.read_database import read_engine
from domain.local_time import local_date
from domain.vocab import DischargeReason, ExitDestination, FacilityKind, RiskLevel
from projections import catalog
from projections.capacity import Capacity
from projections.caseload import Caseload
from projections.catalog import point_views
from projections.model import ReadModel
from projections.outcomes import Outcomes
from projections.time_sql import Instant, local_date_sql, local_today_sql
from projections.timeline import Timeline
from services.commands.case import AssessRisk
from services.commands.shelter import AdmitToShelter, DischargeFromShelter, RegisterFacility
from tests.support.factories import MANAGER, WORKER, open_case, register
from tests.support.projecting import project

FAR_FROM_KOSOVO = "Pacific/Kiritimati"  # UTC+14: a session zone that would give other days


def instants_around_the_changes() -> list[datetime]:
    """Every 30 minutes from 21:00 UTC the day before to 03:00 UTC the day after each
    summer-time change of 2025-2028, and around midnight in January and July."""
    days = [datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 7, 15, tzinfo=UTC)]
    days += [datetime(y, m, d, tzinfo=UTC) for y, m, d in _change_days()]
    return [day - timedelta(hours=3) + timedelta(minutes=30 * i) for day in days for i in range(61)]


def _change_days() -> list[tuple[int, int, int]]:
    return [
        (2025, 3, 30), (2025, 10, 26), (2026, 3, 29), (2026, 10, 25),
        (2027, 3, 28), (2027, 10, 31), (2028, 3, 26), (2028, 10, 29),
    ]  # fmt: skip


@pytest.fixture
def engine(read_url: str) -> Iterator[Engine]:
    engine = read_engine(read_url)
    yield engine
    engine.dispose()


def far_session(conn: Connection) -> Connection:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SET TIME ZONE '{FAR_FROM_KOSOVO}'"))
    return conn


def test_each_stored_instant_reads_back_aware_and_falls_on_its_prishtina_day(
    engine: Engine,
) -> None:
    table = Table("instants", MetaData(), Column("n", Integer), Column("at", Instant()))
    table.create(engine)
    instants = instants_around_the_changes()
    with engine.begin() as conn:
        conn.execute(insert(table), [{"n": n, "at": at} for n, at in enumerate(instants)])
    day = local_date_sql(engine.dialect.name, "at")
    with engine.connect() as conn:
        stored = far_session(conn).execute(table.select().order_by("n")).all()
        days = far_session(conn).execute(text(f"SELECT {day} FROM instants ORDER BY n")).all()
    assert [row.at for row in stored] == instants
    assert all(row.at.tzinfo is UTC for row in stored)
    assert [_as_date(row[0]) for row in days] == [local_date(at) for at in instants]


def test_today_in_views_is_the_day_in_prishtina(engine: Engine) -> None:
    with engine.connect() as conn:
        before = local_date(datetime.now(UTC))
        today = far_session(conn).execute(text(f"SELECT {local_today_sql(conn.dialect.name)}"))
        after = local_date(datetime.now(UTC))
        assert _as_date(today.scalar_one()) in {before, after}


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


# ------------------------------------------------- read models, around midnight


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock(datetime(2026, 3, 27, 9, 0, tzinfo=UTC))


@pytest.fixture
def journey(clock: ScriptedClock) -> Iterator[Journey]:
    system = build("memory://", clock)
    yield system
    system.close()


def views(journey: Journey, engine: Engine, model: ReadModel, view: str) -> list[dict[str, Any]]:
    tables = project(journey, model, engine)
    with engine.begin() as conn:
        point_views(conn, model, tables)
        found = far_session(conn).execute(text(f'SELECT * FROM "{view}"')).mappings()
        return [dict(row) for row in found]


@pytest.mark.parametrize(
    ("admitted", "discharged"),
    [
        # 23:30 on 28 March in Prishtina (CET), 00:30 on the 30th (CEST)
        (datetime(2026, 3, 28, 22, 30, tzinfo=UTC), datetime(2026, 3, 29, 22, 30, tzinfo=UTC)),
        # 23:30 on 24 October in Prishtina (CEST), 00:30 on the 26th (CET)
        (datetime(2026, 10, 24, 21, 30, tzinfo=UTC), datetime(2026, 10, 25, 23, 30, tzinfo=UTC)),
    ],
)
def test_a_stay_across_a_summer_time_change_counts_its_prishtina_nights(
    journey: Journey, clock: ScriptedClock, engine: Engine, admitted: datetime, discharged: datetime
) -> None:
    """Admitted at 23:30 and discharged at 00:30 two Prishtina days later, across the
    change: two nights, though the UTC days are one apart."""
    first_night = local_date(admitted)
    beds = RegisterFacility(
        name="Shelter", kind=FacilityKind.SHELTER, beds=4, effective_from=date(2026, 3, 1)
    )
    facility = journey.bus.execute(None, beds, actor=MANAGER).id
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.MEDIUM), actor=WORKER)
    clock.set(admitted)
    stay = admit(journey, case_id, facility)
    clock.set(discharged)
    leave = DischargeFromShelter(
        reason=DischargeReason.COMPLETED_PROGRAMME, destination=ExitDestination.FAMILY
    )
    journey.bus.execute(stay, leave, actor=WORKER)
    (row,) = views(journey, engine, Capacity(), "shelter_stays")
    nights = [first_night + timedelta(days=n) for n in range(3)]
    assert (_as_date(row["admitted_on"]), _as_date(row["discharged_on"])) == (nights[0], nights[2])
    assert row["length_of_stay_days"] == row["days_so_far"] == 2
    daily = views(journey, engine, Capacity(), "facility_occupancy_daily")
    occupied = {_as_date(night["day"]): night["occupied"] for night in daily}
    assert {day: n for day, n in occupied.items() if day >= nights[0]} == dict(
        zip(nights, [1, 1, 0], strict=True)
    )


def admit(journey: Journey, case_id: UUID, facility_id: UUID) -> UUID:
    command = AdmitToShelter(case_id=case_id, facility_id=facility_id)
    return journey.bus.execute(None, command, actor=WORKER).id


@pytest.mark.parametrize(
    ("decided", "day"),
    [
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 29)),  # 00:30 CET
        (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), date(2026, 3, 29)),  # 03:30 CEST
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), date(2026, 10, 25)),  # 00:30 CEST
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), date(2026, 10, 25)),  # 02:30 CEST
    ],
)
def test_an_event_lands_on_its_prishtina_day_in_every_read_model(
    journey: Journey, clock: ScriptedClock, engine: Engine, decided: datetime, day: date
) -> None:
    clock.set(decided)
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.HIGH), actor=WORKER)
    (case,) = views(journey, engine, Caseload(), "caseload")
    assert (_as_date(case["opened_on"]), _as_date(case["risk_assessed_on"])) == (day, day)
    assert _as_date(case["next_review_due"]) == day + timedelta(days=7)
    entries = views(journey, engine, Timeline(), "case_timeline")
    assert {_as_date(entry["occurred_on"]) for entry in entries} == {day}
    assert {entry["case_id"] for entry in entries} == {str(case_id)}


def test_days_open_and_overdue_count_from_today_in_prishtina(
    journey: Journey, clock: ScriptedClock, engine: Engine
) -> None:
    now = datetime.now(UTC)
    clock.set(now - timedelta(days=10))
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.HIGH), actor=WORKER)
    (case,) = views(journey, engine, Caseload(), "caseload")
    today = local_date(datetime.now(UTC))
    opened = local_date(now - timedelta(days=10))
    assert case["days_open"] in {(today - opened).days, (local_date(now) - opened).days}
    assert case["overdue"] == 1


def test_quarters_follow_prishtina_days(
    journey: Journey, clock: ScriptedClock, engine: Engine
) -> None:
    """A case opened at 00:30 on 1 April in Prishtina (22:30 UTC on 31 March) counts
    in the second quarter."""
    clock.set(datetime(2026, 3, 31, 22, 30, tzinfo=UTC))
    open_case(journey, register(journey))
    facts = views(journey, engine, Outcomes(), "outcome_facts")
    assert [(fact["kind"], fact["quarter"]) for fact in facts] == [("case_opened", "2026-Q2")]


def read_at(
    engine: Engine, model: ReadModel, view: str, instant: datetime, case_id: UUID
) -> dict[str, Any]:
    """A case's row of `view` as it reads at `instant`: the view's SQL with its
    "today" taken at `instant` instead of the database's clock."""
    tables = model.define(MetaData(), 1)
    dialect = engine.dialect.name
    literal = (
        f"TIMESTAMPTZ '{instant.isoformat()}'"
        if dialect == "postgresql"
        else f"'{instant.strftime('%Y-%m-%d %H:%M:%S')}'"
    )
    sql = model.view_sql(view, tables[view], dialect)
    assert local_today_sql(dialect) in sql
    then = sql.replace(local_today_sql(dialect), local_date_sql(dialect, literal))
    with engine.connect() as conn:
        found = far_session(conn).execute(text(then)).mappings()
        (row,) = [row for row in found if row["case_id"] == str(case_id)]
        return dict(row)


def test_read_at_2330_utc_the_views_count_the_next_prishtina_day(
    journey: Journey, engine: Engine
) -> None:
    """Opened and assessed high on 27 March (review due on 3 April), another case
    admitted that day: at 22:30 UTC on 3 April it is already the 4th in Prishtina."""
    case_id = open_case(journey, register(journey))
    journey.bus.execute(case_id, AssessRisk(level=RiskLevel.HIGH), actor=WORKER)
    resident = open_case(journey, register(journey, "Era"))
    journey.bus.execute(resident, AssessRisk(level=RiskLevel.MEDIUM), actor=WORKER)
    beds = RegisterFacility(
        name="Shelter", kind=FacilityKind.SHELTER, beds=4, effective_from=date(2026, 3, 1)
    )
    admit(journey, resident, journey.bus.execute(None, beds, actor=MANAGER).id)
    project(journey, Caseload(), engine)
    project(journey, Capacity(), engine)
    late = datetime(2026, 4, 3, 22, 30, tzinfo=UTC)
    case = read_at(engine, Caseload(), "caseload", late, case_id)
    assert (case["days_open"], case["overdue"]) == (8, 1)
    assert read_at(engine, Capacity(), "shelter_stays", late, resident)["days_so_far"] == 8
    earlier = datetime(2026, 4, 3, 21, 30, tzinfo=UTC)  # 23:30 on the 3rd in Prishtina
    case = read_at(engine, Caseload(), "caseload", earlier, case_id)
    assert (case["days_open"], case["overdue"]) == (7, 0)


def test_the_services_own_tables_read_instants_back_aware_in_utc(engine: Engine) -> None:
    """The access log and the pipeline's status, on a session in another zone too."""
    catalog.create_catalog(engine)
    catalog.report(engine, "relay", "running")
    log = AccessLog(engine)
    log.record(AccessEntry("besa", "caseworker", "case", "c-1", ["notes"], "/api/v1/cases"))
    (entry,) = log.entries("c-1")
    moments = [entry["at"], catalog.statuses(engine)["relay"]["updated_at"]]
    assert all(moment.tzinfo is UTC for moment in moments)
    assert all(abs(datetime.now(UTC) - moment) < timedelta(minutes=1) for moment in moments)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            kept = conn.execute(text("SELECT at FROM access_log")).scalar_one()
        assert kept.endswith("+00:00")
