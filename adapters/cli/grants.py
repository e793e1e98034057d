"""`journey grants`: donors' grants from the command line (issue 17; docs/domain.md).

- `list [--json]`: every grant, from the store: reference, donor, period, currency,
  budget, indicators, attributions in force, status;
- `open FILE --actor USER`: open the grant a TOML file describes (services/grant_file.py
  shows the format); a reference already opened is refused.

Exit codes: 0 done, 1 the file cannot be read, 2 a refusal (what is wrong is printed).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import msgspec

from adapters.cli.tables import print_table
from adapters.run.bootstrap import build
from adapters.settings import Settings
from domain.errors import DomainError
from domain.funding.grant import Grant
from services.grant_file import opened_grants, parse_grant

REFUSED = 2
UNREADABLE = 1
EXAMPLES = """examples:
  journey grants open docs/examples/grant.toml --actor arta.manager
  journey grants list
  journey grants list --json | jq '.[].reference'
"""
COLUMNS = ("reference", "donor", "period", "budget", "indicators", "attributed", "status")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "grants",
        help="donors' grants: list, open from a file",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = group.add_subparsers(required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every grant, from the store")
    listing.add_argument("--json", action="store_true", help="as JSON, one object a grant")
    listing.set_defaults(run=cmd_list)
    opening = actions.add_parser("open", help="open the grant a TOML file describes")
    opening.add_argument("file", type=Path, help="the grant's TOML file")
    opening.add_argument(
        "--actor", default=getpass.getuser(), help="who opens it, as the history keeps it"
    )
    opening.set_defaults(run=cmd_open)


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    journey = build(settings)
    try:
        grants = opened_grants(journey.app)
    finally:
        journey.close()
    if args.json:
        rows = [_json(grant) for grant in grants]
        print(msgspec.json.format(msgspec.json.encode(rows), indent=2).decode())
        return 0
    cells = [_cells(grant) for grant in grants]
    table = [COLUMNS, *cells]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    plain = "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    )
    print_table(COLUMNS, cells, plain)
    return 0


def cmd_open(args: argparse.Namespace, settings: Settings) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"journey grants open: {error}", file=sys.stderr)
        return UNREADABLE
    journey = build(settings)
    try:
        command = parse_grant(text)
        result = journey.bus.execute(None, command, actor=args.actor)
        grant = journey.app.load(Grant, result.id)
    except DomainError as refused:
        print(f"journey grants open: {args.file}: {refused}", file=sys.stderr)
        return REFUSED
    finally:
        journey.close()
    print(f"{grant.reference}: opened ({grant.terms.title}), id {grant.id}")
    return 0


def _in_force(grant: Grant) -> int:
    return sum(1 for a in grant.attributions if a.ended_on is None)


def _cells(grant: Grant) -> tuple[str, ...]:
    terms = grant.terms
    return (
        grant.reference,
        terms.donor.name or "",
        f"{terms.starts_on.isoformat()} to {terms.ends_on.isoformat()}",
        f"{sum(line.amount for line in terms.budget_lines):,} {terms.currency}",
        str(len(terms.indicators)),
        str(_in_force(grant)),
        "active" if grant.closed_on is None else f"closed {grant.closed_on.isoformat()}",
    )


def _json(grant: Grant) -> dict[str, object]:
    return {
        "id": str(grant.id),
        "reference": grant.reference,
        "terms": msgspec.to_builtins(grant.terms),
        "closed_on": None if grant.closed_on is None else grant.closed_on.isoformat(),
        "attributions_in_force": _in_force(grant),
    }
