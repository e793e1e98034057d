"""The base aggregate: every event says who did it (`actor`) and when (`timestamp`).

Both come in from the caller; the domain never reads a clock. Commands validate,
then call `_record(EventClass, actor, at, **fields)`; each event's `apply` mutates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.errors import InvalidInput


def check_actor_and_time(actor: str, at: datetime) -> None:
    if not actor or not actor.strip():
        raise InvalidInput("actor", "must name the user who acts")
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
        if at < self.modified_on:
            raise InvalidInput(
                "at",
                f"{at.isoformat()} is before the last change of {self.label} "
                f"({self.modified_on.isoformat()}); events must not go back in time",
            )
        self.trigger_event(event_class, actor=actor, timestamp=at, **fields)
