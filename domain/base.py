"""The base aggregate: every event says who did it (`actor`) and when (`timestamp`).

Both come in from the caller; the domain never reads a clock. Commands validate,
then call `_record(EventClass, actor, at, **fields)`; each event's `apply` mutates.

Order is the store's: an aggregate's version, and the log's position. Timestamps
are when the command was decided, by the deciding server's clock; two servers'
clocks may disagree by a few milliseconds, so a timestamp a little earlier than
the previous event's is accepted rather than refusing a valid command.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.errors import InvalidInput


def check_actor_and_time(actor: str, at: datetime) -> None:
    if not actor or not actor.strip():
        raise InvalidInput("actor", "must name the user who acts")
    if actor != actor.strip() or not actor.isprintable():
        raise InvalidInput("actor", "must not have surrounding spaces or control characters")
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput("at", f"{at.isoformat()} has no time zone")


class JourneyAggregate(Aggregate):
    """Base of the journey's aggregates."""

    class Event(Aggregate.Event):
        actor: str

    class Created(Event, Aggregate.Created):
        pass

    @property
    def label(self) -> str:
        """How error messages name this record, e.g. 'case PVPT-C-2026-0007'."""
        return f"{type(self).__name__.lower()} {self.id}"

    @classmethod
    def _start(
        cls, event_class: type[Aggregate.Created], actor: str, at: datetime, **fields: Any
    ) -> Any:
        check_actor_and_time(actor, at)
        return cls._create(event_class, actor=actor, timestamp=at, **fields)

    def _record(
        self, event_class: type[Aggregate.Event], actor: str, at: datetime, **fields: Any
    ) -> None:
        check_actor_and_time(actor, at)
        self.trigger_event(event_class, actor=actor, timestamp=at, **fields)
