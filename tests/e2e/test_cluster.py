"""Past one machine: a real 3-node JetStream cluster and a stream with 3 replicas.

Commands go through the real command bus while the relay and every projection worker
run; a follower node is SIGKILLed and restarted, then the stream's leader (found with
the JetStream API). Afterwards the stream holds store positions 1..N exactly once and
every read model equals a from-scratch rebuild.

SQLite only: the subject here is NATS (replication, leader election, clients moving
between nodes); the store and read models behave the same on PostgreSQL, where
tests/e2e/test_faults.py already kills NATS and every process during a load.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import Engine

from adapters.run.bootstrap import Journey, build
from adapters.run.clock import ScriptedClock
from adapters.run.demo import Demo
from adapters.store.read_database import read_engine
from adapters.stream.jetstream import StreamSettings, connect, stream_leader
from adapters.stream.relay import Relay, RelaySettings
from projections.registry import read_models
from services.commands import Command
from tests.support.nats_cluster import NatsCluster
from tests.support.pipeline import (
    Pipeline,
    assert_equal_to_rebuild,
    fresh_stream,
    stream_positions,
    wait_until,
)

# Publishes in flight to a leader that dies are never acknowledged: the relay waits
# for them this long before it reconnects and re-reads the stream's end (10 s by
# default, so ~11 s of pause measured with it; see docs/deployment.md).
RELAY_SETTINGS = RelaySettings(max_backoff_seconds=0.5, ack_timeout_seconds=2.0)

# Long enough for the survivors to elect a new leader, so that the pause measured
# is the election's, not the old leader's restart.
LEADER_DOWN_SECONDS = 6.0


class PacedDemo(Demo):
    """The demo at a staff-like pace, so that the nodes die while it writes."""

    def do(self, record_id: UUID | None, command: Command, actor: str) -> UUID:
        time.sleep(0.003)
        return super().do(record_id, command, actor)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[NatsCluster]:
    with NatsCluster(tmp_path / "nats") as started:
        yield started


@pytest.fixture
def journey(sqlite_url: str, clock: ScriptedClock) -> Iterator[Journey]:
    system = build(sqlite_url, clock)
    yield system
    system.close()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = read_engine(f"sqlite:///{tmp_path / 'read.db'}")
    yield engine
    engine.dispose()


@dataclass
class StreamWatch:
    """The stream's last sequence, sampled every 50 ms through any live node."""

    url: str
    stream: StreamSettings
    samples: list[tuple[float, int]] = field(default_factory=list)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(Exception):  # a node down, an election: no sample
                last_seq = await self._last_seq()
                self.samples.append((time.monotonic(), last_seq))  # when the answer came
            await asyncio.sleep(0.05)

    async def _last_seq(self) -> int:
        client = await connect(self.url, "test-watch", reconnect=False)
        try:
            info = await client.jetstream().stream_info(self.stream.name)
            return int(info.state.last_seq)
        finally:
            await client.close()

    def stall_around(self, moment: float) -> float:
        """Seconds between the stream's last growth before `moment` and its first after:
        how long publishing stopped (to within the 50 ms sampling)."""
        growths, last = [], -1
        for at, seq in self.samples:
            if seq > last:
                growths.append(at)
                last = seq
        before = [at for at in growths if at <= moment]
        after = [at for at in growths if at > moment]
        assert before, "the stream had not grown before the failure"
        assert after, "the stream never grew after the failure"
        return after[0] - before[-1]


async def _leader(cluster: NatsCluster, stream: StreamSettings, other_than: str = "") -> str:
    """The stream's leader, as the JetStream API names it (retried through an election)."""
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(Exception):
            client = await connect(cluster.url, "test-leader", reconnect=False)
            try:
                leader = await stream_leader(client.jetstream(), stream)
            finally:
                await client.close()
            if leader in cluster.nodes and leader != other_than:
                return leader
        if time.monotonic() > deadline:
            msg = f"stream {stream.name} has no leader"
            raise AssertionError(msg)
        await asyncio.sleep(0.1)


async def _healed(cluster: NatsCluster, stream: StreamSettings) -> None:
    """Until the stream has a leader and both other replicas are online and current:
    one failure at a time is what 3 replicas are for (two at once lose the quorum)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            client = await connect(cluster.url, "test-healed", reconnect=False)
            try:
                info = (await client.jetstream().stream_info(stream.name)).cluster
            finally:
                await client.close()
            replicas = (info.replicas or []) if info is not None else []
            healthy = [r for r in replicas if r.current and not r.offline]
            if info is not None and info.leader and len(healthy) == len(cluster.nodes) - 1:
                return
        await asyncio.sleep(0.2)
    msg = f"stream {stream.name} did not heal within 30 s"
    raise AssertionError(msg)


@pytest.mark.slow
def test_a_3_node_cluster_loses_a_follower_then_the_leader_without_losing_an_event(
    journey: Journey, clock: ScriptedClock, engine: Engine, cluster: NatsCluster
) -> None:
    stream = dataclasses.replace(fresh_stream(), replicas=3)
    pipeline = Pipeline(journey, engine, cluster.url, stream)
    watch = StreamWatch(cluster.url, stream)

    async def scenario() -> None:
        relay = Relay(journey.app.recorder, cluster.url, stream, RELAY_SETTINGS)
        pipeline.tasks["relay"] = asyncio.create_task(relay.run(pipeline.stop))
        for name in read_models():
            pipeline.start_worker(name)
        watching = asyncio.create_task(watch.run(pipeline.stop))
        loader = threading.Thread(target=PacedDemo(journey, clock, seed=21).run, args=(120,))
        loader.start()
        await wait_until(lambda: bool(watch.samples and watch.samples[-1][1] > 200), 30, "events")
        first_leader = await _leader(cluster, stream)
        follower = next(name for name in cluster.nodes if name != first_leader)
        follower_killed_at = time.monotonic()
        cluster.kill(follower)
        await asyncio.sleep(1.5)
        cluster.restart(follower)
        await _healed(cluster, stream)
        leader = await _leader(cluster, stream)
        killed_at = time.monotonic()
        cluster.kill(leader)
        successor = await _leader(cluster, stream, other_than=leader)
        elected_in = time.monotonic() - killed_at
        await asyncio.sleep(max(0.0, LEADER_DOWN_SECONDS - elected_in))
        cluster.restart(leader)
        during = journey.app.recorder.max_notification_id() or 0
        await asyncio.to_thread(loader.join)
        head = journey.app.recorder.max_notification_id() or 0
        assert during < head, "the load went on after the leader was killed"
        await pipeline.caught_up(timeout=60)
        assert await stream_positions(cluster.url, stream) == list(range(1, head + 1))
        await pipeline.close()
        await watching
        follower_stall = watch.stall_around(follower_killed_at)
        leader_stall = watch.stall_around(killed_at)
        print(  # figures for docs/deployment.md, not timed assertions
            f"\n{head} events; the stream stalled {follower_stall:.2f} s when follower "
            f"{follower} died, {leader_stall:.2f} s when leader {leader} died; "
            f"{successor} seen leading after {elected_in:.2f} s"
        )

    asyncio.run(scenario())
    assert_equal_to_rebuild(journey, engine)
