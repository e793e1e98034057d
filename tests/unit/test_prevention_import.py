"""The attendance-sheet import (services/prevention_import.py): every bad line reported
with its column and nothing saved; a good sheet saved whole, once."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.run.bootstrap import Journey
from adapters.run.clock import ScriptedClock
from domain.errors import RuleViolated
from domain.prevention.activity import PreventionActivity
from domain.prevention.vocab import AgeBand, ParticipantGroup, Sector, Sex
from domain.sequence import derived_id
from services.prevention_import import (
    MAX_ROWS,
    ImportResult,
    SheetRejected,
    import_sheet,
    read_sheet,
)
from services.prevention_sheet import template_columns
from tests.support.partners import CSW_PRIZREN, partner
from tests.support.prevention import MEDIA, OFFICER, SCHOOL, TODAY, TRAINING, campaign, sheet


@pytest.fixture(autouse=True)
def _today(clock: ScriptedClock) -> None:
    clock.set(TODAY)


def imported(journey: Journey, data: bytes, name: str = "may.csv") -> ImportResult:
    return import_sheet(journey.app, data, name=name, actor=OFFICER, at=journey.bus.now())


def refusals(journey: Journey, data: bytes) -> list[str]:
    """Every error of the refused sheet; the store holds nothing more than before."""
    before = journey.app.recorder.max_notification_id()
    with pytest.raises(SheetRejected) as refused:
        imported(journey, data)
    assert journey.app.recorder.max_notification_id() == before
    return [str(error) for error in refused.value.errors]


def activity_at(journey: Journey, result: ImportResult, line: int) -> PreventionActivity:
    """The activity recorded from `line` of the sheet (its id: the file's hash and line)."""
    activity_id = derived_id(f"prevention-import:{result.sha256}:{line}")
    return journey.app.load(PreventionActivity, activity_id)


def test_a_good_sheet_is_recorded_whole_in_one_transaction(journey: Journey) -> None:
    partner(journey, CSW_PRIZREN)
    data = sheet([SCHOOL, TRAINING, MEDIA])
    result = imported(journey, data)
    assert (result.activities, result.people) == (3, 26 + 21)
    school = activity_at(journey, result, 2)
    assert school.details.municipality == "20"  # Prizren, by its name
    assert school.details.facilitators == ("drita.gashi", "besa.pvpt")
    assert school.reach.learning is not None
    assert school.reach.learning.pre.mean == pytest.approx(5.2)  # a decimal comma
    training = activity_at(journey, result, 3)
    assert training.details.held_on == date(2026, 5, 14)
    row = training.reach.participants[0]
    assert (row.group, row.sector, row.sex, row.age_band) == (
        ParticipantGroup.PROFESSIONALS, Sector.POLICE, Sex.MALE, AgeBand.FROM_25_TO_64,
    )  # fmt: skip


def test_the_same_file_imported_again_is_refused_naming_it(journey: Journey) -> None:
    data = sheet([SCHOOL, MEDIA])
    imported(journey, data)
    before = journey.app.recorder.max_notification_id()
    with pytest.raises(RuleViolated) as again:
        imported(journey, data, name="may-again.csv")
    assert again.value.rule == "already_imported"
    assert "may-again.csv" in again.value.message
    assert journey.app.recorder.max_notification_id() == before


def test_every_bad_row_is_reported_and_nothing_is_saved(journey: Journey) -> None:
    bad_day = {**SCHOOL, "held_on": "12/05/2026"}
    bad_count = {**MEDIA, "audience.broadcast_reach": "many"}
    errors = refusals(journey, sheet([SCHOOL, bad_day, MEDIA, bad_count]))
    assert errors == [
        "line 3: held_on: '12/05/2026' is not a day: YYYY-MM-DD (or DD.MM.YYYY)",
        "line 5: audience.broadcast_reach: 'many' is not a whole number",
    ]


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"type": "lecture"}, "type"),
        ({"setting": "beach"}, "setting"),
        ({"language": "de"}, "language"),
        ({"duration_minutes": "1.5"}, "duration_minutes"),
        ({"duration_minutes": ""}, "duration_minutes"),
        ({"municipality": "Atlantis"}, "municipality"),
        ({"campaign": "not-an-id"}, "campaign"),
        ({"students_grades_6_9.male.11-14": "-2"}, "students_grades_6_9.male.11-14"),
        ({"learning.pre_mean": ""}, "learning.pre_mean"),
        ({"learning.post_mean": "good"}, "learning.post_mean"),
    ],
)
def test_a_cell_that_cannot_be_read_names_its_line_and_column(
    journey: Journey, change: dict[str, str], column: str
) -> None:
    errors = refusals(journey, sheet([MEDIA, {**SCHOOL, **change}]))
    assert len(errors) == 1
    assert errors[0].startswith(f"line 3: {column}: ")


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"held_on": "2026-07-01"}, "held_on"),  # in the future
        ({"duration_minutes": "2000"}, "duration_minutes"),
        ({"municipality": ""}, "municipality"),  # required for a school session
        ({"facilitators": "Drita Gashi"}, "facilitators"),
        ({"inclusion.roma_ashkali_egyptian": "40"}, "inclusion.roma_ashkali_egyptian"),
        ({"students_grades_6_9.male.11-14": "200000"}, "students_grades_6_9.male.11-14"),
        ({"learning.pass_mark": "12"}, "learning.pass_mark"),
        ({"learning.post_passed": "30"}, "learning.post_passed"),
        ({"materials.leaflet.sq": "2000000"}, "materials.leaflet.sq"),
        ({"audience.views": "100"}, "audience"),  # people met, not an audience
        ({"partners": "no-such-partner"}, "partners"),
        ({"campaign": str(derived_id("no campaign"))}, "campaign"),
    ],
)
def test_what_the_domain_refuses_names_the_line_and_column(
    journey: Journey, change: dict[str, str], column: str
) -> None:
    errors = refusals(journey, sheet([MEDIA, {**SCHOOL, **change}]))
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"line 3: {column}: ")


def test_a_campaign_must_cover_the_day_and_partners_be_registered(journey: Journey) -> None:
    ended = campaign(journey, date(2026, 1, 10), date(2026, 4, 30))
    unknown = {**TRAINING, "partners": f"{CSW_PRIZREN}; ngo-nowhere"}
    errors = refusals(journey, sheet([{**SCHOOL, "campaign": str(ended)}, unknown]))
    assert errors[0].startswith("line 2: held_on: 2026-05-12 is outside campaign")
    assert errors[1] == "line 3: partners: 'ngo-nowhere' is not a registered organisation"


def test_the_header_names_unknown_twice_given_and_missing_columns(journey: Journey) -> None:
    data = b"type,held_on,setting,language,facilitators,pupils.female,held_on,materials.mug.sq\n"
    data += b"school_session,2026-05-12,school,sq,drita.gashi,3,2026-05-12,1\n"
    errors = refusals(journey, data)
    assert errors[0].startswith("line 1: pupils.female: is not a column")
    assert errors[1] == "line 1: held_on: is a column twice"
    assert errors[2].startswith("line 1: materials.mug.sq: 'mug' is not a material")
    assert errors[3] == "line 1: duration_minutes: the sheet has no such column"


def test_empty_files_headers_alone_and_too_many_rows_are_refused(journey: Journey) -> None:
    assert refusals(journey, b"") == ["line 1: file: is empty"]
    header_only = sheet([SCHOOL]).split(b"\r\n")[0] + b"\r\n\r\n"
    assert refusals(journey, header_only) == ["line 1: file: has a header and no activity"]
    many = sheet([MEDIA] * (MAX_ROWS + 1))
    assert refusals(journey, many)[-1].startswith(f"line {MAX_ROWS + 2}: file: the sheet has more")
    assert refusals(journey, b"\xff\xfe t\x00y\x00")[0].startswith("line 1: file: is not UTF-8")


def test_a_row_with_more_cells_than_columns_is_refused(journey: Journey) -> None:
    data = sheet([MEDIA]) + b"media_appearance,2026-05-20,30,media_studio,sq,drita.gashi,1,x,y\r\n"
    assert refusals(journey, data) == [
        "line 3: row: has 9 cells; the header names 8 columns",
    ]


def test_semicolons_quoted_lines_and_a_byte_order_mark_are_read() -> None:
    titled = {**MEDIA, "title": "Line one\nline two; with a semicolon"}
    data = "\ufeff".encode() + sheet([titled, MEDIA], delimiter=";")
    rows = read_sheet(data, "excel.csv")
    assert [row.line for row in rows] == [2, 4]  # the quoted title spans lines 2 and 3
    assert rows[0].command.details.title == "Line one\nline two; with a semicolon"


def test_the_template_header_is_read_as_a_sheet_of_known_columns() -> None:
    columns = template_columns()
    row = dict.fromkeys(columns, "")
    rows = read_sheet(sheet([{**row, **MEDIA}]), "template.csv")
    assert len(rows) == 1
    assert len(columns) == len(set(columns))
