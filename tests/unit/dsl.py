"""Given events -> when command -> then events (or a named error).

`given` rebuilds an aggregate from stored-style events exactly as the repository
does (replay through each event's `mutate`); `when` runs one command and returns
the new events; `then` compares event types and selected fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from eventsourcing.domain import Aggregate

A = TypeVar("A", bound=Aggregate)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(days: float = 0, hours: float = 0) -> datetime:
    """A moment relative to the fixed start of every scenario (no clock reads)."""
    return T0 + timedelta(days=days, hours=hours)


def history(start: Callable[[], A], *commands: Callable[[A], object]) -> list[Aggregate.Event]:
    """Events produced by running a creation command, then more commands."""
    aggregate = start()
    for command in commands:
        command(aggregate)
    return list(aggregate.collect_events())  # type: ignore[arg-type]


def given(kind: type[A], events: Sequence[Aggregate.Event]) -> A:
    aggregate: Any = None
    for event in events:
        aggregate = event.mutate(aggregate)
    assert isinstance(aggregate, kind)
    return aggregate


def when(aggregate: A, command: Callable[[A], object]) -> list[Aggregate.Event]:
    command(aggregate)
    return list(aggregate.collect_events())  # type: ignore[arg-type]


def then(events: Sequence[Aggregate.Event], *expected: tuple[type[Any], dict[str, Any]]) -> None:
    assert [type(e) for e in events] == [kind for kind, _ in expected]
    for event, (_, fields) in zip(events, expected, strict=True):
        for name, value in fields.items():
            assert getattr(event, name) == value, f"{type(event).__qualname__}.{name}"
