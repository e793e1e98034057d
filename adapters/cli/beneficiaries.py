"""`journey beneficiaries search` (is this person already known?) and `reindex`.

The search answers as `POST /api/v1/beneficiaries/search` does, as JSON, and writes the
access log the same way (who searched and which records were shown, never the query).
Leave `--name` out to be asked for it: the name then stays out of the shell's history
and the process list. Nothing of the query is printed or logged. `--role` decides what
personal data is shown; there is no record scope here: whoever runs `journey` on the
server holds the master key already.
"""

from __future__ import annotations

import argparse
import getpass
import sys

import msgspec

from adapters.audit.access_log import AccessLog
from adapters.audit.name_search import search_names
from adapters.privacy.blind_matching import NameQuery
from adapters.run.bootstrap import build
from adapters.settings import Settings
from adapters.store.read_database import read_engine_of
from services.access import PERMISSIONS, SEARCH_BENEFICIARIES, Role

ROUTE = "journey beneficiaries search"
EXAMPLES = """examples:
  journey beneficiaries search --name "Arta Berisha" --birth-year 2004
  journey beneficiaries search                  # asks for the name (kept out of the history)
  journey beneficiaries reindex                 # after a restore or a key rotation
"""
SEARCHERS = [role.value for role, actions in PERMISSIONS.items() if SEARCH_BENEFICIARIES in actions]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "beneficiaries",
        help="find beneficiaries by name",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = group.add_subparsers(required=True, metavar="ACTION")
    search = actions.add_parser(
        "search", help="is this person already known? (blind-index search by name)"
    )
    search.add_argument("--name", help="the name to look for (asked for when left out)")
    search.add_argument("--birth-year", type=int, help="the birth year, if known")
    search.add_argument(
        "--limit",
        type=int,
        default=10,
        choices=range(1, 51),
        metavar="1-50",
        help="candidates at most (default 10)",
    )
    search.add_argument(
        "--role",
        choices=SEARCHERS,
        default=Role.CASE_MANAGER.value,
        help="search as this role sees (default case_manager)",
    )
    search.add_argument("--actor", default=getpass.getuser(), help="who searches (access log)")
    search.set_defaults(run=cmd_search)
    reindex = actions.add_parser(
        "reindex", help="rebuild the blind index of names from the store (after a restore)"
    )
    reindex.set_defaults(run=cmd_reindex)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    query = NameQuery.of(args.name or _ask_name(), args.birth_year, args.limit)
    journey = build(settings)
    engine = read_engine_of(settings)
    try:
        log = AccessLog(engine)
        found = search_names(
            journey.app, journey.names, query, Role(args.role), args.actor, log, ROUTE
        )
        print(msgspec.json.format(msgspec.json.encode(found), indent=2).decode())
    finally:
        journey.close()
        engine.dispose()
    return 0


def cmd_reindex(_: argparse.Namespace, settings: Settings) -> int:
    journey = build(settings)
    try:
        position = journey.names.rebuild(journey.app)
    finally:
        journey.close()
    print(f"blind index rebuilt from the store, up to position {position}")
    return 0


def _ask_name() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("name (not shown): ")
    return sys.stdin.readline().strip()
