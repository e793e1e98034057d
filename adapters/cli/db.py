"""`journey db`: the databases' schema (docs/upgrades.md) and what analysts get of the
read database (ADR 35, docs/analysts.md).

- `upgrade`: every database's schema to this release's; `current [--json]`: each
  database's schema revision, and whether it is at the head (adapters/cli/schema.py).
- `grant-analyst NAME [--password-file FILE]`: a read-only PostgreSQL login role that
  reads the `reporting` schema's views and nothing else; run again to change its
  password. The password comes from FILE (`-`: the standard input, one line) or, on a
  terminal, a prompt; never from the command line, where `ps` and shell history show it.
- `revoke-analyst NAME`: takes those rights away and drops the role.
- `dictionary [--output FILE]`: the read models' data dictionary (a Frictionless data
  package, JSON), as shipped with this version.

Exit codes: 0 done, 1 `current` found a database behind, 2 refused (the message says why).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from adapters.cli import schema
from adapters.settings import Settings
from adapters.store.analyst_roles import AnalystRoleError, grant_analyst, revoke_analyst
from adapters.store.read_database import read_engine_of
from projections.catalog.dictionary import dictionary_text


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "db",
        help="the databases' schema (upgrade, current); analysts' access to the read database",
        description=__doc__,
        epilog=schema.EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = group.add_subparsers(required=True, metavar="ACTION")
    schema.add_actions(actions)
    grant = actions.add_parser("grant-analyst", help="a read-only role on the reporting schema")
    grant.add_argument("name", help="the PostgreSQL role, e.g. analyst_arta")
    grant.add_argument(
        "--password-file", type=Path, help="a file whose first line is the password (- : stdin)"
    )
    grant.set_defaults(run=cmd_grant)
    revoke = actions.add_parser("revoke-analyst", help="drop an analyst's role")
    revoke.add_argument("name", help="the role grant-analyst made")
    revoke.set_defaults(run=cmd_revoke)
    dictionary = actions.add_parser("dictionary", help="the data dictionary (JSON)")
    dictionary.add_argument("--output", type=Path, help="write it here instead of stdout")
    dictionary.set_defaults(run=cmd_dictionary)


def cmd_grant(args: argparse.Namespace, settings: Settings) -> int:
    engine = read_engine_of(settings)
    try:
        reporting, warnings = grant_analyst(engine, args.name, _password(args.password_file))
    except AnalystRoleError as error:
        print(f"journey: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    for warning in warnings:
        print(f"journey: warning: {warning}", file=sys.stderr)
    print(f"role {args.name} reads the views of schema {reporting}, and nothing else")
    return 0


def cmd_revoke(args: argparse.Namespace, settings: Settings) -> int:
    engine = read_engine_of(settings)
    try:
        revoke_analyst(engine, args.name)
    except AnalystRoleError as error:
        print(f"journey: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"role {args.name} dropped")
    return 0


def cmd_dictionary(args: argparse.Namespace, _settings: Settings) -> int:
    if args.output is None:
        sys.stdout.write(dictionary_text())
    else:
        args.output.write_text(dictionary_text())
    return 0


def _password(path: Path | None) -> str:
    if path is not None:
        try:
            text = sys.stdin.read() if str(path) == "-" else path.read_text()
        except OSError as error:
            msg = f"--password-file {path}: cannot be read ({error.strerror})"
            raise AnalystRoleError(msg) from error
        return text.splitlines()[0] if text else ""
    if not sys.stdin.isatty():
        msg = "no password: give --password-file FILE (or - for stdin), or run on a terminal"
        raise AnalystRoleError(msg)
    first = getpass.getpass("analyst's password (not shown): ")
    if getpass.getpass("again: ") != first:
        msg = "the two passwords differ"
        raise AnalystRoleError(msg)
    return first
