"""`journey serve` and `journey users add|revoke|rotate-token`."""

from __future__ import annotations

import argparse
import logging
from datetime import timedelta
from typing import TypeVar

from adapters.audit.chain_tables import store_engine
from adapters.audit.signing_key import load_or_create_signer
from adapters.audit.verification import IntegrityCheck
from adapters.privacy.accounts import Accounts
from adapters.privacy.master_key import load_or_create
from adapters.run.bootstrap import build
from adapters.run.malloc import cap_arenas
from adapters.run.signals import exit_on_stop_signals
from adapters.settings import ConfigError, Settings, retention_rules
from adapters.store.read_database import read_engine_of
from adapters.store.timeouts import DatabaseTimeouts
from adapters.store.upgrades import ready_to_run

log = logging.getLogger("journey.http")
SERVE_EXAMPLES = """examples:
  journey serve                                         # 127.0.0.1:8000, behind a proxy
  journey --log-format json serve --host 127.0.0.1 --port 8000
  JOURNEY_TRUSTED_PROXIES=127.0.0.1 journey serve       # behind nginx on this host
"""
T = TypeVar("T")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="the HTTP API for staff UIs",
        epilog=SERVE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.set_defaults(run=cmd_serve)


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

    cap_arenas()  # before any thread (the stores' pools, the handlers'): adapters/run/malloc.py
    exit_on_stop_signals()  # also while opening the stores, also if SIGINT came ignored
    ready_to_run(settings)  # a schema behind is refused, exit 2 (docs/upgrades.md)
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
        data_dir=settings.data_dir,
    )
    try:
        serve(app, args.host, args.port)
    finally:
        journey.close()
        engine.dispose()
    return 0
