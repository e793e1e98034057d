"""`journey organisations`: the partner-organisation registry from the command line.

- `list [--json]`: every registered organisation, from the event store (current);
- `import [FILE]`: the registry file (the one shipped with the package when FILE is left
  out: domain/reference/organisations.toml); idempotent: a new key is registered, a key
  whose names changed is renamed, the rest is left as it is;
- `register KEY`, `rename KEY`, `deactivate KEY`: one organisation, as the HTTP commands.

Exit codes: 0 done, 1 the file cannot be read, 2 a refusal (an invalid field, a rule).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path
from uuid import UUID

import msgspec

from adapters.cli.tables import plain_table, print_table
from adapters.run.bootstrap import Journey, build
from adapters.settings import Settings
from domain.organisation import (
    Organisation,
    OrganisationDetails,
    OrganisationKind,
    OrganisationNames,
    organisation_id,
)
from services.commands import Command
from services.commands.organisation import (
    DeactivateOrganisation,
    RegisterOrganisation,
    RenameOrganisation,
)
from services.organisation_registry import (
    DEFAULT_ACTIVE_FROM,
    import_registry,
    read_registry,
    registered_organisations,
)

HEADINGS = ("key", "kind", "htcds_type", "country", "municipality", "active", "name")


EXAMPLES = """examples:
  journey organisations import                     # the shipped registry (idempotent)
  journey organisations list --json | jq '.[] | select(.active_today) | .key'
  journey organisations register csw-gjilan --kind centre_for_social_work --municipality 04 \\
      --albanian "QPS Gjilan" --english "Centre for Social Work Gjilan"
  journey organisations deactivate csw-gjilan --active-to 2026-12-31 --reason merged
"""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "organisations",
        help="the registry of partner organisations",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = group.add_subparsers(required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every registered organisation")
    listing.add_argument("--json", action="store_true", help="as JSON, one object each")
    listing.set_defaults(run=cmd_list)
    imports = actions.add_parser("import", help="import a registry file (idempotent)")
    imports.add_argument(
        "file", nargs="?", type=Path, help="a registry file (TOML); the shipped one if left out"
    )
    _actor(imports)
    imports.set_defaults(run=cmd_import)
    _add_register(actions)
    _add_rename(actions)
    _add_deactivate(actions)


def _actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--actor", default=getpass.getuser(), help="who acts, as the history records it"
    )


def _names(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--albanian", help="its name in Albanian (a name left out: none)")
    parser.add_argument("--serbian", help="its name in Serbian (Latin script)")
    parser.add_argument("--english", help="its name in English")


def _add_register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    register = actions.add_parser("register", help="register one organisation")
    register.add_argument("key", help="its registry key, e.g. csw-prishtine (for good)")
    register.add_argument(
        "--kind", required=True, choices=[k.value for k in OrganisationKind], help="its kind"
    )
    _names(register)
    register.add_argument("--country", default="XK", help="ISO 3166-1 alpha-2 (XK: Kosovo)")
    register.add_argument("--municipality", help="KAS municipality code, 01-38 (Kosovo only)")
    register.add_argument("--city", help="its city or town")
    register.add_argument("--phone", help="its phone number (E.164, +383...)")
    register.add_argument(
        "--active-from",
        type=date.fromisoformat,
        default=DEFAULT_ACTIVE_FROM,
        help=f"first day it is active (YYYY-MM-DD; {DEFAULT_ACTIVE_FROM} if left out)",
    )
    _actor(register)
    register.set_defaults(run=cmd_register)


def _add_rename(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rename = actions.add_parser("rename", help="give one organisation new names")
    rename.add_argument("key", help="its registry key")
    _names(rename)
    rename.add_argument("--reason", help="why it is renamed")
    _actor(rename)
    rename.set_defaults(run=cmd_rename)


def _add_deactivate(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    deactivate = actions.add_parser("deactivate", help="record its last active day")
    deactivate.add_argument("key", help="its registry key")
    deactivate.add_argument(
        "--active-to", type=date.fromisoformat, required=True, help="last active day (YYYY-MM-DD)"
    )
    deactivate.add_argument("--reason", help="why it is no longer active")
    _actor(deactivate)
    deactivate.set_defaults(run=cmd_deactivate)


# ----------------------------------------------------------------------- commands


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    journey = build(settings)
    try:
        found = registered_organisations(journey.app)
        today = journey.bus.now().date()
        if args.json:
            rows = [_json(o, today) for o in found]
            print(msgspec.json.format(msgspec.json.encode(rows), indent=2).decode())
        else:
            cells = [_cells(o, today) for o in found]
            print_table(HEADINGS, cells, plain_table(HEADINGS, cells))
            print(f"{len(found)} organisation(s)")
    finally:
        journey.close()
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    try:
        commands = read_registry(args.file)
    except OSError as error:
        print(f"journey organisations import: {error}", file=sys.stderr)
        return 1
    journey = build(settings)
    try:
        report = import_registry(journey.bus, commands, actor=args.actor)
    finally:
        journey.close()
    print(
        f"{len(report.registered)} registered, {len(report.renamed)} renamed, "
        f"{len(report.unchanged)} unchanged"
    )
    for key in report.renamed:
        print(f"renamed: {key}")
    return 0


def cmd_register(args: argparse.Namespace, settings: Settings) -> int:
    details = OrganisationDetails(
        OrganisationKind(args.kind),
        args.country,
        args.municipality,
        city=args.city,
        phone=args.phone,
    )
    command = RegisterOrganisation(
        key=args.key,
        names=OrganisationNames(args.albanian, args.serbian, args.english),
        details=details,
        active_from=args.active_from,
    )
    return _run(settings, None, command, args.actor)


def cmd_rename(args: argparse.Namespace, settings: Settings) -> int:
    names = OrganisationNames(args.albanian, args.serbian, args.english)
    command = RenameOrganisation(names=names, reason=args.reason)
    return _run(settings, organisation_id(args.key), command, args.actor)


def cmd_deactivate(args: argparse.Namespace, settings: Settings) -> int:
    command = DeactivateOrganisation(active_to=args.active_to, reason=args.reason)
    return _run(settings, organisation_id(args.key), command, args.actor)


def _run(settings: Settings, record: UUID | None, command: Command, actor: str) -> int:
    journey: Journey = build(settings)
    try:
        result = journey.bus.execute(record, command, actor=actor)
        organisation = journey.app.load(Organisation, result.id)
    finally:
        journey.close()
    print(f"{organisation.key}: {organisation.display_name} (version {result.version})")
    return 0


# ------------------------------------------------------------------------- output


def _json(organisation: Organisation, today: date) -> dict[str, object]:
    return {
        "id": str(organisation.id),
        "key": organisation.key,
        "names": organisation.names,
        "details": organisation.details,
        "htcds_type": organisation.htcds_type,
        "active_from": organisation.active_from,
        "active_to": organisation.active_to,
        "active_today": organisation.is_active_on(today),
    }


def _cells(organisation: Organisation, today: date) -> tuple[str, ...]:
    htcds = organisation.htcds_type
    return (
        organisation.key,
        organisation.kind.value,
        "" if htcds is None else htcds.value,
        organisation.details.country,
        organisation.details.municipality or "",
        "yes" if organisation.is_active_on(today) else "no",
        organisation.display_name,
    )
