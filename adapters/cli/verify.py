"""`journey audit verify | checkpoint | public-key`: the tamper-evident history.

journey audit checkpoint [--follow]   chain the stored events, sign a checkpoint
                                      (--follow: keep following the log; `journey up`
                                      runs it so)
journey audit verify [--json] [--public-key PEM] [--require-stream]
                                      recompute the chain; exit 0 when intact, 1 with
                                      "first mismatch at position N: why" otherwise
journey audit public-key              the PEM public key auditors verify with
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TypeAlias

import msgspec

from adapters.audit.chain_tables import ChainStore, store_engine
from adapters.audit.checkpoint_stream import (
    CheckpointPublisher,
    CheckpointStream,
    Published,
    read_published,
)
from adapters.audit.keeper import ChainKeeper, KeeperSettings
from adapters.audit.signing_key import Verifier, load_or_create_signer, load_signer
from adapters.audit.verification import report_out
from adapters.audit.verify import Report, exact, verify
from adapters.cli.options import add_metrics_port_option
from adapters.cli.progress import progress
from adapters.observability.metrics import served_metrics
from adapters.run.bootstrap import Journey, build
from adapters.run.pipeline import stop_on_signals
from adapters.run.signals import exit_on_stop_signals, run_until_stopped
from adapters.settings import ConfigError, Settings, redacted

Actions: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_actions(actions: Actions) -> None:
    keep = actions.add_parser("checkpoint", help="extend the hash chain and sign a checkpoint")
    keep.add_argument("--follow", action="store_true", help="keep following the store's log")
    add_metrics_port_option(keep)
    keep.set_defaults(run=cmd_checkpoint)
    check = actions.add_parser("verify", help="recompute the hash chain; check the checkpoints")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument(
        "--public-key",
        type=Path,
        action="append",
        help="PEM public key; repeat for keys rotated out (default: the local key)",
    )
    check.add_argument(
        "--require-stream",
        action="store_true",
        help="fail unless every checkpoint is on the NATS stream",
    )
    check.add_argument("--quiet", action="store_true", help="no progress bar on a terminal")
    check.set_defaults(run=cmd_verify)
    actions.add_parser("public-key", help="print the checkpoint public key (PEM)").set_defaults(
        run=cmd_public_key
    )


def with_nats(settings: Settings) -> Settings:
    """The settings; NATS from JOURNEY_NATS_URL or the embedded server `journey up` started."""
    marker = settings.data_dir / "nats.url"
    if not settings.nats_url and marker.exists():
        return replace(settings, nats_url=marker.read_text().strip())
    return settings


def checkpoint_stream(settings: Settings) -> CheckpointStream:
    return CheckpointStream(name=settings.checkpoint_stream, subject=settings.checkpoint_subject)


# ------------------------------------------------------------------ checkpoint


def cmd_checkpoint(args: argparse.Namespace, settings: Settings) -> int:
    if args.follow:  # journey up's chain keeper: stops on SIGINT/SIGTERM from the start
        exit_on_stop_signals()
    settings = with_nats(settings)
    keeper_settings = KeeperSettings(settings.checkpoint_every, settings.checkpoint_seconds)
    signer = load_or_create_signer(settings.chain_key)
    with opened(settings) as (journey, store):
        keeper = ChainKeeper(journey.app.recorder, store, signer, keeper_settings)
        publisher = (
            CheckpointPublisher(settings.nats_url, checkpoint_stream(settings), store)
            if settings.nats_url
            else None
        )
        if args.follow:
            with served_metrics("keeper", args.metrics_port):
                run_until_stopped(_follow(keeper, publisher))
            return 0
        return _checkpoint_once(keeper, publisher)


@contextmanager
def opened(settings: Settings) -> Iterator[tuple[Journey, ChainStore]]:
    """The store and the chain's tables, both closed again whatever happens."""
    with ExitStack() as stack:
        engine = store_engine(settings.database_url)
        stack.callback(engine.dispose)
        store = ChainStore(engine)
        journey = build(settings)
        stack.callback(journey.close)
        yield journey, store


async def _follow(keeper: ChainKeeper, publisher: CheckpointPublisher | None) -> None:
    await keeper.run(stop_on_signals(), publisher)


def _checkpoint_once(keeper: ChainKeeper, publisher: CheckpointPublisher | None) -> int:
    keeper.catch_up(checkpoint_now=True)
    state = keeper.state
    head = state.head.position if state else 0
    print(
        f"chained {keeper.chained} new events (chain head at position {head}); "
        f"{keeper.checkpoints} checkpoint(s) signed"
    )
    if publisher is None:
        print("no NATS configured: checkpoints wait in the database for the keeper to publish")
        return 0
    sent = asyncio.run(_publish(publisher))
    if publisher.last_error:
        print(f"checkpoints not published: {publisher.last_error}", file=sys.stderr)
    else:
        print(f"published {sent} checkpoint(s) to stream {publisher.stream.name}")
    return 0


async def _publish(publisher: CheckpointPublisher) -> int:
    try:
        return await publisher.publish_pending()
    finally:
        await publisher.close()


# ---------------------------------------------------------------------- verify


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    settings = with_nats(settings)
    verifiers = _verifiers(settings, args.public_key)
    with opened(settings) as (journey, store):
        published, stream_note = _published(settings)
        events = journey.app.recorder.max_notification_id() or 0
        with progress("verify the chain", events, quiet=args.quiet) as advance:
            report = verify(
                journey.app.recorder,
                store,
                verifiers,
                published,
                stream_checked=published is not None,
                progress=advance,
            )
    if stream_note:
        report.notes.append(stream_note)
    if args.require_stream:
        _require_stream(report)
    print(json.dumps(as_json(report), indent=2) if args.json else "\n".join(as_text(report)))
    return 0 if report.intact else 1


def _verifiers(settings: Settings, public_keys: list[Path] | None) -> list[Verifier]:
    if public_keys:
        return [Verifier.from_pem(path) for path in public_keys]
    path = settings.chain_key
    if not path.exists():
        msg = f"no public key: pass --public-key, or make {path} (JOURNEY_CHAIN_KEY) available"
        raise ConfigError(msg)
    return [load_signer(path).verifier]


def _published(settings: Settings) -> tuple[Published | None, str]:
    if not settings.nats_url:
        return None, "stream not checked: no NATS configured (JOURNEY_NATS_URL)"
    stream = checkpoint_stream(settings)
    try:
        published = asyncio.run(read_published(settings.nats_url, stream))
    except Exception as error:  # reported, and fatal with --require-stream
        where = redacted(settings.nats_url)
        return None, f"stream not checked: NATS at {where}: {type(error).__name__}: {error}"
    if published is None:
        return None, f"stream not checked: stream {stream.name} does not exist"
    return published, ""


def _require_stream(report: Report) -> None:
    if not report.stream_checked:
        report.problems.append(exact(0, "--require-stream: the checkpoint stream was not read"))
    for position in report.unpublished:
        report.problems.append(exact(position, "--require-stream: checkpoint not on the stream"))


def as_text(report: Report) -> list[str]:
    sources = "database and stream" if report.stream_checked else "database only"
    lines = [
        f"{report.events_checked:,} events checked in {report.seconds:.2f} s "
        f"({report.events_per_second:,.0f} events/s); "
        f"{report.checkpoints_checked} checkpoint signatures checked ({sources})"
    ]
    if report.unchained:
        lines.append(f"{report.unchained} newest events are not chained yet (keeper behind)")
    lines += [f"note: {note}" for note in report.notes]
    first = report.first_problem
    if first is None:
        lines.append("intact: the stored history matches its chain and its signed checkpoints")
        return lines
    where = (
        f"position {first.last}"
        if first.first == first.last
        else (f"positions {first.first}..{first.last}")
    )
    lines.append(f"first mismatch at {where}: {first.reason}")
    lines += [f"also: {p.describe()}" for p in sorted(report.problems) if p is not first]
    return lines


def as_json(report: Report) -> dict[str, object]:
    """The report as the API answers it (adapters/audit/verification.py)."""
    answer: dict[str, object] = msgspec.to_builtins(report_out(report))
    return answer


def cmd_public_key(_: argparse.Namespace, settings: Settings) -> int:
    verifier = load_or_create_signer(settings.chain_key).verifier
    print(verifier.pem(), end="")
    print(f"key id {verifier.key_id}", file=sys.stderr)
    return 0
