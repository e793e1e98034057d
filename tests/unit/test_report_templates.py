"""Report templates (adapters/reports/period/templates.py): the shipped ones are valid,
and every mistake in a template is refused naming the file, the table and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.cli.main import main
from adapters.reports.period.templates import TemplateError, load, load_shipped, parse, shipped
from adapters.reports.period.vocabulary import BREAKDOWNS, MEASURES, allowed_breakdowns
from domain.errors import RecordNotFound

HEAD = 'title = "T"\naudience = "board"\n'


def _table(body: str) -> str:
    return f'{HEAD}[[table]]\nid = "people"\ntitle = "People"\n{body}\n'


def test_the_four_templates_are_shipped_and_valid() -> None:
    assert shipped() == ["greta-tables", "national-statistics", "quarterly-grant", "tip-data-sheet"]
    for name in shipped():
        template = load(name)
        assert template.tables
        assert template.title
    assert load("quarterly-grant").needs_grant
    assert not load("tip-data-sheet").needs_grant


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'measure = "victims_rescued"',
            "mine.toml: table 'people': measure: unknown measure 'victims_rescued' (known: ",
        ),
        (
            'measure = "presumed_victims"\nbreakdowns = ["shoe_size"]',
            "mine.toml: table 'people': breakdowns: unknown breakdown 'shoe_size' (known: ",
        ),
        (
            'measure = "presumed_victims"\nbreakdowns = ["service_type"]',
            "mine.toml: table 'people': breakdowns: measure 'presumed_victims' cannot be "
            "broken down by 'service_type' (it can by: sex, ",
        ),
        (
            'measure = "presumed_victims"\nbreakdowns = ["sex", "age_band", "citizenship"]',
            "mine.toml: table 'people': breakdowns: at most two (rows, columns), got 3",
        ),
        (
            'measure = "presumed_victims"\ncolour = "red"',
            "mine.toml: table 'people': colour: unknown key (allowed: breakdowns, chart, id, ",
        ),
        (
            'measure = "presumed_victims"\nscope = "donor"',
            "mine.toml: table 'people': scope: one of all, grant, got 'donor'",
        ),
        (
            'measure = "turn_aways"\nbreakdowns = ["sex", "child_or_adult"]',
            "mine.toml: table 'people': breakdowns: turn-aways are counted by sex and by "
            "child/adult separately, not crossed",
        ),
        (
            'measure = "turn_aways"\nscope = "grant"',
            "mine.toml: table 'people': scope: 'turn_aways' is never attributed to a grant",
        ),
        ("", "mine.toml: table 'people': measure: required text"),
    ],
)
def test_a_mistake_names_the_file_the_table_and_the_key(body: str, message: str) -> None:
    with pytest.raises(TemplateError) as raised:
        parse("mine", "mine.toml", _table(body))
    assert str(raised.value).startswith(message)


def test_mistakes_at_the_top_of_a_template() -> None:
    with pytest.raises(TemplateError, match=r"^mine\.toml: table: at least one \[\[table\]\]"):
        parse("mine", "mine.toml", HEAD)
    with pytest.raises(TemplateError, match=r"^mine\.toml: owner: unknown key"):
        parse("mine", "mine.toml", HEAD + 'owner = "me"\n')
    with pytest.raises(TemplateError, match=r"^mine\.toml: not valid TOML"):
        parse("mine", "mine.toml", "title = ")
    twice = (
        _table('measure = "presumed_victims"')
        + '[[table]]\nid = "people"\ntitle = "Again"\nmeasure = "cases_opened"\n'
    )
    with pytest.raises(TemplateError, match=r"^mine\.toml: table 'people': id: used by two tables"):
        parse("mine", "mine.toml", twice)


def test_an_unknown_template_lists_the_known_ones() -> None:
    with pytest.raises(RecordNotFound, match=r"template 'annual': no such template \(known: greta"):
        load("annual")


def test_people_are_broken_down_only_by_what_each_person_has_once() -> None:
    """A person counted once per table: a breakdown of people must give each person one
    value, so that the cells add up to the total."""
    for measure in MEASURES.values():
        if measure.unit.value == "people" and measure.source.value != "turnaways":
            assert "month" not in allowed_breakdowns(measure)
            assert "service_type" not in allowed_breakdowns(measure)


def test_over_http_only_a_shipped_template_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(_table('measure = "presumed_victims"'))
    assert load(str(path)).name == "mine"
    with pytest.raises(RecordNotFound, match="no such template"):
        load_shipped(str(path))
    assert load_shipped("tip-data-sheet").name == "tip-data-sheet"


def test_the_reports_page_documents_every_measure_and_breakdown() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text()
    assert [m for m in MEASURES if f"| `{m}` |" not in page] == []
    assert [b for b in BREAKDOWNS if f"`{b}`" not in page] == []


def test_journey_report_lists_the_templates_and_names_a_bad_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["report", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "quarterly-grant: Quarterly grant report, for donor (needs --grant)" in listed
    assert "    victims_by_sex_and_age: " in listed
    out = str(tmp_path / "out")
    assert (
        main(["report", "tip-data-sheet", "--from", "2026-01-01", "--to", "soon", "--out", out])
        == 2
    )
    assert "journey: --to: a day YYYY-MM-DD, got 'soon'" in capsys.readouterr().err
    assert (
        main(
            [
                "report",
                "tip-data-sheet",
                "--from",
                "2026-01-01",
                "--to",
                "2026-03-31",
                "--format",
                "pdf",
                "--out",
                out,
            ]
        )
        == 2
    )
    assert "format: one or more of csv, xlsx, html, got 'pdf'" in capsys.readouterr().err
