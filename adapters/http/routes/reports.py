"""Period reports over HTTP (docs/reports.md): the templates, and a report of one for a
period as JSON tables — the same tables `journey report` writes to CSV, XLSX and HTML,
with the same exclusions and suppression. For managers and admins
(`read:reports`, services/access.py). No person is in any answer: cells count people.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, get, post
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import Example
from litestar.params import JSONBody, PathParameter
from msgspec import Meta
from sqlalchemy import Engine

from adapters.http.problem_types import refusal
from adapters.http.routes.lists import require_any
from adapters.privacy.accounts import User
from adapters.reports.period import engine
from adapters.reports.period.cover import excluded_text, suppression_text, table_notes
from adapters.reports.period.engine import Report, ReportTable
from adapters.reports.period.sources import NotBuilt, Period
from adapters.reports.period.templates import (
    Template,
    TemplateError,
    load,
    load_shipped,
    shipped,
)
from services.access import READ_REPORTS

REPORTS = "/api/v1/reports"
TAGS = ["read models"]
# a view a report reads not built yet: 503, as a list of a read model never built
refusal("ReadModelNotBuilt")(NotBuilt)
refusal("InvalidInput")(TemplateError)
_DAY = "2026-01-01"
_OUTLINE_EXAMPLE = [
    {
        "id": "services_by_type",
        "title": "Services delivered, by type",
        "measure": "services_delivered",
        "breakdowns": ["service_type"],
        "grant": False,
    }
]

TemplateName = Annotated[
    str,
    PathParameter(
        description="a shipped template's name (GET /api/v1/reports lists them)",
        max_length=100,
        examples=[Example(value="tip-data-sheet")],
    ),
]


class TableOutline(msgspec.Struct, frozen=True):
    """A table a template declares."""

    id: Annotated[
        str, Meta(description="the table's id (its CSV file's name)", examples=["services_by_type"])
    ]
    title: Annotated[str, Meta(description="its title", examples=["Services delivered, by type"])]
    measure: Annotated[
        str, Meta(description="what it counts (docs/reports.md)", examples=["services_delivered"])
    ]
    breakdowns: Annotated[
        list[str], Meta(description="rows, then columns", examples=[["service_type"]])
    ]
    grant: Annotated[
        bool, Meta(description="counts only what the grant is attributed", examples=[True])
    ]


class TemplateOutline(msgspec.Struct, frozen=True):
    """A shipped report template."""

    name: Annotated[str, Meta(description="the template's name", examples=["quarterly-grant"])]
    title: Annotated[str, Meta(description="its title", examples=["Quarterly grant report"])]
    audience: Annotated[str, Meta(description="who it is for", examples=["donor"])]
    description: Annotated[str, Meta(description="what it reports", examples=["Indicators …"])]
    needs_grant: Annotated[bool, Meta(description="a report of it names a grant", examples=[True])]
    tables: Annotated[
        list[TableOutline],
        Meta(description="its tables, in order", examples=[_OUTLINE_EXAMPLE]),
    ]


class ReportRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The period, and the grant for a grant's template."""

    from_: Annotated[date, Meta(description="the period's first day", examples=[_DAY])] = (
        msgspec.field(name="from")
    )
    to: Annotated[date, Meta(description="its last day (included)", examples=["2026-03-31"])]
    grant: (
        Annotated[
            str,
            Meta(
                min_length=1,
                max_length=100,
                description="the grant's reference (templates that need one)",
                examples=["EU-IPA-2026-014"],
            ),
        ]
        | None
    ) = None


class SuppressedCell(msgspec.Struct, frozen=True):
    """A cell not published (its value is null in `rows`)."""

    row: Annotated[str, Meta(description="the row's label", examples=["Masculine"])]
    column: Annotated[str, Meta(description="the column's heading", examples=["people"])]
    kind: Annotated[
        Literal["primary", "secondary"],
        Meta(
            description="primary: a small count; secondary: hidden so that no total gives "
            "a primary one away",
            examples=["primary"],
        ),
    ]


class TableRow(msgspec.Struct, frozen=True):
    label: Annotated[
        str, Meta(description="the row's label; `Total` for the totals", examples=["Feminine"])
    ]
    values: Annotated[
        list[float | int | None],
        Meta(
            description="one per column after the first heading; null when suppressed",
            examples=[[14]],
        ),
    ]


class TableOut(msgspec.Struct, frozen=True):
    """One table of the report, with its notes."""

    id: Annotated[str, Meta(description="the table's id", examples=["people_assisted"])]
    title: Annotated[str, Meta(description="its title", examples=["People assisted, by sex"])]
    measure: Annotated[str, Meta(description="what it counts", examples=["people_assisted"])]
    unit: Annotated[
        str,
        Meta(
            description="people, records, nights, participants, activities or indicators",
            examples=["people"],
        ),
    ]
    header: Annotated[
        list[str],
        Meta(
            description="the label column's heading, then the columns'",
            examples=[["Sex", "people"]],
        ),
    ]
    rows: Annotated[
        list[TableRow],
        Meta(
            description="one per value of the first breakdown, then `Total`",
            examples=[[{"label": "Feminine", "values": [14]}, {"label": "Total", "values": [14]}]],
        ),
    ]
    suppressed: Annotated[
        list[SuppressedCell],
        Meta(
            description="the cells not published (null in `rows`) and why",
            examples=[[{"row": "Masculine", "column": "people", "kind": "primary"}]],
        ),
    ]
    excluded: Annotated[
        dict[str, int],
        Meta(
            description="people left out of this table, by reason",
            examples=[{"no_reporting_consent": 3}],
        ),
    ]
    notes: Annotated[
        list[str],
        Meta(
            description="period, people left out, suppression, the template's note",
            examples=[["Period: 2026-01-01 to 2026-03-31"]],
        ),
    ]
    period_from: Annotated[
        date,
        Meta(
            description="the first day counted (a grant's table: within the grant)", examples=[_DAY]
        ),
    ]
    period_to: Annotated[date, Meta(description="the last day counted", examples=["2026-03-31"])]


class PeriodReport(msgspec.Struct, frozen=True):
    """A template's report for a period."""

    template: Annotated[str, Meta(description="the template's name", examples=["tip-data-sheet"])]
    title: Annotated[str, Meta(description="its title", examples=["TIP-style data sheet"])]
    period_from: Annotated[date, Meta(description="the period's first day", examples=[_DAY])]
    period_to: Annotated[date, Meta(description="its last day", examples=["2026-03-31"])]
    grant: Annotated[str | None, Meta(description="the grant's reference, if any", examples=[None])]
    generated_at: Annotated[
        datetime, Meta(description="when it was counted", examples=["2026-04-02T09:00:00+00:00"])
    ]
    threshold: Annotated[
        int, Meta(description="counts of people below this are suppressed", examples=[5])
    ]
    excluded: Annotated[
        dict[str, int],
        Meta(
            description="people left out of any table, by reason: erased, "
            "no_reporting_consent, no_statistical_record",
            examples=[{"no_reporting_consent": 3}],
        ),
    ]
    excluded_summary: Annotated[
        str,
        Meta(
            description="the same in words, with the total",
            examples=["3: 3 without the anonymised-reporting consent in force"],
        ),
    ]
    suppression: Annotated[
        str, Meta(description="what was suppressed, in words", examples=["none suppressed"])
    ]
    tables: Annotated[
        list[TableOut],
        Meta(
            description="the template's tables, in order",
            examples=[
                [
                    {
                        "id": "people_in_shelter",
                        "title": "Victims in shelter, by sex",
                        "measure": "people_in_shelter",
                        "unit": "people",
                        "header": ["Sex", "people"],
                        "rows": [{"label": "Feminine", "values": [10]}],
                        "suppressed": [],
                        "excluded": {},
                        "notes": [],
                        "period_from": "2026-01-01",
                        "period_to": "2026-03-31",
                    }
                ]
            ],
        ),
    ]


def require_reader(request: Request[User, Any, Any]) -> None:
    require_any(request.user, READ_REPORTS)


@get(
    REPORTS,
    sync_to_thread=True,
    operation_id="listReportTemplates",
    summary="List the period report templates",
    description="The shipped templates (docs/reports.md): each one's tables, what they count "
    "and by what. For case managers and admins (read:reports).",
    tags=TAGS,
)
def list_templates(request: Request[User, Any, Any]) -> list[TemplateOutline]:
    require_reader(request)
    return [_outline(load(name)) for name in shipped()]


@post(
    f"{REPORTS}/{{template:str}}",
    sync_to_thread=True,
    operation_id="runPeriodReport",
    summary="Produce a period report",
    description="The template's tables for the period, counted from the statistics, grants, "
    "capacity and prevention read models: people without the anonymised-reporting consent "
    "in force, or erased, left out and counted by reason; counts of people below the "
    "threshold suppressed, with secondary suppression (null cells, listed). A grant's "
    "template needs `grant`. For case managers and admins (read:reports). "
    "Unknown template or grant: 404; a period that ends before it starts, or a grant's "
    "template without `grant`: 422; a read model the report reads not built yet: 503.",
    tags=TAGS,
    status_code=200,
    opt={"problems": ("RecordNotFound", "InvalidInput", "ReadModelNotBuilt")},
)
def run_report(
    request: Request[User, Any, Any], template: TemplateName, data: JSONBody[ReportRequest]
) -> PeriodReport:
    require_reader(request)
    state = request.app.state
    read: Engine = state.read_engine
    with read.connect() as conn:
        report = engine.run(
            conn,
            load_shipped(template),
            Period(data.from_, data.to),
            grant_reference=data.grant,
            threshold=state.report_min_cell,
            now=state.journey.bus.clock(),
        )
    return report_out(report)


def report_out(report: Report) -> PeriodReport:
    return PeriodReport(
        report.template.name,
        report.template.title,
        report.period.start,
        report.period.end,
        None if report.grant is None else report.grant.reference,
        report.generated_at,
        report.threshold,
        report.excluded,
        excluded_text(report.excluded),
        suppression_text(report),
        [_table_out(table) for table in report.tables],
    )


def _table_out(table: ReportTable) -> TableOut:
    rows = [
        TableRow(label, list(line)) for label, line in zip(table.labels, table.values, strict=True)
    ]
    hidden = [
        SuppressedCell(table.labels[r], table.header[c + 1], kind.value)
        for (r, c), kind in sorted(table.suppressed.items())
    ]
    return TableOut(
        table.id, table.title, table.measure, table.unit, list(table.header), rows, hidden,
        table.excluded, table_notes(table), table.period.start, table.period.end,
    )  # fmt: skip


def _outline(template: Template) -> TemplateOutline:
    tables = [
        TableOutline(t.id, t.title, t.measure.name, [b.name for b in t.breakdowns], t.for_grant)
        for t in template.tables
    ]
    return TemplateOutline(
        template.name, template.title, template.audience, template.description,
        template.needs_grant, tables,
    )  # fmt: skip


def report_handlers() -> list[HTTPRouteHandler]:
    return [list_templates, run_report]
