"""`journey up`, `journey relay`, `journey worker NAME`, `journey projections ...`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import sys
import time
from dataclasses import replace

from sqlalchemy import Engine, MetaData, inspect, text

from adapters.cli.demo_staff import ensure_demo_staff, log_console
from adapters.cli.doctor import warn_about_wide_files
from adapters.cli.progress import progress
from adapters.cli.users import ensure_first_admin
from adapters.file_modes import private_dir
from adapters.run.bootstrap import build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import DAYS, START, Demo, describe
from adapters.run.pipeline import PipelineSettings, run_relay, run_worker
from adapters.run.signals import StopSignals, exit_on_stop_signals, run_until_stopped
from adapters.run.supervisor import Supervisor, child_env, start_nats
from adapters.settings import ConfigError, Settings, retention_rules
from adapters.store.read_database import read_engine_of
from adapters.store.upgrades import ready_to_run
from adapters.stream.consumer import NatsSource
from adapters.stream.jetstream import connect
from adapters.stream.nats_server import EmbeddedNats
from projections import catalog
from projections.partition import PARTITION_SAFE, Partition, PartitionError, check_partitionable
from projections.rebuild import rebuild
from projections.registry import read_model, read_models

log = logging.getLogger("journey")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    up = commands.add_parser("up", help="run everything on this machine (Ctrl-C stops)")
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
    commands.add_parser("relay", help="publish stored events to NATS").set_defaults(run=cmd_relay)
    worker = commands.add_parser("worker", help="run one projection worker")
    worker.add_argument("name", choices=sorted(read_models()), help="the read model")
    _add_partition_option(worker, "apply only the records of partition INDEX of COUNT")
    worker.set_defaults(run=cmd_worker)
    _add_projection_commands(commands)


def _add_projection_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    group = commands.add_parser("projections", help="inspect and operate the read models")
    actions = group.add_subparsers(required=True, metavar="ACTION")
    status = actions.add_parser("status", help="position, lag, state")
    status.add_argument("--json", action="store_true", help="one JSON array, for scripts")
    status.set_defaults(run=cmd_status)
    for action, helptext in (
        ("rebuild", "rebuild from the start, switch atomically"),
        ("retry", "retry the event a worker stopped at"),
        ("skip", "skip the event a worker stopped at (recorded)"),
    ):
        parser = actions.add_parser(action, help=helptext)
        parser.add_argument("name", choices=sorted(read_models()), help="the read model")
        parser.add_argument(
            "--operator",
            default=getpass.getuser(),
            help="who does it, as the log keeps it (default: this login)",
        )
        if action != "rebuild":
            _add_partition_option(parser, "the dead letter of partition INDEX of COUNT's worker")
        parser.set_defaults(
            run={"rebuild": cmd_rebuild, "retry": cmd_resolve, "skip": cmd_resolve}[action],
            action=action,
        )


def _add_partition_option(parser: argparse.ArgumentParser, helptext: str) -> None:
    safe = ", ".join(sorted(PARTITION_SAFE))
    parser.add_argument(
        "--partition", metavar="INDEX/COUNT", help=f"{helptext} (0-based; models: {safe})"
    )


def _partition(args: argparse.Namespace) -> Partition | None:
    """--partition i/N, checked against the model; a bad one is a ConfigError that says why."""
    if args.partition is None:
        return None
    try:
        partition = Partition.parse(args.partition)
        check_partitionable(args.name, partition)
    except PartitionError as error:
        raise ConfigError(f"--partition: {error}") from error
    return partition if partition.count > 1 else None


def _with_nats(settings: Settings) -> Settings:
    """The settings, with the embedded NATS that `journey up` started if none is set."""
    private_dir(settings.data_dir)
    if not settings.nats_url and (settings.data_dir / "nats.url").exists():
        url = (settings.data_dir / "nats.url").read_text().strip()
        return replace(settings, nats_url=url)
    return settings


def cmd_relay(_: argparse.Namespace, settings: Settings) -> int:
    ready_to_run(settings)  # a schema behind is refused, exit 2 (docs/upgrades.md)
    run_until_stopped(run_relay(_with_nats(settings)))
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    exit_on_stop_signals()  # also while starting (run_until_stopped)
    ready_to_run(settings)  # a schema behind is refused, exit 2 (docs/upgrades.md)
    partition = _partition(args)
    try:
        run_until_stopped(run_worker(_with_nats(settings), args.name, partition))
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
                log.info("  %-28s %6d", view, count)


# ------------------------------------------------------------- projections


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    settings = _with_nats(settings)
    engine = read_engine_of(settings)
    try:
        rows = _status_rows(settings, engine)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'component':<24} {'gen':>3} {'position':>9} {'stream':>8} {'lag':>6}  state")
    for row in rows:
        print(_status_line(row))
    return 0


def _status_line(row: dict[str, object]) -> str:
    """A row as `journey projections status` prints it (partition workers indented)."""
    shown = {k: "" if v is None else str(v) for k, v in row.items()}
    name = f"  {shown['component']}" if "[" in shown["component"] else shown["component"]
    stream = shown["stream_seq"] or shown["detail"]
    return (
        f"{name:<24} {shown['generation']:>3} {shown['position']:>9} {stream:>8} "
        f"{shown['lag']:>6}  {shown['state']} {shown['last_error']}"
    ).rstrip()


def _status_rows(settings: Settings, engine: Engine) -> list[dict[str, object]]:
    """The relay, then each read model and its partition workers: generation, position in
    the store, the stream sequence it reached, lag behind the stream (None when NATS is not
    reachable), state and last error."""
    catalog.create_catalog(engine)
    head = _stream_head_or_none(settings)
    reports = catalog.statuses(engine)
    rows: list[dict[str, object]] = []
    relay = reports.get("relay")
    if relay is not None:
        rows.append(_row("relay", relay, position=relay["position"] or 0))
    for name in read_models():
        with engine.begin() as conn:
            generation = catalog.active_generation(conn, name)
            seq, position = catalog.read_position(conn, name, generation)
        lag = None if head is None else head - seq
        report = reports.get(f"projection:{name}")
        rows.append(_row(name, report, position=position, generation=generation, seq=seq, lag=lag))
        for component, part in sorted(reports.items()):
            if component.startswith(f"projection:{name}["):  # a partition worker
                label = component.removeprefix("projection:")
                rows.append(_row(label, part, position=part["position"] or 0))
    return rows


def _row(
    component: str,
    report: dict[str, object] | None,
    *,
    position: object,
    generation: int | None = None,
    seq: int | None = None,
    lag: int | None = None,
) -> dict[str, object]:
    return {
        "component": component,
        "generation": generation,
        "position": position,
        "stream_seq": seq,
        "lag": lag,
        "state": "never ran" if report is None else report["state"],
        "detail": None if report is None else report.get("detail"),
        "last_error": None if report is None else report["last_error"],
    }


def _stream_head_or_none(settings: Settings) -> int | None:
    try:
        pipeline = PipelineSettings.from_settings(settings)
        return asyncio.run(_stream_last_seq(pipeline))
    except Exception:
        print("journey: NATS unreachable: lag unknown", file=sys.stderr)  # stdout is the data
        return None


async def _stream_last_seq(pipeline: PipelineSettings) -> int:
    client = await connect(pipeline.nats_url, "journey-status", reconnect=False)
    try:
        info = await client.jetstream().stream_info(pipeline.stream.name)
        return int(info.state.last_seq)
    finally:
        await client.close()


def cmd_rebuild(args: argparse.Namespace, settings: Settings) -> int:
    settings = _with_nats(settings)
    pipeline = PipelineSettings.from_settings(settings)
    model = read_model(args.name, settings.no_contact_days, retention_rules(settings))
    engine = read_engine_of(settings)
    durable = f"rebuild-{model.name}-{int(time.time())}"
    source = NatsSource(pipeline.nats_url, pipeline.stream, durable)
    started = time.perf_counter()
    try:
        generation = asyncio.run(rebuild(model, engine, source))
    except catalog.ViewsInUse as error:  # analysts' views on columns that changed: ADR 35
        raise ConfigError(f"{model.name} built but not switched: {error}") from error
    finally:
        engine.dispose()
        asyncio.run(_delete_consumer(pipeline, durable))
    print(
        f"{model.name}: generation {generation} built in "
        f"{time.perf_counter() - started:.1f} s and now serving"
    )
    return 0


async def _delete_consumer(pipeline: PipelineSettings, durable: str) -> None:
    client = await connect(pipeline.nats_url, "journey-rebuild", reconnect=False)
    try:
        await client.jetstream().delete_consumer(pipeline.stream.name, durable)
    finally:
        await client.close()


def cmd_resolve(args: argparse.Namespace, settings: Settings) -> int:
    partition = _partition(args)
    key = args.name if partition is None else f"{args.name}[{partition.label}]"
    engine = read_engine_of(_with_nats(settings))
    try:
        letter = catalog.request_resolution(engine, key, args.action, args.operator)
    except LookupError as error:
        raise ConfigError(str(error)) from error
    finally:
        engine.dispose()
    print(
        f"{key}: dead letter {letter['id']} (stream message {letter['stream_seq']}, "
        f"{letter['event_type']}) marked {args.action} by {args.operator}"
    )
    return 0
