"""The period reports' engine on hand-made rows shaped like the views it reads
(tests/support/report_views.py): what it counts, who it leaves out and says so, what it
suppresses, a grant's part, and the files it writes."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from adapters.reports.period import engine as report_engine
from adapters.reports.period.engine import Report, ReportTable
from adapters.reports.period.files import formats_of, table_rows, write_report
from adapters.reports.period.grants import Grant, Interval
from adapters.reports.period.sources import Period, nights, rows_of
from adapters.reports.period.templates import load, parse
from adapters.reports.period.vocabulary import MEASURES, Source
from domain.errors import InvalidInput, RecordNotFound, RuleViolated
from tests.support.report_views import insert, person, views_engine

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
NOW = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
GRANT = "EU-IPA-2026-014"
# twelve people: p01-p06 women, p07-p10 men, p11 erased, p12 without reporting consent
PEOPLE = [
    person(
        f"p{n:02}",
        sex="Feminine" if n <= 6 else "Masculine",
        minor_at_identification=int(n in (1, 7)),
    )
    for n in range(1, 11)
] + [person("p11", erased=1), person("p12", reporting_consent=0)]


@pytest.fixture
def views() -> Iterator[Engine]:
    engine = views_engine()
    insert(engine, "stat_people", PEOPLE)
    ids = [p["person_id"] for p in PEOPLE]
    insert(engine, "stat_cases", [
        {"case_id": f"c{p[1:]}", "person_id": p, "referred_on": "2026-01-02",
         "opened_on": "2026-01-03", "closed_on": "2026-03-20" if p == "p10" else None}
        for p in ids
    ] + [{"case_id": "c-old", "person_id": "p01", "referred_on": "2025-01-01",
          "opened_on": "2025-01-02", "closed_on": "2025-06-01"}])  # fmt: skip
    facts = [
        {"fact_id": f"f-presumed-{p}", "person_id": p, "case_id": f"c{p[1:]}",
         "fact": "presumed_identified", "on_day": "2026-02-01"}
        for p in ids
    ] + [
        {"fact_id": f"f-service-{n}", "person_id": ids[n % 12], "case_id": f"c{ids[n % 12][1:]}",
         "fact": "service_delivered", "on_day": "2026-02-10", "record_id": f"s{n}",
         "detail": "Legal" if n < 8 else "Health"}
        for n in range(20)
    ] + [
        {"fact_id": "plan1:follow_up_3:due", "person_id": "p01", "case_id": "c01",
         "fact": "follow_up_scheduled", "on_day": "2026-03-01", "record_id": "plan1",
         "detail": "3"},
        {"fact_id": "plan1:follow_up_6:due", "person_id": "p01", "case_id": "c01",
         "fact": "follow_up_scheduled", "on_day": "2026-03-10", "record_id": "plan1",
         "detail": "6"},
        {"fact_id": "plan1:follow_up_3", "person_id": "p01", "case_id": "c01",
         "fact": "follow_up_done", "on_day": "2026-03-02", "record_id": "plan1",
         "detail": "sustained"},
        {"fact_id": "f-late", "person_id": "p03", "case_id": "c03", "fact": "presumed_identified",
         "on_day": "2026-04-01"},
    ]  # fmt: skip
    insert(engine, "stat_facts", facts)
    insert(engine, "stat_stays", [
        {"stay_id": "st1", "person_id": "p01", "case_id": "c01", "kind": "shelter",
         "facility_id": "f1", "started_on": "2025-12-30", "ended_on": "2026-01-10"},
        {"stay_id": "st2", "person_id": "p02", "case_id": "c02", "kind": "shelter",
         "facility_id": "f1", "started_on": "2026-03-29", "ended_on": None},
    ])  # fmt: skip
    insert(engine, "grants", [{"grant_id": "g1", "reference": GRANT, "donor_name": "EU",
        "title": "Shelter and reintegration", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31", "currency": "EUR", "status": "active"}])  # fmt: skip
    insert(engine, "grant_indicators", [
        {"grant_id": "g1", "indicator_code": "I1", "name": "People assisted",
         "measure": "people_assisted", "target": 12},
        {"grant_id": "g1", "indicator_code": "I2", "name": "Services",
         "measure": "services_delivered", "target": 40},
        {"grant_id": "g1", "indicator_code": "I3", "name": "Pupils met",
         "measure": "prevention_people_met", "target": 100},
    ])  # fmt: skip
    insert(engine, "grant_attributions", [
        {"attribution_id": f"a{n}", "grant_id": "g1", "record_kind": "case",
         "record_id": f"c{n:02}", "attributed_on": "2026-01-01"}
        for n in (1, 2, 3, 4, 5, 6, 11)  # c11: p11's, erased: left out
    ] + [{"attribution_id": "a-campaign", "grant_id": "g1", "record_kind": "campaign",
          "record_id": "camp1", "attributed_on": "2026-01-01"}])  # fmt: skip
    insert(engine, "facility_turnaways_monthly", [
        {"facility_id": "f1", "month": "2026-02", "reason": "no_bed", "facility_name": "Shelter",
         "turn_aways": 7, "children": 2, "adults": 5, "age_unknown": 0, "women_and_girls": 6,
         "men_and_boys": 1, "gender_other_or_unknown": 0},
        {"facility_id": "f1", "month": "2026-04", "reason": "no_bed", "facility_name": "Shelter",
         "turn_aways": 9, "children": 0, "adults": 9, "age_unknown": 0, "women_and_girls": 9,
         "men_and_boys": 0, "gender_other_or_unknown": 0},
    ])  # fmt: skip
    insert(engine, "prevention_reach", [
        {"activity_id": "act1", "campaign_id": "camp1", "type": "school_session",
         "held_on": "2026-02-15", "municipality": "20", "participant_group": "students_grades_6_9",
         "sex": "female", "age_band": "11-14", "people": 31},
        {"activity_id": "act2", "campaign_id": None, "type": "school_session",
         "held_on": "2026-03-15", "municipality": "25", "participant_group": "students_grades_6_9",
         "sex": "male", "age_band": "11-14", "people": 2},
    ])  # fmt: skip
    insert(engine, "prevention_activities", [
        {"activity_id": "act1", "campaign_id": "camp1", "type": "school_session",
         "held_on": "2026-02-15", "municipality": "20", "withdrawn": 0},
        {"activity_id": "act2", "campaign_id": None, "type": "school_session",
         "held_on": "2026-03-15", "municipality": "25", "withdrawn": 0},
    ])  # fmt: skip
    yield engine
    engine.dispose()


def _run(engine: Engine, template: str, grant: str | None = None) -> Report:
    with engine.connect() as conn:
        return report_engine.run(
            conn, load(template), Q1, grant_reference=grant, threshold=5, now=NOW
        )


def _table(report: Report, table_id: str) -> ReportTable:
    return next(t for t in report.tables if t.id == table_id)


def _cells(table: ReportTable) -> dict[str, tuple[float | int | None, ...]]:
    return dict(zip(table.labels, table.values, strict=True))


def test_people_without_reporting_consent_or_erased_are_left_out_and_counted(
    views: Engine,
) -> None:
    report = _run(views, "national-statistics")
    presumed = _table(report, "presumed_victims")
    assert presumed.total == 10  # p03's identification on 1 April is outside the period
    assert presumed.excluded == {"personal_data_erased": 1, "no_anonymised_reporting_consent": 1}
    assert report.excluded == {"personal_data_erased": 1, "no_anonymised_reporting_consent": 1}


def test_small_cells_and_their_complements_are_suppressed(views: Engine) -> None:
    table = _table(_run(views, "national-statistics"), "presumed_victims")
    # one age band, 18-20: 6 women, 4 men — the men are fewer than 5, so the women too
    assert table.header == ("Age band at identification", "Feminine", "Masculine", "Total")
    assert _cells(table)["18-20"] == (None, None, 10)
    assert _cells(table)["Total"] == (None, None, 10)


def test_services_by_type_and_follow_ups(views: Engine) -> None:
    report = _run(views, "national-statistics")
    # 20 services, of which those of p11 (n = 10) and p12 (n = 11) are left out
    assert _cells(_table(report, "services_by_type")) == {
        "Health": (10,),
        "Legal": (8,),
        "Total": (18,),
    }
    assert _table(report, "follow_ups_due").values == ((None,),)  # 2: small
    assert _table(report, "follow_ups_done").suppressed
    overdue = _table(report, "follow_ups_overdue")
    assert overdue.suppressed
    assert overdue.values == ((None,),)
    with views.connect() as conn:  # the 6-month one, not the 3-month one of the same plan
        rows = rows_of(conn, MEASURES["follow_ups_overdue"], Q1, [])
    assert [row["fact_id"] for row in rows] == ["plan1:follow_up_6:due"]


def test_turn_aways_count_the_months_of_the_period(views: Engine) -> None:
    table = _table(_run(views, "national-statistics"), "turn_aways")
    assert _cells(table) == {"no_bed": (7,), "Total": (7,)}


def test_shelter_nights_are_those_within_the_period() -> None:
    assert nights(date(2025, 12, 30), date(2026, 1, 10), Q1) == 9
    assert nights(date(2026, 3, 29), None, Q1) == 3
    assert nights(date(2026, 3, 29), date(2026, 3, 29), Q1) == 0


def test_a_grant_report_counts_what_the_grant_is_attributed(views: Engine) -> None:
    report = _run(views, "quarterly-grant", GRANT)
    indicators = _cells(_table(report, "indicators"))
    assert indicators["I1 People assisted"] == (12, 6, 50.0)  # cases c01-c06
    services = sum(1 for n in range(20) if (n % 12) < 6)  # services of p01-p06
    assert indicators["I2 Services"] == (40, services, round(100 * services / 40, 1))
    assert indicators["I3 Pupils met"] == (100, 31, 31.0)  # the campaign's activity only
    shelter = _table(report, "people_in_shelter")  # p01 and p02: 2, fewer than 5
    assert shelter.total is None
    assert len(shelter.suppressed) == 2


def test_a_grant_template_without_a_grant_is_refused(views: Engine) -> None:
    with pytest.raises(InvalidInput, match="template 'quarterly-grant' reports on a grant"):
        _run(views, "quarterly-grant")
    with pytest.raises(RecordNotFound, match="grant 'NO-SUCH': no grant with this reference"):
        _run(views, "quarterly-grant", "NO-SUCH")


def test_a_missing_view_is_named_not_a_crash() -> None:
    engine = views_engine()
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE stat_facts")
    with pytest.raises(RuleViolated, match=r"view\(s\) stat_facts this report reads are not built"):
        _run(engine, "tip-data-sheet")


def test_a_fault_on_views_that_exist_is_raised_not_called_unbuilt() -> None:
    engine = views_engine()
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE stat_facts DROP COLUMN detail")
    with pytest.raises(DBAPIError):
        _run(engine, "tip-data-sheet")


@pytest.mark.parametrize(
    ("period", "field"),
    [
        (Period(date(2026, 1, 1), date(9999, 12, 31)), "to"),
        (Period(date(1, 1, 1), date(2026, 3, 31)), "from"),
        (Period(date(2026, 4, 1), date(2026, 3, 31)), "from"),
    ],
)
def test_a_period_out_of_range_or_backwards_is_refused_naming_the_day(
    views: Engine, period: Period, field: str
) -> None:
    with views.connect() as conn, pytest.raises(InvalidInput) as refused:
        report_engine.run(
            conn, load("tip-data-sheet"), period, grant_reference=None, threshold=5, now=NOW
        )
    assert refused.value.field == field


def test_a_stay_counts_for_a_grant_only_on_the_days_its_attribution_ran() -> None:
    grant = Grant(GRANT, "Shelter", "EU", date(2026, 1, 1), date(2026, 12, 31))
    grant.attributed[("stay", "st1")].append(Interval(date(2026, 1, 1), date(2026, 2, 14)))
    grant.attributed[("case", "c01")].append(Interval(date(2026, 2, 10), date(2026, 2, 20)))
    stay = {"record_id": "st1", "case_id": "c01", "started_on": date(2025, 12, 1),
            "ended_on": None}  # fmt: skip
    spans = grant.covering(Source.STAYS, stay, Q1)
    assert spans == [Period(date(2026, 1, 1), date(2026, 2, 20))]  # the two joined
    assert sum(nights(date(2025, 12, 1), None, span) for span in spans) == 51
    handed_over = {**stay, "case_id": "c02"}  # the case is another grant's
    assert grant.covering(Source.STAYS, handed_over, Period(date(2026, 3, 1), Q1.end)) == []
    service = {"record_id": "s1", "case_id": "c01", "on_day": date(2026, 2, 21)}
    assert grant.covering(Source.FACTS, service, Q1) == []  # after the case's attribution


def test_every_format_is_written_private_with_a_cover(views: Engine, tmp_path: Path) -> None:
    report = _run(views, "quarterly-grant", GRANT)
    out = tmp_path / "q1"
    written = write_report(report, out, formats_of("csv,xlsx,html"))
    names = {p.name for p in written}
    assert {"cover.csv", "indicators.csv", "services_by_type.csv"} <= names
    assert {"quarterly-grant.xlsx", "quarterly-grant.html"} <= names
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    cover = (out / "cover.csv").read_text()
    assert "People left out" in cover
    assert "no statistical record" not in cover
    book = load_workbook(out / "quarterly-grant.xlsx")
    assert book.sheetnames[0] == "Cover"
    assert "services_by_type" in book.sheetnames
    headings = {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True) if row}
    assert headings["Period"] == "2026-01-01 to 2026-03-31"
    assert str(headings["People left out"]).startswith("1: 1 erased")
    assert "suppressed" in str(headings["Small cells"])
    page = (out / "quarterly-grant.html").read_text()
    assert "http://" not in page
    assert "https://" not in page
    assert 'src="data:image/png;base64,' in page


def test_formats_are_checked() -> None:
    with pytest.raises(InvalidInput, match="format: one or more of csv, xlsx, html, got 'pdf'"):
        formats_of("pdf")


def test_a_template_file_given_by_path(tmp_path: Path, views: Engine) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'title = "Mine"\naudience = "board"\n[[table]]\nid = "t"\ntitle = "T"\n'
        'measure = "presumed_victims"\n'
    )
    template = load(str(path))
    assert template.name == "mine"
    with views.connect() as conn:
        report = report_engine.run(conn, template, Q1, grant_reference=None, threshold=5, now=NOW)
    assert report.tables[0].values == ((10,),)
    assert parse("x", "x.toml", path.read_text()).tables[0].measure.name == "presumed_victims"


def test_a_table_with_nothing_to_count_shows_its_zero_total(views: Engine) -> None:
    report = _run(views, "tip-data-sheet")
    justice = _table(report, "justice_outcomes")
    assert justice.labels == ("Total",)
    assert justice.values == ((0,),)
    assert table_rows(justice) == [["Justice outcome", "records"], ["Total", "0"]]
