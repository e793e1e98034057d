"""What every output says about a report before its tables: period, template, when,
who was left out and why, what was suppressed (the cover sheet, the CSV cover, the HTML
summary's head and the JSON answer all read these lines)."""

from __future__ import annotations

from adapters.reports.period.engine import Report, ReportTable
from adapters.reports.period.sources import REASONS
from adapters.reports.period.suppression import Kind

SUPPRESSED_MARK = "x"


def cover_lines(report: Report) -> list[tuple[str, str]]:
    """(heading, text) pairs describing the report."""
    template = report.template
    lines = [
        ("Report", template.title),
        ("Template", template.name),
        ("Audience", template.audience),
        ("Period", f"{report.period.start.isoformat()} to {report.period.end.isoformat()}"),
        ("Generated at", report.generated_at.isoformat(timespec="seconds")),
    ]
    if report.grant is not None:
        grant = report.grant
        lines += [
            ("Grant", f"{grant.reference}: {grant.title}"),
            ("Donor", grant.donor or "not recorded"),
            ("Grant period", f"{grant.starts_on.isoformat()} to {grant.ends_on.isoformat()}"),
        ]
    lines += [("People left out", excluded_text(report.excluded))]
    lines += [("Small cells", suppression_text(report))]
    return lines


def excluded_text(excluded: dict[str, int]) -> str:
    """How many people were left out and why: always a figure, 0 when none."""
    if not excluded:
        return "0: everyone counted had the anonymised-reporting consent in force"
    total = sum(excluded.values())
    reasons = "; ".join(f"{n} {REASONS.get(reason, reason)}" for reason, n in excluded.items())
    return f"{total}: {reasons}"


def suppression_text(report: Report) -> str:
    kinds = report.cells_suppressed
    rule = (
        f"counts of people from 1 to {report.threshold - 1} are shown as "
        f"{SUPPRESSED_MARK!r}, with further cells hidden so that no total gives one away"
    )
    if not kinds:
        return f"none suppressed ({rule})"
    return (
        f"{kinds[Kind.PRIMARY]} small cells and {kinds[Kind.SECONDARY]} complementary cells "
        f"suppressed ({rule})"
    )


def table_notes(table: ReportTable) -> list[str]:
    """The notes under a table: period, exclusions, suppression, the template's note."""
    notes = [f"Period: {table.period.start.isoformat()} to {table.period.end.isoformat()}"]
    if table.unit not in ("participants", "activities"):
        notes.append(f"People left out: {excluded_text(table.excluded)}")
    kinds = list(table.suppressed.values())
    if kinds:
        notes.append(
            f"Suppressed: {kinds.count(Kind.PRIMARY)} small, "
            f"{kinds.count(Kind.SECONDARY)} complementary (shown as {SUPPRESSED_MARK!r})"
        )
    if table.note:
        notes.append(table.note)
    return notes


def cell_text(value: float | int | None) -> str:
    return SUPPRESSED_MARK if value is None else str(value)
