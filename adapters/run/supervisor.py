"""`journey up`: everything for a single machine, supervised.

Starts an embedded nats-server (unless JOURNEY_NATS_URL names one), then the
relay, one worker per read model and the chain keeper (hash chain and signed
checkpoints, `journey audit checkpoint --follow`) as child processes; a child that dies is
restarted after a backoff. Ctrl-C (or SIGTERM) stops the children, then NATS.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from dataclasses import dataclass, field

from adapters.file_modes import write_private
from adapters.settings import Settings, child_environment
from adapters.stream.nats_server import EmbeddedNats

log = logging.getLogger("journey.up")


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start: float = 0.0
    backoff: float = field(default=0.5)


class Supervisor:
    def __init__(
        self, settings: Settings, env: dict[str, str], names: list[str], http_port: int | None
    ) -> None:
        self.settings = settings
        self.env = env
        cli = [sys.executable, "-m", "adapters.cli"]
        metrics = ["--metrics-port", "0"]  # each on a free port: `journey projections status`
        self.children = [Child("relay", [*cli, "relay", *metrics])]
        self.children += [Child(f"worker {n}", [*cli, "worker", n, *metrics]) for n in names]
        keeper = [*cli, "audit", "checkpoint", "--follow", *metrics]
        self.children.append(Child("chain keeper", keeper))
        if http_port is not None:
            self.children.append(Child("http", [*cli, "serve", "--port", str(http_port)]))

    def start_all(self) -> None:
        for child in self.children:
            self._start(child)

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.argv, env=self.env)  # noqa: S603
        log.info("started %s (pid %d)", child.name, child.process.pid)

    def watch(self) -> None:
        """Restart children that died (with a growing backoff); call in a loop."""
        for child in self.children:
            if child.process is None or child.process.poll() is None:
                continue
            if child.next_start == 0.0:
                log.warning(
                    "%s exited with %s; restarting in %.1f s",
                    child.name,
                    child.process.returncode,
                    child.backoff,
                )
                child.next_start = time.monotonic() + child.backoff
            elif time.monotonic() >= child.next_start:
                child.restarts += 1
                child.next_start = 0.0
                child.backoff = min(child.backoff * 2, 10.0)
                self._start(child)

    def stop_all(self, timeout: float = 10.0) -> None:
        """SIGTERM to every running child, which drains and exits 0; SIGKILL to one still
        running after `timeout`. A child that did not stop cleanly is logged and counted."""
        running = [(c.name, c.process) for c in self.children if c.process is not None]
        running = [(name, process) for name, process in running if process.poll() is None]
        for _, process in running:
            process.terminate()
        deadline = time.monotonic() + timeout
        unclean = sum(not _stopped(name, process, deadline) for name, process in running)
        log.info("stopped %d processes (%d not cleanly)", len(running), unclean)


def _stopped(name: str, process: subprocess.Popen[bytes], deadline: float) -> bool:
    """Whether the child exited by itself, with 0, before `deadline` (else it is killed)."""
    try:
        code = process.wait(max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        log.warning("%s (pid %d) did not stop in time; killing it", name, process.pid)
        process.kill()
        process.wait(5)
        return False
    if code != 0:
        log.warning("%s (pid %d) exited with %s when stopped", name, process.pid, code)
    return code == 0


def start_nats(settings: Settings, port: int) -> tuple[str, EmbeddedNats | None]:
    """The NATS URL to use: JOURNEY_NATS_URL, or an embedded server's."""
    if settings.nats_url:
        return settings.nats_url, None
    # stopped by `journey up` once the children are, not by a Ctrl-C to the terminal's group
    server = EmbeddedNats(settings.data_dir / "nats", port, own_group=True).start()
    write_private(settings.data_dir / "nats.url", server.url)
    log.info("embedded nats-server at %s (data in %s)", server.url, server.data_dir)
    return server.url, server


def child_env(settings: Settings, nats_url: str) -> dict[str, str]:
    """Every setting of the children, explicit in their environment (no --config file)."""
    return child_environment(
        settings, JOURNEY_READ_DATABASE_URL=settings.read_url, JOURNEY_NATS_URL=nats_url
    )
