"""Rebuilds never drop what analysts built on our views (ADR 35): an analyst's view on a
model's view, on a derived view, and (PostgreSQL) on a reporting view, still answers
after `journey projections rebuild`, from the new generation. A view whose columns
changed is replaced only if no one else's object depends on it; otherwise the switch
stops, names the dependants, and changes nothing."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Engine, Table, create_engine, text

from adapters.run.bootstrap import Journey
from projections import catalog
from projections.capacity import Capacity
from projections.catalog.views import ViewsInUse
from projections.rebuild import rebuild
from tests.support.factories import facility
from tests.support.projecting import ScriptedSource, deliveries

ANALYSTS_VIEWS = {
    "my_beds": "SELECT name, beds FROM facility_capacity",  # on a table's view
    "my_utilisation": "SELECT facility_name, days FROM facility_utilisation",  # on a derived view
}


def _rebuild(journey: Journey, engine: Engine, model: Capacity | None = None) -> int:
    source = ScriptedSource(deliveries(journey))
    return asyncio.run(rebuild(model or Capacity(), engine, source))


def _names(engine: Engine, view: str) -> list[str]:
    with engine.connect() as conn:
        return sorted(str(row[0]) for row in conn.execute(text(f"SELECT * FROM {view}")))


def _reporting(engine: Engine) -> str:
    with engine.connect() as conn:
        return catalog.reporting.reporting_schema_of(catalog.reporting.own_schema(conn))


def test_an_analysts_views_survive_a_rebuild_and_read_the_new_generation(
    journey: Journey, engine: Engine
) -> None:
    facility(journey, beds=4, name="Shelter Prishtina")
    assert _rebuild(journey, engine) == 2
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        for name, sql in ANALYSTS_VIEWS.items():
            conn.execute(text(f"CREATE VIEW {name} AS {sql}"))
        if postgres:
            reporting = _reporting(engine)
            conn.execute(
                text(
                    f'CREATE VIEW my_published AS SELECT name FROM "{reporting}".facility_capacity'
                )
            )
    facility(journey, beds=6, name="Shelter Gjakovë")
    assert _rebuild(journey, engine) == 3
    both = ["Shelter Gjakovë", "Shelter Prishtina"]
    assert _names(engine, "my_beds") == both
    assert _names(engine, "my_utilisation") == both
    if postgres:
        assert _names(engine, "my_published") == both
    with engine.connect() as conn:
        shown = conn.execute(text("SELECT COUNT(*) FROM facility_capacity__g3")).scalar()
    assert shown == 2


class NarrowerCapacity(Capacity):
    """A later version of the code whose `facility_capacity` lost columns (and no longer
    publishes them)."""

    reporting_views = {**Capacity.reporting_views, "facility_capacity": ("facility_id", "name")}

    def view_sql(self, view: str, table: Table, dialect: str) -> str:
        if view == "facility_capacity":
            return f'SELECT facility_id, name, kind FROM "{table.name}"'
        return super().view_sql(view, table, dialect)


def test_changed_columns_replace_our_views_when_only_ours_depend_on_them(
    journey: Journey, engine: Engine
) -> None:
    facility(journey)
    _rebuild(journey, engine)
    _rebuild(journey, engine, NarrowerCapacity())
    with engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM facility_capacity")).mappings().one()
    assert set(row) == {"facility_id", "name", "kind"}


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_changed_columns_under_an_analysts_view_stop_the_switch_and_name_it(
    journey: Journey, engine: Engine
) -> None:
    facility(journey)
    _rebuild(journey, engine)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE VIEW my_beds AS {ANALYSTS_VIEWS['my_beds']}"))
        schema = catalog.reporting.own_schema(conn)
    with pytest.raises(ViewsInUse, match=rf"{schema}\.my_beds depend on our views"):
        _rebuild(journey, engine, NarrowerCapacity())
    with engine.connect() as conn:
        active = catalog.active_generation(conn, "capacity")
        columns = conn.execute(text("SELECT * FROM facility_capacity")).keys()
    assert active == 2  # nothing changed: the views still show generation 2, whole
    assert "beds" in columns
    assert _names(engine, "my_beds") == ["Shelter Prishtina"]


def test_sqlite_drops_a_view_with_dependants_and_they_bind_again() -> None:
    """What the SQLite path relies on: DROP VIEW ignores dependants, names bind when read."""
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE a (x INTEGER)"))
        conn.execute(text("INSERT INTO a VALUES (1)"))
        conn.execute(text("CREATE VIEW ours AS SELECT x FROM a"))
        conn.execute(text("CREATE VIEW theirs AS SELECT x FROM ours"))
        conn.execute(text("DROP VIEW ours"))
        conn.execute(text("CREATE VIEW ours AS SELECT x + 1 AS x FROM a"))
        assert conn.execute(text("SELECT x FROM theirs")).scalar() == 2
