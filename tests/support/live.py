"""The API under a real uvicorn, on a free loopback port, in a thread of its own;
and raw sockets to talk to it the way a slow or hostile client would."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from litestar import Litestar

from adapters.http.server import ServerLimits, server_config


@dataclass
class LiveServer:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def connect(self) -> socket.socket:
        return socket.create_connection((self.host, self.port), timeout=10)


@contextmanager
def live_server(app: Litestar, limits: ServerLimits) -> Iterator[LiveServer]:
    """uvicorn with `journey serve`'s configuration (but `limits`), stopped afterwards."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(server_config(app, "127.0.0.1", port, limits))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            msg = "uvicorn did not start within 10 s"
            raise RuntimeError(msg)
        time.sleep(0.02)
    try:
        yield LiveServer("127.0.0.1", port)
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


def read_answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:  # closed with our unread bytes: what came before counts
        pass
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    """The status code of a raw HTTP/1.1 answer."""
    return int(answer.split(b" ", 2)[1])
