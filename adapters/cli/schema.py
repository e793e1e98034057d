"""`journey db upgrade` and `journey db current`: the schema of the project's own tables
(docs/upgrades.md, ADR 41).

- `upgrade`: every database's part of the schema to this release's head (a new database
  is created at it; one the release before migrations wrote is adopted as it is);
- `current [--json]`: each database's revision and whether it is at the head; exit 1
  when one is not (a script can wait on it).

Exit codes: 0 done (at head); 1 `current` found a database behind; 2 a bad setting.
"""

from __future__ import annotations

import argparse
import json
import sys

from adapters.settings import Settings
from adapters.store import upgrades
from adapters.store.upgrades import SchemaState

EXAMPLES = """examples:
  journey db current                       # each database's schema revision, and the head
  journey db upgrade                       # after a backup, before starting the new release
  journey db current --json | jq '.[] | select(.at_head | not)'
  journey db grant-analyst analyst_arta --password-file -   # PostgreSQL only
  journey db dictionary --output dictionary.json
"""


def add_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`upgrade` and `current`, added to the `journey db` group."""
    upgrade = actions.add_parser(
        "upgrade", help="upgrade every database's schema to this release's (after a backup)"
    )
    upgrade.set_defaults(run=cmd_upgrade)
    current = actions.add_parser(
        "current", help="each database's schema revision and whether it is at the head"
    )
    current.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    current.set_defaults(run=cmd_current)


def cmd_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    before = {state.part.name: state.revision for state in upgrades.states(settings)}
    upgrades.upgrade(settings)
    for state in upgrades.states(settings):
        was = before.get(state.part.name) or "none"
        change = f"upgraded {was} -> {state.revision}" if was != state.revision else "unchanged"
        print(f"{state.part.name:<6} {state.database}: {change} (head)")
    return 0


def cmd_current(args: argparse.Namespace, settings: Settings) -> int:
    found = upgrades.states(settings)
    if args.json:
        print(json.dumps([state.as_json() for state in found], indent=2))
    else:
        for state in found:
            print(_line(state))
    behind = [state for state in found if not state.at_head]
    if behind and not args.json:
        print("journey: to upgrade: journey db upgrade (docs/upgrades.md)", file=sys.stderr)
    return 1 if behind else 0


def _line(state: SchemaState) -> str:
    if state.at_head:
        where = "at head"
    elif state.revision is None:
        where = f"no version table: new, or the release before migrations; head {state.head}"
    elif not state.known:
        where = f"unknown to this release (a newer one wrote it); head {state.head}"
    else:
        where = f"behind head {state.head}"
    return f"{state.part.name:<6} {state.database}: {state.revision or 'none'}, {where}"
