"""glibc's malloc arenas in a threaded process, capped (the API server's slow growth).

glibc gives a thread that allocates an arena of its own, up to eight per CPU core, and
an arena's free memory is rarely given back to the system while any block in it is
still in use. `journey serve` runs every synchronous handler in a pool of threads, so
each of them grew a heap of its own: under `python -m scripts.load` the server had 12
heaps for its 12 threads, and in five minutes of load glibc's heaps grew by 6-7 MB, about
4 MB of it free memory stranded in them, while the Python objects tracemalloc traced grew
by less than 1 MB (Litestar's bounded caches filling). With two arenas the threads share
their free memory and the growth stops (docs/soak.md has the figures and the commands).

`cap_arenas` does what `MALLOC_ARENA_MAX=2` in the environment does, from inside the
process. It must run before the threads start: arenas already made stay, and once a
ninth exists glibc has fixed its limit for good. An explicit `MALLOC_ARENA_MAX` wins.
Where libc is not glibc (musl, macOS) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

ARENA_MAX = 2
M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
ENV = "MALLOC_ARENA_MAX"


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def cap_arenas(limit: int = ARENA_MAX) -> bool:
    """At most `limit` malloc arenas for this process; True when glibc took it, False
    when `MALLOC_ARENA_MAX` is set (the operator's choice stands) or libc has no mallopt."""
    if os.environ.get(ENV):
        return False
    libc = _libc()
    mallopt = None if libc is None else getattr(libc, "mallopt", None)
    if mallopt is None:
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, limit))
