"""The report's HTML summary for the board: the cover, each table, a bar chart per table
that asks for one. Self-contained: the charts are PNG images in `data:` URIs, the style
is inline, and the page's Content-Security-Policy lets it load nothing from elsewhere.
Suppressed cells are drawn as no bar (and said so under the chart)."""

from __future__ import annotations

import base64
import io
from html import escape
from types import ModuleType

from adapters.reports.period.cover import cell_text, cover_lines, table_notes
from adapters.reports.period.engine import TOTAL, Report, ReportTable

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:.2em .5em}"
    "td.n{text-align:right}th{background:#eee}p.note{font-size:.9em;color:#555;margin:.2em 0}"
)


def summary_html(report: Report) -> str:
    title = escape(report.template.title)
    cover = "".join(
        f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in cover_lines(report)
    )
    sections = "".join(_section(table) for table in report.tables)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f"<h1>{title}</h1><table>{cover}</table>{sections}</body></html>\n"
    )


def _section(table: ReportTable) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    body = "".join(
        f"<tr><th>{escape(label)}</th>"
        + "".join(f'<td class="n">{escape(cell_text(v))}</td>' for v in line)
        + "</tr>"
        for label, line in zip(table.labels, table.values, strict=True)
    )
    notes = "".join(f'<p class="note">{escape(note)}</p>' for note in table_notes(table))
    chart = _chart(table) if table.chart == "bar" and table.breakdowns else ""
    return (
        f'<section id="{escape(table.id)}"><h2>{escape(table.title)}</h2>'
        f"<table><tr>{head}</tr>{body}</table>{chart}{notes}</section>"
    )


def _chart(table: ReportTable) -> str:
    """A bar chart of the rows' counts (stacked by column when there are two breakdowns)."""
    labels = [label for label in table.labels if label != TOTAL]
    if not labels:
        return ""
    columns = list(table.header[1:-1]) if len(table.breakdowns) > 1 else list(table.header[1:])
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7, 0.4 * len(labels) + 1.2))
    try:
        left = [0.0] * len(labels)
        for c, column in enumerate(columns):
            widths = [float(table.values[r][c] or 0) for r in range(len(labels))]
            axes.barh(labels, widths, left=left, label=column)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.invert_yaxis()
        axes.set_xlabel(table.unit)
        if len(columns) > 1:
            axes.legend(fontsize="small")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=80)
    finally:
        pyplot.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = escape(f"Bar chart: {table.title} (suppressed cells not drawn)")
    return f'<p><img alt="{alt}" src="data:image/png;base64,{encoded}"></p>'


def _pyplot() -> ModuleType:
    """matplotlib, loaded when a chart is drawn: every `journey` process (each worker, the
    relay) would otherwise pay its import time and memory at start."""
    import matplotlib  # noqa: PLC0415

    matplotlib.use("Agg")  # no display: draw to memory
    from matplotlib import pyplot  # noqa: PLC0415

    return pyplot
