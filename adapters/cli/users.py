"""`journey users`: staff accounts — API tokens for integrations, passwords and an
authenticator app for people (docs/api.md "Authentication", docs/sign-in.md).

journey users add NAME --role ROLE      add an account; print its token (once)
journey users list [--json]             every account: role, since, revoked, sign-in state
journey users revoke NAME               end an account for good
journey users rotate-token NAME         a new token (once); the old one ends
journey users reset-password NAME [--second-factor]
                                        a one-time password (once); --second-factor also
                                        forgets the authenticator app (a lost phone)

Exit codes: 0 done, 2 a refusal (unknown or revoked name, a name taken) or a bad setting.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from adapters.cli.tables import print_table
from adapters.privacy.accounts import Accounts, IdentityError
from adapters.privacy.credentials import Credentials, SignInRefused
from adapters.privacy.master_key import load_or_create
from adapters.privacy.sessions import Sessions
from adapters.settings import ConfigError, Settings
from adapters.store.read_database import read_engine_of
from services.access import Role

log = logging.getLogger("journey.users")
T = TypeVar("T")
EXAMPLES = """examples:
  journey users add besa.krasniqi --role caseworker
  journey users reset-password besa.krasniqi        # then hand the one-time password over
  journey users list --json | jq '.[] | select(.revoked_at == null) | .name'
"""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = commands.add_parser(
        "users",
        help="staff accounts: API tokens and the passwords people sign in with",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = users.add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a user and print its token (once)")
    add.add_argument("name", help="2-100 characters of a-z 0-9 . _ - (besa.krasniqi)")
    add.add_argument(
        "--role",
        required=True,
        choices=[r.value for r in Role],
        help="what the account may do (docs/permissions.md)",
    )
    add.set_defaults(run=cmd_users_add)
    listing = actions.add_parser("list", help="every account, revoked ones too")
    listing.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    listing.set_defaults(run=cmd_users_list)
    revoke = actions.add_parser("revoke", help="revoke a user's token")
    revoke.add_argument("name", help="the account to end, for good")
    revoke.set_defaults(run=cmd_users_revoke)
    rotate = actions.add_parser(
        "rotate-token", help="replace a lost or leaked token: print a new one (once), end the old"
    )
    rotate.add_argument("name", help="the account whose token is replaced")
    rotate.set_defaults(run=cmd_users_rotate_token)
    reset = actions.add_parser(
        "reset-password",
        help="print a one-time password (once) that the user's next sign-in must change",
    )
    reset.add_argument("name", help="the account whose password is reset")
    reset.add_argument(
        "--second-factor",
        action="store_true",
        help="also forget the authenticator app (a lost phone): the next sign-in enrols one",
    )
    reset.set_defaults(run=cmd_users_reset_password)


def _with_accounts(settings: Settings, change: Callable[[Accounts], T]) -> T:
    """`change` on the staff accounts (a refusal is a ConfigError), the engine closed after."""
    engine = read_engine_of(settings)
    try:
        return change(Accounts(engine))
    except IdentityError as error:
        raise ConfigError(str(error)) from error
    finally:
        engine.dispose()


def cmd_users_add(args: argparse.Namespace, settings: Settings) -> int:
    token = _with_accounts(settings, lambda a: a.add(args.name, Role(args.role)))
    print(f"user {args.name} ({args.role}) added; token (shown once, keep it secret):")
    print(token)
    return 0


def cmd_users_list(args: argparse.Namespace, settings: Settings) -> int:
    """Every account with its role, since when, whether revoked, and how far its person
    got with signing in (no password, one-time password to change, app to enrol, ready)."""
    engine = read_engine_of(settings)
    try:
        accounts = Accounts(engine).listing()
        sign_in = Credentials(engine, load_or_create(settings.master_key_file)).states()
    finally:
        engine.dispose()
    rows = [
        {
            "name": account.name,
            "role": account.role.value,
            "created_at": account.created_at.isoformat(),
            "revoked_at": account.revoked_at and account.revoked_at.isoformat(),
            "sign_in": sign_in.get(account.name, "no_password"),
        }
        for account in accounts
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    cells = [
        (
            a.name,
            a.role.value,
            f"{a.created_at:%Y-%m-%d}",
            sign_in.get(a.name, "no_password"),
            f"revoked {a.revoked_at:%Y-%m-%d}" if a.revoked_at else "",
        )
        for a in accounts
    ]
    plain = "\n".join(f"{n:<24} {r:<19} {c}  {s:<20} {v}" for n, r, c, s, v in cells)
    print_table(("name", "role", "since", "sign-in", "revoked"), cells, plain)
    return 0


def cmd_users_revoke(args: argparse.Namespace, settings: Settings) -> int:
    _with_accounts(settings, lambda a: a.revoke(args.name))
    print(f"user {args.name} revoked")
    return 0


def cmd_users_rotate_token(args: argparse.Namespace, settings: Settings) -> int:
    """A lost or leaked token: the user keeps its name and role, the old token ends now."""
    token = _with_accounts(settings, lambda a: a.rotate(args.name))
    print(f"user {args.name}: old token ended; new token (shown once, keep it secret):")
    print(token)
    return 0


def cmd_users_reset_password(args: argparse.Namespace, settings: Settings) -> int:
    """An administrator's reset (docs/sign-in.md): never a password they chose or know."""
    engine = read_engine_of(settings)
    try:
        people = Credentials(engine, load_or_create(settings.master_key_file))
        once = people.reset(args.name, second_factor_too=args.second_factor)
        Sessions(engine).end_all_of(args.name)  # whoever knew the old one is signed out
    except SignInRefused as refused:
        raise ConfigError(str(refused)) from refused
    finally:
        engine.dispose()
    also = " and its authenticator app forgotten" if args.second_factor else ""
    print(f"user {args.name}: password reset{also}; one-time password (shown once):")
    print(once)
    return 0


def ensure_first_admin(settings: Settings) -> None:
    """The first `journey up` creates `admin`; its token goes to a file only the owner reads."""
    token = _with_accounts(
        settings, lambda a: None if a.any_admin() else a.add("admin", Role.ADMIN)
    )
    if token is None:
        return
    path = settings.data_dir / "admin.token"
    write_private(path, token)
    log.info("created user admin; its token is in %s (readable by this user only)", path)


def write_private(path: Path, secret: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret + "\n")
