"""`journey audit ...` (auditors: verify the history, replay a case) and
`journey export ...` (analysts' de-identified datasets).

Each action lives in its own module and registers itself here with one line.
"""

from __future__ import annotations

import argparse
from typing import TypeAlias

from adapters.cli import export as export_command
from adapters.cli import replay, verify

Actions: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
AUDIT_EXAMPLES = """examples:
  journey audit checkpoint                      # chain new events, sign a checkpoint
  journey audit public-key > auditor.pem        # the key auditors verify with
  journey audit verify --public-key auditor.pem # exit 0 intact, 1 with the first mismatch
  journey audit verify --json --require-stream  # for scripts; the NATS copy must agree
  journey audit replay PVPT-C-2026-0001 --as-of 2026-03-01T12:00:00+01:00
  journey audit replay PVPT-C-2026-0001 --history
"""
EXPORT_EXAMPLES = """examples:
  journey export htcds --out release-2026q1/             # k = 11, as CTDC publishes
  journey export htcds --out draft/ --k 5 --allow-small-k --quiet
"""


def add_commands(commands: Actions) -> None:
    audit = commands.add_parser(
        "audit",
        help="verify the stored history; replay a case",
        epilog=AUDIT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    audit_actions = audit.add_subparsers(required=True, metavar="ACTION")
    export = commands.add_parser(
        "export",
        help="de-identified datasets for analysts",
        epilog=EXPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export_actions = export.add_subparsers(required=True, metavar="FORMAT")
    _ = (audit_actions, export_actions)  # filled in by the action modules below
    export_command.add_actions(export_actions)
    verify.add_actions(audit_actions)
    replay.add_action(audit_actions)
