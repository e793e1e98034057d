"""`journey serve` and `journey users add|revoke|rotate-token`."""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from adapters.audit.chain_tables import store_engine
from adapters.audit.signing_key import load_or_create_signer
from adapters.audit.verification import IntegrityCheck
from adapters.privacy.accounts import Accounts, IdentityError
from adapters.privacy.credentials import Credentials, SignInRefused
from adapters.privacy.master_key import load_or_create
from adapters.privacy.sessions import Sessions
from adapters.run.bootstrap import build
from adapters.run.signals import exit_on_stop_signals
from adapters.settings import ConfigError, Settings, retention_rules
from adapters.store.read_database import read_engine_of
from adapters.store.timeouts import DatabaseTimeouts
from services.access import Role

log = logging.getLogger("journey.http")
T = TypeVar("T")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser("serve", help="the HTTP API for staff UIs")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)
    users = commands.add_parser(
        "users", help="staff accounts: API tokens and the passwords people sign in with"
    )
    actions = users.add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a user and print its token (once)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.set_defaults(run=cmd_users_add)
    revoke = actions.add_parser("revoke", help="revoke a user's token")
    revoke.add_argument("name")
    revoke.set_defaults(run=cmd_users_revoke)
    rotate = actions.add_parser(
        "rotate-token", help="replace a lost or leaked token: print a new one (once), end the old"
    )
    rotate.add_argument("name")
    rotate.set_defaults(run=cmd_users_rotate_token)
    reset = actions.add_parser(
        "reset-password",
        help="print a one-time password (once) that the user's next sign-in must change",
    )
    reset.add_argument("name")
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


def integrity_check(settings: Settings) -> IntegrityCheck | None:
    """The verification the API offers auditors; none on an in-memory store."""
    try:
        engine = store_engine(settings.database_url)
    except ConfigError:
        return None
    return IntegrityCheck(engine, [load_or_create_signer(settings.chain_key).verifier])


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the API under uvicorn with its limits (adapters/http/server.py)."""
    # the web stack loads here, not in every `journey` process (each worker, the relay)
    from adapters.http.app import create_app  # noqa: PLC0415
    from adapters.http.forwarded import TrustedProxies  # noqa: PLC0415
    from adapters.http.server import serve  # noqa: PLC0415

    exit_on_stop_signals()  # also while opening the stores, also if SIGINT came ignored
    proxies = TrustedProxies(settings.trusted_proxies)
    timeouts = DatabaseTimeouts.from_settings(settings, serving=True)  # fails within seconds
    journey = build(settings, POSTGRES_STATEMENT_TIMEOUT=str(timeouts.statement))
    engine = read_engine_of(settings, serving=True)
    app = create_app(
        journey,
        engine,
        Accounts(engine),
        proxies=proxies,
        cors_origins=settings.cors_origins,
        no_contact_days=settings.no_contact_days,
        retention_rules=retention_rules(settings),
        report_min_cell=settings.report_min_cell,
        master_keys=load_or_create(settings.master_key_file),
        session_idle=timedelta(minutes=settings.session_idle_minutes),
        integrity=integrity_check(settings),
    )
    try:
        serve(app, args.host, args.port)
    finally:
        journey.close()
        engine.dispose()
    return 0
