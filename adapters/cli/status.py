"""`journey status [--json]`: the whole installation at a glance, for the person on call.

- the event store: where it is and its last position;
- each database part's schema revision, and whether it is this release's (`journey db
  current`);
- the hash chain: the position the chain keeper sealed, how far behind the store, the last
  signed checkpoint;
- the relay and every read model's worker: state, position, lag, and where each serves
  its metrics (`journey projections status`).

Exit codes: 0 all well; 1 something needs a person (a schema behind, a component failed,
the chain or a component further behind than `--max-lag`); 2 a configuration error.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import Engine

from adapters.audit.chain_tables import ChainStore, store_engine
from adapters.cli.projections import status_rows, with_nats
from adapters.cli.tables import plain_table, print_table
from adapters.run.bootstrap import build
from adapters.settings import ConfigError, Settings, redacted
from adapters.store import upgrades
from adapters.store.read_database import read_engine_of

EXAMPLES = """examples:
  journey status                      # a table on a terminal
  journey status --json | jq '.components[] | select(.state != "running")'
  journey status --max-lag 500 || echo 'needs a look'
"""
FAILING = {"failed", "never ran", "nats_unavailable", "stopped"}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = commands.add_parser(
        "status",
        help="the store, schema, hash chain and every pipeline component at a glance",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.add_argument(
        "--max-lag",
        type=int,
        default=1000,
        metavar="N",
        help="positions a component or the chain may be behind the store and still be well "
        "(default 1000)",
    )
    status.set_defaults(run=cmd_status)


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    settings = with_nats(settings)
    report = _report(settings)
    problems = _problems(report, args.max_lag)
    if args.json:
        print(json.dumps(report | {"problems": problems}, indent=2, default=str))
    else:
        _print(report, problems)
    return 1 if problems else 0


def _report(settings: Settings) -> dict[str, Any]:
    journey = build(settings)
    try:
        head = journey.app.recorder.max_notification_id() or 0
    finally:
        journey.close()
    read = read_engine_of(settings)
    try:
        components = status_rows(settings, read)
    finally:
        read.dispose()
    return {
        "store": {"database": redacted(settings.database_url), "position": head},
        "schema": [state.as_json() for state in upgrades.states(settings)],
        "chain": _chain(settings, head),
        "components": components,
    }


def _chain(settings: Settings, head: int) -> dict[str, Any] | None:
    try:
        engine: Engine = store_engine(settings.database_url)
    except ConfigError:  # an in-memory store has no chain
        return None
    try:
        store = ChainStore(engine)
        sealed = store.head().position
        checkpoint = store.last_checkpoint()
    finally:
        engine.dispose()
    return {
        "sealed": sealed,
        "behind": head - sealed,
        "last_checkpoint": None if checkpoint is None else checkpoint.position,
    }


def _problems(report: dict[str, Any], max_lag: int) -> list[str]:
    problems = [
        f"schema of {part['part']} is {part['revision'] or 'none'}, not {part['head']}: "
        "journey db upgrade"
        for part in report["schema"]
        if not part["at_head"]
    ]
    chain = report["chain"]
    if chain is not None and chain["behind"] > max_lag:
        problems.append(f"the hash chain is {chain['behind']} positions behind the store")
    for row in report["components"]:
        behind = report["store"]["position"] - int(row["position"] or 0)
        if row["state"] in FAILING:
            problems.append(f"{row['component']} is {row['state']}")
        elif behind > max_lag:
            problems.append(f"{row['component']} is {behind} positions behind the store")
    return problems


def _print(report: dict[str, Any], problems: list[str]) -> None:
    store, chain = report["store"], report["chain"]
    print(f"store   {store['database']}: position {store['position']}")
    for part in report["schema"]:
        shown = "at head" if part["at_head"] else f"behind {part['head']}"
        print(f"schema  {part['part']}: {part['revision'] or 'none'}, {shown}")
    if chain is not None:
        print(
            f"chain   sealed to {chain['sealed']} ({chain['behind']} behind), "
            f"last checkpoint at {chain['last_checkpoint']}"
        )
    headings = ("component", "state", "position", "lag", "metrics")
    rows = [_cells(row, store["position"]) for row in report["components"]]
    print_table(headings, rows, plain_table(headings, rows))
    for problem in problems:
        print(f"problem: {problem}")


def _cells(row: dict[str, Any], head: int) -> tuple[str, ...]:
    position = int(row["position"] or 0)
    return (
        str(row["component"]),
        str(row["state"]),
        str(position),
        str(head - position),
        str(row["metrics"] or ""),
    )
