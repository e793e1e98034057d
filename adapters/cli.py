"""The `journey` command line."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from adapters import cli_audit, cli_backup, cli_doctor, cli_http, cli_keys
from adapters.bootstrap import build
from adapters.cli_pipeline import add_commands
from adapters.clock import ScriptedClock
from adapters.config import ConfigError, Settings
from adapters.demo import START, Demo, DemoSummary, describe
from adapters.filemodes import private_umask
from domain.errors import DomainError

LOG_FORMAT = "%(asctime)s %(name)-22s %(levelname)-7s %(message)s"


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, datefmt="%H:%M:%S")
    parser = _parser()
    args = parser.parse_args(argv)
    umask = private_umask()  # every file we and our children create: see adapters/filemodes.py
    try:
        result: int = args.run(args)
    except (ConfigError, DomainError) as error:
        print(f"journey: {error}", file=sys.stderr)
        return 2
    finally:
        os.umask(umask)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="journey", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    demo = commands.add_parser("demo", help="load scripted journeys into a fresh store")
    demo.add_argument("--data-dir", type=Path, help="where the SQLite store goes")
    demo.add_argument("--beneficiaries", type=int, default=240)
    demo.add_argument("--seed", type=int, default=2000)
    demo.add_argument(
        "--reset", action="store_true", help="delete an existing SQLite store in the data dir first"
    )
    demo.set_defaults(run=_demo)
    add_commands(commands)
    cli_http.add_commands(commands)
    cli_audit.add_commands(commands)
    cli_keys.add_commands(commands)
    cli_backup.add_commands(commands)
    cli_doctor.add_commands(commands)
    return parser


def _demo(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.data_dir is not None:
        settings = Settings(f"sqlite:///{args.data_dir / 'journey.db'}", args.data_dir)
    if args.beneficiaries < 1:
        raise ConfigError("--beneficiaries: must be at least 1")
    _prepare_store(settings, reset=args.reset)
    clock = ScriptedClock(START)
    journey = build(settings, clock)
    try:
        began = time.perf_counter()
        demo = Demo(journey, clock, args.seed)
        summary = demo.run(args.beneficiaries)
        elapsed = time.perf_counter() - began
        _print_summary(summary, journey.app.recorder.max_notification_id() or 0, elapsed)
        print("\n".join(describe(demo)))
        print(f"store: {settings.database_url}")
    finally:
        journey.close()
    return 0


def _prepare_store(settings: Settings, *, reset: bool) -> None:
    """The demo loads into a fresh embedded store inside the data dir; an existing one
    is kept unless --reset, which removes the store, the read models and the stream."""
    store = settings.data_dir / "journey.db"
    if settings.database_url != f"sqlite:///{store}":
        raise ConfigError(
            "journey demo: loads only into the embedded store (unset "
            "JOURNEY_DATABASE_URL and choose --data-dir)"
        )
    if store.exists() and not reset:
        msg = f"{store} already holds a store; pass --reset to replace it with the demo"
        raise ConfigError(msg)
    for name in ("journey.db", "read.db", "nats.url", "admin.token"):
        for suffix in ("", "-wal", "-shm"):
            (settings.data_dir / f"{name}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(settings.data_dir / "nats", ignore_errors=True)


def _print_summary(summary: DemoSummary, events: int, elapsed: float) -> None:
    print(
        f"demo: {summary.beneficiaries} beneficiaries, {summary.commands} commands, "
        f"{events} events in {elapsed:.1f} s ({summary.commands / elapsed:.0f} commands/s)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
