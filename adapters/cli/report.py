"""`journey report TEMPLATE --from DAY --to DAY [--grant REF] --format csv,xlsx,html --out DIR`:
a period report of a template (a shipped one by name, or a `.toml` file), read from the
read models (docs/reports.md). `journey report --list` lists the shipped templates.

Progress goes to stderr, a bar over the tables and the formats on a terminal (none when
piped, or with `--quiet`); the summary to stdout.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from adapters.cli.progress import progress
from adapters.reports.period import engine
from adapters.reports.period.cover import excluded_text, suppression_text
from adapters.reports.period.files import formats_of, write_report
from adapters.reports.period.sources import Period
from adapters.reports.period.templates import load, shipped
from adapters.run.clock import utc_now
from adapters.settings import ConfigError, Settings
from adapters.store.read_database import read_engine_of

EXAMPLES = """examples:
  journey report --list                                  # the shipped templates
  journey report tip-data-sheet --from 2026-01-01 --to 2026-12-31 --out tip-2026/
  journey report quarterly-grant --grant EU-IPA-2026-014 --from 2026-01-01 \\
      --to 2026-03-31 --format xlsx --out eu-q1/ --quiet
"""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report",
        help="a period report of a template: CSV, XLSX, HTML (docs/reports.md)",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("template", nargs="?", help="a shipped template's name or a .toml file")
    report.add_argument("--list", action="store_true", help="list the shipped templates")
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day (included)")
    report.add_argument("--grant", help="the grant's reference, for a grant's template")
    report.add_argument("--format", default="csv,xlsx,html", help="csv,xlsx,html (default all)")
    report.add_argument("--out", type=Path, help="directory for the files")
    report.add_argument("--quiet", action="store_true", help="no progress bar on a terminal")
    report.set_defaults(run=cmd_report)


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    if args.list:
        print(listing())
        return 0
    if args.template is None:
        raise ConfigError("report: name a template (journey report --list shows them)")
    template = load(args.template)
    period = Period(_day("--from", args.start), _day("--to", args.end))
    formats = formats_of(args.format)
    if args.out is None:
        raise ConfigError("--out: the directory for the files is required")
    if args.out.exists() and not args.out.is_dir():
        raise ConfigError(f"--out: {args.out} exists and is not a directory")
    tables = len(template.tables)
    with progress("report", tables + len(formats), quiet=args.quiet) as advance:
        read = read_engine_of(settings)
        try:
            with read.connect() as conn:
                report = engine.run(
                    conn,
                    template,
                    period,
                    grant_reference=args.grant,
                    threshold=settings.report_min_cell,
                    now=utc_now(),
                    progress=lambda number, _total, _title: advance(number - 1),
                )
        finally:
            read.dispose()
        written = write_report(
            report, args.out, formats, lambda kind: advance(tables + formats.index(kind))
        )
        advance(tables + len(formats))
    print(f"{template.title}, {period.start} to {period.end}: {len(report.tables)} tables")
    print(f"people left out: {excluded_text(report.excluded)}")
    print(f"small cells: {suppression_text(report)}")
    print(f"files in {args.out}: {', '.join(p.name for p in written)}")
    return 0


def listing() -> str:
    lines = []
    for name in shipped():
        template = load(name)
        grant = " (needs --grant)" if template.needs_grant else ""
        lines.append(f"{name}: {template.title}, for {template.audience}{grant}")
        lines += [f"    {t.id}: {t.title}" for t in template.tables]
    return "\n".join(lines)


def _day(flag: str, text: str | None) -> date:
    if text is None:
        raise ConfigError(f"{flag}: required, a day YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{flag}: a day YYYY-MM-DD, got {text!r}") from None
