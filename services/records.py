"""The repository records are loaded through: eventsourcing's, replaying events without
its per-event type check.

`eventsourcing.application.project_aggregate` asserts, for every event it applies,
`isinstance(event, CanMutateProtocol)`: an isinstance against a runtime-checkable
Protocol, which walks the protocol's attributes each time (~30 µs). Profiling the demo
(12 journeys, 1,868 events stored, 35,816 events replayed while deciding commands) put
a quarter of the whole run there. Every event of ours is an `Aggregate.Event`, which
mutates; `replay` applies them as the library does, without the check.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.application import Repository


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """The aggregate after `events` (None before the first), as project_aggregate."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class Records(Repository[UUID]):
    def get(
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: Any = replay,
        fastforward_skipping: bool = False,
        deepcopy_from_cache: bool = True,
    ) -> Any:
        return super().get(
            aggregate_id,
            version=version,
            projector_func=projector_func,
            fastforward_skipping=fastforward_skipping,
            deepcopy_from_cache=deepcopy_from_cache,
        )
