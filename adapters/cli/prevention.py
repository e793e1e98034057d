"""`journey prevention`: prevention work from the command line (issue 16; docs/prevention.md).

- `import FILE --actor USER`: an attendance sheet (CSV, one activity a row), all or
  nothing: every bad line is printed (`line N: <column>: <reason>`) and nothing is
  recorded; a file imported before is refused;
- `template`: the sheet's header line, every column, to start a sheet in a spreadsheet.

Exit codes: 0 done, 1 the file cannot be read, 2 a refusal (bad lines, imported before).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from adapters.run.bootstrap import build
from adapters.settings import Settings
from services.prevention_import import SheetRejected, import_sheet
from services.prevention_sheet import template_columns

EXAMPLES = """examples:
  journey prevention template > sheet.csv          # the header line, to fill in a spreadsheet
  journey prevention import sheet-2026-03.csv --actor drita.educator
"""
REFUSED = 2
UNREADABLE = 1


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "prevention",
        help="prevention work: attendance sheets",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = group.add_subparsers(required=True, metavar="ACTION")
    imports = actions.add_parser(
        "import", help="record the activities of an attendance sheet (CSV), all or nothing"
    )
    imports.add_argument("file", type=Path, help="the sheet, saved as CSV (UTF-8)")
    imports.add_argument(
        "--actor", default=getpass.getuser(), help="who records them, as the history keeps it"
    )
    imports.set_defaults(run=cmd_import)
    template = actions.add_parser("template", help="print the sheet's header line")
    template.set_defaults(run=cmd_template)


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"journey prevention import: {error}", file=sys.stderr)
        return UNREADABLE
    journey = build(settings)
    try:
        at = journey.bus.now()
        result = import_sheet(journey.app, data, name=args.file.name, actor=args.actor, at=at)
    except SheetRejected as rejected:
        print(f"journey prevention import: {args.file} was not imported:", file=sys.stderr)
        for line in rejected.errors:
            print(line, file=sys.stderr)
        print(f"{len(rejected.errors)} error(s); nothing was recorded", file=sys.stderr)
        return REFUSED
    finally:
        journey.close()
    print(f"{result.activities} activities recorded ({result.people} people met) from {args.file}")
    return 0


def cmd_template(_args: argparse.Namespace, _settings: Settings) -> int:
    print(",".join(template_columns()))
    return 0
