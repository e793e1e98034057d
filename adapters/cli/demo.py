"""`journey demo`: load scripted, fictitious journeys into a fresh embedded store."""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path
from typing import TypeAlias

from adapters.cli.progress import progress
from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import DAYS, START, Demo, DemoSummary, describe
from adapters.settings import ConfigError, Settings, retention_rules

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
EXAMPLES = """examples:
  journey demo --data-dir /tmp/demo                       # 240 journeys, a bar on a terminal
  journey demo --data-dir /tmp/demo --reset --beneficiaries 40 --seed 7
  journey up --demo                                       # the demo, then every service
"""


def add_commands(commands: Commands) -> None:
    demo = commands.add_parser(
        "demo",
        help="load scripted journeys into a fresh store",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument("--data-dir", type=Path, help="where the SQLite store goes")
    demo.add_argument(
        "--beneficiaries", type=int, default=240, help="how many journeys (default 240)"
    )
    demo.add_argument(
        "--seed", type=int, default=2000, help="the random seed: the same seed, the same demo"
    )
    demo.add_argument(
        "--reset", action="store_true", help="delete an existing SQLite store in the data dir first"
    )
    demo.add_argument("--quiet", action="store_true", help="no progress bar on a terminal")
    demo.set_defaults(run=_demo)


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    if args.data_dir is not None:
        settings = settings.located(f"sqlite:///{args.data_dir / 'journey.db'}", args.data_dir)
    if args.beneficiaries < 1:
        raise ConfigError("--beneficiaries: must be at least 1")
    _prepare_store(settings, reset=args.reset)
    clock = ScriptedClock(START)
    journey = build(settings, clock)
    try:
        began = time.perf_counter()
        demo = Demo(journey, clock, args.seed, archive=True, retention=retention_rules(settings))
        with progress("demo journeys", DAYS, quiet=args.quiet) as advance:
            demo.on_day = advance
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
    is kept unless --reset, which removes the store, the read models, the stream, the data
    keys (the demo erases people: their record ids come back in the new demo) and, when
    they are inside the data dir, the erasure log and the documents."""
    store = settings.data_dir / "journey.db"
    if settings.database_url != f"sqlite:///{store}":
        raise ConfigError(
            "journey demo: loads only into the embedded store (unset "
            "JOURNEY_DATABASE_URL and choose --data-dir)"
        )
    if store.exists() and not reset:
        msg = f"{store} already holds a store; pass --reset to replace it with the demo"
        raise ConfigError(msg)
    for name in ("journey.db", "read.db", "keys.db", "nats.url", "admin.token"):
        for suffix in ("", "-wal", "-shm"):
            (settings.data_dir / f"{name}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(settings.data_dir / "nats", ignore_errors=True)
    # the erasure log and the documents only where they are the data dir's own
    if settings.erasure_log.is_relative_to(settings.data_dir):
        settings.erasure_log.unlink(missing_ok=True)
    if settings.document_dir.is_relative_to(settings.data_dir):
        shutil.rmtree(settings.document_dir, ignore_errors=True)


def _print_summary(summary: DemoSummary, events: int, elapsed: float) -> None:
    print(
        f"demo: {summary.beneficiaries} beneficiaries, {summary.commands} commands, "
        f"{events} events in {elapsed:.1f} s ({summary.commands / elapsed:.0f} commands/s)"
    )
