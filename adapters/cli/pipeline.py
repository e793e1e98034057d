"""`journey up`, `journey relay`, `journey worker NAME` (and `journey projections ...`,
registered from adapters/cli/projections.py)."""

from __future__ import annotations

import argparse
import logging
import time

from sqlalchemy import Engine, MetaData, inspect, text

from adapters.cli import projections as projection_commands
from adapters.cli.demo_staff import ensure_demo_staff, log_console
from adapters.cli.doctor import warn_about_wide_files
from adapters.cli.options import add_metrics_port_option
from adapters.cli.progress import progress
from adapters.cli.projections import add_partition_option as _add_partition_option
from adapters.cli.projections import partition_of as _partition
from adapters.cli.projections import with_nats as _with_nats
from adapters.cli.users import ensure_first_admin
from adapters.file_modes import private_dir
from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import DAYS, START, Demo, describe
from adapters.run.pipeline import run_relay, run_worker
from adapters.run.signals import StopSignals, exit_on_stop_signals, run_until_stopped
from adapters.run.supervisor import Supervisor, child_env, start_nats
from adapters.settings import ConfigError, Settings, retention_rules
from adapters.store.read_database import read_engine_of
from adapters.store.upgrades import ready_to_run
from adapters.stream.nats_server import EmbeddedNats
from projections import catalog
from projections.registry import read_models

log = logging.getLogger("journey")
RAW = argparse.RawDescriptionHelpFormatter
UP_EXAMPLES = """examples:
  journey up --demo                          # demo journeys (a bar), then every service
  journey up --http-port 8080
  journey up --demo --until-caught-up --quiet && journey projections status
"""
RELAY_EXAMPLES = """examples:
  JOURNEY_NATS_URL=nats://nats-1:4222 journey relay     # one relay per store
"""
WORKER_EXAMPLES = """examples:
  journey worker caseload
  journey worker timeline --partition 0/2 & journey worker timeline --partition 1/2
"""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    up = commands.add_parser(
        "up",
        help="run everything on this machine (Ctrl-C stops)",
        epilog=UP_EXAMPLES,
        formatter_class=RAW,
    )
    up.add_argument("--demo", action="store_true", help="load the demo journeys first")
    up.add_argument("--quiet", action="store_true", help="no progress bar on a terminal")
    up.add_argument("--nats-port", type=int, default=-1, help="embedded NATS port (free one)")
    up.add_argument("--http-port", type=int, default=8000, help="HTTP API port (0: no API)")
    up.add_argument(
        "--until-caught-up",
        action="store_true",
        help="exit once every read model has applied every stored event",
    )
    up.set_defaults(run=cmd_up)
    relay = commands.add_parser(
        "relay", help="publish stored events to NATS", epilog=RELAY_EXAMPLES, formatter_class=RAW
    )
    add_metrics_port_option(relay)
    relay.set_defaults(run=cmd_relay)
    worker = commands.add_parser(
        "worker", help="run one projection worker", epilog=WORKER_EXAMPLES, formatter_class=RAW
    )
    worker.add_argument("name", choices=sorted(read_models()), help="the read model")
    _add_partition_option(worker, "apply only the records of partition INDEX of COUNT")
    add_metrics_port_option(worker)
    worker.set_defaults(run=cmd_worker)
    projection_commands.add_commands(commands)


def cmd_relay(args: argparse.Namespace, settings: Settings) -> int:
    ready_to_run(settings)  # a schema behind is refused, exit 2 (docs/upgrades.md)
    run_until_stopped(run_relay(_with_nats(settings), args.metrics_port))
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    exit_on_stop_signals()  # also while starting (run_until_stopped)
    ready_to_run(settings)  # a schema behind is refused, exit 2 (docs/upgrades.md)
    partition = _partition(args)
    try:
        worker = run_worker(_with_nats(settings), args.name, partition, args.metrics_port)
        run_until_stopped(worker)
    except (catalog.PartitionLayoutError, catalog.ViewsInUse) as error:
        raise ConfigError(str(error)) from error
    return 0


# ---------------------------------------------------------------------- up


def cmd_up(args: argparse.Namespace, settings: Settings) -> int:
    signals = StopSignals().install()  # also when SIGINT was inherited as ignored
    warn_about_wide_files(settings, log)
    private_dir(settings.data_dir)
    nats: EmbeddedNats | None = None
    supervisor: Supervisor | None = None
    try:
        ready_to_run(settings, upgrade_sqlite=True)  # the embedded default upgrades itself
        if args.demo:
            _load_demo_once(settings, quiet=args.quiet)
        else:  # the master key and the store's tables made once, before the children
            build(settings).close()
        ensure_first_admin(settings)
        if args.demo:
            ensure_demo_staff(settings)
        with signals.deferred():
            nats_url, nats = start_nats(settings, args.nats_port)
        supervisor = Supervisor(
            settings, child_env(settings, nats_url), sorted(read_models()), args.http_port or None
        )
        with signals.deferred():
            supervisor.start_all()
        _supervise(
            supervisor, settings, signals, args.http_port, until_caught_up=args.until_caught_up
        )
    except KeyboardInterrupt as stop:
        log.info("stopping (%s)", stop)
    finally:
        signals.stopping()
        _stop(supervisor, nats, settings.stop_grace_seconds)
    return 0


def _stop(supervisor: Supervisor | None, nats: EmbeddedNats | None, grace: int) -> None:
    """Every child first (each drains on SIGTERM, killed after `grace` seconds), then
    NATS, which they publish to."""
    if supervisor is not None:
        supervisor.stop_all(grace)
    if nats is not None:
        nats.stop()


def _load_demo_once(settings: Settings, *, quiet: bool) -> None:
    clock = ScriptedClock(START)
    journey = build(settings, clock)
    try:
        if journey.app.recorder.max_notification_id():
            log.info("the store already holds events; not loading the demo again")
            return
        demo = Demo(journey, clock, archive=True, retention=retention_rules(settings))
        with progress("demo journeys", DAYS, quiet=quiet) as advance:
            demo.on_day = advance
            summary = demo.run(240)
        log.info(
            "demo loaded: %d beneficiaries, %d commands", summary.beneficiaries, summary.commands
        )
        for line in describe(demo):
            log.info("%s", line)
    finally:
        journey.close()


def _supervise(
    supervisor: Supervisor,
    settings: Settings,
    signals: StopSignals,
    http_port: int,
    *,
    until_caught_up: bool,
) -> None:
    engine = read_engine_of(settings)
    catalog.create_catalog(engine)  # once; the loop below only reads it
    head = _store_head(settings)
    reported = False
    while True:
        with signals.deferred():  # a child it restarts is recorded before stopping
            supervisor.watch()
        if not reported and _caught_up(engine, head):
            reported = True
            _log_read_models(engine)
            if http_port:
                log_console(settings, http_port)
            if until_caught_up:
                return
        time.sleep(0.5)


def _store_head(settings: Settings) -> int:
    journey = build(settings)
    try:
        return journey.app.recorder.max_notification_id() or 0
    finally:
        journey.close()


def _caught_up(engine: Engine, head: int) -> bool:
    """Every read model's views exist (its worker has started) and reached `head`."""
    with engine.begin() as conn:
        present = set(inspect(conn).get_view_names())
        views = {view for model in read_models().values() for view in model.define(MetaData(), 0)}
        if not views <= present:
            return False
        for name in read_models():
            _, position = catalog.read_position(conn, name, catalog.active_generation(conn, name))
            if position < head:
                return False
    return True


def _log_read_models(engine: Engine) -> None:
    log.info("every read model is up to date; rows per view:")
    with engine.connect() as conn:
        for model in read_models().values():
            for view in model.define(MetaData(), 0):
                count = conn.execute(text(f'SELECT COUNT(*) FROM "{view}"')).scalar()  # noqa: S608
                log.info("  %-28s %6d", view, count, extra={"view": view, "rows": count})
