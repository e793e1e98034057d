"""The command bus: load, decide, save — for every command, the same way.

`execute(record_id, command, actor=...)` loads the record the command targets,
checks the caller's expected version (If-Match), lets the aggregate decide and
saves its events atomically. A concurrent writer makes the save conflict; the
whole load-decide-save then runs again on the fresh state (bounded), so no
update is lost and no refusal is based on stale state.

Commands that involve more than one record (open a case for a beneficiary, admit
to a facility, refer with the beneficiary's consent, ...) have workflows in
`services.workflows`, registered here by command type.

The domain is handed the clock's reading on Kosovo's clock (`domain.local_time`,
docs/time.md), so the days it derives (`at.date()`) are Kosovo's days whatever
offset the clock reads in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.local_time import local_time
from services.app import CommandResult, JourneyApp, check_version
from services.commands import Command, RecordCommand

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Context:
    """Who acts, when, and on which version they based their decision."""

    app: JourneyApp
    actor: str
    at: datetime
    expected_version: int | None = None


Workflow = Callable[[Context, Any, Any], CommandResult]


class CommandBus:
    def __init__(self, app: JourneyApp, clock: Clock, workflows: dict[type[Any], Workflow]) -> None:
        self.app = app
        self.clock = clock
        self.workflows = workflows

    def execute(
        self,
        record_id: UUID | None,
        command: Command,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        workflow = self.workflows.get(type(command))
        if workflow is not None:
            return self.app.retrying(
                lambda: workflow(
                    Context(self.app, actor, self.now(), expected_version), record_id, command
                )
            )
        if not isinstance(command, RecordCommand) or record_id is None:
            msg = f"{type(command).__name__} has no workflow and names no record"
            raise TypeError(msg)
        return self.app.retrying(lambda: self._decide(record_id, command, actor, expected_version))

    def _decide(
        self, record_id: UUID, command: RecordCommand, actor: str, expected_version: int | None
    ) -> CommandResult:
        record = self.app.load(command.target, record_id)
        check_version(record, expected_version)
        command.run(record, actor, self.now())
        return self.app.commit(record)

    def now(self) -> datetime:
        """The clock's reading on Kosovo's clock: what the domain decides with."""
        return local_time(self.clock())
