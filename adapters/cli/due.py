"""`journey due`: what is due and overdue, as a table for staff (read model `due`).

Filters as `GET /api/v1/due` has them: `--worker`, `--case` (a case number or id),
`--kind`, `--overdue` / `--not-overdue`. `no_contact_days` is the setting as it is now.
Overdue is judged against today in Kosovo. The table (and `--json`, the rows for
scripts) shows no personal data: cases by number, beneficiaries by pseudonymous code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from adapters.cli.tables import plain_table, print_table
from adapters.settings import Settings, retention_rules
from adapters.store.read_database import read_engine_of
from domain.case import Case
from projections.due import DueKind
from projections.due.query import DueQuery, NotBuilt, due_rows
from services.references import resolve

EXAMPLES = """examples:
  journey due --overdue                          # everything overdue today
  journey due --worker besa.krasniqi --kind reflection_period_end
  journey due --case PVPT-C-2026-0007 --json     # the rows, for scripts
"""
HEADINGS = ("due_on", "overdue", "kind", "case_number", "beneficiary_code", "worker", "source")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    due = commands.add_parser(
        "due",
        help="what is due and overdue (read model due)",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    due.add_argument("--worker", help="items of this caseworker's cases")
    due.add_argument("--case", help="items of this case (its number, PVPT-C-2026-0007, or id)")
    due.add_argument(
        "--kind", choices=[kind.value for kind in DueKind], help="items of this kind only"
    )
    overdue = due.add_mutually_exclusive_group()
    overdue.add_argument(
        "--overdue", dest="overdue", action="store_true", default=None, help="overdue only"
    )
    overdue.add_argument(
        "--not-overdue", dest="overdue", action="store_false", help="not yet overdue only"
    )
    due.add_argument("--json", action="store_true", help="one JSON array of the rows, for scripts")
    due.set_defaults(run=cmd_due)


def cmd_due(args: argparse.Namespace, settings: Settings) -> int:
    case_id = None if args.case is None else str(resolve(Case, args.case, "case").id)
    query = DueQuery(args.worker, case_id, args.kind, args.overdue)
    engine = read_engine_of(settings)
    try:
        with engine.connect() as conn:
            rows = due_rows(conn, query, settings.no_contact_days, retention_rules(settings))
    except NotBuilt as error:
        print(f"journey due: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if args.json:  # dates as ISO 8601 text
        print(json.dumps([dict(row) for row in rows], indent=2, default=str))
        return 0
    print_rows(rows)
    print(f"{len(rows)} item(s), {sum(r['overdue'] for r in rows)} overdue")
    return 0


def print_rows(rows: Sequence[dict[str, Any]]) -> None:
    """The rows as a table: drawn on a terminal, plain text (`table`) otherwise."""
    print_table(HEADINGS, _cells(rows), table(rows))


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as a plain text table, one column per heading, left-aligned."""
    return plain_table(HEADINGS, _cells(rows))


def _cells(rows: Sequence[dict[str, Any]]) -> list[list[str]]:
    return [[_cell(h, row) for h in HEADINGS] for row in rows]


def _cell(heading: str, row: dict[str, Any]) -> str:
    value = row[heading]
    if heading == "overdue":
        return f"{row['days_overdue']} days" if value else ""
    return "" if value is None else str(value)
