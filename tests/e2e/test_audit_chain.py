"""The chain keeper following the log with checkpoints published to JetStream, and
`journey audit checkpoint | verify | public-key` as an operator runs them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.audit.chain_tables import ChainStore, store_engine
from adapters.audit.checkpoint_stream import (
    CheckpointPublisher,
    CheckpointStream,
    Published,
    read_published,
)
from adapters.audit.keeper import ChainKeeper, KeeperSettings
from adapters.audit.signing_key import Signer, load_signer
from adapters.audit.verify import Report, verify
from adapters.cli import main as cli
from adapters.run.bootstrap import Journey
from tests.support.factories import register
from tests.support.tamper import raw_store


def fresh_checkpoint_stream() -> CheckpointStream:
    tag = uuid.uuid4().hex[:10]
    return CheckpointStream(name=f"TC_{tag}", subject=f"test.checkpoints.{tag}")


@pytest.fixture
def store(database_url: str) -> Iterator[ChainStore]:
    chain_store = ChainStore(store_engine(database_url))
    yield chain_store
    chain_store.engine.dispose()


def follow_until(
    keeper: ChainKeeper, publisher: CheckpointPublisher, published: int, timeout: float = 30
) -> None:
    """Run the keeper's loop until the stream holds `published` checkpoints."""

    async def scenario() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(keeper.run(stop, publisher))
        deadline = time.monotonic() + timeout
        while (publisher.published or (0, 0))[0] < published:
            assert time.monotonic() < deadline, f"stream has {publisher.published}"
            assert not task.done(), task
            await asyncio.sleep(0.05)
        stop.set()
        await task

    asyncio.run(scenario())


async def publish_once(publisher: CheckpointPublisher) -> int:
    try:
        return await publisher.publish_pending()
    finally:
        await publisher.close()


def verified(
    journey: Journey, store: ChainStore, signer: Signer, nats_url: str, stream: CheckpointStream
) -> Report:
    published = asyncio.run(read_published(nats_url, stream))
    assert published is not None
    return verify(journey.app.recorder, store, signer.verifier, published, stream_checked=True)


def test_the_keeper_publishes_its_checkpoints_to_their_own_stream(
    journey: Journey, store: ChainStore, nats_url: str, database_url: str
) -> None:
    for n in range(25):
        register(journey, given_name=f"Name{n}")
    head = journey.app.recorder.max_notification_id() or 0
    signer = Signer(Ed25519PrivateKey.generate())
    stream = fresh_checkpoint_stream()
    settings = KeeperSettings(every=20, seconds=0.2, poll_seconds=0.02)
    keeper = ChainKeeper(journey.app.recorder, store, signer, settings)
    expected = -(-head // 20)  # every 20 events, and the rest after 0.2 s
    follow_until(keeper, CheckpointPublisher(nats_url, stream, store), expected)

    published = asyncio.run(read_published(nats_url, stream))
    assert published == Published(store.checkpoints(), [])
    assert [c.position for c in published.checkpoints][-1] == head
    report = verified(journey, store, signer, nats_url, stream)
    assert report.intact, report.problems
    assert report.checkpoints_checked == 2 * expected

    with raw_store(database_url) as raw:  # an intruder who holds the signing key too
        raw.flip_byte(head - 3)
        raw.rewrite_chain()
        raw.resign_checkpoints(signer)
    offline = verify(journey.app.recorder, store, signer.verifier, None, stream_checked=False)
    assert offline.intact, "the database alone is consistent again"
    report = verified(journey, store, signer, nats_url, stream)
    assert report.first_problem is not None
    assert report.first_problem.last == head
    reasons = " ".join(p.reason for p in report.problems)
    assert "differs between the database and the stream" in reasons
    assert f"history altered after position {20 * (expected - 1)}" in reasons


def test_a_checkpoint_missing_from_the_stream_or_the_database_is_reported(
    journey: Journey, store: ChainStore, nats_url: str, database_url: str
) -> None:
    for n in range(12):
        register(journey, given_name=f"Name{n}")
    signer = Signer(Ed25519PrivateKey.generate())
    stream = fresh_checkpoint_stream()
    keeper = ChainKeeper(journey.app.recorder, store, signer, KeeperSettings(every=10))
    keeper.catch_up()
    sent = asyncio.run(publish_once(CheckpointPublisher(nats_url, stream, store)))
    assert sent >= 2

    with raw_store(database_url) as raw:
        raw.run("DELETE FROM journey_checkpoints WHERE position = ?", 10)
    report = verified(journey, store, signer, nats_url, stream)
    assert [p.describe() for p in report.problems] == [
        "position 10: checkpoint on the stream, not in the database"
    ]

    register(journey, given_name="Later")
    keeper.catch_up(checkpoint_now=True)  # signed, not published yet
    report = verified(journey, store, signer, nats_url, stream)
    assert report.unpublished == [journey.app.recorder.max_notification_id()]


# ------------------------------------------------------------------ the CLI


@pytest.fixture
def operator_env(
    journey: Journey, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Journey:
    """The environment `journey` reads: this test's store, a data dir, no NATS."""
    monkeypatch.setenv("JOURNEY_DATABASE_URL", database_url)
    monkeypatch.setenv("JOURNEY_DATA_DIR", str(tmp_path / "data"))
    for name in ("JOURNEY_NATS_URL", "JOURNEY_CHAIN_KEY", "JOURNEY_CHECKPOINT_EVERY"):
        monkeypatch.delenv(name, raising=False)
    return journey


def test_the_operator_commands_detect_a_changed_event(
    operator_env: Journey,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for n in range(10):
        register(operator_env, given_name=f"Name{n}")
    assert cli.main(["audit", "checkpoint"]) == 0
    key_file = tmp_path / "data" / "keys" / "chain-signing-key.pem"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert cli.main(["audit", "public-key"]) == 0
    public = tmp_path / "auditor.pem"
    public.write_text(capsys.readouterr().out)

    assert cli.main(["audit", "verify", "--public-key", str(public)]) == 0
    assert "intact" in capsys.readouterr().out

    with raw_store(database_url) as raw:
        raw.flip_byte(7)
    assert cli.main(["audit", "verify", "--public-key", str(public)]) == 1
    out = capsys.readouterr().out
    assert "first mismatch at position 7: the stored event differs" in out

    stranger = Signer(Ed25519PrivateKey.generate())
    public.write_text(stranger.verifier.pem())
    assert cli.main(["audit", "verify", "--json", "--public-key", str(public)]) == 1
    assert f"not by the expected '{stranger.verifier.key_id}'" in capsys.readouterr().out
    current = tmp_path / "current.pem"
    current.write_text(load_signer(key_file).verifier.pem())
    both = ["--public-key", str(public), "--public-key", str(current)]
    assert cli.main(["audit", "verify", *both]) == 1, "the byte at 7 is still changed"
    assert "first mismatch at position 7" in capsys.readouterr().out


def test_verify_without_any_public_key_is_refused(
    operator_env: Journey, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["audit", "verify"]) == 2
    assert "no public key" in capsys.readouterr().err


def test_a_bad_checkpoint_interval_is_refused(
    operator_env: Journey, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JOURNEY_CHECKPOINT_EVERY", "often")
    assert cli.main(["audit", "checkpoint"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "journey: JOURNEY_CHECKPOINT_EVERY: 'often' from the environment is not allowed; "
        "allowed: a whole number of at least 1"
    ]


def test_the_keeper_process_and_verify_with_the_stream(
    operator_env: Journey,
    nats_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`journey audit checkpoint --follow` as `journey up` runs it, then an auditor's
    `journey audit verify --require-stream`."""
    for n in range(15):
        register(operator_env, given_name=f"Name{n}")
    stream = fresh_checkpoint_stream()
    monkeypatch.setenv("JOURNEY_NATS_URL", nats_url)
    monkeypatch.setenv("JOURNEY_CHECKPOINT_STREAM", stream.name)
    monkeypatch.setenv("JOURNEY_CHECKPOINT_SUBJECT", stream.subject)
    monkeypatch.setenv("JOURNEY_CHECKPOINT_EVERY", "10")
    monkeypatch.setenv("JOURNEY_CHECKPOINT_SECONDS", "0.2")
    head = operator_env.app.recorder.max_notification_id() or 0
    keeper = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "audit", "checkpoint", "--follow"],
        env=dict(os.environ),
    )
    try:
        deadline = time.monotonic() + 60
        while not _published_up_to(nats_url, stream, head):
            assert keeper.poll() is None, "the keeper exited"
            assert time.monotonic() < deadline, "no checkpoint at the head on the stream"
            time.sleep(0.2)
    finally:
        keeper.send_signal(signal.SIGTERM)
        assert keeper.wait(30) == 0

    assert cli.main(["audit", "verify", "--require-stream"]) == 0
    out = capsys.readouterr().out
    assert "(database and stream)" in out
    assert "intact" in out


def _published_up_to(nats_url: str, stream: CheckpointStream, position: int) -> bool:
    published = asyncio.run(read_published(nats_url, stream))
    return published is not None and any(c.position == position for c in published.checkpoints)
