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


def add_commands(commands: Actions) -> None:
    audit = commands.add_parser("audit", help="verify the stored history; replay a case")
    audit_actions = audit.add_subparsers(required=True, metavar="ACTION")
    export = commands.add_parser("export", help="de-identified datasets for analysts")
    export_actions = export.add_subparsers(required=True, metavar="FORMAT")
    _ = (audit_actions, export_actions)  # filled in by the action modules below
    export_command.add_actions(export_actions)
    verify.add_actions(audit_actions)
    replay.add_action(audit_actions)
