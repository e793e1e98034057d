"""A new data directory opened by several processes at once (`journey up`'s children):
one master key is made, and every process gets that one (adapters/privacy/master_key.py)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

from adapters.privacy.master_key import load, load_or_create

TOGETHER = 8


def test_processes_starting_together_share_one_master_key(tmp_path: Path) -> None:
    path = tmp_path / "data" / "master.key"
    barrier = Barrier(TOGETHER)

    def start(_: int) -> tuple[bytes, ...]:
        barrier.wait()
        return load_or_create(path).keys

    with ThreadPoolExecutor(TOGETHER) as pool:
        seen = set(pool.map(start, range(TOGETHER)))
    assert seen == {load(path).keys}
    assert sorted(p.name for p in path.parent.iterdir()) == ["master.key"]  # no leftovers
