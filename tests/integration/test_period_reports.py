"""Done when (issue 17, §2): on the demo, the quarterly grant report and the TIP-style
data sheet generate in CSV, XLSX and HTML, with totals a test recomputes independently
from the events — on SQLite and PostgreSQL.

The demo's journeys (adapters/run/demo/) run through the real command bus; a grant is
opened on them with shelter stays and every other case attributed; the statistics,
grants, capacity and prevention read models are projected from the stored events as the
relay delivers them; `journey report` writes the files. The figures are then counted
again from the aggregates and their events (tests/support/report_recount.py), never from
the statistics tables, and every published cell and total is compared.
"""

from __future__ import annotations

import csv
import stat
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from adapters.cli.main import main
from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import START, Demo
from adapters.store.read_database import read_engine
from domain.funding.grant import Grant
from domain.funding.values import AttributedRecord, Donor, GrantIndicator, GrantTerms
from domain.funding.vocab import IndicatorMeasure, RecordKind
from services.access import Role
from tests.support import report_recount as recount
from tests.support.http import build_api, catch_up

JOURNEYS = 40
SEED = 2000
REFERENCE = "EU-IPA-2026-014"
GRANT_STARTS, GRANT_ENDS = date(2026, 1, 1), date(2026, 12, 31)
QUARTER = (date(2026, 4, 1), date(2026, 6, 30))
WHOLE_DEMO = (date(2025, 1, 1), date(2026, 12, 31))
MODELS = ("statistics", "grants", "capacity", "prevention")


def _grant(journey: Journey, clock: ScriptedClock, facts: dict[str, Any]) -> None:
    """A grant over 2026: every shelter stay that overlaps it, and every other case."""
    indicators = (
        GrantIndicator("1.1", "People in shelter", IndicatorMeasure.PEOPLE_IN_SHELTER, 30),
        GrantIndicator("1.2", "Shelter nights", IndicatorMeasure.SHELTER_NIGHTS, 2000),
        GrantIndicator("1.3", "People assisted", IndicatorMeasure.PEOPLE_ASSISTED, 40),
    )
    terms = GrantTerms(
        Donor(name="European Union Office in Kosovo"),
        "Shelter and reintegration of victims of trafficking",
        GRANT_STARTS,
        GRANT_ENDS,
        "EUR",
        indicators=indicators,
    )
    at = clock()
    grant = Grant.open(REFERENCE, terms, actor="manager.pvpt", at=at)
    for stay in facts["stays"]:
        if recount.stay_during(stay, GRANT_STARTS, GRANT_ENDS):
            record = AttributedRecord(
                RecordKind.STAY, stay.stay_id, "stay", stay.started_on, stay.ended_on,
                case_id=stay.case_id, person_id=stay.person,
            )  # fmt: skip
            grant.attribute(record, None, None, actor="manager.pvpt", at=at)
    for case in facts["cases"][::2]:
        if recount.open_during(case, GRANT_STARTS, GRANT_ENDS):
            record = AttributedRecord(
                RecordKind.CASE, case.case_id, "case", case.opened_on, case.closed_on,
                case_id=case.case_id, person_id=case.person,
            )  # fmt: skip
            grant.attribute(record, None, None, actor="manager.pvpt", at=at)
            facts["attributed_cases"].append(case)
    journey.app.save(grant)


def _csv(path: Path) -> dict[str, dict[str, str]]:
    """A table's CSV as {row label: {column: cell}}."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows[1:]}


def _published(expected: int, cell: str) -> None:
    """A published cell equals the recount; a suppressed one hides a count of people."""
    if cell == "x":
        return
    assert int(cell) == expected


def _check_files(out: Path, template: str, tables: list[str]) -> None:
    names = {p.name for p in out.iterdir()}
    assert {"cover.csv", f"{template}.xlsx", f"{template}.html"} <= names
    assert {f"{t}.csv" for t in tables} <= names
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    book = load_workbook(out / f"{template}.xlsx")
    assert book.sheetnames == ["Cover", *tables]
    page = (out / f"{template}.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 1
    assert "https://" not in page


@pytest.fixture
def demo(database_url: str, read_url: str) -> Any:
    clock = ScriptedClock(START)
    journey = build(database_url, clock)
    engine = read_engine(read_url)
    try:
        Demo(journey, clock, seed=SEED).run(JOURNEYS)
        people = recount.beneficiaries(journey)
        cases = recount.cases(journey)
        case_people = {c.case_id: c.person for c in cases}
        facts: dict[str, Any] = {
            "people": people,
            "cases": cases,
            "stays": recount.stays(journey, case_people),
            "attributed_cases": [],
        }
        _grant(journey, clock, facts)
        catch_up(journey, engine, *MODELS)
        yield journey, engine, facts
    finally:
        journey.close()
        engine.dispose()


GRANT_TABLES = [
    "indicators",
    "people_assisted",
    "people_in_shelter",
    "services_by_type",
    "prevention_reach",
]
TIP_TABLES = [
    "victims_by_sex_and_age",
    "victims_by_exploitation",
    "victims_by_citizenship",
    "formally_identified",
    "justice_outcomes",
    "people_assisted",
    "people_in_shelter",
    "services_by_type",
]


@pytest.mark.slow
def test_the_grant_report_and_the_tip_sheet_match_the_events(
    demo: tuple[Journey, Engine, dict[str, Any]],
    read_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    journey, engine, facts = demo
    monkeypatch.setenv("JOURNEY_READ_DATABASE_URL", read_url)
    # 40 journeys give a quarter a handful of people: the grant report's threshold is 2
    # (the setting report_min_cell) so that the comparison covers nearly every cell
    monkeypatch.setenv("JOURNEY_REPORT_MIN_CELL", "2")
    _check_grant_report(tmp_path / "grant", facts)
    monkeypatch.delenv("JOURNEY_REPORT_MIN_CELL")  # the TIP sheet at the default, 5
    presumed = _check_tip_sheet(tmp_path / "tip", facts)
    _check_http(journey, engine, presumed)


def _run(out: Path, *args: str) -> None:
    assert main(["report", *args, "--format", "csv,xlsx,html", "--out", str(out)]) == 0


def _counted(facts: dict[str, Any]) -> set[UUID]:
    return {p for p, b in facts["people"].items() if recount.counted(b)}


def _check_grant_report(out: Path, facts: dict[str, Any]) -> None:
    start, end = QUARTER
    _run(out, "quarterly-grant", "--from", str(start), "--to", str(end), "--grant", REFERENCE)
    _check_files(out, "quarterly-grant", GRANT_TABLES)
    counted = _counted(facts)
    in_shelter = [
        s for s in facts["stays"] if recount.stay_during(s, start, end) and s.person in counted
    ]
    shelter_people = {s.person for s in in_shelter}
    nights = sum(recount.nights(s, start, end) for s in in_shelter)
    assisted = {
        c.person
        for c in facts["attributed_cases"]
        if recount.open_during(c, start, end) and c.person in counted
    }
    assert nights > 0
    assert len(shelter_people) >= 2  # the figures are published, not all suppressed
    assert len(assisted) >= 2
    indicators = _csv(out / "indicators.csv")
    assert indicators["1.1 People in shelter"]["achieved"] == str(len(shelter_people))
    assert indicators["1.2 Shelter nights"]["achieved"] == str(nights)
    assert indicators["1.2 Shelter nights"]["target"] == "2000"
    assert indicators["1.3 People assisted"]["achieved"] == str(len(assisted))
    shelter = _csv(out / "people_in_shelter.csv")
    assert shelter["Total"]["people"] == str(len(shelter_people))
    by_sex = recount.by_sex(facts["people"][p] for p in shelter_people)
    for sex, cells in shelter.items():
        if sex != "Total":
            _published(by_sex[sex], cells["people"])
    assert _csv(out / "people_assisted.csv")["Total"]["Total"] == str(len(assisted))


def _check_tip_sheet(out: Path, facts: dict[str, Any]) -> int:
    """The TIP sheet over the whole demo; the number of presumed victims counted."""
    start, end = WHOLE_DEMO
    _run(out, "tip-data-sheet", "--from", str(start), "--to", str(end))
    _check_files(out, "tip-data-sheet", TIP_TABLES)
    people, counted = facts["people"], _counted(facts)
    presumed = [people[p] for p in counted if _within(recount.presumed_on(people[p]))]
    cells = Counter((b.age_band.value, b.gender.value) for b in presumed)
    table = _csv(out / "victims_by_sex_and_age.csv")
    assert table["Total"]["Total"] == str(len(presumed))
    for band, line in table.items():
        for sex, cell in line.items():
            if "Total" not in (band, sex):
                _published(cells[(band, sex)], cell)
    for name in ("victims_by_exploitation", "victims_by_citizenship"):
        assert _csv(out / f"{name}.csv")["Total"]["Total"] == str(len(presumed))
    formal = [p for p in counted if _within(recount.formally_identified_on(people[p]))]
    _published(len(formal), _csv(out / "formally_identified.csv")["Total"]["people"])
    assisted = {
        c.person
        for c in facts["cases"]
        if recount.open_during(c, start, end) and c.person in counted
    }
    table = _csv(out / "people_assisted.csv")
    assert table["Total"]["people"] == str(len(assisted))
    by_sex = recount.by_sex(people[p] for p in assisted)
    for sex, line in table.items():
        if sex != "Total":
            _published(by_sex[sex], line["people"])
    sheltered = {
        s.person
        for s in facts["stays"]
        if recount.stay_during(s, start, end) and s.person in counted
    }
    _published(len(sheltered), _csv(out / "people_in_shelter.csv")["Total"]["people"])
    left_out = recount.left_out(people)  # who was left out, and the cover says so
    assert left_out
    cover = (out / "cover.csv").read_text(encoding="utf-8")
    assert f"People left out,{sum(left_out.values())}: " in cover
    assert "without the anonymised-reporting consent in force" in cover
    return len(presumed)


def _within(day: date | None) -> bool:
    start, end = WHOLE_DEMO
    return day is not None and start <= day <= end


def _check_http(journey: Journey, engine: Engine, presumed: int) -> None:
    """The same tables over HTTP, for the roles that read reports."""
    start, end = WHOLE_DEMO
    body = {"from": str(start), "to": str(end)}
    with build_api(journey, engine) as api:
        answer = api.post(Role.CASE_MANAGER, "/api/v1/reports/tip-data-sheet", body)
        assert answer.status_code == 200, answer.text
        tables = {t["id"]: t for t in answer.json()["tables"]}
        total = tables["victims_by_sex_and_age"]["rows"][-1]
        assert total["label"] == "Total"
        assert total["values"][-1] == presumed
        refused = api.post(Role.CASEWORKER, "/api/v1/reports/tip-data-sheet", body)
        assert refused.status_code == 403
        missing = api.post(Role.CASE_MANAGER, "/api/v1/reports/quarterly-grant", body)
        assert missing.status_code == 422
        assert "reports on a grant: name one" in missing.text
