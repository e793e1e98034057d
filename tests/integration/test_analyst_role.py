"""`journey db grant-analyst` (PostgreSQL): the role reads the reporting views, answers
docs/analysts.md's three questions, and gets "permission denied" everywhere else — the
events, the keys, the name tokens, the staff tokens, the access log, the read models'
views with codes — and cannot create anything in our schemas (ADR 35). The statistics
it reads are of counted people only, generalised: no exact day, age, place or citizenship.

Roles are the cluster's and the tests run in parallel: each test makes a role of its own
name and drops it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine, text

from adapters.audit.access_log import access
from adapters.cli.main import main
from adapters.privacy.accounts import identity
from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.store.postgres import postgres_dsn
from adapters.store.read_database import read_engine
from projections import catalog
from projections.registry import read_models

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long analyst secret"
FORBIDDEN = (
    "journey_events",
    "journey_snapshots",
    "journey_data_keys",
    "journey_blind_index",
    "api_users",
    "access_log",
    "caseload",
    "case_timeline",
    "beneficiary_directory",
    "facility_capacity__g1",
)


@pytest.fixture
def database(postgres_url: str) -> Iterator[tuple[str, Engine]]:
    """Our whole database in the test's schema: the store, staff, the access log, and
    every read model's views (with the reporting schema beside them)."""
    build(postgres_url, ScriptedClock(datetime(2026, 3, 1, tzinfo=UTC))).close()
    engine = read_engine(postgres_url)
    identity.create_all(engine)
    access.create_all(engine)
    catalog.create_catalog(engine)
    for model in read_models().values():
        tables = catalog.generation_tables(engine, model, 1)
        with engine.begin() as conn:
            catalog.point_views(conn, model, tables)
    yield postgres_url, engine
    engine.dispose()


@pytest.fixture
def role(database: tuple[str, Engine], tmp_path: Path) -> Iterator[str]:
    url, _ = database
    name = f"analyst_{uuid.uuid4().hex[:12]}"
    secret = tmp_path / "password"
    secret.write_text(f"{PASSWORD}\n")
    assert _journey(url, "grant-analyst", name, "--password-file", str(secret)) == 0
    try:
        yield name
    finally:
        _drop_role(url, name)


def _journey(url: str, *args: str) -> int:
    return main(["--read-database-url", url, "db", *args])


def _drop_role(url: str, name: str) -> None:
    """revoke-analyst, or by hand if the test failed before it."""
    with psycopg.connect(postgres_dsn(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if exists:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def _schemas(url: str) -> tuple[str, str]:
    schema = parse_qs(urlsplit(url).query)["schema"][0]
    return schema, f"{schema}_reporting"


def _as(url: str, role: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(postgres_dsn(url), user=role, password=PASSWORD, autocommit=True)


def _refused(conn: psycopg.Connection[tuple[object, ...]], statement: str) -> str:
    with pytest.raises(psycopg.Error) as raised:
        conn.execute(statement)
    return str(raised.value)


def test_the_role_reads_every_reporting_view(database: tuple[str, Engine], role: str) -> None:
    url, _ = database
    _, reporting = _schemas(url)
    published = [v for m in read_models().values() for v in m.reporting_views]
    assert len(published) > 25
    with _as(url, role) as conn:
        for view in published:
            conn.execute(f'SELECT * FROM "{reporting}"."{view}"').fetchall()


def test_the_role_is_denied_everything_else(database: tuple[str, Engine], role: str) -> None:
    url, _ = database
    schema, reporting = _schemas(url)
    with psycopg.connect(postgres_dsn(url), autocommit=True) as admin:
        # the default schema `public` is usable by every role (PUBLIC has USAGE on it);
        # the test's own schema is made so too, so that the tables' own rights are tested
        admin.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
            sql.Identifier(schema), sql.Identifier(role)))  # fmt: skip
    with _as(url, role) as conn:
        for table in FORBIDDEN:
            error = _refused(conn, f'SELECT * FROM "{schema}"."{table}"')
            assert "permission denied" in error, (table, error)
        for target in (schema, reporting):
            error = _refused(conn, f'CREATE TABLE "{target}".mine (x int)')
            assert "permission denied" in error or "read-only transaction" in error
        conn.execute("SET default_transaction_read_only = off")
        for target in (schema, reporting):
            error = _refused(conn, f'CREATE VIEW "{target}".mine AS SELECT 1 AS x')
            assert "permission denied" in error, (target, error)


def test_the_three_questions_of_the_analysts_guide_run_as_the_role(
    database: tuple[str, Engine], role: str
) -> None:
    url, _ = database
    _, reporting = _schemas(url)
    questions = re.findall(r"```sql\n(.*?)```", (ROOT / "docs" / "analysts.md").read_text(), re.S)
    assert len(questions) == 3
    with _as(url, role) as conn:
        conn.execute(sql.SQL("SET search_path = {}").format(sql.Identifier(reporting)))
        for question in questions:
            conn.execute(question).fetchall()


def test_grant_again_changes_the_password_and_revoke_drops_the_role(
    database: tuple[str, Engine], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = database
    name = f"analyst_{uuid.uuid4().hex[:12]}"
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_text("the first long secret\n")
    second.write_text(f"{PASSWORD}\n")
    try:
        assert _journey(url, "grant-analyst", name, "--password-file", str(first)) == 0
        assert _journey(url, "grant-analyst", name, "--password-file", str(second)) == 0
        with _as(url, name) as conn:
            assert conn.execute("SELECT current_user").fetchone() == (name,)
        assert _journey(url, "revoke-analyst", name) == 0
        with psycopg.connect(postgres_dsn(url)) as conn:
            assert (
                conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
                is None
            )
    finally:
        _drop_role(url, name)
    capsys.readouterr()


def test_roles_journey_did_not_make_and_bad_input_are_refused(
    database: tuple[str, Engine], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = database
    secret = tmp_path / "password"
    secret.write_text(f"{PASSWORD}\n")
    assert _journey(url, "grant-analyst", "postgres", "--password-file", str(secret)) == 2
    assert "is not an analyst role made by journey" in capsys.readouterr().err
    assert _journey(url, "revoke-analyst", "postgres") == 2
    assert "'postgres' exists and is not an analyst role made by journey" in capsys.readouterr().err
    assert _journey(url, "grant-analyst", "Bad-Name", "--password-file", str(secret)) == 2
    assert "lower-case letters, digits and _ only" in capsys.readouterr().err
    short = tmp_path / "short"
    short.write_text("short\n")
    assert _journey(url, "grant-analyst", "analyst_x", "--password-file", str(short)) == 2
    assert "at least 12 characters" in capsys.readouterr().err
    missing = tmp_path / "absent"
    assert _journey(url, "grant-analyst", "analyst_x", "--password-file", str(missing)) == 2
    assert "cannot be read" in capsys.readouterr().err


def test_a_role_that_could_create_through_public_is_warned_about(
    database: tuple[str, Engine], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As `public` is on PostgreSQL 14 and older: CREATE for every role."""
    url, _ = database
    schema, _ = _schemas(url)
    with psycopg.connect(postgres_dsn(url), autocommit=True) as admin:
        admin.execute(sql.SQL("GRANT CREATE ON SCHEMA {} TO PUBLIC").format(sql.Identifier(schema)))
    name = f"analyst_{uuid.uuid4().hex[:12]}"
    secret = tmp_path / "password"
    secret.write_text(f"{PASSWORD}\n")
    try:
        assert _journey(url, "grant-analyst", name, "--password-file", str(secret)) == 0
        warning = capsys.readouterr().err
        assert f"can create objects in schema {schema} through PUBLIC's rights" in warning
        assert f'REVOKE CREATE ON SCHEMA "{schema}" FROM PUBLIC' in warning
    finally:
        _drop_role(url, name)


def _stat_rows(person_id: str, **person: object) -> dict[str, dict[str, object]]:
    """A person of the statistics model with a case, a fact and a stay, by view."""
    case_id, day = str(uuid.uuid4()), date(2026, 2, 14)
    return {
        "stat_people": {
            "person_id": person_id,
            "registered_on": day,
            "sex": "Feminine",
            "age_at_identification": 24,
            "age_band_at_identification": "24-26",
            "minor_at_identification": 0,
            "citizenship": "XK",
            "citizenships": "XK",
            "citizenship_group": "Kosovo",
            "international": 0,
            "municipality_of_origin": "01",
            "origin_region": "Prishtine",
            "reporting_consent": 1,
            "erased": 0,
            "re_trafficked": 0,
            "cases": 1,
            "position": 1,
            **person,
        },
        "stat_cases": {
            "case_id": case_id,
            "person_id": person_id,
            "referred_on": day,
            "opened_on": day,
            "stage": "intake",
            **dict.fromkeys(("services_planned", "services_delivered", "stays"), 0),
            **dict.fromkeys(("day_centre_days", "re_trafficked", "reopened", "position"), 0),
        },
        "stat_facts": {
            "fact_id": f"{case_id}:referred",
            "person_id": person_id,
            "case_id": case_id,
            "fact": "referred",
            "on_day": day,
        },
        "stat_stays": {
            "stay_id": str(uuid.uuid4()),
            "person_id": person_id,
            "case_id": case_id,
            "kind": "shelter",
            "facility_id": str(uuid.uuid4()),
            "first_facility_id": str(uuid.uuid4()),
            "transfers": 0,
            "started_on": day,
        },
    }


def test_reporting_publishes_counted_people_only_and_counts_the_others(
    database: tuple[str, Engine],
) -> None:
    url, engine = database
    _, reporting = _schemas(url)
    people = {name: str(uuid.uuid4()) for name in ("counted", "refused", "erased")}
    rows = [
        _stat_rows(people["counted"]),
        _stat_rows(people["refused"], reporting_consent=0),
        _stat_rows(people["erased"], erased=1, erased_on=date(2026, 3, 1)),
    ]
    tables = catalog.generation_tables(engine, read_models()["statistics"], 1)
    with engine.begin() as conn:
        for view in ("stat_people", "stat_cases", "stat_facts", "stat_stays"):
            conn.execute(tables[view].insert(), [person[view] for person in rows])
    with engine.connect() as conn:
        own = set(conn.execute(text("SELECT person_id FROM stat_people")).scalars())
        published = {
            view: set(conn.execute(text(f'SELECT person_id FROM "{reporting}".{view}')).scalars())
            for view in ("stat_people", "stat_cases", "stat_facts", "stat_stays")
        }
        exclusions: dict[str, int] = dict(
            conn.execute(text(f'SELECT reason, people FROM "{reporting}".stat_exclusions')).all()
        )
        person = conn.execute(text(f'SELECT * FROM "{reporting}".stat_people')).mappings().one()
        (fact_month,) = conn.execute(text(f'SELECT on_month FROM "{reporting}".stat_facts')).one()
    assert own == set(people.values())
    assert all(found == {people["counted"]} for found in published.values()), published
    assert exclusions == {"no_anonymised_reporting_consent": 1, "personal_data_erased": 1}
    assert (person["registered_month"], person["age_band_at_identification"]) == (
        "2026-02",
        "24-26",
    )
    assert (person["origin_region"], fact_month) == ("Prishtine", "2026-02")
    assert not {"age_at_identification", "municipality_of_origin", "citizenships"} & set(person)


EXACT = re.compile(r"_on$|_day$|^(age_at_identification|municipality_of_origin|citizenships?)$")


def test_no_published_statistics_column_is_an_exact_day_age_place_or_citizenship(
    database: tuple[str, Engine],
) -> None:
    url, engine = database
    _, reporting = _schemas(url)
    statistics = set(read_models()["statistics"].reporting_views)
    query = text(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = :schema"
    )
    with engine.connect() as conn:
        columns = [tuple(row) for row in conn.execute(query, {"schema": reporting})]
    published = [(view, column) for view, column in columns if view in statistics]
    assert {view for view, _ in published} == statistics
    assert [(v, c) for v, c in published if EXACT.search(c)] == []
    assert ("grant_attributions", "person_id") not in columns
    assert ("stat_people", "excluded_because") not in columns
