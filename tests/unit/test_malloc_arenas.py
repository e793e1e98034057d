"""The API server's malloc arenas are capped (adapters/run/malloc.py): threads that
allocate share ARENA_MAX heaps instead of one each, counted by glibc's malloc_info."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import textwrap
from typing import cast

import pytest

from adapters.cli import serve
from adapters.run import malloc
from adapters.settings import Settings

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's arenas only")

THREADS = 8
# A child process: optionally cap, start THREADS threads that each allocate through
# malloc and wait together, then count glibc's heaps (arenas) while they are all alive.
HEAPS = textwrap.dedent(
    f"""
    import ctypes, sys, tempfile, threading
    from adapters.run.malloc import cap_arenas
    if sys.argv[1] == "cap":
        assert cap_arenas()
    together, done = threading.Barrier({THREADS + 1}), threading.Barrier({THREADS + 1})
    def allocate():
        held = [bytearray(4096) for _ in range(64)]  # above Python's small-object size
        together.wait()
        done.wait()
        del held
    threads = [threading.Thread(target=allocate) for _ in range({THREADS})]
    for thread in threads:
        thread.start()
    together.wait()
    libc = ctypes.CDLL("libc.so.6")
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    with tempfile.NamedTemporaryFile(suffix=".xml") as out:
        stream = libc.fopen(out.name.encode(), b"w")
        libc.malloc_info(0, stream)
        libc.fclose(stream)
        heaps = open(out.name).read().count("<heap nr=")
    done.wait()
    for thread in threads:
        thread.join()
    print(heaps)
    """
)


def heaps(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != malloc.ENV}
    found = subprocess.run(
        [sys.executable, "-c", HEAPS, mode], env=env, capture_output=True, text=True, check=True
    )
    return int(found.stdout)


@glibc
def test_threads_share_at_most_arena_max_heaps_once_capped() -> None:
    assert heaps("uncapped") > malloc.ARENA_MAX  # the growth's mechanism: a heap per thread
    assert heaps("cap") <= malloc.ARENA_MAX


@glibc
def test_an_explicit_malloc_arena_max_is_left_to_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(malloc.ENV, "4")
    assert malloc.cap_arenas() is False


class Stopped(Exception):
    """Raised where `journey serve` would first open a store."""


def test_journey_serve_caps_the_arenas_before_it_opens_anything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def cap() -> bool:
        calls.append("cap")
        return True

    def ready_to_run(settings: object) -> None:
        calls.append("stores")
        raise Stopped

    monkeypatch.setattr(serve, "cap_arenas", cap)
    monkeypatch.setattr(serve, "ready_to_run", ready_to_run)
    monkeypatch.setattr(serve, "exit_on_stop_signals", lambda: None)
    with pytest.raises(Stopped):
        serve.cmd_serve(argparse.Namespace(host="127.0.0.1", port=0), cast(Settings, object()))
    assert calls == ["cap", "stores"]
