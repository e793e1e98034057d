"""What a projection worker consumes: deliveries from a source of stream messages, and
how a batch of them is read (in order, up to the first poison one, its last position).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from projections.model import Change


@dataclass(frozen=True)
class Delivery:
    """One message as consumed: the decoded change, why it could not be decoded, or
    (`skipped`) an event of a type the model does not read, with its store position."""

    stream_seq: int
    change: Change | None
    error: str | None = None  # DeadLetterReason.because(detail)
    event_type: str | None = None
    position: int = 0  # the store position (of the change, when there is one)

    @property
    def skipped(self) -> bool:
        """Not decoded because the model does not read its aggregate type: not poison."""
        return self.change is None and self.error is None and self.position > 0

    @property
    def poison(self) -> bool:
        return self.change is None and not self.skipped


class SourceUnavailable(Exception):
    """The message source (NATS) cannot be reached right now; the worker retries."""


class Source(Protocol):
    """Where changes come from (adapters.stream.consumer.NatsSource in production).

    `start` (re)starts delivery at stream sequence `from_seq`; given
    `aggregate_types`, messages of other aggregate types are delivered `skipped`.
    """

    async def start(self, from_seq: int, aggregate_types: frozenset[str] | None = None) -> None: ...

    async def fetch(self, max_messages: int, timeout: float) -> list[Delivery]: ...

    async def ack_through(self, delivery: Delivery) -> None: ...

    async def head(self) -> int: ...

    async def close(self) -> None: ...


def contiguous(deliveries: Sequence[Delivery], after: int) -> bool:
    expected = after + 1
    for delivery in deliveries:
        if delivery.stream_seq != expected:
            return False
        expected += 1
    return True


def until_poison(deliveries: Sequence[Delivery]) -> list[Delivery]:
    """The deliveries before the first poison one (skipped ones are not poison)."""
    decodable: list[Delivery] = []
    for delivery in deliveries:
        if delivery.poison:
            break
        decodable.append(delivery)
    return decodable


def last_position(deliveries: Sequence[Delivery], current: int) -> int:
    """The store position after `deliveries`: that of the last one that carries one."""
    for delivery in reversed(deliveries):
        position = delivery.change.position if delivery.change is not None else delivery.position
        if position:
            return position
    return current
