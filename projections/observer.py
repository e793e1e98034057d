"""What a projection worker tells whoever watches it (metrics, logs), without knowing who.

The worker calls its observer after each committed batch and each dead letter; the
process that runs it (adapters/run/pipeline.py) passes one that counts them for
Prometheus and logs each change with the ids of the request that caused it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from projections.model import Change


class WorkerObserver(Protocol):
    @property
    def address(self) -> str | None:
        """Where this worker's metrics are served, if anywhere (shown in its status)."""

    def committed(
        self,
        projection: str,
        changes: Sequence[Change],
        messages: int,
        position: int,
        seconds: float,
    ) -> None:
        """`messages` stream messages committed up to store `position`, `changes` applied."""

    def dead_lettered(self, projection: str) -> None:
        """A message could not be applied: the worker waits for an operator."""


class Unobserved:
    """The observer of a worker nobody watches (tests, rebuilds)."""

    address: str | None = None

    def committed(
        self,
        projection: str,
        changes: Sequence[Change],
        messages: int,
        position: int,
        seconds: float,
    ) -> None:
        pass

    def dead_lettered(self, projection: str) -> None:
        pass
