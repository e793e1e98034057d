"""`journey projections status | rebuild | retry | skip`: inspect and operate the read
models, and the options `journey worker` shares with them (`--partition`).

journey projections status [--json]      position, stream sequence, lag, state of each
journey projections rebuild NAME [--quiet]
                                         a new generation from the start of the stream,
                                         switched in atomically (a bar on a terminal)
journey projections retry|skip NAME      what to do with the event a worker stopped at
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import re
import sys
import time
from dataclasses import replace
from typing import TypeAlias

from sqlalchemy import Engine

from adapters.cli.progress import progress
from adapters.cli.tables import print_table
from adapters.file_modes import private_dir
from adapters.run.pipeline import PipelineSettings
from adapters.settings import ConfigError, Settings, retention_rules
from adapters.store.read_database import read_engine_of
from adapters.stream.consumer import NatsSource
from adapters.stream.jetstream import connect
from projections import catalog
from projections.partition import PARTITION_SAFE, Partition, PartitionError, check_partitionable
from projections.rebuild import rebuild
from projections.registry import read_model, read_models

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
EXAMPLES = """examples:
  journey projections status                   # is every read model caught up?
  journey projections status --json | jq '.[] | select(.state != "running")'
  journey projections rebuild caseload         # a new generation; the old one serves meanwhile
  journey projections retry caseload           # after fixing what made the worker stop
  journey projections skip timeline --partition 1/2  # give up on that event (recorded)
"""
STATUS_HEADINGS = ("component", "gen", "position", "stream", "lag", "state")


def add_commands(commands: Commands) -> None:
    group = commands.add_parser(
        "projections",
        help="inspect and operate the read models",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
        if action == "rebuild":
            parser.add_argument(
                "--quiet", action="store_true", help="no progress bar on a terminal"
            )
        else:
            add_partition_option(parser, "the dead letter of partition INDEX of COUNT's worker")
        parser.set_defaults(
            run={"rebuild": cmd_rebuild, "retry": cmd_resolve, "skip": cmd_resolve}[action],
            action=action,
        )


def add_partition_option(parser: argparse.ArgumentParser, helptext: str) -> None:
    safe = ", ".join(sorted(PARTITION_SAFE))
    parser.add_argument(
        "--partition", metavar="INDEX/COUNT", help=f"{helptext} (0-based; models: {safe})"
    )


def partition_of(args: argparse.Namespace) -> Partition | None:
    """--partition i/N, checked against the model; a bad one is a ConfigError that says why."""
    if args.partition is None:
        return None
    try:
        partition = Partition.parse(args.partition)
        check_partitionable(args.name, partition)
    except PartitionError as error:
        raise ConfigError(f"--partition: {error}") from error
    return partition if partition.count > 1 else None


def with_nats(settings: Settings) -> Settings:
    """The settings, with the embedded NATS that `journey up` started if none is set."""
    private_dir(settings.data_dir)
    if not settings.nats_url and (settings.data_dir / "nats.url").exists():
        url = (settings.data_dir / "nats.url").read_text().strip()
        return replace(settings, nats_url=url)
    return settings


# ------------------------------------------------------------------ status


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    settings = with_nats(settings)
    engine = read_engine_of(settings)
    try:
        rows = status_rows(settings, engine)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    header = f"{'component':<24} {'gen':>3} {'position':>9} {'stream':>8} {'lag':>6}  state"
    plain = "\n".join([header, *(_status_line(row) for row in rows)])
    print_table(STATUS_HEADINGS, [_status_cells(row) for row in rows], plain)
    for row in rows:
        if row["metrics"] is not None:
            print(f"metrics of {row['component']}: {row['metrics']}")
    return 0


def _status_cells(row: dict[str, object]) -> tuple[str, ...]:
    shown = {k: "" if v is None else str(v) for k, v in row.items()}
    state = f"{shown['state']} {shown['last_error']}".rstrip()
    return (
        shown["component"],
        shown["generation"],
        shown["position"],
        shown["stream_seq"] or shown["detail"].partition(" metrics=")[0],
        shown["lag"],
        state,
    )


def _status_line(row: dict[str, object]) -> str:
    """A row as `journey projections status` prints it (partition workers indented)."""
    name, generation, position, stream, lag, state = _status_cells(row)
    name = f"  {name}" if "[" in name else name
    return f"{name:<24} {generation:>3} {position:>9} {stream:>8} {lag:>6}  {state}".rstrip()


def status_rows(settings: Settings, engine: Engine) -> list[dict[str, object]]:
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
        "metrics": None if report is None else metrics_address(report.get("detail")),
    }


def metrics_address(detail: object) -> str | None:
    """Where a component serves its metrics, as it reported (`… metrics=URL`)."""
    found = re.search(r"\bmetrics=(\S+)", detail) if isinstance(detail, str) else None
    return None if found is None else found.group(1)


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


# ------------------------------------------------------------- operations


def cmd_rebuild(args: argparse.Namespace, settings: Settings) -> int:
    settings = with_nats(settings)
    pipeline = PipelineSettings.from_settings(settings)
    model = read_model(args.name, settings.no_contact_days, retention_rules(settings))
    engine = read_engine_of(settings)
    durable = f"rebuild-{model.name}-{int(time.time())}"
    source = NatsSource(pipeline.nats_url, pipeline.stream, durable)
    started = time.perf_counter()
    try:
        with progress(f"rebuild {model.name}", None, quiet=args.quiet) as advance:
            generation = asyncio.run(rebuild(model, engine, source, progress=advance))
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
    partition = partition_of(args)
    key = args.name if partition is None else f"{args.name}[{partition.label}]"
    engine = read_engine_of(with_nats(settings))
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
