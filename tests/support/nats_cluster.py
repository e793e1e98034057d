"""A real JetStream cluster for tests: N nats-servers on loopback, one config file each.

Each node is an `EmbeddedNats` (its own store directory and log) started with a
config file naming the server and its `cluster { name, listen, routes }`; the
ports are chosen free before the first start and kept, so a node killed with
SIGKILL restarts on the same ports and store, as a crashed machine would.
`start` returns once JetStream has a meta leader (streams can be created);
`stop` ends every process, whatever state the test left them in.
"""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path
from types import TracebackType

import nats
from nats.errors import Error as NatsError

from adapters.stream.nats_server import EmbeddedNats, NatsServerError

CLUSTER_NAME = "journey-test"


def free_ports(count: int) -> list[int]:
    """Ports free right now (held open together so that they are distinct)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for held in sockets:
            held.bind(("127.0.0.1", 0))
        return [held.getsockname()[1] for held in sockets]
    finally:
        for held in sockets:
            held.close()


def node_config(name: str, cluster_port: int, route_ports: list[int]) -> str:
    routes = ", ".join(f"nats-route://127.0.0.1:{port}" for port in route_ports)
    return (
        f"server_name: {name}\n"
        f"cluster {{\n  name: {CLUSTER_NAME}\n  listen: 127.0.0.1:{cluster_port}\n"
        f"  routes: [{routes}]\n}}\n"
    )


class NatsCluster:
    """`with NatsCluster(tmp_path) as cluster: cluster.url` — three JetStream nodes."""

    def __init__(self, base_dir: Path, size: int = 3) -> None:
        ports = free_ports(2 * size)
        client_ports, cluster_ports = ports[:size], ports[size:]
        self.nodes: dict[str, EmbeddedNats] = {}
        for index in range(size):
            name = f"n{index + 1}"
            data_dir = base_dir / name
            data_dir.mkdir(parents=True, exist_ok=True)
            config = data_dir / "server.conf"
            config.write_text(node_config(name, cluster_ports[index], cluster_ports))
            self.nodes[name] = EmbeddedNats(
                data_dir, client_ports[index], extra_args=("-c", str(config))
            )

    @property
    def url(self) -> str:
        """Every node, comma-separated, as JOURNEY_NATS_URL takes it."""
        return ",".join(node.url for node in self.nodes.values())

    def start(self, timeout: float = 30.0) -> NatsCluster:
        try:
            for node in self.nodes.values():
                node.start()
            asyncio.run(self.wait_for_meta_leader(timeout))
        except BaseException:
            self.stop()
            raise
        return self

    async def wait_for_meta_leader(self, timeout: float) -> None:
        """Until every running node answers JetStream account info (a meta leader exists)."""
        deadline = time.monotonic() + timeout
        for name, node in self.nodes.items():
            if node.process is None or node.process.poll() is not None:
                continue
            while not await _jetstream_answers(node.url):
                if time.monotonic() > deadline:
                    msg = f"no JetStream meta leader seen from {name} within {timeout} s"
                    raise NatsServerError(msg)
                await asyncio.sleep(0.1)

    def kill(self, name: str) -> None:
        """SIGKILL one node (its store stays, as a crashed machine's disk would)."""
        self.nodes[name].kill()

    def restart(self, name: str) -> None:
        self.nodes[name].start()

    def stop(self) -> None:
        for node in self.nodes.values():
            node.kill()

    def __enter__(self) -> NatsCluster:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


async def _jetstream_answers(url: str) -> bool:
    try:
        client = await nats.connect(url, allow_reconnect=False, connect_timeout=1)
    except (NatsError, OSError, TimeoutError):
        return False
    try:
        await client.jetstream().account_info()
    except (NatsError, OSError, TimeoutError):
        return False
    finally:
        await client.close()
    return True
